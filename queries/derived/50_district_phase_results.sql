-- phase_results for every district (see phase_results.sql): a district without data in
-- a phase has nulls there. Precomputed once per version.
with yearly as (
    select
        year, district_code, communes, meeting, under_10,
        meeting / communes as share_meeting,
        criteria_met / communes as avg_criteria
    from district_year
),

scoped_districts as (
    select district_code, district_name from districts
),

results as (
    select
        d.district_code, d.district_name,
        p.phase_id, p.name_vi, p.name_en, p.start_year, p.end_year, p.phase_order,
        p.result_year, p.base_year,
        e.communes, e.meeting, e.share_meeting, e.avg_criteria, e.under_10,
        e.meeting - b.meeting as gain_meeting,
        e.share_meeting - b.share_meeting as gain_share,
        e.avg_criteria - b.avg_criteria as gain_avg_criteria
    from scoped_districts d
    cross join phase_years p
    left join yearly e on e.district_code = d.district_code and e.year = p.result_year
    left join yearly b on b.district_code = d.district_code and b.year = p.base_year
)

select
    *,
    meeting - lag(meeting) over w as change_meeting,
    share_meeting - lag(share_meeting) over w as change_share,
    avg_criteria - lag(avg_criteria) over w as change_avg_criteria,
    under_10 - lag(under_10) over w as change_under_10
from results
window w as (partition by district_code order by phase_order)
