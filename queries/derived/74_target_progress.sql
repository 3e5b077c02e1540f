-- Each target (targets) against what the data say, for the province (district_code null: a
-- target whose area is not a district) and each district. A target whose year has data is met or
-- missed by the value of that year (the latest year before it when that year is missing); a later
-- target is compared with the value projected at the recent pace (area_pace) to its year: already
-- reached, on track, or behind. Values are compared as shown: shares to 0,1 point, averages to
-- one decimal, counts whole (as_shown). needed_pace: the yearly gain still needed to reach it on time.
-- Shares are entered in % (70 = 70%) and compared as fractions.
with goals as (
    select
        t.year as target_year,
        t.area_code,
        t.measure,
        d.district_code,
        d.district_name,
        case when t.measure in ('share_meeting', 'share_advanced', 'share_model') then t.target / 100
             else t.target end as target
    from targets t
    left join districts d on d.district_code = t.area_code
),

valued as (
    select
        g.*,
        p.latest_year,
        p.latest_value,
        p.pace,
        (select max(a.year) from area_year a
         where a.district_code is not distinct from g.district_code and a.measure = g.measure
           and a.value is not null and a.year <= g.target_year) as value_year
    from goals g
    left join area_pace p on p.district_code is not distinct from g.district_code and p.measure = g.measure
),

compared as (
    select
        v.*,
        a.value as value_at_year,
        case when v.target_year <= v.latest_year then a.value
             else v.latest_value + v.pace * (v.target_year - v.latest_year) end as expected
    from valued v
    left join area_year a
        on a.district_code is not distinct from v.district_code and a.measure = v.measure and a.year = v.value_year
)

select
    target_year, area_code, measure, district_code, district_name, target,
    latest_year, latest_value, pace, value_year, value_at_year, expected,
    case when target_year > latest_year then (target - latest_value) / (target_year - latest_year) end as needed_pace,
    case
        when latest_year is null or (target_year <= latest_year and value_at_year is null) then null
        when target_year <= latest_year then
            case when as_shown(measure, value_at_year) >= as_shown(measure, target) then 'met' else 'missed' end
        when as_shown(measure, latest_value) >= as_shown(measure, target) then 'reached'
        when as_shown(measure, expected) >= as_shown(measure, target) then 'on_track'
        else 'behind'
    end as status
from compared
