-- Share of communes meeting each criterion at each phase's result year for the chosen
-- districts, with the change from the previous phase.
with scoped as (
    select *
    from criterion_district_phase
    where $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
),

shares as (
    select
        phase_id, any_value(phase_order) as phase_order, criterion_id,
        sum(communes) as communes,
        sum(meeting) as meeting,
        sum(meeting) / sum(communes) as share
    from scoped
    group by phase_id, criterion_id
)

select
    s.phase_id, s.phase_order, s.criterion_id, k.name_vi, k.name_en, k.group_id, k.group_vi, k.group_en,
    s.communes, s.meeting, s.share,
    s.share - lag(s.share) over (partition by s.criterion_id order by s.phase_order) as change
from shares s
join criteria k on k.criterion_id = s.criterion_id
where $group::integer is null or k.group_id = $group::integer
order by s.phase_order, k.group_id, s.criterion_id
