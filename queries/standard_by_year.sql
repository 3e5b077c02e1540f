-- Communes meeting the standard, their share, average criteria met and communes under
-- 10 criteria, per year, for the chosen districts (all when $districts is null).
select * exclude (district_code)
from yearly_measures($districts::varchar[], false)
order by year
