"""Files we hand out — a chart's data, templates, a stored dataset — safe to open in a spreadsheet.

No cell and no column header of a file written here holds a live formula. Text a
spreadsheet would run (starting with = + - @, or with a tab or CR; see ``ntm.formula``)
gets a leading apostrophe in CSV, and in XLSX is stored as text marked with Excel's own
"quote prefix" (shown without the apostrophe, never evaluated). Numbers stay numbers:
only text is touched. Our importer reverses the apostrophe, so a file exported and
imported again gives back the original text.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from .formula import is_formula_like, needs_quote, quote
from .i18n import t
from .schema import DATASETS
from .store import dataset_csv

__all__ = ["Typed", "is_formula_like", "neutralise", "quoted", "stored_csv_bytes", "to_csv_bytes", "to_xlsx_bytes",
           "typed"]

neutralise = quote  # the name the pages and older callers use

# A cell that may need the apostrophe starts right after the file start, a comma or a line end
# (optionally inside quotes): a file without one is returned as stored, without parsing it.
_MAYBE_FORMULA = re.compile(r"""(?:\A|[,\n])"?'*(?:\s*[=+\-@]|[\t\r])""")


# A column of a query result as a download writes it: (header key, kind). Kinds: "code3", "code5"
# (text, zero-filled), "int", "share", "points" (a change of shares), "text", or a number of decimals.
COLUMNS = {
    "district_code": ("col.district_code", "code3"), "commune_code": ("col.commune_code", "code5"),
    "area_code": ("col.area_code", "text"), "district_name": ("col.district", "text"),
    "commune_name": ("col.commune", "text"), "phase_id": ("col.phase", "text"),
    "criterion_id": ("col.criterion", "int"), "group_id": ("col.group", "int"),
    "communes": ("col.communes", "int"), "meeting": ("col.met", "int"), "share": ("col.share", "share"),
    "criteria_met": ("col.criteria_met", "int"), "year": ("col.year", "int"),
    "latest_year": ("col.latest_year", "int"), "remaining": ("col.remaining", "int"), "pace": ("col.pace", 1),
    "complete_year": ("col.complete_year", "int"), "projected_year": ("col.projected_year", "int"),
    "start_year": ("col.start_year", "int"), "end_year": ("col.end_year", "int"),
    "gain_share": ("col.gain", "points"), "as_of": ("published.col.as_of", "text"),
    "measure": ("col.measure_id", "text"), "value": ("col.value", 3), "unit": ("col.unit", "text"),
    "target_share": ("plan.col.target", "share"), "actual_share": ("plan.col.actual", "share"),
    "source": ("published.col.source", "text"), "note": ("published.col.note", "text"),
}
PERCENT_FORMATS = {"share": "0.0%", "points": "+0.0%;-0.0%;0.0%"}


@dataclass(frozen=True)
class Typed:
    """A download: its frame (headers as written) and the share columns' kinds by header."""
    frame: pd.DataFrame
    percent: dict[str, str] = field(default_factory=dict)


def _round(x, digits: int):
    """Half away from zero, as the pages print (``ntm.i18n.number``); missing stays missing."""
    if x is None or pd.isna(x):
        return None
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def _whole(col: pd.Series) -> pd.Series:
    """A float column whose values are all whole, as Int64; else as it is."""
    values = col.dropna()
    if pd.api.types.is_float_dtype(col) and (values == values.round()).all():
        return col.astype("Int64")
    return col


def _typed_column(col: pd.Series, kind) -> pd.Series:
    if kind in ("code3", "code5"):
        width = int(kind[-1])
        return col.map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                       else (str(int(v)) if not isinstance(v, str) else v).zfill(width)).astype(object)
    if kind == "text" or not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
        return col
    if pd.api.types.is_bool_dtype(col):
        return col.astype("Int64")
    if kind in PERCENT_FORMATS:
        return col.map(lambda v: _round(v, 3)).astype(float)
    if kind == "int":
        return col.map(lambda v: _round(v, 0)).astype(float).astype("Int64")
    digits = kind if isinstance(kind, int) else 1
    return _whole(col.map(lambda v: _round(v, digits)).astype(float))


