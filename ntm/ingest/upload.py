"""Dry run and commit of one dataset file against the active version."""
from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from ..schema import DATASETS, DUCKDB_TYPES, LOAD_ORDER, ident
from ..store import DamagedVersion, NoChange, Store, Version, canonical_parquet, load_database
from . import arrays
from .coverage import coverage_warnings
from .errors import Count, Phrase, Problem, Refused
from .limits import MAX_FILENAME_BYTES, MAX_LISTED_WARNINGS
from .forms import FORM_DATASETS, Options, Places, read_form
from .read import read_table
from .workbook import kind as workbook_kind, read_sheets
from .unit_changes import unit_change_notices
from .validate import MAX_LISTED, References, check, match_header

_KIND_LABEL = {"xlsx": "XLSX", "xls": "XLS (Excel 97–2003)", "ods": "ODS (LibreOffice)", "text": "CSV"}

JUMP = 5.0  # a value more than 5× (or under 1/5 of) the previous year's is flagged


@dataclass
class Report:
    dataset: str
    mode: str
    filename: str
    size: int
    sha256: str
    encoding: str = ""
    separator: str | None = None
    rows_total: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    refused: Problem | None = None
    no_change: bool = False  # accepted, but the result equals the active version: nothing stored
    form: dict | None = None  # how an office's form was read (see ingest.forms), None for a long table
    # What will change (see `preview`): an Arrow table for a fact dataset, else a pandas frame.
    _preview: object = field(default=None, repr=False, compare=False)

    @property
    def preview(self):
        """What will change, as a pandas DataFrame (made when first asked for)."""
        import pandas as pd

        if self._preview is None:
            self._preview = pd.DataFrame()
        elif not isinstance(self._preview, pd.DataFrame):
            self._preview = self._preview.to_pandas()
        return self._preview

    def _preview_records(self) -> list[dict]:
        rows = self._preview
        if rows is None or not len(rows):
            return []
        if isinstance(rows, pa.Table):  # text and whole numbers only (district, year, new, changed)
            return rows.to_pylist()
        return json.loads(rows.to_json(orient="records", force_ascii=False))

    @property
    def accepted(self) -> bool:
        return self.refused is None and not self.problems

    def to_dict(self, lang: str = "vi") -> dict:
        return {
            "dataset": self.dataset, "mode": self.mode, "file": self.filename, "size": self.size,
            "sha256": self.sha256, "encoding": self.encoding, "separator": self.separator,
            "accepted": self.accepted, "refused": self.refused.message(lang) if self.refused else None,
            "rows": self.rows_total, "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
            "removed": self.removed, "rejected": self.rejected,
            "problems": [p.as_dict(lang) for p in self.problems],
            "warnings": [w.as_dict(lang) for w in self.warnings],
            "preview": self._preview_records(),
            **({"form": self.form} if self.form is not None else {}),
        }


def references(con) -> References:
    """Codes and names of the active version an upload may refer to."""
    rows = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    return References(
        districts=dict(rows("select district_code, district_name from districts")),
        communes=dict(rows("select commune_code, commune_name from communes")),
        criteria=set(int(x) for x, in rows("select criterion_id from criteria")),
        **_dated_references(con),
        indicators={i: (level, unit) for i, level, unit in rows("select indicator_id, level, unit from indicators")},
        **_published_references(con),
    )


def _dated_references(con) -> dict:
    """The criteria sets and the years each set and each commune code is in force (a code read
    with its year), when the upload's database derived them."""
    from ..schema import YEAR_MAX, YEAR_MIN

    tables = {name for name, in con.execute("select table_name from duckdb_tables()").fetchall()}
    if "set_criteria" not in tables:
        return {}
    rows = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    set_criteria: dict[str, set[int]] = {}
    for sid, cid in rows("select set_id, criterion_id from set_criteria"):
        set_criteria.setdefault(sid, set()).add(int(cid))
    unit_years: dict[str, list[tuple[int, int]]] = {}
    for code, a, b in rows("select commune_code, from_year, to_year from units order by from_year"):
        unit_years.setdefault(code, []).append((int(a), int(b)))
    sets = rows(f"select y, set_in_force(y) from range({YEAR_MIN}, {YEAR_MAX + 1}) t(y)")
    return {"criteria_sets": {s for s, in rows("select set_id from criteria_sets")}, "set_criteria": set_criteria,
            "year_sets": {int(y): s for y, s in sets}, "unit_years": unit_years}


