-- Today's units (those bearing data in the latest year with data) and the old units each was made
-- of (unit_changes, the old unit's code and name as the change gives them): wholly (full) or in
-- part (partial: a split old unit — so is an old unit listed under two new ones, whatever its
-- rows say, as the 2025 crosswalk lists old units split in 2024). A unit that never changed is
-- its own part.
with latest as (
    select max(year) as year from commune_year
),

today as (
    select u.*
    from units u
    join latest l on l.year between u.from_year and u.to_year
    semi join commune_year y on y.commune_code = u.commune_code and y.year = l.year
)

select t.commune_code, t.commune_name, t.district_code, t.from_year,
    c.old_commune_code as part_code, c.old_name as part_name,
    case when c.ways > 1 then 'partial' else coalesce(c.mapping, 'full') end as mapping
from today t
join (
    select *, count(distinct new_commune_code) over (partition by old_commune_code) as ways
    from unit_changes
    where new_commune_code is not null
) c on c.new_commune_code = t.commune_code
union all
select t.commune_code, t.commune_name, t.district_code, t.from_year, t.commune_code, t.commune_name, 'full'
from today t
where not exists (select 1 from unit_changes c where c.new_commune_code = t.commune_code)
