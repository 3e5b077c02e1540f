-- One row per phase: its order, the year its result is read at (the end year, or the
-- latest year with data inside a phase still under way) and the base year of its gain
-- (the year before it starts, or else the first year with data inside it), the criteria set in
-- force in the phase and in its base year (a base year of another set: the gain crosses sets).
with data_years as (
    select distinct year from commune_year
),

phases_ordered as (
    select *, row_number() over (order by start_year, phase_id) as phase_order
    from phases
),

years_of as (
    select
        p.phase_id,
        p.name_vi,
        p.name_en,
        p.start_year,
        p.end_year,
        p.phase_order,
        coalesce(p.criteria_set, '') as criteria_set,
        (select max(y.year) from data_years y where y.year between p.start_year and p.end_year) as result_year,
        coalesce(
            (select max(y.year) from data_years y where y.year = p.start_year - 1),
            (select min(y.year) from data_years y where y.year between p.start_year and p.end_year)
        ) as base_year
    from phases_ordered p
)

select
    y.*,
    set_in_force(y.base_year) as base_set,
    s.name_vi as set_name_vi,
    s.name_en as set_name_en
from years_of y
left join criteria_sets s on s.set_id = y.criteria_set
