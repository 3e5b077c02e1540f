-- Share of communes meeting each criterion at each chosen phase's result year over the chosen
-- districts (see areas), criteria of group in_group only when it is set, and the change since
-- the previous chosen phase with data.
create macro criterion_shares(in_districts, by_district, in_phases, in_group) as table
with combined as (
    select
        case when by_district then district_code end as district_code,
        phase_id,
        criterion_id,
        sum(communes) as communes,
        sum(meeting) as meeting,
        share_of(sum(meeting), sum(communes)) as share
    from criterion_district_phase
    where (in_districts is null or list_contains(in_districts, district_code))
        and (in_phases is null or list_contains(in_phases, phase_id))
    group by all
)

select
    c.district_code, a.district_name,
    p.phase_id, p.phase_order, p.result_year,
    k.criterion_id, k.name_vi, k.name_en, k.group_id, k.group_vi, k.group_en,
    c.communes, c.meeting, c.share,
    since_previous(c.share, {'area': c.district_code, 'criterion': c.criterion_id}, p.phase_order) as change
from combined c
join phases_chosen(in_phases) p on p.phase_id = c.phase_id
join criteria k on k.criterion_id = c.criterion_id
join areas(in_districts, by_district) a on a.district_code is not distinct from c.district_code
where in_group is null or k.group_id = in_group
