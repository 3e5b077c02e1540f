"""What an upload of unit changes (a crosswalk of old units to new ones) is found to hold: the old
units split between several new ones, and the new codes that an old unit of another name bore —
said as warnings, for the analyst to check against the resolution. Runs in DuckDB over the rows
uploaded (``upload_rows``)."""
from __future__ import annotations

from .errors import Count, Problem

SHOWN = 5

SPLITS = """
-- Old units going into more than one new unit, with the new units' names.
select old_commune_code, any_value(old_name) as old_name,
       string_agg(distinct new_name, ', ' order by new_name) as new_names
from upload_rows
where new_commune_code is not null
group by old_commune_code
having count(distinct new_commune_code) > 1
order by old_commune_code
"""

REUSED = """
-- New codes that an old unit of another name bore (the prefix Xã / Phường / Thị trấn aside).
with named as (
    select distinct new_commune_code, new_name,
        regexp_replace(new_name, '^(Xã|Phường|Thị trấn)\\s+', '') as new_key
    from upload_rows
    where new_commune_code is not null
),
old as (
    select distinct old_commune_code, old_name,
        regexp_replace(old_name, '^(Xã|Phường|Thị trấn)\\s+', '') as old_key
    from upload_rows
)
select n.new_commune_code, n.new_name, o.old_name
from named n
join old o on o.old_commune_code = n.new_commune_code
where o.old_key <> n.new_key
order by n.new_commune_code
"""


def _examples(rows, make) -> str:
    shown = "; ".join(make(r) for r in rows[:SHOWN])
    return shown + (f" … (+{len(rows) - SHOWN})" if len(rows) > SHOWN else "")


UNRESOLVED = """
-- Old units whose new unit the upload does not give.
select old_commune_code, any_value(old_name) from upload_rows
group by old_commune_code
having count(new_commune_code) = 0
order by old_commune_code
"""


def unit_change_notices(cur) -> list[Problem]:
    """Warnings naming the splits, the reused codes and the old units without a new one that an
    upload of unit_changes holds."""
    out = []
    unresolved = cur.execute(UNRESOLVED).fetchall()
    if unresolved:
        out.append(Problem("units_unresolved", column="new_commune_code", params={
            "n": Count(len(unresolved)), "examples": _examples(unresolved, lambda r: f"{r[1]} ({r[0]})")}))
    splits = cur.execute(SPLITS).fetchall()
    if splits:
        out.append(Problem("units_split", column="old_commune_code", params={
            "n": Count(len(splits)), "examples": _examples(splits, lambda r: f"{r[1]} ({r[0]}) → {r[2]}")}))
    reused = cur.execute(REUSED).fetchall()
    if reused:
        out.append(Problem("codes_reused", column="new_commune_code", params={
            "n": Count(len(reused)), "examples": _examples(reused, lambda r: f"{r[0]}: {r[2]} → {r[1]}")}))
    return out
