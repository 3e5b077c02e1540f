-- Communes present and communes meeting each criterion, per district, at each phase's result
-- year. Precomputed once per version: the criteria views filter and sum it.
select
    p.phase_id,
    p.phase_order,
    c.district_code,
    s.criterion_id,
    count(*) as communes,
    count(*) filter (where s.met) as meeting
from phase_years p
join criteria_status s on s.year = p.result_year
join units c on c.commune_code = s.commune_code and s.year between c.from_year and c.to_year and c.home
group by p.phase_id, p.phase_order, c.district_code, s.criterion_id
