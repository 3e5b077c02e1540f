-- The latest published figure of each measure for one area ($area): the latest date; of two
-- with the same date, the more precise; then the first source.
select
    as_of,
    as_of_date,
    precision,
    measure,
    measure_order,
    name_vi,
    name_en,
    unit,
    numerator,
    denominator,
    value,
    source,
    note
from published_dated
where area_code = $area::varchar
qualify row_number() over (partition by measure order by as_of_date desc, precision_rank desc, source) = 1
order by measure_order, measure
