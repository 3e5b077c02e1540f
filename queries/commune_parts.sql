-- The old units the unit bearing code $commune in $year was made of (today_parts; none when it
-- never changed), each with its criteria met and standard in its last year with data, and its
-- recognition level then (1 đạt chuẩn, 2 nâng cao, 3 kiểu mẫu). mapping 'partial': a split old
-- unit, only part of which went into this one.
with unit as (
    select u.commune_code, u.from_year
    from units u
    where u.commune_code = $commune
        and coalesce($year::integer, (select max(year) from commune_year where commune_code = $commune))
            between u.from_year and u.to_year
),

parts as (
    select p.part_code, p.part_name, p.mapping, u.from_year
    from today_parts p
    join unit u on u.commune_code = p.commune_code and u.from_year = p.from_year
    where not (p.part_code = p.commune_code and p.part_name = p.commune_name and p.mapping = 'full'
               and not exists (select 1 from unit_changes c where c.new_commune_code = p.commune_code))
),

last_years as (
    select p.part_code, max(y.year) as year
    from parts p
    join commune_year y on y.commune_code = p.part_code and y.year < p.from_year
    group by p.part_code
)

select
    p.part_code, p.part_name, p.mapping, l.year, y.criteria_met, y.criteria_total, y.meets_standard, v.level_rank
from parts p
left join last_years l on l.part_code = p.part_code
left join commune_year y on y.commune_code = p.part_code and y.year = l.year
left join commune_level v on v.commune_code = p.part_code and v.year = l.year
order by p.mapping, p.part_name
