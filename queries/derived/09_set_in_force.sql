-- The criteria set in force in year y: the set the year's phase names (the latest-starting phase
-- holding the year); for a year after every phase holding it, the set of the latest phase begun
-- before it (in force until another is decided); else '' (the criteria with no set named). The
-- one definition of it: the yearly tables, the forms and the checks of an upload all read this.
create macro set_in_force(y) as coalesce((
    select coalesce(p.criteria_set, '')
    from phases p
    where p.start_year <= y
    order by (y <= p.end_year) desc, p.start_year desc, p.phase_id
    limit 1
), '')
