-- The phases in order, with the years their results are read at and the criteria set in force.
select phase_id, name_vi, name_en, start_year, end_year, phase_order, result_year, base_year, criteria_set
from phase_years
order by phase_order
