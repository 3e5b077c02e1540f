-- The province's recognition by decision (province_recognitions: hoàn thành nhiệm vụ xây dựng
-- nông thôn mới) by the end of each chosen phase ($phases, all when null): the latest one decided
-- by then (recognised_year, decision), nulls when none yet. No rows when none is recorded at all:
-- a dataset left empty says nothing about the province.
select
    p.phase_id,
    p.phase_order,
    p.end_year,
    coalesce(r.level, case when r.year is not null then 'hoan_thanh' end) as level,
    r.year as recognised_year,
    r.decision
from phases_chosen($phases::varchar[]) p
left join province_recognitions r on r.year <= p.end_year
where exists (select 1 from province_recognitions)
qualify row_number() over (partition by p.phase_id order by r.year desc nulls last) = 1
order by p.phase_order
