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

from charset_normalizer import from_bytes

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
    header: list[str]
    rows: list[list[str]]
    numbers: list[int]     # each row's number as a spreadsheet shows it (header row = 1)
    encoding: str
    separator: str | None  # None for XLSX


def clean(cell) -> str:
    """Text of a cell: NFC, non-breaking spaces as spaces, no surrounding space."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = unicodedata.normalize("NFC", str(cell))
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\ufeff", "").strip()


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
    """Drop blank rows and trailing columns blank in the header and every row; number the rows."""
    numbered = [(i, r) for i, r in enumerate(records, 1) if any(r)]
    if not numbered:
        raise Refused(Problem("empty"))
    (_, header), body = numbered[0], numbered[1:]
    width = len(header)
    while width and not header[width - 1] and all(len(r) < width or not r[width - 1] for _, r in body):
        width -= 1
    rows = [r[:width] if len(r) > width and not any(r[width:]) else r for _, r in body]
    return Table(header[:width], rows, [n for n, _ in body], encoding, separator)


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
    rows = [[clean(c) for c in row] for row in ws.iter_rows(values_only=True)]
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
    try:
        records = [[clean(c) for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]
    except csv.Error as exc:
        raise Refused(Problem("bad_csv", params={"error": str(exc)})) from None
    return _table(records, encoding, sep)
