-- phase_results for each chosen district: a district without data in a phase has nulls there,
-- and its change skips to the previous chosen phase it has data in.
select *
from phase_measures($districts::varchar[], true, $phases::varchar[])
order by district_code, phase_order
