-- The communes of $district (all when null) with their district.
select c.commune_code, c.commune_name, c.district_code, d.district_name
from communes c
join districts d on d.district_code = c.district_code
where $district::varchar is null or c.district_code = $district
order by c.district_code, c.commune_name
