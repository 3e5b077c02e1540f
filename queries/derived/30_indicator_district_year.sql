-- Indicator values rolled up to districts: commune-level indicators are rolled up over the
-- district's communes as the indicator says (rolled_up).
with indicator_values_located as (
    select
        v.year,
        coalesce(c.district_code, v.area_code) as district_code,
        v.indicator_id,
        i.aggregation,
        v.value
    from indicator_values v
    join indicators i on i.indicator_id = v.indicator_id
    left join communes c on i.level = 'commune' and c.commune_code = v.area_code
)

select
    year,
    district_code,
    indicator_id,
    aggregation,
    rolled_up(aggregation, value) as value
from indicator_values_located
group by year, district_code, indicator_id, aggregation
