"""A parsed table checked against its dataset's schema → typed rows, problems and warnings.

Each distinct text of a column is parsed once and mapped back, so a national-scale file
with millions of rows and few distinct values per column validates quickly: rows stay NumPy
indices into their column's distinct texts, duplicate keys are found on integer codes of the
parsed values, and the rows that pass become an Arrow table (a pandas frame only for the
datasets whose rules read several columns of a row: their schema's frame_rules).
"""
from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ..schema import DATASETS, YEAR_MAX, YEAR_MIN, Dataset
from .errors import Count, Problem, Refused
from .limits import MAX_LISTED_EXTRA_COLUMNS
from .read import Table, clean
from . import arrays as arrays_, geojson
from .values import decimal_comma, fold, name_key, parse_bool, parse_number

MAX_LISTED = 500  # problems listed in a report (all are counted)
MAX_MAGNITUDE = 1e12  # no indicator of the programme comes near this in any unit
UNIT_MAXIMUM = {"%": 100.0}
INT32_MAX = 2**31 - 1
# A byte-order mark read as text by a program that took UTF-8 for Windows-1252 (LibreOffice's
# default CSV import): "ï»¿year" is the header "year".
_BOM_AS_TEXT = re.compile("^(?:\ufeff|\u00ef\u00bb\u00bf|\u00c3\u00af\u00c2\u00bb\u00c2\u00bf)+")
ARROW_TYPES = {"text": pa.string(), "int": pa.int32(), "float": pa.float64(), "bool": pa.bool_()}


@dataclass
class References:
    """The codes and names an upload may refer to (from the active version)."""
    districts: dict[str, str] = field(default_factory=dict)     # code -> name
    communes: dict[str, str] = field(default_factory=dict)      # code -> name
    criteria: set[int] = field(default_factory=set)             # criterion numbers of any set
    criteria_sets: set[str] = field(default_factory=set)
    set_criteria: dict[str, set[int]] = field(default_factory=dict)  # set ('' = no set named) -> criteria
    year_sets: dict[int, str] = field(default_factory=dict)     # year -> the set in force (set_in_force)
    unit_years: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # code -> years it is read on
    indicators: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (level, unit)
    provinces: dict[str, str] = field(default_factory=dict)     # code -> name, the dashboard's own first
    measures: dict[str, str] = field(default_factory=dict)      # published measure id -> unit
    _resolvers: dict = field(default_factory=dict, repr=False)

    def year_set(self, year: int) -> str:
        """The criteria set in force in a year (the derived macro set_in_force, read once)."""
        return self.year_sets.get(year, "")

    def resolve(self, kind: str, text: str):
        """(code, None) or (None, (problem code, params)) for a district or commune code or name
        (kind "areas": the country, a province, a district or a commune)."""
        if kind not in self._resolvers:
            self._resolvers[kind] = (_AreaResolver(self) if kind == "areas" else
                                     _Resolver(self.districts if kind == "districts" else self.communes))
        return self._resolvers[kind](text)


@dataclass
class Checked:
    # Typed rows that passed, in the dataset's columns: an Arrow table, or a pandas frame for a
    # dataset checked by frame rules (its schema's frame_rules).
    frame: "pa.Table | pd.DataFrame"
    problems: list[Problem]
    warnings: list[Problem]
    problem_count: int
    rows_total: int
    rows: np.ndarray | None = None  # the file's row number of each row of `frame` (a pandas frame)


