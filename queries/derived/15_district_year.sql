-- Communes per district and year: present, meeting the standard, criteria met in all, and
-- under 10 criteria. Every commune measure over one or more districts sums these.
select
    year,
    district_code,
    count(*)::bigint as communes,
    count(*) filter (where meets_standard) as meeting,
    sum(criteria_met)::bigint as criteria_met,
    count(*) filter (where criteria_met < 10) as under_10
from commune_year
group by year, district_code
