-- Every commune-level unit with the years whose data are read on it. A year's data are as at
-- 31 December, so a unit valid from 1 July 2025 carries 2025 on and one ending 30 June 2025
-- stops at 2024. A code may be reused: (commune_code, year) names one unit, never the code alone.
-- district_code: the unit's district, or for a unit without one the old district it is grouped
-- with (group_code; district_level says which). home: a unit of the province at the time (a unit
-- then in another province, e.g. old Bắc Kạn's communes, counts only in today's units' history).
select
    commune_code,
    commune_name,
    coalesce(district_code, group_code) as district_code,
    district_code is not null as district_level,
    province_code is null as home,
    unit_type,
    valid_from,
    valid_to,
    coalesce(year(try_cast(valid_from as date)), 1990) as from_year,
    coalesce(
        year(try_cast(valid_to as date))
        - case when strftime(try_cast(valid_to as date), '%m-%d') = '12-31' then 0 else 1 end,
        2100
    ) as to_year
from communes
