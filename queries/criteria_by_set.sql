-- The criteria a form lists, in order, with their groups.
select criterion_id, name_vi, name_en, group_id, group_vi, group_en
from criteria
order by criterion_id
