-- Each phase's result for the chosen districts: the measures at its result year, the gain
-- within the phase (result year minus base year) and the change from the previous phase
-- (this phase's result minus the previous phase's result).
with yearly as (
    select * from yearly_measures($districts::varchar[])
),

results as (
    select
        p.phase_id, p.name_vi, p.name_en, p.start_year, p.end_year, p.phase_order,
        p.result_year, p.base_year,
        e.communes, e.meeting, e.share_meeting, e.avg_criteria, e.under_10,
        e.meeting - b.meeting as gain_meeting,
        e.share_meeting - b.share_meeting as gain_share,
        e.avg_criteria - b.avg_criteria as gain_avg_criteria
    from phase_years p
    left join yearly e on e.year = p.result_year
    left join yearly b on b.year = p.base_year
)

select
    *,
    meeting - lag(meeting) over w as change_meeting,
    share_meeting - lag(share_meeting) over w as change_share,
    avg_criteria - lag(avg_criteria) over w as change_avg_criteria,
    under_10 - lag(under_10) over w as change_under_10
from results
window w as (order by phase_order)
order by phase_order
