-- How the pages by district take the units without a district (from 1 July 2025) that carry data
-- in $from_year..$to_year: since when there is no district level, how many units are grouped
-- with an old district or with a cluster the province defined (communes.group_code; a districts
-- row of type 'Cụm') and how many count for the province only. One row.
select
    min(u.valid_from) as since,
    count(*) filter (where u.district_code is not null and d.district_type is distinct from 'Cụm') as grouped,
    count(*) filter (where d.district_type = 'Cụm') as clustered,
    count(*) filter (where u.district_code is null) as ungrouped
from units u
left join districts d on d.district_code = u.district_code
where not u.district_level and u.home
    and u.to_year >= $from_year::integer
    and u.from_year <= $to_year::integer
