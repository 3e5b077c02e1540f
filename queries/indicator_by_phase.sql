-- Each indicator per phase for the chosen districts (district values summed, or averaged
-- for mean indicators), with the change from the previous phase.
with scoped as (
    select *
    from indicator_district_phase
    where $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
),

combined as (
    select
        phase_id,
        indicator_id,
        case when any_value(aggregation) = 'mean' then avg(value) else sum(value) end as value,
        count(*) as districts
    from scoped
    group by phase_id, indicator_id
)

select
    p.phase_id,
    p.phase_order,
    i.indicator_id,
    i.name_vi,
    i.name_en,
    i.unit,
    i.aggregation,
    i.higher_is_better,
    c.value,
    c.districts,
    c.value - lag(c.value) over (partition by i.indicator_id order by p.phase_order) as change
from phase_years p
cross join indicators i
left join combined c on c.phase_id = p.phase_id and c.indicator_id = i.indicator_id
order by i.indicator_id, p.phase_order
