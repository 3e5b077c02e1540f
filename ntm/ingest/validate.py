"""A parsed table checked against its dataset's schema → typed rows, problems and warnings.

Each distinct text of a column is parsed once and mapped back, so a national-scale file
with millions of rows and few distinct values per column validates quickly.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pandas as pd

from ..schema import DATASETS, Dataset
from .errors import Problem, Refused
from .read import Table
from .values import decimal_comma, fold, name_key, parse_bool, parse_number

MAX_LISTED = 500  # problems listed in a report (all are counted)


@dataclass
class References:
    """The codes and names an upload may refer to (from the active version)."""
    districts: dict[str, str] = field(default_factory=dict)     # code -> name
    communes: dict[str, str] = field(default_factory=dict)      # code -> name
    criteria: set[int] = field(default_factory=set)
    indicators: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (level, unit)
    _resolvers: dict = field(default_factory=dict, repr=False)

    def resolve(self, kind: str, text: str):
        """(code, None) or (None, (problem code, params)) for a district or commune code or name."""
        if kind not in self._resolvers:
            self._resolvers[kind] = _Resolver(self.districts if kind == "districts" else self.communes)
        return self._resolvers[kind](text)


@dataclass
class Checked:
    frame: pd.DataFrame            # typed rows that passed, canonical columns
    problems: list[Problem]
    warnings: list[Problem]
    problem_count: int
    rows_total: int


class _Resolver:
    """Code or name → code, for districts or communes, with the closest names on a miss."""

    def __init__(self, names: dict[str, str]):
        self.names = names
        self.by_key: dict[str, list[str]] = {}
        for code, name in names.items():
            self.by_key.setdefault(name_key(name), []).append(code)
        self.widths = sorted({len(c) for c in names if c.isdigit()})

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


def match_header(ds: Dataset, header: list[str]) -> tuple[dict[str, int], list[Problem], list[Problem]]:
    """Schema column → position in the file, matched on name or Vietnamese/English label."""
    wanted = {}
    for col in ds.columns:
        for alias in (col.name, col.label_vi, col.label_en):
            wanted.setdefault(fold(alias), col.name)
    positions: dict[str, int] = {}
    problems, warnings = [], []
    for i, cell in enumerate(header):
        name = wanted.get(fold(cell))
        if name is None:
            if cell:
                warnings.append(Problem("extra_column", row=1, column=cell, value=cell))
            continue
        if name in positions:
            problems.append(Problem("duplicate_column", row=1, column=cell, value=cell, params={"column": name}))
            continue
        positions[name] = i
    for col in ds.columns:
        if col.required and col.name not in positions:
            problems.append(Problem("missing_column", row=1, column=col.name,
                                    params={"column": col.name, "label": col.label_vi}))
    return positions, problems, warnings


def check(dataset: str, table: Table, refs: References) -> Checked:
    """Check a table against a dataset: returns the typed rows and every problem found."""
    ds = DATASETS[dataset]
    positions, problems, warnings = match_header(ds, table.header)
    if problems:
        return Checked(pd.DataFrame(columns=ds.column_names), problems, warnings, len(problems), len(table.rows))
    if not table.rows:
        raise Refused(Problem("header_only"))
    width = len(table.header)
    rownum = pd.Series(table.numbers)
    ragged = [i for i, r in enumerate(table.rows) if len(r) != width]
    bad = pd.Series(False, index=range(len(table.rows)))
    found: list[Problem] = []
    for i in ragged:
        found.append(Problem("ragged", row=table.numbers[i], params={"expected": width, "got": len(table.rows[i])}))
        bad[i] = True
    padded = [r + [""] * (width - len(r)) if len(r) < width else r[:width] for r in table.rows]
    raw = pd.DataFrame(padded, columns=range(width), dtype=object) if padded else pd.DataFrame(columns=range(width))
    text = {name: raw[pos].astype(str) for name, pos in positions.items()}
    all_values = [v for name, s in text.items() if ds.column(name).type in ("int", "float") for v in s.unique()[:5000]]
    comma = decimal_comma(all_values, table.separator)

    out = {}
    for col in ds.columns:
        s = text.get(col.name, pd.Series("", index=raw.index))
        parsed, errors = _parse_column(col, s, comma, refs, dataset)
        for idx, (code, params) in errors.items():
            found.append(Problem(code, row=int(rownum[idx]), column=col.name, value=s[idx], params=params))
            bad[idx] = True
        out[col.name] = parsed
    frame = pd.DataFrame(out)

    # Dataset-wide rules: areas by the indicator's level, rates within 0–100, phase years.
    if dataset == "indicator_values":
        level = frame["indicator_id"].map(lambda i: refs.indicators.get(i, ("district", ""))[0])
        pairs = pd.Series(list(zip(level, frame["area_code"])), index=frame.index)
        resolved = {p: refs.resolve("communes" if p[0] == "commune" else "districts", p[1])
                    for p in pairs[~bad].unique() if p[1] is not None}
        for idx, p in pairs[~bad].items():
            code, err = resolved.get(p, (None, None))
            if err is not None:
                found.append(Problem(err[0], row=int(rownum[idx]), column="area_code", value=text["area_code"][idx],
                                     params=err[1]))
                bad[idx] = True
        frame["area_code"] = pairs.map(lambda p: resolved.get(p, (p[1], None))[0])
        unit = frame["indicator_id"].map(lambda i: refs.indicators.get(i, ("", ""))[1])
        over = (~bad) & (unit == "%") & (frame["value"] > 100)
        for idx in frame.index[over]:
            found.append(Problem("rate_range", row=int(rownum[idx]), column="value", value=text["value"][idx]))
        bad |= over
    if dataset == "phases":
        wrong = (~bad) & (frame["end_year"] < frame["start_year"])
        for idx in frame.index[wrong]:
            found.append(Problem("phase_years", row=int(rownum[idx]), column="end_year",
                                 value=text["end_year"][idx]))
        bad |= wrong

    # Duplicate keys within the file.
    keyed = frame.loc[~bad, list(ds.key)]
    dup = keyed.duplicated(keep=False)
    if dup.any():
        firsts = {}
        for idx, key in zip(keyed.index[dup], map(tuple, keyed[dup].to_numpy())):
            if key in firsts:
                shown = " / ".join(text[k][idx] if k in text else "" for k in ds.key)
                found.append(Problem("duplicate_key", row=int(rownum[idx]), column=", ".join(ds.key),
                                     value=shown, params={"first": firsts[key]}))
                bad[idx] = True
            else:
                firsts[key] = int(rownum[idx])

    found.sort(key=lambda p: (p.row or 0, p.column or ""))
    return Checked(frame.loc[~bad].reset_index(drop=True), found[:MAX_LISTED], warnings, len(found),
                   len(table.rows))


def _parse_column(col, s: pd.Series, comma: bool, refs: References, dataset: str):
    """Parse one column's distinct values; return the parsed Series and {row index: (code, params)}."""
    def one(text: str):
        if not text:
            if col.type == "bool" and col.required:
                return False, None  # x / blank: blank means not met
            return (None, ("required", {})) if col.required else (None, None)
        if col.type == "text":
            value = text
            if col.allowed:
                canon = {fold(a): a for a in col.allowed}.get(fold(text))
                if canon is None:
                    return None, ("not_allowed", {"allowed": ", ".join(col.allowed)})
                value = canon
            return _reference(col, value, refs, dataset)
        if col.type == "bool":
            try:
                return parse_bool(text), None
            except ValueError:
                return None, ("not_bool", {})
        try:
            number = parse_number(text, comma)
        except ValueError:
            return None, ("not_number", {})
        if col.type == "int":
            if not float(number).is_integer():
                return None, ("not_whole", {})
            number = int(number)
            if col.references:
                return _reference(col, number, refs, dataset)
        if col.minimum is not None and number < col.minimum:
            code = "year_range" if col.name.endswith("year") else "negative" if col.minimum == 0 else "too_small"
            return None, (code, {"min": col.minimum, "max": col.maximum})
        if col.maximum is not None and number > col.maximum:
            code = "year_range" if col.name.endswith("year") else "too_large"
            return None, (code, {"min": col.minimum, "max": col.maximum})
        return number, None

    results = {u: one(u) for u in s.unique()}
    parsed = s.map(lambda u: results[u][0])
    failed = s[s.map(lambda u: results[u][1] is not None)]
    errors = {idx: results[u][1] for idx, u in failed.items()}
    return parsed, errors


def _reference(col, value, refs: References, dataset: str):
    """Resolve a reference to another dataset: codes or names of districts and communes."""
    target = col.references
    if col.name == "area_code":  # district or commune, by the indicator's level: resolved later
        return value, None
    if target in ("districts.district_code", "communes.commune_code"):
        return refs.resolve(target.split(".")[0], value)
    if target == "criteria.criterion_id":
        return (value, None) if value in refs.criteria else (None, ("unknown_criterion", {}))
    if target == "indicators.indicator_id":
        return (value, None) if value in refs.indicators else (
            None, ("unknown_indicator", {"known": ", ".join(sorted(refs.indicators))}))
    return value, None
