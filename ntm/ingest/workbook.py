"""Every sheet of an upload as a grid of text: what the offices' forms are read from.

- XLSX through the bounded streaming reader of ``xlsx`` (its pre-checks on the zip and XML);
- XLS (Excel 97–2003) and ODS (LibreOffice) through python-calamine, run in a child process
  whose address space and time are capped (``calamine_child``): calamine expands a sheet to the
  rectangle between its first and last cell, so a 6 KB .xls with two far-apart cells asks for a
  gigabyte — the child is stopped at its cap and the file refused, the server untouched;
- delimited text (CSV saved by Excel on a Vietnamese Windows, ``;`` and Windows-1258, as the long
  tables) through the same decoding.

A grid keeps each row's number as the spreadsheet shows it, so every message names a real cell.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .encoding import to_utf8
from .errors import Count, refuse
from .limits import (FORM_CHILD_HEADROOM_MB, FORM_CHILD_SECONDS, FORM_MAX_CELLS, FORM_MAX_ROWS, FORM_MAX_SHEETS,
                     MAX_CELL_CHARS, XLSX_MAX_PART_BYTES, XLSX_MAX_SHEET_BYTES)
from .read import Table, _sniff_separator, clean

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list[str]]]   # (row number as shown, cells from column A), rows with a value only

    def as_table(self) -> Table:
        """The sheet as a long table: the header in its first row (a dataset's own columns)."""
        if not self.rows:
            raise refuse("empty")
        header, body = self.rows[0][1], self.rows[1:]
        columns = [pa.array([cells[i] if i < len(cells) else "" for _, cells in body], type=pa.string())
                   for i in range(len(header))]
        return Table(header, columns, np.asarray([n for n, _ in body], dtype=np.int64), [], "", None)


def kind(data: bytes) -> str:
    """"xlsx", "ods", "xls" or "text" by the file's own bytes (never by its name)."""
    if data.startswith(OLE2):
        return "xls"
    if data.startswith(b"PK\x03\x04"):
        return "ods" if ODS_MIMETYPE in data[:200] else "xlsx"
    return "text"


class _Budget:
    """Cells and rows read so far, refused beyond the form bounds."""

    def __init__(self):
        self.cells = 0

    def add(self, sheet: str, rownum: int, cells: list[str]) -> list[str]:
        if rownum > FORM_MAX_ROWS:
            raise refuse("form_too_many_rows", row=rownum, sheet=sheet[:100], max=Count(FORM_MAX_ROWS))
        self.cells += sum(1 for c in cells if c)
        if self.cells > FORM_MAX_CELLS:
            raise refuse("form_too_many_cells", max=Count(FORM_MAX_CELLS))
        for c in cells:
            if len(c) > MAX_CELL_CHARS:
                raise refuse("form_cell_too_long", row=rownum, sheet=sheet[:100], max=Count(MAX_CELL_CHARS))
        while cells and not cells[-1]:
            cells.pop()
        return cells


def _xlsx(data: bytes, sheet: str | None) -> list[Sheet]:
    from . import xlsx

    names = xlsx.sheet_names(data) if sheet is None else [sheet]
    if not names:
        raise refuse("xlsx_no_sheets")
    if len(names) > FORM_MAX_SHEETS:
        raise refuse("form_too_many_sheets", n=Count(len(names)), max=Count(FORM_MAX_SHEETS))
    budget, out = _Budget(), []
    for name in names:
        rows: list[tuple[int, list[str]]] = []
        xlsx.read_rows(data, name, lambda n, cells: rows.append((n, budget.add(name, n, [clean(c) for c in cells]))))
        out.append(Sheet(name, [(n, c) for n, c in rows if c]))
    return out


def _ods_checked(data: bytes) -> None:
    """The zip directory of an .ods checked as an .xlsx's is (parts, sizes, ratios), before
    calamine inflates a byte."""
    from .xlsx import _Archive

    archive = _Archive(data)
    for name in archive.infos:
        archive.check(name, XLSX_MAX_SHEET_BYTES if name == "content.xml" else XLSX_MAX_PART_BYTES)


def _calamine(data: bytes, sheet: str | None, kind_: str) -> list[Sheet]:
    """The sheets of an .xls or .ods, read by python-calamine in a capped child process."""
    if kind_ == "ods":
        _ods_checked(data)
    args = [sys.executable, "-m", "ntm.ingest.calamine_child", str(FORM_CHILD_HEADROOM_MB), sheet or ""]
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH")}
    try:
        proc = subprocess.run(args, input=data, capture_output=True, timeout=FORM_CHILD_SECONDS, env=env,
                              cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    except subprocess.TimeoutExpired:
        raise refuse("form_too_slow", kind=kind_.upper(), seconds=Count(FORM_CHILD_SECONDS)) from None
    if proc.returncode != 0 or not proc.stdout:
        # Killed at its memory cap (Rust aborts on a failed allocation) or a file it cannot parse.
        raise refuse("form_unreadable", kind=kind_.upper())
    answer = json.loads(proc.stdout)
    if "refused" in answer:
        code, params = answer["refused"]
        raise refuse(code, **{k: Count(v) if isinstance(v, int) else v for k, v in params.items()})
    budget, out = _Budget(), []
    for s in answer["sheets"]:
        rows = [(n, budget.add(s["name"], n, [clean(c) for c in cells])) for n, cells in s["rows"]]
        out.append(Sheet(s["name"], [(n, c) for n, c in rows if c]))
    if not out:
        raise refuse("xlsx_no_sheets")
    return out


def _text(data: bytes) -> list[Sheet]:
    body, _ = to_utf8(data)
    text = body.decode("utf-8", errors="replace")
    sep = _sniff_separator(text[:200_000])
    budget, rows = _Budget(), []
    for n, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=sep), start=1):
        cells = budget.add("CSV", n, [clean(c) for c in cells])
        if cells:
            rows.append((n, cells))
    return [Sheet("CSV", rows)]


def read_sheets(data: bytes, sheet: str | None = None) -> list[Sheet]:
    """Every sheet of a workbook (or only `sheet`), or the one table of a text file. Raises Refused."""
    k = kind(data)
    if k == "xlsx":
        return _xlsx(data, sheet)
    if k in ("xls", "ods"):
        return _calamine(data, sheet, k)
    return _text(data)
