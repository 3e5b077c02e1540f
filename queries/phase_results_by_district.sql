-- phase_results for each chosen district: a district without data in a phase has nulls there.
select *
from district_phase_results
where $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
order by district_code, phase_order
