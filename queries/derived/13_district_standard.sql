-- Each district's recognition as meeting the standard: đạt chuẩn, or hoàn thành nhiệm vụ (a town
-- or city), its earliest decision. Nâng cao, a level above, is counted apart.
select district_code, min(year) as year, arg_min(decision, year) as decision
from district_recognitions
where coalesce(level, 'dat_chuan') in ('dat_chuan', 'hoan_thanh')
group by district_code
