-- The standard_by_year measures for each district and year.
with scoped as (
    select *
    from commune_year
    where $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
)

select
    s.year,
    s.district_code,
    d.district_name,
    count(*) as communes,
    count(*) filter (where s.meets_standard) as meeting,
    count(*) filter (where s.meets_standard) / count(*) as share_meeting,
    avg(s.criteria_met) as avg_criteria,
    count(*) filter (where s.criteria_met < 10) as under_10
from scoped s
join districts d on d.district_code = s.district_code
group by s.year, s.district_code, d.district_name
order by s.district_code, s.year
