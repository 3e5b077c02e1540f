-- The recent pace of each measure of area_year, per district and for the province: the mean
-- yearly gain of the last three years of data — the latest value minus the value three years
-- before, divided by three. When that year is missing, the earliest year with data within the
-- three is the base (and the gain is divided by the years between). Only years judged on the set
-- of the latest year count: with one year on a new set there is no pace yet. gain and span are kept
-- whole so that a projection in years can be rounded up exactly.
with latest as (
    select district_code, measure, max(year) as latest_year
    from area_year
    where value is not null
    group by district_code, measure
),

recent as (
    select a.district_code, a.measure, a.year, a.value, a.communes, l.latest_year
    from area_year a
    join latest l on l.district_code is not distinct from a.district_code and l.measure = a.measure
    where a.value is not null and a.year between l.latest_year - 3 and l.latest_year
        -- a pace is read on one criteria set: never across a change of set (nor the units with it)
        and set_in_force(a.year) = set_in_force(l.latest_year)
)

select
    district_code,
    measure,
    latest_year,
    arg_max(value, year) as latest_value,
    arg_max(communes, year) as communes,
    min(year) as base_year,
    arg_min(value, year) as base_value,
    arg_max(value, year) - arg_min(value, year) as gain,
    latest_year - min(year) as span,
    (arg_max(value, year) - arg_min(value, year)) / nullif(latest_year - min(year), 0) as pace
from recent
group by district_code, measure, latest_year
