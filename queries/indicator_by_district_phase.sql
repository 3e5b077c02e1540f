-- Each district's indicator values per phase, with the change from the previous phase;
-- one indicator when $indicator is set.
with scoped_districts as (
    select district_code, district_name
    from districts
    where $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
)

select
    d.district_code,
    d.district_name,
    p.phase_id,
    p.phase_order,
    i.indicator_id,
    i.unit,
    v.value,
    v.value - lag(v.value) over (partition by d.district_code, i.indicator_id order by p.phase_order) as change
from scoped_districts d
cross join phase_years p
cross join indicators i
left join indicator_district_phase v
    on v.district_code = d.district_code and v.phase_id = p.phase_id and v.indicator_id = i.indicator_id
where $indicator::varchar is null or i.indicator_id = $indicator::varchar
order by d.district_code, i.indicator_id, p.phase_order
