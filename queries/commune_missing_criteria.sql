-- The criteria a commune does not meet in $year (its latest year with data when $year is null).
with latest as (
    select coalesce($year::integer, max(year)) as year
    from criteria_status
    where commune_code = $commune
)

select k.criterion_id, k.name_vi, k.name_en, k.group_id, k.group_vi, k.group_en, l.year
from criteria_status s
join latest l on l.year = s.year
join year_sets y on y.year = s.year
join set_criteria k on k.set_id = y.set_id and k.criterion_id = s.criterion_id
where s.commune_code = $commune and not s.met
order by k.criterion_id
