-- Each chosen phase's result over the chosen districts (see areas): the measures at its result
-- year, the gain within the phase (result year minus base year) and the change since the
-- previous chosen phase with data. An area without data in a phase has nulls there. Across
-- criteria sets: set_changed (the previous phase with data judged on another set; the average
-- criteria and communes under 10 then have no change), base_set_changed (the base year of the
-- gain was judged on another set).
create macro phase_measures(in_districts, by_district, in_phases) as table
with yearly as (
    select * from yearly_measures(in_districts, by_district)
),

results as (
    select
        a.district_code, a.district_name,
        p.phase_id, p.name_vi, p.name_en, p.start_year, p.end_year, p.phase_order,
        p.result_year, p.base_year, p.criteria_set, p.base_set, p.set_name_vi, p.set_name_en,
        p.base_set is distinct from p.criteria_set as base_set_changed,
        e.communes, e.meeting, e.share_meeting, e.avg_criteria, e.under_10,
        e.advanced, e.share_advanced, e.model, e.share_model,
        e.criteria_total,
        b.meeting as base_meeting,
        e.meeting - b.meeting as gain_meeting,
        e.share_meeting - b.share_meeting as gain_share,
        e.avg_criteria - b.avg_criteria as gain_avg_criteria
    from areas(in_districts, by_district) a
    cross join phases_chosen(in_phases) p
    left join yearly e on e.district_code is not distinct from a.district_code and e.year = p.result_year
    left join yearly b on b.district_code is not distinct from a.district_code and b.year = p.base_year
)

select
    * exclude (previous_set),
    coalesce(previous_set is distinct from criteria_set and previous_set is not null, false) as set_changed,
    since_previous(meeting, district_code, phase_order) as change_meeting,
    since_previous(share_meeting, district_code, phase_order) as change_share,
    case when previous_set is not distinct from criteria_set
         then since_previous(avg_criteria, district_code, phase_order) end as change_avg_criteria,
    case when previous_set is not distinct from criteria_set
         then since_previous(under_10, district_code, phase_order) end as change_under_10
from (
    select
        *,
        lag(case when communes is not null then criteria_set end ignore nulls)
            over (partition by district_code order by phase_order) as previous_set
    from results
)
