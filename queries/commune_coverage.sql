-- Which communes of $district report in $year, against the district's previous year with data:
-- how many reported then and now, and the communes that reported then but not now (data not
-- yet complete, or communes that left the programme). One row.
with district_communes as (
    select commune_code, commune_name
    from units
    where district_code = $district and $year::integer between from_year and to_year
),

reported as (  -- the same units: a year before they began has none of them
    select distinct s.year, s.commune_code
    from commune_year s
    semi join district_communes d on d.commune_code = s.commune_code
    semi join units u on u.commune_code = s.commune_code and s.year between u.from_year and u.to_year
        and $year::integer between u.from_year and u.to_year
),

previous_year as (
    select max(year) as year from reported where year < $year
),

now as (
    select commune_code from reported where year = $year
),

before as (
    select r.commune_code from reported r join previous_year p on r.year = p.year
),

missing as (
    select d.commune_name
    from before b
    join district_communes d using (commune_code)
    anti join now n using (commune_code)
)

select
    (select count(*) from now) as reported,
    (select count(*) from district_communes) as listed,
    (select year from previous_year) as previous_year,
    (select count(*) from before) as reported_before,
    (select count(*) from missing) as missing,
    (select list(commune_name order by commune_name) from missing) as missing_names
