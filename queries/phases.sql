-- The phases in order, with the years their results are read at.
select phase_id, name_vi, name_en, start_year, end_year, phase_order, result_year, base_year
from phase_years
order by phase_order
