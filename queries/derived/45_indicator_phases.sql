-- Each indicator per chosen phase over the chosen districts (see areas): the districts' phase
-- values rolled up as the indicator says, and the change since the previous chosen phase with
-- a value.
create macro indicator_phases(in_districts, by_district, in_phases) as table
with combined as (
    select
        case when by_district then district_code end as district_code,
        phase_id,
        indicator_id,
        rolled_up(aggregation, value) as value,
        count(value) as districts
    from indicator_district_phase
    where (in_districts is null or list_contains(in_districts, district_code))
        and (in_phases is null or list_contains(in_phases, phase_id))
    group by 1, phase_id, indicator_id, aggregation
)

select
    a.district_code, a.district_name,
    p.phase_id, p.phase_order, p.start_year, p.end_year, p.result_year,
    i.indicator_id, i.name_vi, i.name_en, i.unit, i.aggregation, i.higher_is_better, i.role,
    c.value,
    c.districts,
    since_previous(c.value, {'area': a.district_code, 'indicator': i.indicator_id}, p.phase_order) as change
from areas(in_districts, by_district) a
cross join phases_chosen(in_phases) p
cross join indicators i
left join combined c
    on c.district_code is not distinct from a.district_code and c.phase_id = p.phase_id
    and c.indicator_id = i.indicator_id