def _published_references(con) -> dict:
    """The provinces (the dashboard's own first) and the published measures, when loaded."""
    from ..i18n import province
    from ..schema import province_code

    tables = {name for name, in con.execute("select table_name from duckdb_tables()").fetchall()}
    p = con.execute("select province_code, province_name from provinces").fetchall() if "provinces" in tables else []
    m = (con.execute("select measure_id, coalesce(unit, '') from published_measures").fetchall()
         if "published_measures" in tables else [])
    provinces = {province_code(): province()}
    provinces.update({c: n for c, n in p if c not in provinces})
    return {"provinces": provinces, "measures": dict(m)}


@dataclass(frozen=True)
class _Figure(Phrase):
    """A published value ("figure") or date ("as_of") in a message, written the reader's way."""

    def text(self, lang: str) -> str:
        from ..published import as_of_label, fmt_figure

        if self.key == "as_of":
            return as_of_label(self.params["value"], lang)
        return fmt_figure(self.params["value"], lang, self.params.get("unit"))


def _share_warnings(result: pd.DataFrame, con, checked) -> list[Problem]:
    """Uploaded published percentages that disagree with their own counts (same area and date)
    beyond the percentage's rounding, named by row."""
    from ..published import COUNTRY_CODE, COUNTRY_NAME, share_mismatches

    measures = con.table("published_measures").df()
    found = share_mismatches(result, measures)
    if found.empty:
        return []
    keys = ["as_of", "area_code", "measure", "source"]
    rows = {tuple(k): int(n) for k, n in zip(checked.frame[keys].itertuples(index=False), checked.rows)}
    refs = references(con)
    areas = {COUNTRY_CODE: COUNTRY_NAME, **{c: f"Tỉnh {n}" for c, n in refs.provinces.items()}, **refs.districts,
             **refs.communes}
    names = dict(zip(measures["measure_id"], measures["name_vi"]))
    warnings = []
    for r in found.itertuples():
        row = rows.get((r.as_of, r.area_code, r.measure, r.source))
        if row is None and not any(k[:2] == (r.as_of, r.area_code) for k in rows):
            continue  # a disagreement already stored: nothing of this area and date in the upload
        warnings.append(Problem("share_counts", row=row, column="value", value=f"{r.value:g}", params={
            "measure": names.get(r.measure, r.measure), "area": areas.get(r.area_code, r.area_code),
            "as_of": _Figure("as_of", {"value": r.as_of}), "value": _Figure("figure", {"value": r.value, "unit": "%"}),
            "n": _Figure("figure", {"value": r.n}), "d": _Figure("figure", {"value": r.d}),
            "expected": _Figure("figure", {"value": round(r.expected, 2), "unit": "%"})}))
    return warnings[:MAX_LISTED]


def _same_key(ds) -> str:
    """Rows u (the upload) and e (stored) with the same key; a key column may be blank (null)."""
    return " and ".join(f"u.{ident(k)} is not distinct from e.{ident(k)}" for k in ds.key)


def _compared(dataset: str) -> str:
    """Each row of `upload_rows` beside the stored dataset: the row with is_new / is_changed."""
    ds = DATASETS[dataset]
    on = _same_key(ds)
    differs = " or ".join(f"u.{ident(c)} is distinct from e.{ident(c)}" for c in ds.column_names
                          if c not in ds.key) or "false"
    # A stored row found by its key (a key column may itself be blank, so a marker says it).
    return (f"select u.*, e._found is null as is_new, (e._found is not null and ({differs})) as is_changed "
            f"from upload_rows u left join (select *, true as _found from {ident(dataset)}) e on {on}")


