-- Each indicator per chosen phase ($phases, all when null) for the chosen districts taken
-- together (district values summed, or averaged for mean indicators), with the change since
-- the previous chosen phase with a value.
select * exclude (district_code, district_name)
from indicator_phases($districts::varchar[], false, $phases::varchar[])
order by indicator_id, phase_order
