-- What the offices report of one commune beside its criteria: the per-commune summaries (criteria
-- met as reported, year recognised, decision) and the recognition decisions, one row each, latest first.
select
    'summary' as kind,
    s.year,
    s.criteria_met,
    null::varchar as level,
    s.recognised_year,
    s.decision,
    null::varchar as decision_date
from commune_summaries s
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
where r.commune_code = $commune
order by year desc, kind