def _compare(cur, dataset: str):
    """Compare the upload with the stored dataset once: (new rows, changed rows, preview).

    The preview of a fact dataset counts new and changed rows by district and year (an Arrow
    table; the totals are its sums); a dimension's is its first 200 new or changed rows."""
    if dataset in ("criteria_status", "indicator_values"):
        code = ident("commune_code" if dataset == "criteria_status" else "area_code")
        # Every row counted once by area and year (temp table `upload_areas`: ~150,000 groups of a
        # national file's 2,7 million rows); the preview sums them by district, the coverage
        # warnings read the areas and years.
        cur.execute(f"create temp table upload_areas as select {code}, year, count(*) filter (where is_new) as new, "
                    f"count(*) filter (where is_changed) as changed from ({_compared(dataset)}) group by all")
        preview = cur.sql(
            f"select coalesce(d.district_name, t.{code}) as district, t.year, "
            f"sum(t.new)::bigint as new, sum(t.changed)::bigint as changed "
            f"from upload_areas t left join communes c on c.commune_code = t.{code} "
            f"left join districts d on d.district_code = coalesce(c.district_code, t.{code}) "
            f"where t.new > 0 or t.changed > 0 "
            f"group by all order by district, t.year").to_arrow_table()
        return sum(preview["new"].to_pylist()), sum(preview["changed"].to_pylist()), preview
    cur.execute(f"create temp table compared as {_compared(dataset)}")
    new, changed = cur.execute("select count(*) filter (where is_new), count(*) filter (where is_changed) "
                               "from compared").fetchall()[0]
    rows = cur.sql("select * from compared where is_new or is_changed limit 200").df().drop(
        columns=["is_new", "is_changed"])
    # A boundary's geometry is shown (and kept in the version's report) by its start only.
    return int(new), int(changed), rows.map(lambda v: v[:120] + "…" if isinstance(v, str) and len(v) > 120 else v)


def _result(cur, dataset: str, mode: str):
    """The dataset after the upload, as a DuckDB relation in canonical column order."""
    ds = DATASETS[dataset]
    cols = ", ".join(f"{ident(c)}::integer as {ident(c)}" if ds.column(c).type == "bool" else ident(c)
                     for c in ds.column_names)
    if mode == "replace":
        return cur.sql(f"select {cols} from upload_rows")
    return cur.sql(f"select {cols} from (select * from {ident(dataset)} e anti join upload_rows u on {_same_key(ds)} "
                   f"union all by name select * from upload_rows)")


def _integrity(dataset: str, result: pd.DataFrame, con) -> list[Problem]:
    """Rows of other datasets that would point at something the new dataset no longer has."""
    problems = []
    for other in LOAD_ORDER:
        for col in DATASETS[other].columns:
            if col.references and col.references.split(".")[0] == dataset:
                target = col.references.split(".")[1]
                values = con.table(other).df()[col.name].dropna()
                missing = sorted(set(values) - set(result[target].dropna()), key=str)
                if missing:
                    problems.append(Problem("orphans", column=target, value=", ".join(map(str, missing[:10])),
                                            params={"dataset": other, "n": len(missing)}))
    return problems


def _recoded(cur, dataset: str) -> list[Problem]:
    """An error when most of a dimension would come in as new units bearing existing units' names
    under other codes (codes re-typed, or stripped of their zeros where no width restores them)."""
    from .values import name_key

    ds = DATASETS[dataset]
    name = next((c.name for c in ds.columns if c.name.endswith("_name")), None)
    if name is None:
        return []
    key = ds.key[0]  # the code (a unit's key may add its start date)
    # A unit given a start date is declared new (a reorganisation may reuse old names under new
    # codes): only units without one are compared.
    dated = " and valid_from is null" if "valid_from" in ds.column_names else ""
    existing = cur.execute(f"select {ident(key)}, {ident(name)} from {ident(dataset)} where true{dated}").fetchall()
    new = cur.execute(f"select {ident(key)}, {ident(name)} from compared where is_new{dated}").fetchall()
    if not existing or len(new) * 2 < len(existing):
        return []
    by_name = {name_key(str(n)): c for c, n in existing if n}
    hits = [(c, n, by_name[name_key(str(n))]) for c, n in new if n and by_name.get(name_key(str(n))) not in (None, c)]
    if len(hits) * 2 <= len(new):
        return []
    examples = ", ".join(f"{n}: {old} → {c}" for c, n, old in hits[:3])
    return [Problem("recoded_units", column=key, params={"n": Count(len(hits)), "new": Count(len(new)),
                                                         "examples": examples})]


