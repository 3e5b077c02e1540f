-- Communes meeting the standard, their share, average criteria met and communes under
-- 10 criteria, per year, for the chosen districts (all when $districts is null).
with scoped as (
    select *
    from commune_year
    where $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
)

select
    year,
    count(*) as communes,
    count(*) filter (where meets_standard) as meeting,
    count(*) filter (where meets_standard) / count(*) as share_meeting,
    avg(criteria_met) as avg_criteria,
    count(*) filter (where criteria_met < 10) as under_10
from scoped
group by year
order by year
