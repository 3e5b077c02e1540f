-- Each district's indicator values per chosen phase, with the change since the previous chosen
-- phase with a value; one indicator when $indicator is set.
select *
from indicator_phases($districts::varchar[], true, $phases::varchar[])
where $indicator::varchar is null or indicator_id = $indicator::varchar
order by district_code, indicator_id, phase_order
