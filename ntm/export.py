"""A chart's data as CSV (UTF-8 with BOM, for Excel) and XLSX, safe to open.

Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is
neutralised: in CSV it gets a leading apostrophe; in XLSX it is stored as plain text.
"""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value):
    return "'" + value if is_formula_like(value) else value


def _plain(value):
    """A cell value openpyxl can store: missing values as empty, numpy scalars as Python."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([str(c) for c in df.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([_plain(v) for v in row])
    # openpyxl turns text starting with "=" into a formula: store such cells as text.
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if is_formula_like(cell.value):
                cell.data_type = "s"
    for i, col in enumerate(df.columns, 1):
        width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)]) + 2
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(width, 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
