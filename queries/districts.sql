-- The districts with the number of communes in the programme (any year).
select
    d.district_code,
    d.district_name,
    d.district_type,
    count(c.commune_code) as communes
from districts d
left join communes c on c.district_code = d.district_code
group by d.district_code, d.district_name, d.district_type
order by d.district_code
