-- What a measure is computed over. areas: each chosen district (by_district) or one row standing
-- for the chosen districts taken together (district_code null). phases_chosen: the chosen phases
-- (all when in_phases is null) in order.
create macro areas(in_districts, by_district) as table
select district_code, district_name
from districts
where by_district and (in_districts is null or list_contains(in_districts, district_code))
union all
select null::varchar, null::varchar
where not by_district;

create macro phases_chosen(in_phases) as table
select *
from phase_years
where in_phases is null or list_contains(in_phases, phase_id)
