-- The communes of $district in $year and whether each meets criterion $criterion.
select
    c.commune_code,
    c.commune_name,
    s.met,
    y.criteria_met
from criteria_status s
join units c on c.commune_code = s.commune_code and s.year between c.from_year and c.to_year
join commune_year y on y.commune_code = s.commune_code and y.year = s.year
where c.district_code = $district
    and s.year = $year
    and s.criterion_id = $criterion
order by s.met, y.criteria_met desc, c.commune_name
