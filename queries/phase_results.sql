-- Each chosen phase's result ($phases, all when null) for the chosen districts taken together
-- ($districts, the whole province when null): the measures at its result year, the gain within
-- the phase (result year minus base year) and the change since the previous chosen phase
-- with data (see derived/25_phase_measures.sql).
select * exclude (district_code, district_name)
from phase_measures($districts::varchar[], false, $phases::varchar[])
order by phase_order
