-- The formulas every measure uses, defined once (scalar macros, expanded where they are used).
-- share_of: a part over its whole (communes meeting / communes present; criteria met / communes
-- gives the average); null when the whole is empty.
create macro share_of(part, whole) as part / nullif(whole, 0);

-- rolled_up: an indicator's values over several areas in one year (communes to a district,
-- districts to a selection): summed, or averaged for indicators that aggregate as a mean.
create macro rolled_up(aggregation, value) as
    case when aggregation = 'mean' then avg(value) else sum(value) end;

-- over_phase: an indicator's yearly values over a phase: the sum of the years (flows), their
-- mean (rates) or the value of the last year with data (stocks).
create macro over_phase(aggregation, value, year) as
    case aggregation
        when 'sum' then sum(value)
        when 'mean' then avg(value)
        else arg_max(value, year)
    end;

-- since_previous: the change of a phase's value from the previous phase with a value among the
-- phases a query covers (the chosen phases), within each area (and criterion or indicator).
create macro since_previous(value, area, phase_order) as
    value - lag(value ignore nulls) over (partition by area order by phase_order);
