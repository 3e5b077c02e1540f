-- The criteria groups in order (a group's names as the first set listing it gives them).
select distinct on (group_id) group_id, group_vi, group_en
from set_criteria
order by group_id, set_id
