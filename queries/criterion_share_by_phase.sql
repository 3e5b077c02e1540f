-- Share of communes meeting each criterion at each chosen phase's result year for the chosen
-- districts taken together, with the change since the previous chosen phase; criteria of
-- $group only when it is set. hardness: 1 for the criterion met by the fewest communes in a phase,
-- ties broken by criterion number, so titles and charts name the same criteria in the same order.
select * exclude (district_code, district_name),
    row_number() over (partition by phase_id order by share nulls last, criterion_id) as hardness
from criterion_shares($districts::varchar[], false, $phases::varchar[], $group::integer)
order by phase_order, group_id, criterion_id