def _jumps(dataset: str, result: pd.DataFrame, upload_keys: pd.DataFrame) -> list[Problem]:
    """Warnings for uploaded indicator values far from the same area's previous year."""
    if dataset != "indicator_values" or result.empty:
        return []
    r = result.sort_values("year").copy()
    groups = r.groupby(["area_code", "indicator_id"])
    r["previous"], r["previous_year"] = groups["value"].shift(1), groups["year"].shift(1)
    ratio = r["value"] / r["previous"]
    flagged = r[((ratio > JUMP) | (ratio < 1 / JUMP)) & (r["previous"] > 0) & (r["previous_year"] == r["year"] - 1)]
    flagged = flagged.merge(upload_keys, on=["year", "area_code", "indicator_id"])
    return [Problem("jump", column="value", value=f"{v:g}",
                    params={"area": a, "indicator": i, "year": int(y), "previous": f"{p:g}"})
            for a, i, y, v, p in zip(flagged["area_code"], flagged["indicator_id"], flagged["year"],
                                     flagged["value"], flagged["previous"])][:MAX_LISTED]


def filename_problem(filename: str) -> Problem | None:
    """Why an upload's file name cannot be kept beside its version (it becomes a path there), or None."""
    if not isinstance(filename, str) or filename.strip(" .") == "":
        reason = Phrase("ingest.filename.empty")
    elif any(ch in "/\\" or unicodedata.category(ch) in ("Cc", "Cs") for ch in filename):
        reason = Phrase("ingest.filename.encoding" if any(unicodedata.category(ch) == "Cs" for ch in filename)
                        else "ingest.filename.chars")
    elif len(filename.encode("utf-8")) > MAX_FILENAME_BYTES:
        reason = Phrase("ingest.filename.long", {"n": Count(len(filename.encode("utf-8"))),
                                                 "max": Count(MAX_FILENAME_BYTES)})
    else:
        return None
    shown = filename[:80].encode("utf-8", "replace").decode("utf-8", "replace") if isinstance(filename, str) else ""
    return Problem("bad_filename", value=repr(shown), params={"reason": reason})


def _capped(warnings: list[Problem]) -> list[Problem]:
    """The first MAX_LISTED_WARNINGS warnings and a line counting the rest."""
    if len(warnings) <= MAX_LISTED_WARNINGS:
        return warnings
    return warnings[:MAX_LISTED_WARNINGS] + [Problem("more_warnings",
                                                     params={"n": Count(len(warnings) - MAX_LISTED_WARNINGS)})]


