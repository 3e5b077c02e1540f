-- Share of communes meeting each criterion, per district, at each phase's result year,
-- with the change from the previous phase returned. Optional filters: $districts, $phases,
-- criteria $group.
with scoped as (
    select *
    from criterion_district_phase
    where ($districts::varchar[] is null or list_contains($districts::varchar[], district_code))
        and ($phases::varchar[] is null or list_contains($phases::varchar[], phase_id))
)

select
    s.phase_id, s.phase_order, s.district_code, d.district_name,
    s.criterion_id, k.name_vi, k.name_en, k.group_id, k.group_vi, k.group_en,
    s.communes, s.meeting,
    s.meeting / s.communes as share,
    s.meeting / s.communes
        - lag(s.meeting / s.communes) over (partition by s.district_code, s.criterion_id order by s.phase_order)
        as change
from scoped s
join districts d on d.district_code = s.district_code
join criteria k on k.criterion_id = s.criterion_id
where $group::integer is null or k.group_id = $group::integer
order by s.phase_order, s.district_code, k.group_id, s.criterion_id
