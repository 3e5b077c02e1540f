-- The years with criteria status data.
select distinct year from commune_year order by year
