-- What the offices report of one commune beside its criteria: the per-commune summaries (criteria
-- met as reported, year recognised, decision) and the recognition decisions, one row each, latest
-- first: of the unit bearing code $commune in $year (its latest year with data when null).
with unit as (
    select u.from_year, u.to_year
    from units u
    where u.commune_code = $commune
        and coalesce($year::integer, (select max(year) from commune_year where commune_code = $commune))
            between u.from_year and u.to_year
)

select
    'summary' as kind,
    s.year,
    s.criteria_met,
    null::varchar as level,
    s.recognised_year,
    s.decision,
    null::varchar as decision_date
from commune_summaries s
join unit u on s.year between u.from_year and u.to_year
where s.commune_code = $commune
union all
select
    'recognition' as kind,
    r.year,
    null::integer as criteria_met,
    r.level,
    null::integer as recognised_year,
    r.decision,
    r.decision_date
from commune_recognitions r
join unit u on r.year between u.from_year and u.to_year
where r.commune_code = $commune
order by year desc, kind
