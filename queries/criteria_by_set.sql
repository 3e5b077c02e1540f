-- The criteria a form of $year lists, in order, with their groups: the set in force that year.
select k.criterion_id, k.name_vi, k.name_en, k.group_id, k.group_vi, k.group_en, k.set_id
from set_criteria k
where k.set_id = set_in_force($year::integer)
order by k.criterion_id
