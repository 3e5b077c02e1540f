-- One commune's criteria met per year, whether it met the standard, and the first year it did.
select
    y.year,
    y.criteria_met,
    y.criteria_total,
    y.meets_standard,
    min(y.year) filter (where y.meets_standard) over () as first_year_meeting
from commune_year y
where y.commune_code = $commune
order by y.year
