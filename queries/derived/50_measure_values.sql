-- One measure per chosen phase and area, whatever it is: a commune measure of phase_measures
-- ('share_meeting', 'meeting', 'avg_criteria', 'under_10', the levels 'advanced' and 'model') or
-- an indicator ('ind:<indicator_id>').
-- higher_is_better says which way ranks go.
create macro measure_values(in_measure, in_districts, by_district, in_phases) as table
select
    district_code, district_name, phase_id, phase_order, start_year, end_year, result_year,
    case in_measure
        when 'share_meeting' then share_meeting
        when 'meeting' then meeting
        when 'avg_criteria' then avg_criteria
        when 'under_10' then under_10
        when 'advanced' then advanced
        when 'model' then model
    end::double as value,
    in_measure <> 'under_10' as higher_is_better
from phase_measures(in_districts, by_district, in_phases)
where in_measure in ('share_meeting', 'meeting', 'avg_criteria', 'under_10', 'advanced', 'model')
union all
select
    district_code, district_name, phase_id, phase_order, start_year, end_year, result_year,
    value, higher_is_better
from indicator_phases(in_districts, by_district, in_phases)
where in_measure = 'ind:' || indicator_id
