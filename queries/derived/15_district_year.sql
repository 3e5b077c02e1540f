-- Communes per district and year: present, meeting the standard, recognised advanced (nâng cao
-- or kiểu mẫu) and model (kiểu mẫu) by then (commune_level), criteria met in all, and
-- under 10 criteria (a measure of the 19-criterion sets: null in a year of another set). Every
-- commune measure over one or more districts sums these.
select
    year,
    district_code,
    count(*)::bigint as communes,
    count(*) filter (where meets_standard) as meeting,
    count(*) filter (where l.level_rank >= 2) as advanced,
    count(*) filter (where l.level_rank >= 3) as model,
    sum(criteria_met)::bigint as criteria_met,
    max(criteria_total) as criteria_total,
    case when min(criteria_total) = 19 then count(*) filter (where criteria_met < 10) end as under_10
from commune_year y
left join commune_level l using (year, commune_code)
where y.home
group by year, district_code
