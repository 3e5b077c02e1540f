-- The commune measures per year over a set of districts (all when null): the one definition
-- that standard_by_year and phase_results share.
create macro yearly_measures(districts) as table
select
    year,
    sum(communes)::bigint as communes,
    sum(meeting)::bigint as meeting,
    sum(meeting) / sum(communes) as share_meeting,
    sum(criteria_met) / sum(communes) as avg_criteria,
    sum(under_10)::bigint as under_10
from district_year
where districts is null or list_contains(districts, district_code)
group by year
