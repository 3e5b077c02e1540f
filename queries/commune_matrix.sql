-- Criterion-by-criterion status of every commune of $district in $year, communes ordered
-- by criteria met (most first); criteria limited to $group when it is set.
select
    s.commune_code,
    c.commune_name,
    y.criteria_met,
    y.meets_standard,
    s.criterion_id,
    k.name_vi,
    k.name_en,
    k.group_id,
    k.group_vi,
    k.group_en,
    s.met
from criteria_status s
join commune_year y on y.commune_code = s.commune_code and y.year = s.year
join units c on c.commune_code = s.commune_code and s.year between c.from_year and c.to_year
join set_criteria k on k.set_id = y.set_id and k.criterion_id = s.criterion_id
where c.district_code = $district
    and s.year = $year
    and ($group::integer is null or k.group_id = $group::integer)
order by y.criteria_met desc, c.commune_name, s.criterion_id
