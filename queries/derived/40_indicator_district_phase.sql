-- Each district's indicator value over each phase, combined as the indicator says:
-- sum of the years (flows), mean of the years (rates) or the last year with data (stocks).
select
    p.phase_id,
    d.district_code,
    d.indicator_id,
    d.aggregation,
    case d.aggregation
        when 'sum' then sum(d.value)
        when 'mean' then avg(d.value)
        else arg_max(d.value, d.year)
    end as value,
    max(d.year) as last_year
from indicator_district_year d
join phase_years p on d.year between p.start_year and p.end_year
group by p.phase_id, d.district_code, d.indicator_id, d.aggregation
