-- The areas published figures can be shown for: the country, the provinces and every district,
-- plus any commune that has figures; how many figures each has and the date of its latest.
-- $province / $province_name: the dashboard's province.
with figures as (
    select area_code, count(*) as figures, max(as_of_date) as latest
    from published_dated
    group by area_code
)

select
    a.area_code,
    a.area_name,
    a.level,
    a.depth,
    a.parent_code,
    coalesce(f.figures, 0) as figures,
    f.latest
from area_hierarchy($province::varchar, $province_name::varchar) a
left join figures f on f.area_code = a.area_code
where a.depth <= 2 or f.figures > 0
order by a.depth, a.area_code <> $province::varchar, a.area_code
