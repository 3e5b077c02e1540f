"""Bytes as they come from the field → a header and rows of text.

Recognises XLSX (first or named sheet) and delimited text in UTF-8 (with or without
BOM), UTF-16, Windows code pages (detected by charset-normalizer) and TCVN3; separators
, ; tab |; quoted fields with separators and line breaks; CRLF and CR line ends; blank
trailing lines and columns; non-breaking and surrounding spaces; text normalised to NFC.
"""
from __future__ import annotations

import csv
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from charset_normalizer import from_bytes

from ..formula import unquote
from .errors import Problem, Refused
from .tcvn3 import decode_tcvn3, looks_like_tcvn3

DEFAULT_MAX_MB = 500
SEPARATORS = [",", ";", "\t", "|"]
_MAGIC = [(b"%PDF", "PDF"), (b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
          (b"\xd0\xcf\x11\xe0", "XLS/DOC (Office 97–2003)"), (b"\x1f\x8b", "GZIP"), (b"Rar!", "RAR"),
          (b"7z\xbc\xaf", "7Z"), (b"\x7fELF", "ELF")]


def max_bytes() -> int:
    """The upload size limit (``NTM_MAX_UPLOAD_MB``, default 500 MB)."""
    return int(float(os.environ.get("NTM_MAX_UPLOAD_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


@dataclass
class Table:
    """A file's header and its columns of raw text (cleaned per distinct value later)."""
    header: list[str]
    columns: list[pa.Array]   # one string array per header cell
    numbers: np.ndarray       # each row's number as a spreadsheet shows it (header row = 1)
    ragged: list[tuple[int, int]]  # (row number, cells) of rows whose width differs from the header
    encoding: str
    separator: str | None     # None for XLSX

    @property
    def n_rows(self) -> int:
        return len(self.numbers)


def clean(cell) -> str:
    """Text of a cell: NFC, non-breaking spaces as spaces, no surrounding space."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = unicodedata.normalize("NFC", str(cell))
    # Files we write put an apostrophe before text a spreadsheet would run as a formula: remove it.
    return unquote(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\ufeff", "").strip())


def decode(data: bytes) -> tuple[str, str]:
    """Text and the name of its encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if looks_like_tcvn3(data):
        return decode_tcvn3(data), "TCVN3 (ABC)"
    best = from_bytes(data[:2_000_000], cp_isolation=["cp1258", "cp1252", "utf_16", "latin_1"]).best() \
        or from_bytes(data[:2_000_000]).best()
    if best is None:
        raise Refused(Problem("not_text"))
    return data.decode(best.encoding, errors="strict"), best.encoding


def _sniff_separator(text: str) -> str:
    """The separator giving the same number (>1) of fields on the first lines."""
    sample = text[:50_000]
    lines = [ln for ln in sample.splitlines() if ln.strip()][:20]
    best, best_score = ",", -1
    for sep in SEPARATORS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=sep)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        score = sum(c == counts[0] for c in counts) * 10 + counts[0]
        if score > best_score:
            best, best_score = sep, score
    return best


def _table(records: list[list[str]], encoding: str, separator: str | None) -> Table:
    """Rows of cells → Table: blank rows dropped, blank trailing columns dropped, rows numbered."""
    numbered = [(i, r) for i, r in enumerate(records, 1) if any(c.strip() for c in r)]
    if not numbered:
        raise Refused(Problem("empty"))
    (_, header), body = numbered[0], numbered[1:]
    header = [clean(c) for c in header]
    width = len(header)
    while width and not header[width - 1] and all(len(r) < width or not r[width - 1].strip() for _, r in body):
        width -= 1
    ragged = [(n, len(r)) for n, r in body if len(r) != width and not (len(r) > width and not any(
        c.strip() for c in r[width:]))]
    bad = {n for n, _ in ragged}
    body = [(n, r) for n, r in body if n not in bad]
    columns = [pa.array([r[i] if i < len(r) else "" for _, r in body], type=pa.string()) for i in range(width)]
    return Table(header[:width], columns, np.array([n for n, _ in body], dtype=np.int64), ragged, encoding,
                 separator)


def _fast_table(text_utf8: bytes, separator: str, encoding: str) -> Table | None:
    """Parse plain delimited text with Arrow; None when the file needs the exact (slower) reader:
    quotes, blank lines or rows of another width (their row numbers must be exact)."""
    if b'"' in text_utf8 or b"\n\n" in text_utf8 or b"\r\n\r\n" in text_utf8 or b"\r\r" in text_utf8:
        return None
    first_line = text_utf8.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].split(b"\r", 1)[0]
    n = first_line.count(separator.encode()) + 1
    try:
        tbl = pacsv.read_csv(
            io.BytesIO(text_utf8),
            read_options=pacsv.ReadOptions(column_names=[f"f{i}" for i in range(n)]),
            parse_options=pacsv.ParseOptions(delimiter=separator, quote_char=False),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(n)},
                                                  strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    if tbl.num_rows == 0:
        return None
    header = [clean(v) for v in tbl.slice(0, 1).to_pylist()[0].values()]
    width = len(header)
    body = tbl.slice(1)
    columns = [body.column(i).combine_chunks() for i in range(width)]
    while width and not header[width - 1] and not any(pc.utf8_length(pc.utf8_trim_whitespace(columns[width - 1]))
                                                       .to_numpy(zero_copy_only=False)):
        width -= 1
    numbers = np.arange(2, body.num_rows + 2, dtype=np.int64)
    return Table(header[:width], columns[:width], numbers, [], encoding, separator)


def _read_xlsx(data: bytes, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or non-Excel zip
        raise Refused(Problem("bad_xlsx", params={"error": type(exc).__name__})) from None
    if sheet:
        if sheet not in wb.sheetnames:
            raise Refused(Problem("no_sheet", value=sheet, params={"sheet": sheet, "sheets": ", ".join(wb.sheetnames)}))
        ws = wb[sheet]
    else:
        ws = wb.worksheets[0]
    rows = [["" if c is None else str(int(c) if isinstance(c, float) and c.is_integer() else c) for c in row]
            for row in ws.iter_rows(values_only=True)]
    wb.close()
    return _table(rows, "XLSX", None)


def read_table(data: bytes, filename: str = "", sheet: str | None = None) -> Table:
    """Parse an upload into a Table, or raise Refused with the reason."""
    if len(data) > max_bytes():
        raise Refused(Problem("too_big", params={"size": f"{len(data) / 1e6:,.1f}",
                                                 "limit": f"{max_bytes() / 1e6:,.0f}"}))
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise Refused(Problem("empty"))
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
        if "xl/workbook.xml" not in names:
            raise Refused(Problem("not_table", params={"kind": "ZIP"}))
        return _read_xlsx(data, sheet)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Refused(Problem("not_table", params={"kind": kind}))
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused(Problem("not_table", params={"kind": "binary"}))
    text, encoding = decode(data)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in text[:4096]):
        raise Refused(Problem("not_table", params={"kind": "binary"}))
    sep = _sniff_separator(text)
    fast = _fast_table(data if encoding == "UTF-8" else text.encode("utf-8"), sep, encoding)
    if fast is not None and fast.n_rows:
        return fast
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    except csv.Error as exc:
        raise Refused(Problem("bad_csv", params={"error": str(exc)})) from None
    return _table(records, encoding, sep)
