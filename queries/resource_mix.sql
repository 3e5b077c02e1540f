-- People's contributions against the rest of the investment mobilised, per chosen phase ($phases,
-- all when null), for the chosen districts taken together ($districts): the indicator whose role
-- is contrib_money (people) and the one whose role is investment_total (total), the first by id
-- when several play a role; other = total − people, never below 0; each part's share of the
-- total. Phases without both values or without a positive total are left out.
with roles as (
    select
        min(indicator_id) filter (where role = 'contrib_money') as people,
        min(indicator_id) filter (where role = 'investment_total') as total
    from indicators
),

parts as (
    select
        v.phase_id, v.phase_order, v.start_year, v.end_year,
        any_value(v.value) filter (where v.indicator_id = r.people) as people,
        any_value(v.value) filter (where v.indicator_id = r.total) as total
    from indicator_phases($districts::varchar[], false, $phases::varchar[]) v
    cross join roles r
    group by all
)

select
    phase_id, start_year, end_year, people, total,
    greatest(total - people, 0) as other,
    people / total as people_share,
    greatest(total - people, 0) / total as other_share
from parts
where people is not null and total > 0
order by phase_order
