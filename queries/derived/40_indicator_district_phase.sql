-- Each district's indicator value over each phase, combined over the phase's years as the
-- indicator says (over_phase).
select
    p.phase_id,
    d.district_code,
    d.indicator_id,
    d.aggregation,
    over_phase(d.aggregation, d.value, d.year) as value,
    max(d.year) as last_year
from indicator_district_year d
join phase_years p on d.year between p.start_year and p.end_year
group by p.phase_id, d.district_code, d.indicator_id, d.aggregation
