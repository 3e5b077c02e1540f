-- Every area a figure may be about, from the top: the country (VN), the provinces (the
-- dashboard's own, known by its code and name, and any others the provinces table lists), the
-- districts (of the dashboard's province) and the communes (a code once: its latest unit).
-- depth 0–3; parent_code one level up.
create macro area_hierarchy(home_code, home_name) as table
select 'VN' as area_code, 'Việt Nam' as area_name, 'country' as level, 0 as depth, null::varchar as parent_code
union all
select
    home_code,
    coalesce((select any_value(province_name) from provinces where province_code = home_code), home_name),
    'province', 1, 'VN'
union all
select province_code, province_name, 'province', 1, 'VN'
from provinces
where province_code <> home_code
union all
select district_code, district_name, 'district', 2, home_code
from districts
union all
select commune_code, commune_name, 'commune', 3, district_code
from (
    select distinct on (commune_code) *  -- a reused code: the latest unit bearing it
    from units
    where home
    order by commune_code, from_year desc
)
