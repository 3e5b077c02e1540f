-- Each published figure with the day it stands for ("as of": the last day of its year or
-- month, or the day itself), how precisely its date is given, its year, and its measure's
-- names, unit, parts (a percentage's numerator and denominator), what the commune data calls
-- the same thing and the tolerance of a difference. Measures keep the order of their table.
with measures_ordered as (
    select *, row_number() over () as measure_order
    from published_measures
)

select
    f.as_of,
    f.area_code,
    f.measure,
    f.value,
    f.source,
    f.note,
    case length(f.as_of) when 4 then 'year' when 7 then 'month' else 'day' end as precision,
    case length(f.as_of) when 4 then 1 when 7 then 2 else 3 end as precision_rank,
    case length(f.as_of)
        when 4 then make_date(try_cast(f.as_of as integer), 12, 31)
        when 7 then last_day(make_date(try_cast(left(f.as_of, 4) as integer), try_cast(right(f.as_of, 2) as integer), 1))
        else try_cast(f.as_of as date)
    end as as_of_date,
    try_cast(left(f.as_of, 4) as integer) as year,
    coalesce(m.measure_order, 1000) as measure_order,
    coalesce(m.name_vi, f.measure) as name_vi,
    coalesce(m.name_en, f.measure) as name_en,
    m.unit,
    nullif(m.numerator, '') as numerator,
    nullif(m.denominator, '') as denominator,
    nullif(m.commune_measure, '') as commune_measure,
    coalesce(m.tolerance, 0) as tolerance
from published_figures f
left join measures_ordered m on m.measure_id = f.measure
