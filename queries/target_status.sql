-- Every target of the province (district_code null) and of the chosen districts ($districts, all
-- when null) with how it stands (see derived/74_target_progress.sql): met or missed when its year
-- has data, else reached already, on track or behind at the recent pace. Shares are fractions.
select
    target_year, area_code, measure, district_code, district_name, target,
    latest_year, latest_value, value_year, value_at_year, expected, pace, needed_pace, status
from target_progress
where district_code is null or $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
order by district_code nulls first, target_year, measure
