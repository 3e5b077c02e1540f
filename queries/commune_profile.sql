-- One commune's criteria met per year (of the set in force each year), whether it met the
-- standard, and the first year it did: the unit bearing code $commune in $year (its latest year
-- with data when null), never another unit that bore the code before or after.
with unit as (
    select u.from_year, u.to_year
    from units u
    where u.commune_code = $commune
        and coalesce($year::integer, (select max(year) from commune_year where commune_code = $commune))
            between u.from_year and u.to_year
)

select
    y.year,
    y.criteria_met,
    y.criteria_total,
    y.meets_standard,
    min(y.year) filter (where y.meets_standard) over () as first_year_meeting
from commune_year y
join unit u on y.year between u.from_year and u.to_year
where y.commune_code = $commune
order by y.year
