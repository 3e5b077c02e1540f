-- Share of communes meeting each criterion, per district, at each chosen phase's result year,
-- with the change since the previous chosen phase the district has data in: with $phases
-- [a, b], the rows of b carry the change from a to b. Optional: $districts, criteria $group.
select *
from criterion_shares($districts::varchar[], true, $phases::varchar[], $group::integer)
order by phase_order, district_code, group_id, criterion_id
