-- Share of communes meeting each criterion, per district, at each chosen phase's result year,
-- with the change since the previous chosen phase the district has data in: with $phases
-- [a, b], the rows of b carry the change from a to b. Optional: $districts, criteria $group;
-- $lowest: when there are more districts than that, only the $lowest districts whose mean over
-- the criteria in the last chosen phase, of the share or ($rank_by = 'change') of the change,
-- is lowest (ties by district code; districts without that mean are left out).
with cells as (
    select *, case when $rank_by::varchar = 'change' then change else share end as ranked
    from criterion_shares($districts::varchar[], true, $phases::varchar[], $group::integer)
),
kept as (
    select district_code
    from cells
    where phase_order = (select max(phase_order) from cells) and ranked is not null
    group by district_code
    order by avg(ranked), district_code
    limit $lowest::integer
)
select * exclude (ranked)
from cells
where $lowest::integer is null
    or (select count(distinct district_code) from cells) <= $lowest::integer
    or district_code in (select district_code from kept)
order by phase_order, district_code, group_id, criterion_id
