-- The year each district (and the province, district_code null) would have all its communes
-- meeting the standard at its recent pace: the mean yearly gain of communes meeting the standard
-- over the last three years of data (derived/72_area_pace.sql). projected_year is the latest year
-- plus the years the communes still to go take at that pace, rounded up — a projection, not a
-- plan; null when the pace is not positive. complete_year: when no commune is left to go, the
-- year from which all communes have met the standard. Chosen districts: $districts (all when null).
with pace as (
    select *
    from area_pace
    where measure = 'meeting'
),

short as (
    -- the last year some commune did not meet the standard
    select district_code, max(year) filter (where value < communes) as last_short
    from area_year
    where measure = 'meeting'
    group by district_code
),

complete as (
    select a.district_code, min(a.year) as complete_year
    from area_year a
    join short s on s.district_code is not distinct from a.district_code
    where a.measure = 'meeting' and a.value >= a.communes and a.year > coalesce(s.last_short, 0)
    group by a.district_code
)

select
    p.district_code,
    d.district_name,
    p.latest_year,
    p.communes,
    p.latest_value::bigint as meeting,
    (p.communes - p.latest_value)::bigint as remaining,
    p.base_year,
    p.base_value::bigint as base_meeting,
    p.pace,
    case when p.communes <= p.latest_value then c.complete_year end as complete_year,
    -- whole years: remaining × span / gain, rounded up, in integers
    case when p.communes > p.latest_value and p.gain > 0
         then p.latest_year + ((p.communes - p.latest_value)::bigint * p.span + p.gain::bigint - 1) // p.gain::bigint
    end as projected_year
from pace p
left join districts d on d.district_code = p.district_code
left join complete c on c.district_code is not distinct from p.district_code
where p.district_code is null or $districts::varchar[] is null or list_contains($districts::varchar[], p.district_code)
order by p.district_code nulls first
