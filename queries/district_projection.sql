-- The year each district (and the province, district_code null) would have all its communes
-- meeting the standard at its recent pace: the mean yearly gain of communes meeting the standard
-- over the last three years of data (derived/72_area_pace.sql). projected_year is the latest year
-- plus the years the communes still to go take at that pace, rounded up — a projection, not a
-- plan; null when the pace is not positive. complete_year: when no commune is left to go, the
-- year from which all communes have met the standard. One rule across levels: the province cannot
-- finish before its districts, so its projected year is the latest of its own and of every
-- district's, and there is none while a district with communes to go has no positive pace;
-- limited_by names the district that decides (its year is later, or it has no pace).
-- Chosen districts: $districts (all when null).
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
),

own as (
    select
        p.*,
        case when p.communes <= p.latest_value then c.complete_year end as complete_year,
        -- whole years: remaining × span / gain, rounded up, in integers
        case when p.communes > p.latest_value and p.gain > 0
             then p.latest_year + ((p.communes - p.latest_value)::bigint * p.span + p.gain::bigint - 1) // p.gain::bigint
        end as own_year
    from pace p
    left join complete c on c.district_code is not distinct from p.district_code
),

slowest as (
    -- the district deciding the province's year: one short without a pace first, else the latest
    -- projected year (ties by code)
    select
        arg_min(district_code, (case when communes > latest_value and own_year is null then 0 else 1 end,
                                -coalesce(own_year, 0), district_code)) as district_code,
        bool_or(communes > latest_value and own_year is null) as blocked,
        max(own_year) as latest_own_year
    from own
    where district_code is not null
)

select
    o.district_code,
    d.district_name,
    o.latest_year,
    o.communes,
    o.latest_value::bigint as meeting,
    (o.communes - o.latest_value)::bigint as remaining,
    o.base_year,
    o.base_value::bigint as base_meeting,
    o.pace,
    o.complete_year,
    case when o.district_code is not null then o.own_year
         when s.blocked then null
         else greatest(o.own_year, s.latest_own_year)
    end as projected_year,
    case when o.district_code is null and o.own_year is not null
              and (s.blocked or s.latest_own_year > o.own_year)
         then sd.district_name
    end as limited_by
from own o
left join districts d on d.district_code = o.district_code
cross join slowest s
left join districts sd on sd.district_code = s.district_code
where o.district_code is null or $districts::varchar[] is null or list_contains($districts::varchar[], o.district_code)
order by o.district_code nulls first
