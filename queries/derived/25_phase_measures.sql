-- Each chosen phase's result over the chosen districts (see areas): the measures at its result
-- year, the gain within the phase (result year minus base year) and the change since the
-- previous chosen phase with data. An area without data in a phase has nulls there.
create macro phase_measures(in_districts, by_district, in_phases) as table
with yearly as (
    select * from yearly_measures(in_districts, by_district)
),

results as (
    select
        a.district_code, a.district_name,
        p.phase_id, p.name_vi, p.name_en, p.start_year, p.end_year, p.phase_order,
        p.result_year, p.base_year,
        e.communes, e.meeting, e.share_meeting, e.avg_criteria, e.under_10,
        e.meeting - b.meeting as gain_meeting,
        e.share_meeting - b.share_meeting as gain_share,
        e.avg_criteria - b.avg_criteria as gain_avg_criteria
    from areas(in_districts, by_district) a
    cross join phases_chosen(in_phases) p
    left join yearly e on e.district_code is not distinct from a.district_code and e.year = p.result_year
    left join yearly b on b.district_code is not distinct from a.district_code and b.year = p.base_year
)

select
    *,
    since_previous(meeting, district_code, phase_order) as change_meeting,
    since_previous(share_meeting, district_code, phase_order) as change_share,
    since_previous(avg_criteria, district_code, phase_order) as change_avg_criteria,
    since_previous(under_10, district_code, phase_order) as change_under_10
from results
