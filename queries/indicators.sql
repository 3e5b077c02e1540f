-- The indicators with their names, units and how they aggregate.
select indicator_id, name_vi, name_en, unit, level, aggregation, higher_is_better
from indicators
order by indicator_id
