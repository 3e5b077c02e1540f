-- The criteria that changed (name or content) from the set before, among the sets of the chosen
-- phases ($phases, all when null) after the first one: a comparison across them has no change
-- for these, and the pages say so. Whole new sets (every criterion changed) come as one row of
-- criterion_id null.
with chosen as (
    select distinct criteria_set, min(phase_order) over (partition by criteria_set) as first_order
    from phases_chosen($phases::varchar[])
),

later as (
    select criteria_set from chosen where first_order > (select min(first_order) from chosen)
),

changed as (
    select k.*, count(*) filter (where not k.changed) over (partition by k.set_id) as unchanged
    from set_criteria k
    join later l on l.criteria_set = k.set_id
    where k.previous_set is not null
)

select distinct
    c.set_id, s.name_vi as set_name_vi, s.name_en as set_name_en,
    case when c.unchanged > 0 then c.criterion_id end as criterion_id,
    case when c.unchanged > 0 then c.previous_name_vi end as previous_name_vi,
    case when c.unchanged > 0 then c.previous_name_en end as previous_name_en,
    case when c.unchanged > 0 then c.name_vi end as name_vi,
    case when c.unchanged > 0 then c.name_en end as name_en,
    case when c.unchanged > 0 then c.change_vi end as change_vi,
    case when c.unchanged > 0 then c.change_en end as change_en
from changed c
left join criteria_sets s on s.set_id = c.set_id
where c.changed
order by c.set_id, criterion_id
