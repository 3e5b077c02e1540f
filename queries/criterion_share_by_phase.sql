-- Share of communes meeting each criterion at each chosen phase's result year for the chosen
-- districts taken together, with the change since the previous chosen phase; criteria of
-- $group only when it is set.
select * exclude (district_code, district_name)
from criterion_shares($districts::varchar[], false, $phases::varchar[], $group::integer)
order by phase_order, group_id, criterion_id
