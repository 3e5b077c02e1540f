-- One row per phase: its order, the year its result is read at (the end year, or the
-- latest year with data inside a phase still under way) and the base year of its gain
-- (the year before it starts, or else the first year with data inside it).
with data_years as (
    select distinct year from commune_year
),

phases_ordered as (
    select *, row_number() over (order by start_year, phase_id) as phase_order
    from phases
)

select
    p.phase_id,
    p.name_vi,
    p.name_en,
    p.start_year,
    p.end_year,
    p.phase_order,
    (select max(y.year) from data_years y where y.year between p.start_year and p.end_year) as result_year,
    coalesce(
        (select max(y.year) from data_years y where y.year = p.start_year - 1),
        (select min(y.year) from data_years y where y.year between p.start_year and p.end_year)
    ) as base_year
from phases_ordered p