class _Resolver:
    """Code or name → code, for districts or communes, with the closest names on a miss."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    @functools.cached_property
    def by_key(self) -> dict[str, list[str]]:
        """Codes by name as matched (made when a text is not a code: ~9,000 names nationally)."""
        by_key: dict[str, list[str]] = {}
        for code, name in self.names.items():
            by_key.setdefault(name_key(name), []).append(code)
        return by_key

    @functools.cached_property
    def widths(self) -> list[int]:
        return sorted({len(c) for c in self.names if c.isdigit()})

    def __call__(self, text: str):
        if text in self.names:
            return text, None
        if text.isdigit():
            for w in self.widths:  # a code whose leading zeros a spreadsheet dropped
                if text.zfill(w) in self.names:
                    return text.zfill(w), None
        codes = self.by_key.get(name_key(text), [])
        if len(codes) == 1:
            return codes[0], None
        if len(codes) > 1:
            return None, ("ambiguous_name", {"codes": ", ".join(sorted(codes))})
        close = difflib.get_close_matches(name_key(text), list(self.by_key), n=3, cutoff=0.6)
        suggestions = ", ".join(self.names[self.by_key[k][0]] for k in close)
        return None, ("unknown_name", {"suggestions": suggestions or "–"})


class _AreaResolver(_Resolver):
    """Code or name → code among the country (VN), the provinces, the districts and the communes.
    A name written in full is matched first ("Thái Nguyên" is the province, "Thành phố Thái
    Nguyên" the city), then without its prefix ("TP Thái Nguyên"); a province also as "Tỉnh …"."""

    def __init__(self, refs: References):
        from ..published import COUNTRY_ALIASES, COUNTRY_CODE, COUNTRY_NAME

        names = {COUNTRY_CODE: COUNTRY_NAME, **{c: f"Tỉnh {n}" for c, n in refs.provinces.items()},
                 **refs.districts, **refs.communes}
        super().__init__(names)
        self.upper = {c.upper(): c for c in names}
        self.exact: dict[str, set[str]] = {}
        aliases = [(COUNTRY_CODE, a) for a in COUNTRY_ALIASES] + list(refs.provinces.items()) + list(names.items())
        for code, name in aliases:
            self.exact.setdefault(_full_key(name), set()).add(code)

    def __call__(self, text: str):
        if text.upper() in self.upper:
            return self.upper[text.upper()], None
        codes = self.exact.get(_full_key(text), set())
        if len(codes) == 1:
            return next(iter(codes)), None
        return super().__call__(text)


def _full_key(name: str) -> str:
    """A name for matching as written in full: case-folded, the same for NFC and NFD text and for
    the old and new placement of tone marks, its prefix kept."""
    import unicodedata

    from .values import _syllable_key

    return " ".join(_syllable_key(w) for w in unicodedata.normalize("NFC", name).casefold().split())


def match_header(ds: Dataset, header: list[str]) -> tuple[dict[str, int], list[Problem], list[Problem]]:
    """Schema column → position in the file, matched on name or Vietnamese/English label."""
    wanted = {}
    for col in ds.columns:
        for alias in (col.name, col.label_vi, col.label_en, *col.aliases):
            wanted.setdefault(fold(alias), col.name)
    positions: dict[str, int] = {}
    problems, warnings = [], []
    extra = 0
    for i, cell in enumerate(header):
        cell = _BOM_AS_TEXT.sub("", cell) if i == 0 else cell
        name = wanted.get(fold(cell))
        if name is None:
            if cell:
                extra += 1
                if extra <= MAX_LISTED_EXTRA_COLUMNS:
                    warnings.append(Problem("extra_column", row=1, column=cell, value=cell))
            continue
        if name in positions:
            problems.append(Problem("duplicate_column", row=1, column=cell, value=cell, params={"column": name}))
            continue
        positions[name] = i
    if extra > MAX_LISTED_EXTRA_COLUMNS:
        warnings.append(Problem("more_extra_columns", row=1, params={"n": Count(extra - MAX_LISTED_EXTRA_COLUMNS)}))
    for col in ds.columns:
        if col.required and col.name not in positions:
            problems.append(Problem("missing_column", row=1, column=col.name,
                                    params={"column": col.name, "label": col.label_vi}))
    return positions, problems, warnings


def _empty_rows(ds: Dataset) -> pa.Table:
    return pa.table({c.name: pa.array([], type=ARROW_TYPES[c.type]) for c in ds.columns})


def check(dataset: str, table: Table, refs: References) -> Checked:
    """Check a table against a dataset: returns the typed rows and every problem found."""
    ds = DATASETS[dataset]
    positions, problems, warnings = match_header(ds, table.header)
    total = table.n_rows + table.ragged_count
    if problems:
        return Checked(_empty_rows(ds), problems, warnings, len(problems), total)
    if not total:
        raise Refused(Problem("header_only"))
    found = [Problem("ragged", row=n, params={"expected": len(table.header), "got": got})
             for n, got in table.ragged[:MAX_LISTED]]
    unlisted = table.ragged_count - len(found)  # problems counted but not listed
    rownum = table.numbers
    n = table.n_rows
    bad = np.zeros(n, dtype=bool)
    # Distinct texts of each column (Arrow dictionary encoding), cleaned and parsed once.
    distinct = {}
    for name, pos in positions.items():
        enc = table.columns[pos].dictionary_encode()
        if isinstance(enc, pa.ChunkedArray):  # one dictionary shared by the chunks
            enc = enc.combine_chunks() if enc.num_chunks else pa.array([], pa.string()).dictionary_encode()
        distinct[name] = (arrays_.to_numpy(enc.indices), [clean(u) for u in enc.dictionary.to_pylist()])
        del enc
    numeric = [u for name, (_, uniq) in distinct.items() if ds.column(name).type in ("int", "float") for u in uniq[:5000]]
    comma = decimal_comma(numeric, table.separator)

    parsed, texts = {}, {}
    for col in ds.columns:
        indices, uniq = distinct.get(col.name, (np.zeros(n, dtype=np.int32), [""]))
        results = [_parse_one(col, u, comma, refs) for u in uniq]
        if any(r[1] is not None for r in results):  # rows of a text that failed, by row
            failed = np.array([r[1] is not None for r in results], dtype=bool)[indices] if n else np.zeros(0, bool)
            for idx in np.nonzero(failed)[0][:MAX_LISTED]:
                code, params = results[indices[idx]][1]
                found.append(Problem(code, row=int(rownum[idx]), column=col.name, value=uniq[indices[idx]],
                                     params=params))
            unlisted += max(int(failed.sum()) - MAX_LISTED, 0)
            bad |= failed
        parsed[col.name] = [r[0] for r in results]
        texts[col.name] = (indices, uniq)

    def text(name, idx):
        indices, uniq = texts[name]
        return uniq[indices[idx]]

    def flag(mask: np.ndarray, make) -> None:
        """Mark rows bad; list the first MAX_LISTED of them (make(idx) → Problem), count the rest."""
        nonlocal unlisted
        rows = np.nonzero(mask)[0]
        found.extend(make(int(idx)) for idx in rows[:MAX_LISTED])
        unlisted += max(len(rows) - MAX_LISTED, 0)
        bad[rows] = True

    for rule in ds.rules:
        RULES[rule](parsed, texts, bad, flag, rownum, text, refs)

    if ds.frame_rules:
        frame = _frame_rules(ds, parsed, texts, bad, refs, text, flag, rownum)
        codes = [_factorized(frame[k]) for k in ds.key]
    else:
        frame = None
        codes = [_value_codes(parsed[k], texts[k][0]) for k in ds.key]

    # Duplicate keys within the file: each row after the first with the same key.
    rows, first = _duplicates(codes, ~bad)
    if ds.repeats_once and len(rows):  # a row repeated as it is, in every column: kept once, said as a warning
        same = np.array([all(text(c.name, int(i)) == text(c.name, int(a)) for c in ds.columns if c.name in texts)
                         for i, a in zip(rows, first)], dtype=bool)
        warnings.extend(Problem("repeated_row", row=int(rownum[i]), params={"first": int(rownum[a])})
                        for i, a in zip(rows[same][:MAX_LISTED], first[same][:MAX_LISTED]))
        bad[rows[same]] = True
        rows, first = rows[~same], first[~same]
    for idx, at in zip(rows[:MAX_LISTED], first[:MAX_LISTED]):
        found.append(Problem("duplicate_key", row=int(rownum[idx]), column=", ".join(ds.key),
                             value=" / ".join(text(k, idx) for k in ds.key), params={"first": int(rownum[at])}))
    unlisted += max(len(rows) - MAX_LISTED, 0)
    bad[rows] = True

    listed = sorted(found, key=lambda p: (p.row or 0, p.column or ""))
    if frame is None:
        kept = _arrow_rows(ds, parsed, texts, np.nonzero(~bad)[0] if bad.any() else None)
    else:
        import pandas as pd

        kept = frame.loc[~bad].reset_index(drop=True)
        for col in ds.columns:  # text stays text when no row is left (pandas would make it float)
            if col.type == "text" and not pd.api.types.is_string_dtype(kept[col.name]):
                kept[col.name] = kept[col.name].astype("str")
    return Checked(kept, listed[:MAX_LISTED], warnings, len(found) + unlisted, total,
                   rows=None if frame is None else np.asarray(rownum)[~bad])


def _frame_rules(ds, parsed, texts, bad, refs, text, flag, rownum):
    """The rows as a pandas frame, checked by the rules the dataset declares (``frame_rules`` in
    the schema, run from FRAME_RULES): areas by the indicator's level, rates within 0–100, sizes
    plausible for the unit, phase years, published figures, targets, boundaries. Rows a rule
    refuses are flagged; resolved values replace the texts."""
    import pandas as pd

    frame = pd.DataFrame({col.name: _typed(col, parsed[col.name], texts[col.name][0]) for col in ds.columns})
    for rule in ds.frame_rules:
        FRAME_RULES[rule](frame, bad, refs, text, texts, flag, rownum)
    return frame


def _indicator_areas(frame, bad, refs, text, texts, flag, rownum) -> None:
    """An indicator value's area is a commune or a district by the indicator's level; a rate is
    at most 100; no value is absurdly large."""
    import pandas as pd

    level = frame["indicator_id"].map(lambda i: refs.indicators.get(i, ("district", ""))[0])
    pairs = pd.Series(list(zip(level, frame["area_code"])), index=frame.index)
    resolved = {p: refs.resolve("communes" if p[0] == "commune" else "districts", p[1])
                for p in pairs[~bad].unique() if p[1] is not None}
    errors = pairs.map(lambda p: resolved.get(p, (None, None))[1])
    flag((~bad) & errors.notna().to_numpy(),
         lambda idx: Problem(errors.iloc[idx][0], row=int(rownum[idx]), column="area_code",
                             value=text("area_code", idx), params=errors.iloc[idx][1]))
    frame["area_code"] = pairs.map(lambda p: resolved.get(p, (p[1], None))[0])
    unit = frame["indicator_id"].map(lambda i: refs.indicators.get(i, ("", ""))[1])
    values = frame["value"].astype("Float64").fillna(0).to_numpy(dtype=np.float64)
    flag((~bad) & (unit == "%").to_numpy() & (values > UNIT_MAXIMUM["%"]),
         lambda idx: Problem("rate_range", row=int(rownum[idx]), column="value", value=text("value", idx)))
    flag((~bad) & (np.abs(values) > MAX_MAGNITUDE),
         lambda idx: Problem("absurd_value", row=int(rownum[idx]), column="value", value=text("value", idx),
                             params={"unit": unit.iloc[idx], "max": "1E+12"}))


def _phase_years(frame, bad, refs, text, texts, flag, rownum) -> None:
    flag((~bad) & (frame["end_year"] < frame["start_year"]).fillna(False).to_numpy(),
         lambda idx: Problem("phase_years", row=int(rownum[idx]), column="end_year", value=text("end_year", idx)))


def _geometry(frame, bad, refs, text, texts, flag, rownum) -> None:
    """Geometry cells of a CSV or Excel file (GeoJSON is checked as read)."""
    checked = {g: geojson.geometry_problem(g) for g in frame.loc[~bad, "geometry"].unique() if g}
    flag((~bad) & frame["geometry"].map(lambda g: checked.get(g, (g, None))[1] is not None).to_numpy(),
         lambda idx: geojson.problem_for(checked[frame.at[idx, "geometry"]][1], int(rownum[idx]),
                                         text("geometry", idx)))
    frame["geometry"] = frame["geometry"].map(lambda g: checked.get(g, (None, None))[0] or g)


def _by_row(parsed, texts, name) -> np.ndarray:
    """A column's parsed value on every row (an object array)."""
    values = np.empty(len(parsed[name]), dtype=object)
    values[:] = parsed[name]
    return values[texts[name][0]]


# Columns holding a date written YYYY-MM-DD.
DATE_COLUMNS = ("valid_from", "valid_to", "date")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(text: str) -> bool:
    import datetime

    if not _ISO_DATE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _dates_iso(parsed, texts, bad, flag, rownum, text, refs) -> None:
    """Dates written YYYY-MM-DD, and real ones."""
    for name in DATE_COLUMNS:
        if name not in parsed:
            continue
        wrong = np.array([bool(v) and not _iso_date(v) for v in parsed[name]], dtype=bool)[texts[name][0]]
        flag((~bad) & wrong, lambda idx, name=name: Problem("not_iso_date", row=int(rownum[idx]), column=name,
                                                            value=text(name, idx)))


def _validity_ordered(parsed, texts, bad, flag, rownum, text, refs) -> None:
    """A unit ends no earlier than it begins."""
    start, end = _by_row(parsed, texts, "valid_from"), _by_row(parsed, texts, "valid_to")
    wrong = np.array([bool(a) and bool(b) and b < a for a, b in zip(start, end)], dtype=bool)
    flag((~bad) & wrong, lambda idx: Problem("validity_order", row=int(rownum[idx]), column="valid_to",
                                             value=text("valid_to", idx), params={"start": text("valid_from", idx)}))


def _pairs(texts, a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (text of `a`, text of `b`) pairs of the rows, as index pairs into each column's
    distinct texts, and each row's pair number: every check of a pair runs once (a national file's
    2,7 million rows hold a few thousand pairs)."""
    ia, ib = texts[a][0].astype(np.int64), texts[b][0].astype(np.int64)
    width = max(len(texts[b][1]), 1)
    unique, inverse = np.unique(ia * width + ib, return_inverse=True)
    return np.stack([unique // width, unique % width], axis=1), inverse


def _criterion_in_year_set(parsed, texts, bad, flag, rownum, text, refs) -> None:
    """A criterion of the set in force in the row's year (the set its phase names)."""
    if not refs.set_criteria or not len(texts["year"][0]):
        return
    pairs, row_pair = _pairs(texts, "year", "criterion_id")
    sets = []
    for iy, ic in pairs:
        y, c = parsed["year"][iy], parsed["criterion_id"][ic]
        sid = refs.year_set(y) if y is not None else ""
        sets.append(None if y is None or c is None or c in refs.set_criteria.get(sid, set()) else sid)
    wrong = np.array([s is not None for s in sets], dtype=bool)[row_pair]
    flag((~bad) & wrong, lambda idx: Problem(
        "criterion_not_in_set", row=int(rownum[idx]), column="criterion_id", value=text("criterion_id", idx),
        params={"year": text("year", idx), "set": sets[row_pair[idx]] or "–"}))


def _unit_valid_in_year(parsed, texts, bad, flag, rownum, text, refs) -> None:
    """A commune code read with its year: the unit bearing the code that year (codes are reused)."""
    if not len(texts["year"][0]) or not any(spans != [(YEAR_MIN, YEAR_MAX)] for spans in refs.unit_years.values()):
        return
    pairs, row_pair = _pairs(texts, "year", "commune_code")
    ok = []
    for iy, ic in pairs:
        y, spans = parsed["year"][iy], refs.unit_years.get(parsed["commune_code"][ic])
        ok.append(y is None or spans is None or any(a <= y <= b for a, b in spans))
    wrong = ~np.array(ok, dtype=bool)[row_pair]

    def problem(idx):
        spans = refs.unit_years[parsed["commune_code"][pairs[row_pair[idx]][1]]]
        return Problem("unit_not_valid", row=int(rownum[idx]), column="commune_code", value=text("commune_code", idx),
                       params={"year": text("year", idx),
                               "years": ", ".join(f"{a}–{b}" if b < YEAR_MAX else f"{a}–" for a, b in spans)})
    flag((~bad) & wrong, problem)


def _status_agrees_with_met(parsed, texts, bad, flag, rownum, text, refs) -> None:
    """A three-valued status, where given, says the same as met: met exactly when "dat"."""
    status = np.array([v or "" for v in parsed["status"]], dtype=object)[texts["status"][0]]
    met = np.array([bool(v) for v in parsed["met"]], dtype=bool)[texts["met"][0]]
    given = status != ""
    flag((~bad) & given & ((status == "dat") != met),
         lambda idx: Problem("status_disagrees", row=int(rownum[idx]), column="status", value=text("status", idx),
                             params={"met": text("met", idx)}))


# Rules a dataset declares by name (`Dataset.rules`), each run on the parsed columns of the file.
RULES = {"status_agrees_with_met": _status_agrees_with_met, "dates_iso": _dates_iso,
         "validity_ordered": _validity_ordered, "criterion_in_year_set": _criterion_in_year_set,
         "unit_valid_in_year": _unit_valid_in_year}


def _value_codes(values: list, indices: np.ndarray) -> np.ndarray:
    """Each row's parsed value as a small integer, equal for equal values ("01" and "1" alike);
    a missing value is a value of its own."""
    ids: dict = {}
    codes = np.array([ids.setdefault(v, len(ids)) for v in values], dtype=np.int64)
    return indices if len(ids) == len(values) else codes[indices]  # texts parsed to distinct values: as they are


def _factorized(column) -> np.ndarray:
    """A frame column's values as small integers, equal for equal values; missing values equal."""
    import pandas as pd

    return pd.factorize(column, use_na_sentinel=True)[0].astype(np.int64) + 1


def _duplicates(codes: list[np.ndarray], ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Among the rows marked `ok`, those whose key (one code array per key column) an earlier row
    has: (their positions, the position of the first row with their key), in row order."""
    none = np.zeros(0, dtype=np.int64)
    whole = bool(ok.all())
    at = None if whole else np.nonzero(ok)[0]
    if not len(ok) or (at is not None and not len(at)):
        return none, none
    columns = [c if whole else c[at] for c in codes]
    widths = [int(c.max()) + 1 for c in columns]
    size = math.prod(widths)
    if size < 2**31:  # the key as one small integer, built in place
        key = columns[0].astype(np.int32)
        for c, width in zip(columns[1:], widths[1:]):
            key *= width
            key += c
    else:
        key = np.zeros(len(columns[0]), dtype=np.int64)
        size = 1
        for c, width in zip(columns, widths):
            if size * width >= 1 << 62:  # renumber the combined key before it could overflow
                key = np.unique(key, return_inverse=True)[1].astype(np.int64)
                size = int(key.max()) + 1
            key = key * width + c
            size *= width
    if size <= max(2 * len(key), 1 << 20):  # count each key in a table as large as the rows
        counts = np.bincount(key, minlength=size)
        if counts.max() <= 1:
            return none, none
        repeated = (counts > 1)[key]
    else:
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        same = ordered[1:] == ordered[:-1]
        if not same.any():
            return none, none
        repeated = np.zeros(len(key), dtype=bool)
        repeated[order[1:][same]] = True
        repeated[order[:-1][same]] = True
    sub = np.nonzero(repeated)[0]
    _, first, inverse = np.unique(key[sub], return_index=True, return_inverse=True)
    head = sub[first[inverse]]  # the first row of each repeated key (sub is in row order)
    later = head != sub
    if whole:
        return sub[later], head[later]
    return at[sub[later]], at[head[later]]


def _arrow_rows(ds: Dataset, parsed: dict, texts: dict, keep: np.ndarray | None) -> pa.Table:
    """The checked rows as an Arrow table in the dataset's column order and types (`keep`: the
    positions of the rows kept, None for all)."""
    arrays = []
    for col in ds.columns:
        values, indices = parsed[col.name], texts[col.name][0]
        rows = indices if keep is None else indices[keep]
        missing = np.array([v is None for v in values], dtype=bool)
        mask = missing[rows] if missing.any() else None
        if col.type == "text":  # each distinct text once, an index per row
            arrays.append(pa.DictionaryArray.from_arrays(
                arrays_.from_numpy(rows, pa.int32(), mask), arrays_.strings(["" if v is None else v for v in values])))
            continue
        kind = {"int": np.int32, "bool": np.bool_, "float": np.float64}[col.type]
        base = np.array([0 if v is None else v for v in values], dtype=kind)
        arrays.append(arrays_.from_numpy(base[rows], ARROW_TYPES[col.type], mask))
    return pa.Table.from_arrays(arrays, names=ds.column_names)


def _typed(col, values: list, indices: np.ndarray):
    """The parsed distinct values spread back over the rows, as a typed (nullable) array."""
    import pandas as pd

    missing = np.array([v is None for v in values], dtype=bool)
    if col.type in ("int", "bool", "float"):
        kind = {"int": np.int64, "bool": np.bool_, "float": np.float64}[col.type]
        base = np.array([0 if v is None else v for v in values], dtype=kind)
        data, mask = base[indices], missing[indices]
        if col.type == "int":
            return pd.arrays.IntegerArray(data, mask)
        if col.type == "bool":
            return pd.arrays.BooleanArray(data, mask)
        return pd.arrays.FloatingArray(data, mask)
    return np.array(values, dtype=object)[indices]


def _parse_one(col, text: str, comma: bool, refs: References):
    """(value, None) or (None, (problem code, params)) for one distinct cell text of a column."""
    if not text:
        if col.type == "bool" and col.required:
            return False, None  # x / blank: blank means not met
        return (None, ("required", {})) if col.required else (None, None)
    if col.type == "text":
        value = text
        if col.width and not col.references and text.isdigit():
            if len(text) > col.width:
                return None, ("code_width", {"width": col.width})
            value = text.zfill(col.width)  # a code a spreadsheet stored as a number: its zeros back
        if col.allowed:
            canon = {fold(a): a for a in col.allowed}.get(fold(text))
            if canon is None:
                return None, ("not_allowed", {"allowed": ", ".join(col.allowed)})
            value = canon
        return _reference(col, value, refs)
    if col.type == "bool":
        try:
            return parse_bool(text), None
        except ValueError:
            return None, ("not_bool", {})
    try:
        number = parse_number(text, comma)
    except ValueError:
        return None, ("not_number", {})
    if not math.isfinite(number):
        return None, ("not_finite", {})
    if col.type == "int":
        if not float(number).is_integer():
            return None, ("not_whole", {})
        if abs(number) > INT32_MAX:  # stored as a 32-bit INTEGER
            return None, ("too_large", {"min": -INT32_MAX, "max": INT32_MAX})
        number = int(number)
        if col.references:
            return _reference(col, number, refs)
    if col.minimum is not None and number < col.minimum:
        code = "year_range" if col.name.endswith("year") else "negative" if col.minimum == 0 else "too_small"
        return None, (code, {"min": col.minimum, "max": col.maximum})
    if col.maximum is not None and number > col.maximum:
        code = "year_range" if col.name.endswith("year") else "too_large"
        return None, (code, {"min": col.minimum, "max": col.maximum})
    return number, None


def _reference(col, value, refs: References):
    """Resolve a reference to another dataset: codes or names of districts and communes."""
    target = col.references
    if col.name == "area_code":  # district or commune, by the indicator's level: resolved later
        return value, None
    if target in ("districts.district_code", "communes.commune_code"):
        return refs.resolve(target.split(".")[0], value)
    if target == "criteria_sets.set_id":
        return (value, None) if value in refs.criteria_sets else (
            None, ("unknown_set", {"known": ", ".join(sorted(refs.criteria_sets)) or "–"}))
    if target == "criteria.criterion_id":
        return (value, None) if value in refs.criteria else (None, ("unknown_criterion", {}))
    if target == "indicators.indicator_id":
        return (value, None) if value in refs.indicators else (
            None, ("unknown_indicator", {"known": ", ".join(sorted(refs.indicators))}))
    if target == "published_measures.measure_id":  # as listed, whatever the case and separators
        found = {fold(m): m for m in refs.measures}.get(fold(value))
        return (found, None) if found else (
            None, ("unknown_measure", {"known": ", ".join(sorted(refs.measures)) or "–"}))
    return value, None


def _targets(frame: pd.DataFrame, bad: np.ndarray, refs: References, text, texts, flag, rownum) -> None:
    """Targets: the area is the province (its code or name) or a district (code or name); a share
    is at most 100 (%); districts recognised are counted for the province only."""
    from ..i18n import province
    from ..schema import province_code

    own = {fold(province_code()), fold(province()), fold("Tỉnh " + province())}
    resolved = {a: ((province_code(), None) if fold(a) in own else refs.resolve("districts", a))
                for a in frame.loc[~bad, "area_code"].unique() if a is not None}
    errors = frame["area_code"].map(lambda a: resolved.get(a, (None, None))[1])
    flag((~bad) & errors.notna().to_numpy(),
         lambda idx: Problem("target_area" if errors.iloc[idx][0] == "unknown_name" else errors.iloc[idx][0],
                             row=int(rownum[idx]), column="area_code", value=text("area_code", idx),
                             params={"province": province_code(), **errors.iloc[idx][1]}))
    frame["area_code"] = frame["area_code"].map(lambda a: resolved.get(a, (a, None))[0] or a)
    values = frame["target"].astype("Float64").fillna(0).to_numpy(dtype=np.float64)
    flag((~bad) & (frame["measure"] == "share_meeting").to_numpy() & (values > 100),
         lambda idx: Problem("rate_range", row=int(rownum[idx]), column="target", value=text("target", idx)))
    flag((~bad) & (frame["measure"] == "districts_recognised").to_numpy()
         & (frame["area_code"] != province_code()).to_numpy(),
         lambda idx: Problem("target_recognised_area", row=int(rownum[idx]), column="area_code",
                             value=text("area_code", idx), params={"province": province_code()}))


def _published(frame: pd.DataFrame, bad: np.ndarray, refs: References, text, texts, flag, rownum) -> None:
    """Published figures: "as of" a year, a year and month or a date (stored as 2022, 2022-06 or
    2022-06-30); the area the country, a province, a district or a commune (code or name); a
    percentage at most 100."""
    from ..published import parse_as_of

    indices, uniq = texts["as_of"]
    parsed = [parse_as_of(u) if u else (None, None) for u in uniq]
    failed = np.array([p[1] is not None for p in parsed], dtype=bool)[indices] if len(frame) else np.zeros(0, bool)
    flag((~bad) & failed, lambda idx: Problem(parsed[indices[idx]][1][0], row=int(rownum[idx]), column="as_of",
                                              value=text("as_of", idx), params=parsed[indices[idx]][1][1]))
    frame["as_of"] = np.array([p[0] for p in parsed], dtype=object)[indices]
    resolved = {a: refs.resolve("areas", a) for a in frame.loc[~bad, "area_code"].unique() if a is not None}
    errors = frame["area_code"].map(lambda a: resolved.get(a, (None, None))[1])
    flag((~bad) & errors.notna().to_numpy(),
         lambda idx: Problem(errors.iloc[idx][0], row=int(rownum[idx]), column="area_code",
                             value=text("area_code", idx), params=errors.iloc[idx][1]))
    frame["area_code"] = frame["area_code"].map(lambda a: resolved.get(a, (a, None))[0] or a)
    unit = frame["measure"].map(lambda m: refs.measures.get(m, ""))
    values = frame["value"].astype("Float64").fillna(0).to_numpy(dtype=np.float64)
    flag((~bad) & (unit == "%").to_numpy() & (values > UNIT_MAXIMUM["%"]),
         lambda idx: Problem("rate_range", row=int(rownum[idx]), column="value", value=text("value", idx)))


# The rules a dataset declares in the schema (``frame_rules``) that read several columns of a row at
# once (or rewrite a column): its rows are checked as a pandas frame. Every other dataset
# (criteria_status, at national scale ~2,7 million rows) stays in Arrow and NumPy arrays from the
# file to the store.
FRAME_RULES = {"indicator_areas": _indicator_areas, "phase_years": _phase_years, "published_figure": _published,
               "target_area": _targets, "geometry": _geometry}
