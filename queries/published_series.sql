-- Every published figure of one area ($area), each measure's series in date order, with the
-- measure's parts (a percentage's numerator and denominator) and its commune-data equivalent.
select
    as_of,
    as_of_date,
    precision,
    year,
    measure,
    measure_order,
    name_vi,
    name_en,
    unit,
    numerator,
    denominator,
    commune_measure,
    value,
    source,
    note
from published_dated
where area_code = $area::varchar
order by measure_order, measure, as_of_date, precision_rank, source
