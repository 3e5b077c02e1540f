-- Published figures beside what the commune data says for the same area and year: the
-- province ($province, named $province_name) and its districts, or only the $areas listed
-- (codes of the province and/or districts; all when null), in the $years listed (all when null).
-- Only measures the commune data also has (commune_measure). flagged: the two differ by more
-- than the measure's tolerance.
with commune_data as (
    select $province::varchar as area_code, year, communes, meeting, share_meeting, avg_criteria, under_10,
        advanced, share_advanced, model, share_model
    from yearly_measures(null, false)
    union all
    select district_code, year, communes, meeting, share_meeting, avg_criteria, under_10,
        advanced, share_advanced, model, share_model
    from yearly_measures(null, true)
    where district_code is not null
),

area_names as (
    select $province::varchar as area_code, $province_name::varchar as area_name, 'province' as level, 0 as area_order
    union all
    select district_code, district_name, 'district', row_number() over (order by district_code)
    from districts
),

beside as (
    select
        p.area_code,
        n.area_name,
        n.level,
        n.area_order,
        p.as_of,
        p.as_of_date,
        p.precision,
        p.year,
        p.measure,
        p.measure_order,
        p.name_vi,
        p.name_en,
        p.unit,
        p.commune_measure,
        p.value as published,
        case p.commune_measure
            when 'communes' then c.communes::double
            when 'meeting' then c.meeting::double
            when 'share_meeting_pct' then 100 * c.share_meeting
            when 'avg_criteria' then c.avg_criteria
            when 'under_10' then c.under_10::double
            when 'advanced' then c.advanced::double
            when 'model' then c.model::double
            when 'share_advanced_pct' then 100 * c.share_advanced
            when 'share_model_pct' then 100 * c.share_model
        end as commune_value,
        c.communes,
        c.meeting,
        p.tolerance,
        p.source,
        p.note
    from published_dated p
    join area_names n on n.area_code = p.area_code
    join commune_data c on c.area_code = p.area_code and c.year = p.year
    where p.commune_measure is not null
        and ($areas::varchar[] is null or list_contains($areas::varchar[], p.area_code))
        and ($years::integer[] is null or list_contains($years::integer[], p.year))
)

select
    *,
    published - commune_value as difference,
    abs(published - commune_value) > tolerance + 1e-9 as flagged
from beside
where commune_value is not null  -- a measure the data hold no value of that year (e.g. under 10 on 10 criteria)
order by area_order, as_of_date desc, source, measure_order
