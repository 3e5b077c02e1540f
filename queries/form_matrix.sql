-- The office's summary form of $year: every commune of the year with its status on each
-- criterion, in district order (district code, then commune code), for `ntm export-form`.
with status_of_year as (
    select s.commune_code, s.criterion_id, s.met,
        coalesce(s.status, case when s.met then 'dat' else 'chua_dat' end) as status
    from criteria_status s
    where s.year = $year
)

select
    d.district_code,
    d.district_name,
    c.commune_code,
    c.commune_name,
    y.criteria_met,
    s.criterion_id,
    s.status
from status_of_year s
join units c on c.commune_code = s.commune_code and $year between c.from_year and c.to_year and c.home
left join districts d on d.district_code = c.district_code
join commune_year y on y.commune_code = s.commune_code and y.year = $year
semi join set_criteria k on k.set_id = y.set_id and k.criterion_id = s.criterion_id
where ($districts::varchar[] is null or len($districts::varchar[]) = 0 or list_contains($districts::varchar[], d.district_code))
order by d.district_code nulls last, c.commune_code, s.criterion_id
