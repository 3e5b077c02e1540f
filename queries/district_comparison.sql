-- One row per chosen district: $measure (see measure_by_phase) at the first and the last chosen
-- phase, the change between them, and the district's rank at each (1 = best; lower is better
-- for measures that say so) and how many places it moved up. Largest change first.
with vals as (
    select *
    from measure_values($measure::varchar, $districts::varchar[], true, $phases::varchar[])
),

ends as (
    select min(phase_order) as first_order, max(phase_order) as last_order from vals
),

wide as (
    select
        v.district_code,
        any_value(v.district_name) as district_name,
        bool_and(v.higher_is_better) as higher_is_better,
        max(v.value) filter (where v.phase_order = e.first_order) as first,
        max(v.value) filter (where v.phase_order = e.last_order) as last
    from vals v
    cross join ends e
    group by v.district_code
),

ranked as (
    select
        *,
        last - first as change,
        -- rank 1 is the best value; districts without a value have no rank
        case when first is not null then rank() over (
            order by case when higher_is_better then first else -first end desc nulls last) end as rank_first,
        case when last is not null then rank() over (
            order by case when higher_is_better then last else -last end desc nulls last) end as rank_last
    from wide
)

select
    district_code, district_name, first, last, change,
    rank_first, rank_last,
    rank_first - rank_last as rank_change
from ranked
order by change desc nulls last, last desc nulls last, district_code
