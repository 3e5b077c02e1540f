-- The standard_by_year measures for each district and year.
select
    y.year,
    y.district_code,
    d.district_name,
    y.communes,
    y.meeting,
    y.meeting / y.communes as share_meeting,
    y.criteria_met / y.communes as avg_criteria,
    y.under_10
from district_year y
join districts d on d.district_code = y.district_code
where $districts::varchar[] is null or list_contains($districts::varchar[], y.district_code)
order by y.district_code, y.year
