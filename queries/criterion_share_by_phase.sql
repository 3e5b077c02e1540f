-- Share of communes meeting each criterion at each phase's result year for the chosen
-- districts, with the change from the previous phase.
with phase_status as (
    select p.phase_id, p.phase_order, s.commune_code, s.criterion_id, s.met
    from phase_years p
    join criteria_status s on s.year = p.result_year
),

scoped as (
    select ps.*
    from phase_status ps
    join communes c on c.commune_code = ps.commune_code
    where $districts::varchar[] is null or list_contains($districts::varchar[], c.district_code)
),

shares as (
    select
        phase_id, any_value(phase_order) as phase_order, criterion_id,
        count(*) as communes,
        count(*) filter (where met) as meeting,
        count(*) filter (where met) / count(*) as share
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
