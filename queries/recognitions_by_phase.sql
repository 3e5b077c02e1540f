-- Districts recognised by decision (district_recognitions) by the end of each chosen phase
-- ($phases, all when null), among the chosen districts ($districts, all when null), out of the
-- districts chosen; those of them recognised nâng cao by then (advanced); and the change since
-- the previous chosen phase. A cluster (type 'Cụm') is a grouping, not a district: not counted.
with chosen as (
    select district_code
    from districts
    where ($districts::varchar[] is null or list_contains($districts::varchar[], district_code))
        and district_type is distinct from 'Cụm'
),

counted as (
    select
        p.phase_id, p.phase_order, p.start_year, p.end_year, p.result_year,
        count(r.district_code) as recognised,
        (select count(*) from district_recognitions a
         where a.level = 'nang_cao' and a.year <= p.end_year
             and a.district_code in (select district_code from chosen)) as advanced,
        (select count(*) from chosen) as districts
    from phases_chosen($phases::varchar[]) p
    left join district_standard r
        on r.year <= p.end_year and r.district_code in (select district_code from chosen)
    group by all
)

select *, recognised - lag(recognised) over (order by phase_order) as change
from counted
order by phase_order
