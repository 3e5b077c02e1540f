-- One row per commune and year: criteria met of the set in force that year (year_sets), whether
-- the commune meets the standard (every criterion of that set), and its band. The unit is the
-- one bearing the code that year (units). Built once per data version; every commune measure
-- starts here. "Cơ bản đạt" is not met. home: the unit was the province's that year (the
-- province's measures read only those).
with criteria_status_known as (
    select s.year, s.commune_code, s.criterion_id, s.met, y.set_id
    from criteria_status s
    join year_sets y on y.year = s.year
    semi join set_criteria c on c.set_id = y.set_id and c.criterion_id = s.criterion_id
),

criteria_count as (
    select set_id, count(*) as criteria_total from set_criteria group by set_id
),

per_commune as (
    select year, commune_code, set_id, count(*) filter (where met) as criteria_met
    from criteria_status_known
    group by year, commune_code, set_id
)

select
    p.year,
    p.commune_code,
    c.district_code,
    p.criteria_met,
    k.criteria_total,
    p.criteria_met >= k.criteria_total as meets_standard,
    -- official bands: all criteria / 15–18 / 10–14 / 5–9 / under 5, of the 19-criterion sets
    -- (2010–2025) only: a set of another size has none
    case
        when k.criteria_total <> 19 then null
        when p.criteria_met >= k.criteria_total then 1
        when p.criteria_met >= 15 then 2
        when p.criteria_met >= 10 then 3
        when p.criteria_met >= 5 then 4
        else 5
    end as band,
    p.set_id,
    c.home
from per_commune p
join units c on c.commune_code = p.commune_code and p.year between c.from_year and c.to_year
join criteria_count k on k.set_id = p.set_id