def typed(df: pd.DataFrame, lang: str, kinds: dict | None = None) -> Typed:
    """`df` as a download: known query columns (``COLUMNS``) get their header in `lang` and their
    kind; `kinds` (by the frame's column names) gives or overrides a column's kind; any other
    number column is rounded to one decimal, whole ones written as integers."""
    kinds = kinds or {}
    out, headers, percent = {}, [], {}
    for i, name in enumerate(df.columns):
        key, kind = COLUMNS.get(name, (None, None))
        kind = kinds.get(name, kind)
        header = t(key, lang) if key else str(name)
        if kind in PERCENT_FORMATS:
            header += t(f"download.unit.{kind}", lang)
            percent[header] = kind
        out[i] = _typed_column(df.iloc[:, i], kind)
        headers.append(header)
    frame = pd.DataFrame(out)
    frame.columns = headers
    return Typed(frame, percent)


def _plain(value):
    """A cell value openpyxl can store: missing values as empty, numpy scalars as Python."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _is_text_column(s: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)
                or pd.api.types.is_datetime64_any_dtype(s) or pd.api.types.is_timedelta64_dtype(s))


def quoted(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose formula-like text, in cells and headers, has the apostrophe."""
    safe = df.copy()
    for i in range(safe.shape[1]):
        col = safe.iloc[:, i]
        if _is_text_column(col):
            safe.isetitem(i, col.astype(object).map(quote))
    safe.columns = [quote(str(c)) for c in df.columns]
    return safe


def to_csv_bytes(df: pd.DataFrame | Typed) -> bytes:
    """UTF-8 with BOM (for Excel), CRLF; formula-like text in cells and headers quoted; the shares
    of a typed download as percentages to one decimal."""
    if isinstance(df, Typed):
        frame = df.frame.copy()
        for header in df.percent:
            frame[header] = frame[header].map(lambda v: _round(v * 100, 1)).astype(float)
        df = frame
    return quoted(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _xlsx_text(value):
    """Text as written to an XLSX cell: formula-like text is kept as it is (and marked as text
    below), unless it starts with an apostrophe or white space (which importers trim): that
    gets the apostrophe our importer removes."""
    if needs_quote(value) and (value[0] == "'" or value[0].isspace()):
        return quote(value)
    return value


def to_xlsx_bytes(df: pd.DataFrame | Typed, sheet: str = "data") -> bytes:
    """One sheet; a typed download's shares as numbers with a percent format, its codes as text."""
    percent = {}
    if isinstance(df, Typed):
        percent, df = df.percent, df.frame
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([_xlsx_text(str(c)) for c in df.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([_xlsx_text(_plain(v)) for v in row])
    # openpyxl turns text starting with "=" into a formula: store such cells (headers too) as
    # text with the quote prefix, as Excel does for text typed after an apostrophe.
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
    for i, col in enumerate(df.columns, 1):
        fmt = PERCENT_FORMATS.get(percent.get(col))
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
        width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:, i - 1].head(200)]) + 2
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(width, 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


_BOOL = {"true": "1", "false": "0"}  # booleans as the bundled files and the templates write them


def stored_csv_bytes(version, dataset: str, bom: bool = False) -> bytes:
    """A stored dataset of a version as CSV, as handed out (data page, ``ntm export``): the
    schema's columns, formula-like text quoted, booleans as 1/0. Numbers in numeric columns (``-2,5`` as
    ``-2.5``) are left alone."""
    data = dataset_csv(version, dataset)
    prefix = b"\xef\xbb\xbf" if bom else b""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    text = body.decode("utf-8")
    ds = DATASETS.get(dataset)
    header_line = text.split("\n", 1)[0].rstrip("\r").split(",")
    is_bool = [ds is not None and c in ds.column_names and ds.column(c).type == "bool" for c in header_line]
    if not _MAYBE_FORMULA.search(text) and not any(is_bool):
        return prefix + body
    rows = csv.reader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    header = next(rows, [])
    writer.writerow([quote(h) for h in header])
    is_text = [ds is None or c not in ds.column_names or ds.column(c).type == "text" for c in header]
    for row in rows:
        writer.writerow([_BOOL.get(v, v) if i < len(is_bool) and is_bool[i]
                         else quote(v) if (i >= len(is_text) or is_text[i] or not _is_number(v)) else v
                         for i, v in enumerate(row)])
    return prefix + out.getvalue().encode("utf-8")
