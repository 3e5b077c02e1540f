-- Per district and phase: indicator $indicator per commune (communes present at the result
-- year) beside the gain within the phase in the share of communes meeting the standard.
select
    r.district_code,
    r.district_name,
    r.phase_id,
    r.phase_order,
    r.communes,
    r.gain_share,
    r.gain_meeting,
    v.value as indicator_value,
    v.value / nullif(r.communes, 0) as indicator_per_commune
from district_phase_results r
left join indicator_district_phase v
    on v.district_code = r.district_code and v.phase_id = r.phase_id and v.indicator_id = $indicator
where $districts::varchar[] is null or list_contains($districts::varchar[], r.district_code)
order by r.phase_order, r.district_code
