-- One row per commune and year: criteria met, whether the commune meets the standard,
-- and its band. Built once per data version; every commune measure starts here.
with criteria_status_known as (
    select s.year, s.commune_code, s.criterion_id, s.met
    from criteria_status s
    semi join criteria c on c.criterion_id = s.criterion_id
),

criteria_count as (
    select count(*) as criteria_total from criteria
),

per_commune as (
    select year, commune_code, count(*) filter (where met) as criteria_met
    from criteria_status_known
    group by year, commune_code
)

select
    p.year,
    p.commune_code,
    c.district_code,
    p.criteria_met,
    k.criteria_total,
    p.criteria_met >= k.criteria_total as meets_standard,
    -- official bands: all criteria / 15–18 / 10–14 / 5–9 / under 5
    case
        when p.criteria_met >= k.criteria_total then 1
        when p.criteria_met >= 15 then 2
        when p.criteria_met >= 10 then 3
        when p.criteria_met >= 5 then 4
        else 5
    end as band
from per_commune p
join communes c on c.commune_code = p.commune_code
cross join criteria_count k
