-- Each measure a target can be set for (schema.TARGET_MEASURES), per year, for each district
-- and for the whole province (district_code null): communes meeting the standard, their share
-- and the average criteria met (yearly_measures), and the districts recognised by decision up to
-- that year (district_recognitions; for a district, 1 from its year of recognition). The
-- communes present that year ride along.
with yearly as (
    select district_code, year, communes, meeting, share_meeting, avg_criteria, advanced, share_advanced,
        model, share_model
    from yearly_measures(null, true)
    where district_code is not null  -- units without a district (from 1 July 2025) count for the province only
    union all
    select null::varchar, year, communes, meeting, share_meeting, avg_criteria, advanced, share_advanced,
        model, share_model
    from yearly_measures(null, false)
),

recognised as (
    select
        y.district_code,
        y.year,
        count(r.district_code) as recognised
    from yearly y
    left join district_standard r
        on r.year <= y.year and (y.district_code is null or r.district_code = y.district_code)
    group by y.district_code, y.year
)

select district_code, year, 'meeting' as measure, meeting::double as value, communes from yearly
union all
select district_code, year, 'share_meeting', share_meeting, communes from yearly
union all
select district_code, year, 'avg_criteria', avg_criteria, communes from yearly
union all
select district_code, year, 'advanced', advanced::double, communes from yearly
union all
select district_code, year, 'share_advanced', share_advanced, communes from yearly
union all
select district_code, year, 'model', model::double, communes from yearly
union all
select district_code, year, 'share_model', share_model, communes from yearly
union all
select y.district_code, y.year, 'districts_recognised', r.recognised::double, y.communes
from yearly y
join recognised r on r.district_code is not distinct from y.district_code and r.year = y.year
