"""Warnings about what an upload covers: years in no phase, communes missing from a year.

Both run in DuckDB over the upload's areas and years (``upload_areas``, made by the comparison
with the stored dataset: ~150,000 of a national file's 2,7 million rows) and the dataset as it
would be after the upload (``after_upload``), with the active version's dimensions beside them.
"""
from __future__ import annotations

from .errors import Count, Problem

SHOWN_NAMES = 5

YEARS_IN_NO_PHASE = """
-- Years of the upload that no phase covers, with the phases there are.
with phase_list as (
    select coalesce(string_agg(start_year || '–' || end_year, ', ' order by start_year), '–') as phases
    from phases
)
select u.year, any_value(l.phases) as phases
from (select distinct year from upload_areas) u, phase_list l
where not exists (select 1 from phases p where u.year between p.start_year and p.end_year)
group by u.year
order by u.year
"""

COMMUNES_MISSING = """
-- District-years the upload touches.
with uploaded as (
    select distinct u.year, c.district_code
    from upload_communes u
    join units c on c.commune_code = u.commune_code and u.year between c.from_year and c.to_year
),
-- Communes with any result, by year, once the upload is in.
present as (
    select a.year, c.district_code, a.commune_code
    from after_communes a
    join units c on c.commune_code = a.commune_code and a.year between c.from_year and c.to_year
),
-- The district's nearest other year with results: the latest before, else the earliest after.
reference as (
    select u.year, u.district_code,
           coalesce(max(p.year) filter (where p.year < u.year), min(p.year) filter (where p.year > u.year)) as ref_year
    from uploaded u
    left join (select distinct district_code, year from present) p
           on p.district_code = u.district_code and p.year <> u.year
    group by u.year, u.district_code
),
-- Each commune's last year with results, and each district's.
last_years as (
    select commune_code, max(year) as last_year from present group by commune_code
),
district_last as (
    select district_code, max(year) as last_year from present group by district_code
),
-- Communes expected in the year: those with results in the reference year or in the year itself;
-- every commune of the district when it has no other year. A commune whose results stop before
-- the year while its district reports later years has left the programme: not expected.
expected as (
    select r.year, r.district_code, c.commune_code, c.commune_name
    from reference r
    join units c on c.district_code = r.district_code and r.year between c.from_year and c.to_year
    left join last_years l on l.commune_code = c.commune_code
    join district_last dl on dl.district_code = r.district_code
    where (r.ref_year is null
           or exists (select 1 from present p
                      where p.commune_code = c.commune_code and p.year in (r.year, r.ref_year)))
      and not (coalesce(l.last_year, 0) < r.year and dl.last_year > r.year)
)
select e.year,
       any_value(d.district_name) as district,
       count(p.commune_code) as reported,
       count(*) as expected,
       list(e.commune_name order by e.commune_name) filter (where p.commune_code is null) as missing
from expected e
left join present p on p.year = e.year and p.commune_code = e.commune_code
join districts d on d.district_code = e.district_code
group by e.year, e.district_code
having count(p.commune_code) < count(*)
order by e.year, district
"""


def _ranges(years: list[int]) -> str:
    """2021, 2023–2025: sorted years with runs written as ranges."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_NAMES])
    return shown + (f" … (+{len(names) - SHOWN_NAMES})" if len(names) > SHOWN_NAMES else "")


def coverage_warnings(cur, dataset: str, replace: bool = False) -> list[Problem]:
    """Warnings for a fact upload: the years in no phase (one warning); each district-year of criteria results
    with fewer communes than the district has (5/14 xã của Huyện Võ Nhai). `replace`: the dataset
    after the upload is the upload."""
    if dataset not in ("criteria_status", "indicator_values"):
        return []
    outside = cur.execute(YEARS_IN_NO_PHASE).fetchall()
    warnings = []
    if outside:
        years = _ranges([year for year, _ in outside])
        warnings.append(Problem("year_no_phase", column="year", value=years,
                                params={"year": years, "phases": outside[0][1]}))
    if dataset == "criteria_status":
        cur.execute("create or replace temp view upload_communes as select year, commune_code from upload_areas")
        cur.execute("create or replace temp view after_communes as "
                    + ("select * from upload_communes" if replace else
                       "select distinct year, commune_code from after_upload"))
        for year, district, reported, expected, missing in cur.execute(COMMUNES_MISSING).fetchall():
            warnings.append(Problem("partial_year", column="commune_code", value=f"{reported}/{expected}",
                                    params={"year": year, "district": district, "reported": Count(reported),
                                            "expected": Count(expected), "missing": _names(missing or [])}))
    return warnings
