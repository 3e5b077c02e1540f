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
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from .formula import is_formula_like, needs_quote, quote
from .schema import DATASETS
from .store import dataset_csv

__all__ = ["is_formula_like", "neutralise", "quoted", "stored_csv_bytes", "to_csv_bytes", "to_xlsx_bytes"]

neutralise = quote  # the name the pages and older callers use

# A cell that may need the apostrophe starts right after the file start, a comma or a line end
# (optionally inside quotes): a file without one is returned as stored, without parsing it.
_MAYBE_FORMULA = re.compile(r"""(?:\A|[,\n])"?'*(?:\s*[=+\-@]|[\t\r])""")


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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (for Excel), CRLF; formula-like text in cells and headers quoted."""
    return quoted(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _xlsx_text(value):
    """Text as written to an XLSX cell: formula-like text is kept as it is (and marked as text
    below), unless it starts with an apostrophe or white space (which importers trim): that
    gets the apostrophe our importer removes."""
    if needs_quote(value) and (value[0] == "'" or value[0].isspace()):
        return quote(value)
    return value


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
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
        width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:, i - 1].head(200)]) + 2
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(width, 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text) is not None


def stored_csv_bytes(version, dataset: str, bom: bool = False) -> bytes:
    """A stored dataset of a version as CSV, as handed out (data page, ``ntm export``): the
    schema's columns, formula-like text quoted. Numbers in numeric columns (``-2,5`` as
    ``-2.5``) are left alone."""
    data = dataset_csv(version, dataset)
    prefix = b"\xef\xbb\xbf" if bom else b""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    text = body.decode("utf-8")
    if not _MAYBE_FORMULA.search(text):
        return prefix + body
    ds = DATASETS.get(dataset)
    rows = csv.reader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    header = next(rows, [])
    writer.writerow([quote(h) for h in header])
    is_text = [ds is None or c not in ds.column_names or ds.column(c).type == "text" for c in header]
    for row in rows:
        writer.writerow([quote(v) if (i >= len(is_text) or is_text[i] or not _is_number(v)) else v
                         for i, v in enumerate(row)])
    return prefix + out.getvalue().encode("utf-8")
