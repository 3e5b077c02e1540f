-- Per district and chosen phase: indicator $indicator per commune (communes present at the
-- result year) beside the gain within the phase in the share of communes meeting the standard.
select
    r.district_code,
    r.district_name,
    r.phase_id,
    r.phase_order,
    r.communes,
    r.gain_share,
    r.gain_meeting,
    v.value as indicator_value,
    share_of(v.value, r.communes) as indicator_per_commune
from phase_measures($districts::varchar[], true, $phases::varchar[]) r
left join indicator_district_phase v
    on v.district_code = r.district_code and v.phase_id = r.phase_id and v.indicator_id = $indicator
order by r.phase_order, r.district_code
