-- Each district's boundary (GeoJSON geometry text), when boundaries were uploaded.
select b.district_code, b.geometry
from district_boundaries b
join districts d on d.district_code = b.district_code
order by b.district_code
