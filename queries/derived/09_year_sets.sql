-- The criteria set in force in every year with criteria data (set_in_force).
select year, set_in_force(year) as set_id
from (select distinct year from criteria_status)
