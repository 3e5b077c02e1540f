-- The indicators with their names, units, how they aggregate and the role they play (if any).
select indicator_id, name_vi, name_en, unit, level, aggregation, higher_is_better, coalesce(role, '') as role
from indicators
order by indicator_id
