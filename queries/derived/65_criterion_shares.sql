-- Share of communes meeting each criterion at each chosen phase's result year over the chosen
-- districts (see areas), criteria of group in_group only when it is set, and the change since
-- the previous chosen phase with data. Each phase's criteria are those of its set (names and
-- groups as that set gives them); a criterion whose name or content changed from the set before
-- (set_criteria.changed) has no change across the two sets: `changed` says so instead.
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

select * exclude (previous_set, set_before, raw_change),
    case when previous_set is not distinct from criteria_set or (previous_set = set_before and not changed)
         then raw_change end as change
from (
select
    c.district_code, a.district_name,
    p.phase_id, p.phase_order, p.result_year, p.criteria_set,
    k.criterion_id, k.name_vi, k.name_en, k.group_id, k.group_vi, k.group_en,
    k.changed, k.previous_set as set_before, k.previous_name_vi, k.previous_name_en, k.change_vi, k.change_en,
    c.communes, c.meeting, c.share,
    since_previous(c.share, {'area': c.district_code, 'criterion': c.criterion_id}, p.phase_order) as raw_change,
    lag(p.criteria_set) over (partition by c.district_code, c.criterion_id order by p.phase_order) as previous_set
from combined c
join phases_chosen(in_phases) p on p.phase_id = c.phase_id
join set_criteria k on k.set_id = p.criteria_set and k.criterion_id = c.criterion_id
join areas(in_districts, by_district) a on a.district_code is not distinct from c.district_code
where in_group is null or k.group_id = in_group
)