def prepare(store: Store, dataset: str, data: bytes, filename: str, mode: str = "merge",
            sheet: str | None = None, version: Version | None = None, form: Options | None = None):
    """Check a file against the active version: (report, resulting dataset relation or None).
    `form` answers what an office's form may leave open (its year, a saved profile)."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown dataset: {dataset}")
    if mode not in ("merge", "replace"):
        raise ValueError(f"unknown mode: {mode}")
    report = Report(dataset, mode, filename, len(data), hashlib.sha256(data).hexdigest())
    return report, _prepare(report, store, dataset, data, filename, mode, sheet, version, form or Options())


# What a dataset's upload is found to hold, by name (`Dataset.notices`): each reads `upload_rows`.
NOTICES = {"unit_change_notices": unit_change_notices}


def _places(con) -> Places:
    rows = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    names = rows("select criterion_id, name_vi from set_criteria order by set_id desc")
    dated = _dated_references(con)  # the set in force each year, read once for the checks too
    sizes = [(y, len(dated["set_criteria"].get(s, ()))) for y, s in dated["year_sets"].items()]
    return Places(dict(rows("select district_code, district_name from districts")),
                  dict(rows("select commune_code, commune_name from communes")),
                  dict(rows("select commune_code, district_code from communes")),
                  {int(i): n for i, n in names},
                  other_names=tuple((int(i), n) for i, n in names), set_sizes={int(y): int(n) for y, n in sizes},
                  units=tuple((c, n, d, int(a), int(b)) for c, n, d, a, b in rows(
                      "select commune_code, commune_name, district_code, from_year, to_year from units where home")))


def _read_form(report: Report, sheets, dataset: str, con, options: Options):
    """An office's form as a Table; how it was read goes in the report."""
    reading = read_form(sheets, dataset, _places(con), options)
    report.form = reading.to_dict()
    report.problems += reading.problems
    report.warnings += reading.warnings
    return reading.table


def _prepare(report: Report, store: Store, dataset: str, data: bytes, filename: str, mode: str, sheet: str | None,
             version: Version | None, options: Options):
    """The checks of `prepare`, filling `report`: the resulting dataset as a relation, or None."""
    report.refused = filename_problem(filename)
    if report.refused:
        return None
    version = version or store.active()
    # The lists an upload may refer to, the dataset itself, and (for a dimension) the datasets
    # that refer to it.
    needed = {"districts", "communes", "criteria_sets", "criteria", "indicators", "phases", "provinces",
              "published_measures", dataset}
    if DATASETS[dataset].kind == "dimension":
        needed |= {d for d in LOAD_ORDER for c in DATASETS[d].columns
                   if c.references and c.references.startswith(dataset + ".")}
    con = None
    try:
        kind = workbook_kind(data)
        if kind in ("xls", "ods"):  # read whole, sheet by sheet: a long table in its first sheet, or a form
            sheets = read_sheets(data, sheet)
            is_form = dataset in FORM_DATASETS and len(match_header(DATASETS[dataset], sheets[0].rows[0][1] if
                                                                    sheets[0].rows else [])[0]) < 2
            table = None if is_form else sheets[0].as_table()
        else:
            table = read_table(data, filename, sheet, dataset)
            # A long table with a column missing names the column; a form's first row names none of them.
            is_form = dataset in FORM_DATASETS and len(match_header(DATASETS[dataset], table.header)[0]) < 2
            sheets = read_sheets(data, sheet) if is_form else None
        if is_form:
            con = load_database(version, [d for d in LOAD_ORDER if d in needed])
            table = _read_form(report, sheets, dataset, con, options)
    except Refused as exc:
        report.refused = exc.problem
        return None
    report.encoding, report.separator = table.encoding or _KIND_LABEL[workbook_kind(data)], table.separator
    if report.form is not None and not table.n_rows and report.problems:
        return None  # nothing read from the form: its own problems say why (not "header only")
    con = con or load_database(version, [d for d in LOAD_ORDER if d in needed])
    try:
        checked = check(dataset, table, references(con))
    except Refused as exc:
        report.refused = exc.problem
        return None
    if report.form is not None and report.problems:  # the form's own problems come first; nothing is kept
        checked.problems = report.problems + checked.problems
        checked.problem_count += len(report.problems)
        checked.warnings = report.warnings + checked.warnings
        report.problems, report.warnings = [], []
    elif report.form is not None:
        checked.warnings = report.warnings + checked.warnings
        report.warnings = []
    del table  # the file's text is no longer needed
    arrays.release()
    report.rows_total, report.warnings = checked.rows_total, checked.warnings
    report.problems = checked.problems
    kept = len(checked.frame)
    report.rejected = checked.rows_total - kept
    if checked.problem_count > len(checked.problems):
        report.problems.append(Problem("more_problems", params={"n": checked.problem_count - len(checked.problems)}))
    cur = con.cursor()
    # The checked rows, stored once with the dataset's own column types (a column pandas left
    # untyped, as when every row was refused, would otherwise reach DuckDB as DOUBLE).
    cur.register("upload_frame", checked.frame)
    ds = DATASETS[dataset]
    cur.execute("create temp table upload_rows as select " + ", ".join(
        f"cast({ident(c.name)} as {DUCKDB_TYPES[c.type]}) as {ident(c.name)}" for c in ds.columns)
        + " from upload_frame")
    cur.unregister("upload_frame")
    if isinstance(checked.frame, pa.Table):  # held once, in DuckDB, from here on
        checked.frame = None
    report.new, report.changed, report._preview = _compare(cur, dataset)
    report.unchanged = kept - report.new - report.changed
    result = _result(cur, dataset, mode)
    if mode == "replace" and cur.execute(f"select count(*) from {ident(dataset)}").fetchall()[0][0]:
        report.removed = cur.execute(f"select count(*) from {ident(dataset)} e anti join upload_rows u on "
                                     f"{_same_key(DATASETS[dataset])}").fetchall()[0][0]
    if DATASETS[dataset].kind == "dimension":
        report.problems += _integrity(dataset, result.df(), con) + _recoded(cur, dataset)
    if dataset == "published_figures":
        report.warnings += _share_warnings(result.df(), con, checked)
    if dataset == "indicator_values" and checked.frame is not None:
        report.warnings += _jumps(dataset, result.df(), checked.frame[list(DATASETS[dataset].key)])
    for notice in DATASETS[dataset].notices:
        report.warnings += NOTICES[notice](cur)
    if DATASETS[dataset].kind == "fact":
        result.create_view("after_upload", replace=True)
        report.warnings += coverage_warnings(cur, dataset, replace=mode == "replace")
    report.warnings = _capped(report.warnings)
    return result if report.accepted else None


