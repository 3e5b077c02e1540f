-- Each commune's recognition level in each year it has data: the highest level decided for it by
-- then (1 đạt chuẩn, 2 nâng cao, 3 kiểu mẫu; schema.RECOGNITION_LEVELS), a decision counting for
-- the unit that bore the code in the decision's year only — a recognition does not carry over
-- to a new unit that reuses the code or was merged from recognised communes.
select
    y.year,
    y.commune_code,
    max(list_position(['dat_chuan', 'nang_cao', 'kieu_mau'], r.level)) as level_rank
from commune_year y
join units c on c.commune_code = y.commune_code and y.year between c.from_year and c.to_year
join commune_recognitions r
    on r.commune_code = y.commune_code and r.year <= y.year and r.year between c.from_year and c.to_year
group by y.year, y.commune_code
