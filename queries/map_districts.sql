-- Every district at each chosen phase ($phases, all when null): $measure (see measure_by_phase),
-- the change since the previous chosen phase with a value, its centroid, its recognition by
-- decision (đạt chuẩn or hoàn thành nhiệm vụ; advanced_year: nâng cao), and its target for the measure within the phase (the latest target year in the
-- phase) with how that target stands (derived/74_target_progress.sql). The map and the phases
-- chart read their marks here.
with vals as (
    select *, since_previous(value, district_code, phase_order) as change
    from measure_values($measure::varchar, null, true, $phases::varchar[])
),

phase_targets as (
    select
        v.district_code,
        v.phase_id,
        max(g.target_year) as target_year,
        arg_max(g.target, g.target_year) as target,
        arg_max(g.status, g.target_year) as target_status
    from vals v
    join target_progress g
        on g.district_code = v.district_code and g.measure = $measure::varchar
        and g.target_year between v.start_year and v.end_year
    group by v.district_code, v.phase_id
)

select
    v.district_code,
    v.district_name,
    d.lat,
    d.lon,
    v.phase_id,
    v.phase_order,
    v.start_year,
    v.end_year,
    v.result_year,
    v.value,
    v.change,
    r.year as recognised_year,
    r.decision,
    a.year as advanced_year,
    t.target,
    t.target_year,
    t.target_status
from vals v
join districts d on d.district_code = v.district_code
left join district_standard r on r.district_code = v.district_code
left join district_recognitions a on a.district_code = v.district_code and a.level = 'nang_cao'
left join phase_targets t on t.district_code = v.district_code and t.phase_id = v.phase_id
order by v.phase_order, v.district_code
