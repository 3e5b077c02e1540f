-- One measure ($measure: 'share_meeting', 'meeting', 'avg_criteria', 'under_10' or
-- 'ind:<indicator_id>') per chosen phase for the chosen districts taken together (the whole
-- province when $districts is null): the reference lines of the districts' comparison.
select phase_id, phase_order, start_year, end_year, result_year, value
from measure_values($measure::varchar, $districts::varchar[], false, $phases::varchar[])
order by phase_order
