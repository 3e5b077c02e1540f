-- The districts recognised by decision as meeting the standard, among the chosen districts
-- ($districts, all when null), in the order they were recognised.
select r.district_code, d.district_name, r.year, r.decision
from district_standard r
join districts d on d.district_code = r.district_code
where $districts::varchar[] is null or list_contains($districts::varchar[], r.district_code)
order by r.year, r.district_code
