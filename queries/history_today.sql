-- History on today's units, per year, for today's units grouped with $districts (all when null):
-- a year before a unit began is read on the old units it was made of — the sum of their counts
-- (communes present, meeting the standard, advanced, model: each old unit's own recognitions; a
-- recognition never passes to the new unit) — and from its start on the unit itself. An old unit
-- split between new ones is named, not counted (split_parts, split_names): its part is not
-- guessed. Beside it, the same years on the units of the time (communes_then, meeting_then).
with parts as (
    select *
    from today_parts
    where $districts::varchar[] is null or list_contains($districts::varchar[], district_code)
),

units_today as (
    select distinct commune_code, from_year from parts
),

rows_before as (
    select y.year, p.commune_code as unit, p.part_name, p.mapping, y.meets_standard, l.level_rank
    from parts p
    join commune_year y on y.commune_code = p.part_code and y.year < p.from_year
    left join commune_level l on l.year = y.year and l.commune_code = y.commune_code
),

rows_since as (
    select y.year, t.commune_code as unit, null as part_name, 'self' as mapping, y.meets_standard, l.level_rank
    from units_today t
    join commune_year y on y.commune_code = t.commune_code and y.year >= t.from_year
    left join commune_level l on l.year = y.year and l.commune_code = y.commune_code
),

counted as (
    select
        year,
        count(distinct unit) as units,
        count(*) filter (where mapping <> 'partial') as communes,
        count(*) filter (where mapping <> 'partial' and meets_standard) as meeting,
        count(*) filter (where mapping <> 'partial' and level_rank >= 2) as advanced,
        count(*) filter (where mapping <> 'partial' and level_rank >= 3) as model,
        count(distinct part_name) filter (where mapping = 'partial') as split_parts,
        string_agg(distinct part_name, ', ' order by part_name) filter (where mapping = 'partial') as split_names,
        bool_or(mapping = 'self') as on_itself
    from (select * from rows_before union all select * from rows_since)
    group by year
)

select
    c.*,
    share_of(c.meeting, c.communes) as share_meeting,
    t.communes as communes_then,
    t.meeting as meeting_then,
    t.share_meeting as share_meeting_then
from counted c
left join yearly_measures($districts::varchar[], false) t on t.year = c.year
order by c.year
