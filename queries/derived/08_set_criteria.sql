-- The criteria of every set ('' for criteria with no set named), each with its number's name in
-- the set before (the set of the phase before, by start year) and whether it changed there: a
-- new name or a change the criteria table states. Comparisons across sets read `changed`.
with sets as (
    select coalesce(criteria_set, '') as set_id, min(start_year) as first_year
    from phases
    group by all
),

ordered as (
    select set_id, lag(set_id) over (order by first_year, set_id) as previous_set
    from sets
),

own as (
    select coalesce(set_id, '') as set_id, * exclude (set_id)
    from criteria
)

select
    c.set_id,
    c.criterion_id,
    c.name_vi,
    c.name_en,
    c.group_id,
    c.group_vi,
    c.group_en,
    c.change_vi,
    c.change_en,
    o.previous_set,
    b.name_vi as previous_name_vi,
    b.name_en as previous_name_en,
    o.previous_set is not null and (
        b.criterion_id is null or b.name_vi is distinct from c.name_vi or c.change_vi is not null
    ) as changed
from own c
left join ordered o on o.set_id = c.set_id
left join own b on b.set_id = o.previous_set and b.criterion_id = c.criterion_id
