-- How the pages by district take the units without a district (from 1 July 2025) that carry data
-- in $from_year..$to_year: since when there is no district level, how many units are grouped
-- with an old district (communes.group_code) and how many count for the province only. One row.
select
    min(valid_from) as since,
    count(*) filter (where district_code is not null) as grouped,
    count(*) filter (where district_code is null) as ungrouped
from units
where not district_level and home
    and to_year >= $from_year::integer
    and from_year <= $to_year::integer
