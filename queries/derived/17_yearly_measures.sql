-- The commune measures per year over a set of districts (all when in_districts is null), for the
-- set as a whole (by_district false: district_code is null) or for each district: communes
-- present, meeting the standard, their share, average criteria met, communes under 10
-- criteria, and communes advanced and model with their shares of the communes meeting the
-- standard (as the ministry reports them: 2,567 advanced of 6,084 standard communes, 42.4%). The one definition that every yearly and phase measure of communes reads.
create macro yearly_measures(in_districts, by_district) as table
select
    year,
    case when by_district then district_code end as district_code,
    sum(communes)::bigint as communes,
    sum(meeting)::bigint as meeting,
    share_of(sum(meeting), sum(communes)) as share_meeting,
    share_of(sum(criteria_met), sum(communes)) as avg_criteria,
    sum(under_10)::bigint as under_10,
    max(criteria_total) as criteria_total,
    sum(advanced)::bigint as advanced,
    share_of(sum(advanced), sum(meeting)) as share_advanced,
    sum(model)::bigint as model,
    share_of(sum(model), sum(meeting)) as share_model
from district_year
where in_districts is null or list_contains(in_districts, district_code)
group by all
