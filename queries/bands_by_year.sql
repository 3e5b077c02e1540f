-- Communes per band of criteria met (1 = all, 2 = 15–18, 3 = 10–14, 4 = 5–9, 5 = under 5),
-- per year, with each band's share of the communes present that year; years of a set without
-- bands (not of 19 criteria) are left out.
with scoped as (
    select *
    from commune_year
    where ($districts::varchar[] is null or list_contains($districts::varchar[], district_code))
        and band is not null and home
),

bands as (
    select unnest([1, 2, 3, 4, 5]) as band
),

years as (
    select year, count(*) as communes from scoped group by year
),

counted as (
    select year, band, count(*) as n from scoped group by year, band
)

select
    y.year,
    b.band,
    coalesce(c.n, 0) as communes,
    share_of(coalesce(c.n, 0), y.communes) as share
from years y
cross join bands b
left join counted c on c.year = y.year and c.band = b.band
order by y.year, b.band