def dry_run(store: Store, dataset: str, data: bytes, filename: str, mode: str = "merge",
            sheet: str | None = None, form: Options | None = None) -> Report:
    return prepare(store, dataset, data, filename, mode, sheet, form=form)[0]


def commit(store: Store, dataset: str, data: bytes, filename: str, author: str, mode: str = "merge",
           sheet: str | None = None, form: Options | None = None) -> tuple[Report, Version | None]:
    """Check the file again under the store's lock and, if accepted, store it as a new version."""
    with store.lock():
        active = store.active()
        report, result = prepare(store, dataset, data, filename, mode, sheet, version=active, form=form)
        if result is None:
            return report, None
        if report.new == report.changed == report.removed == 0:  # every row already stored as it is
            report.no_change = True
            return report, None
        files = store.dataset_files(active)
        files[dataset] = canonical_parquet(dataset, result)  # the stored form, written once
        meta = {"upload": {"dataset": dataset, "mode": mode, "file": filename, "sha256": report.sha256,
                           "report": report.to_dict("vi")}}
        # Merging into sample rows keeps them illustrative; replacing a dataset makes it real.
        illustrative = [d for d in store.illustrative(active.id) if not (mode == "replace" and d == dataset)]
        original = f"upload/{Path(filename).name or 'upload'}"
        try:
            version = store.add_version(files, author=author, source="upload", illustrative=illustrative,
                                        note=f"{dataset} · {filename}", extra=meta, attachments={original: data},
                                        digests={original: report.sha256})
        except NoChange:
            report.no_change = True
            return report, None
        return report, version


def restore(store: Store, version_id: str, author: str) -> Version:
    """Make an earlier version active again, recorded as a new version (nothing is deleted)."""
    with store.lock():
        problems = store.verify(version_id)
        if problems:
            raise DamagedVersion(version_id, problems)
        old = store.version(version_id)
        files = store.dataset_files(old)
        return store.add_version(files, author=author, source="restore",
                                   note=f"Khôi phục phiên bản {int(version_id)}",
                                   illustrative=store.illustrative(version_id),
                                   extra={"restored_from": version_id})
