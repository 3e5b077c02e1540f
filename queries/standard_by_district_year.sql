-- The standard_by_year measures for each district and year.
select
    y.year,
    y.district_code,
    d.district_name,
    y.communes,
    y.meeting,
    y.share_meeting,
    y.avg_criteria,
    y.under_10
from yearly_measures($districts::varchar[], true) y
join districts d on d.district_code = y.district_code
order by y.district_code, y.year
