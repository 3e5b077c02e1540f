"""Rows of an XLSX worksheet, read within the bounds of what a dataset can hold.

openpyxl's read-only reader trusts the sheet's declared dimension (``A1:XFD1048576`` makes it
pad every row to 16 384 cells), builds each row's XML element whole, keeps per-row attributes
and parses styles and themes eagerly; a 1,5 KB file can make it allocate gigabytes. This reader
streams only the parts a table needs — workbook, its relationships, shared strings, one sheet —
through expat, after checking each part's size and compression ratio in the zip directory:

- a part larger than its bound or inflating more than ``XLSX_MAX_RATIO`` times is refused
  before a byte is inflated (zipfile never inflates past the size the directory declares);
- a value beyond column ``MAX_COLUMNS`` or row ``XLSX_MAX_ROWS`` is refused at that cell,
  whatever the declared dimension says; cells are placed by their own reference;
- a sheet whose relationship points outside the archive, a DTD or entity declaration,
  malformed XML and a damaged zip are refused with a message, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from typing import Callable
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from .errors import Count, Phrase, Refused, refuse
from .limits import (MAX_CELL_CHARS, MAX_COLUMNS, XLSX_MAX_COLUMN, XLSX_MAX_EMPTY_CELLS, XLSX_MAX_MEMBERS,
                     XLSX_MAX_OTHER_ELEMENTS, XLSX_MAX_PART_BYTES, XLSX_MAX_RATIO, XLSX_MAX_ROWS,
                     XLSX_MAX_SHEET_BYTES, XLSX_MAX_STRINGS, XLSX_MAX_STRINGS_BYTES, XLSX_MAX_VALUES, XLSX_RATIO_FROM)

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # Excel's escape of control characters in text
_SHOWN_SHEETS = 20
# Errors zipfile and zlib raise on a damaged archive or stream.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError,
               OSError, EOFError, zlib.error, KeyError)


def column_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _local(name: str) -> str:
    """Element or attribute name without its namespace (parsers use " " as separator)."""
    return name.rsplit(" ", 1)[-1]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _number_text(raw: str) -> str:
    """A stored number as text: 2020, 12.5 (a whole float without its .0, as Excel shows it)."""
    try:
        value = float(raw)
    except ValueError:
        return raw
    if not raw or value != value or value in (float("inf"), float("-inf")):
        return raw  # left as written: validation refuses it with a message
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


class _Archive:
    """The zip, its directory checked; parts streamed into an expat parser within their bounds."""

    def __init__(self, data: bytes):
        if data.count(b"PK\x01\x02") > XLSX_MAX_MEMBERS:
            raise refuse("xlsx_members", n=Count(data.count(b"PK\x01\x02")), max=Count(XLSX_MAX_MEMBERS))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.infos = {i.filename: i for i in self.zip.infolist()}
        except _ZIP_ERRORS as exc:
            raise refuse("bad_xlsx", error=type(exc).__name__) from None

    def has(self, name: str) -> bool:
        return name in self.infos

    def check(self, name: str, limit: int):
        """The part's directory entry, refused when it declares more than `limit` bytes or inflates
        more than XLSX_MAX_RATIO times."""
        info = self.infos[name]
        if info.file_size > limit:
            raise refuse("xlsx_part_too_big", member=name[:100], size=Count(info.file_size >> 20),
                         limit=Count(limit >> 20))
        if info.file_size > XLSX_RATIO_FROM and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
            raise refuse("xlsx_ratio", member=name[:100], ratio=Count(info.file_size // max(info.compress_size, 1)),
                         max=Count(XLSX_MAX_RATIO))
        return info

    def parse(self, name: str, limit: int, parser) -> None:
        info = self.check(name, limit)
        read = 0
        try:
            with self.zip.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    read += len(chunk)
                    if read > limit:  # the directory lied about the size
                        raise refuse("xlsx_part_too_big", member=name, size=Count(read >> 20),
                                     limit=Count(limit >> 20))
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except Refused:
            raise
        except expat.ExpatError as exc:
            raise refuse("bad_xml", member=name, line=Count(exc.lineno), error=expat.ErrorString(exc.code)) from None
        except (LookupError, UnicodeError) as exc:  # an XML declaration naming an unknown encoding
            raise refuse("bad_xml", member=name, line=Count(1), error=str(exc)[:100]) from None
        except _ZIP_ERRORS as exc:
            raise refuse("bad_xlsx", error=type(exc).__name__) from None


def _parser(start: Callable | None = None, end: Callable | None = None, text: Callable | None = None):
    """An expat parser that refuses DTDs and entity declarations (no entity expansion at all)."""
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True
    p.buffer_size = 1 << 16
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def no_dtd(*_args):
        raise refuse("xlsx_dtd")

    p.StartDoctypeDeclHandler = no_dtd
    p.EntityDeclHandler = no_dtd
    p.ExternalEntityRefHandler = no_dtd
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    return p


def _relationships(archive: _Archive, source: str) -> dict[str, tuple[str, str, str]]:
    """Relationship id → (type, part name, target as written) for a part, targets resolved
    against the part's folder (a target leaving the archive resolves to a name starting "../")."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    rels: dict[str, tuple[str, str, str]] = {}
    if not archive.has(rels_name):
        return rels

    def start(name, attrs):
        if _local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            rels[attrs.get("Id", "")] = (attrs.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(path), target)

    archive.parse(rels_name, XLSX_MAX_PART_BYTES, _parser(start=start))
    return rels


def _workbook_part(archive: _Archive) -> str:
    """The workbook part named by the package relationships (xl/workbook.xml as Excel writes it)."""
    for kind, path, _ in _relationships(archive, "").values():
        if kind == "officeDocument" and archive.has(path):
            return path
    if archive.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise refuse("not_table", kind="ZIP")


def _sheets(archive: _Archive, workbook: str) -> tuple[list[tuple[str, str]], bool]:
    """(sheet name, relationship id) of the workbook's sheets, in order; whether its dates count
    from 1904 (old Mac Excel) rather than 1900."""
    sheets: list[tuple[str, str]] = []
    mac = [False]

    def start(name, attrs):
        tag = _local(name)
        if tag == "sheet":
            rid = next((v for k, v in attrs.items() if " " in k and _local(k) == "id"), "")
            sheets.append((attrs.get("name", ""), rid))
            if len(sheets) > XLSX_MAX_MEMBERS:
                raise refuse("xlsx_members", n=Count(len(sheets)), max=Count(XLSX_MAX_MEMBERS))
        elif tag == "workbookPr":
            mac[0] = attrs.get("date1904", "").lower() in ("1", "true")

    archive.parse(workbook, XLSX_MAX_PART_BYTES, _parser(start=start))
    return sheets, mac[0]


def _date_styles(archive: _Archive, path: str | None) -> set[str]:
    """The cell style indexes (the s attribute) whose number format shows a date."""
    if not path or not archive.has(path):
        return set()
    formats: dict[str, str] = {}
    xfs: list[str] = []
    state = {"cell_xfs": False}

    def start(name, attrs):
        tag = _local(name)
        if tag == "numFmt":
            formats[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            state["cell_xfs"] = True
        elif tag == "xf" and state["cell_xfs"]:
            xfs.append(attrs.get("numFmtId", "0"))

    def end(name):
        if _local(name) == "cellXfs":
            state["cell_xfs"] = False

    archive.parse(path, XLSX_MAX_PART_BYTES, _parser(start, end))

    def is_date(fmt_id: str) -> bool:
        code = formats.get(fmt_id) or (BUILTIN_FORMATS.get(int(fmt_id)) if fmt_id.isdigit() else None)
        return bool(code) and is_date_format(code) and not is_timedelta_format(code)

    dates = {fid for fid in set(xfs) if is_date(fid)}
    return {str(i) for i, fid in enumerate(xfs) if fid in dates}


def _date_text(raw: str, epoch) -> str:
    """A date cell's serial number as the date it shows: 2023-12-31 (with the time if it has one)."""
    try:
        when = from_excel(float(raw), epoch)
    except (ValueError, OverflowError, TypeError):
        return _number_text(raw)
    if not isinstance(when, dt.datetime):
        return _number_text(raw)
    return when.strftime("%Y-%m-%d") if when.time() == dt.time() else when.strftime("%Y-%m-%d %H:%M:%S")


def _shared_strings(archive: _Archive, path: str | None) -> list[str]:
    """The shared string table: the text of each <si> (its <t> runs, phonetic runs left out)."""
    strings: list[str] = []
    if not path or not archive.has(path):
        return strings
    state = {"t": 0, "phonetic": 0, "parts": [], "size": 0}

    def start(name, _attrs):
        tag = _local(name)
        if tag == "si":
            state["parts"], state["size"] = [], 0
        elif tag == "t":
            state["t"] += 1
        elif tag == "rPh":
            state["phonetic"] += 1

    def end(name):
        tag = _local(name)
        if tag == "t":
            state["t"] -= 1
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append(_unescape("".join(state["parts"])))
            if len(strings) > XLSX_MAX_STRINGS:
                raise refuse("xlsx_strings", max=Count(XLSX_MAX_STRINGS))

    def text(data):
        if state["t"] and not state["phonetic"]:
            state["size"] += len(data)
            if state["size"] > MAX_CELL_CHARS:
                raise refuse("cell_too_long", max=Count(MAX_CELL_CHARS),
                             where=Phrase("ingest.where.shared", {"n": Count(len(strings) + 1)}))
            state["parts"].append(data)

    archive.parse(path, XLSX_MAX_STRINGS_BYTES, _parser(start, end, text))
    return strings


# Sheet elements the reader acts on, by local name; anything else inside <sheetData> is counted.
_ROW, _CELL, _TEXT, _PHONETIC, _DATA, _INERT = range(6)
_SHEET_TAGS = {"row": _ROW, "c": _CELL, "v": _TEXT, "t": _TEXT, "rPh": _PHONETIC, "sheetData": _DATA,
               "is": _INERT, "r": _INERT, "f": _INERT, "rPr": _INERT}


class _SheetReader:
    """Expat handlers turning <row>/<c> elements into (row number, cells) for `emit`.

    Rows must come in increasing order and cells left to right (as every spreadsheet writes
    them); a cell is placed by its own reference, so no declared dimension is ever trusted."""

    def __init__(self, strings: list[str], emit: Callable[[int, list[str]], None], dates: set[str] = frozenset(),
                 epoch=None):
        self.strings, self.emit = strings, emit
        self.dates, self.epoch = dates, epoch
        self.style = None
        self.tags: dict[str, int] = {}
        self.columns: dict[str, int] = {}
        self.in_data = False
        self.row, self.row_text = 0, "0"
        self.cells: list[str] = []
        self.col = 0
        self.cell = None          # the open cell's type (t attribute)
        self.parts: list[str] = []
        self.size = 0
        self.collect = False      # inside <v> or an inline string's <t>
        self.skip = 0             # inside phonetic runs
        self.empty = 0
        self.values = 0
        self.other = 0

    def _tag(self, name: str) -> int:
        code = self.tags.get(name)
        if code is None:
            code = self.tags[name] = _SHEET_TAGS.get(_local(name), -1)
        return code

    def _column(self, ref: str) -> int:
        """The column of a reference such as "AB12", checked to lie on the open row."""
        letters = ref.rstrip("0123456789")
        col = self.columns.get(letters)
        if col is None:
            if not (0 < len(letters) <= 3 and letters.isalpha() and letters.isascii()):
                raise refuse("xlsx_bad_ref", value=ref[:20], ref=ref[:20])
            col = self.columns[letters] = _column_number(letters)
        if ref[len(letters):] != self.row_text:
            raise refuse("xlsx_bad_ref", value=ref[:20], ref=ref[:20])
        return col

    def start(self, name, attrs):
        tag = self.tags.get(name)
        if tag is None:
            tag = self._tag(name)
        if not self.in_data:
            self.in_data = tag == _DATA
        elif tag == _CELL:
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col = self.columns.get(letters)
                if col is None or ref[len(letters):] != self.row_text:
                    col = self._column(ref)
            else:
                col = self.col + 1
            if col <= self.col or col > XLSX_MAX_COLUMN:
                ref = ref or f"{column_letters(col)}{self.row}"
                raise refuse("xlsx_bad_ref", value=ref[:20], ref=ref[:20])
            self.col = col
            self.cell = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.parts, self.size = [], 0
        elif tag == _TEXT:
            self.collect = self.cell is not None and not self.skip
        elif tag == _ROW:
            r = attrs.get("r")
            number = int(r) if r and r.isdigit() else self.row + 1
            if number <= self.row or number > XLSX_MAX_ROWS:
                raise refuse("xlsx_row_order", row=number, n=Count(number), previous=Count(self.row))
            self.row, self.row_text, self.cells, self.col = number, str(number), [], 0
        elif tag == _PHONETIC:
            self.skip += 1
        elif tag != _INERT:
            self.other += 1
            if self.other > XLSX_MAX_OTHER_ELEMENTS:
                raise refuse("xlsx_markup", n=Count(self.other))

    def end(self, name):
        if not self.in_data:
            return
        tag = self.tags.get(name)
        if tag is None:
            tag = self._tag(name)
        if tag == _TEXT:
            self.collect = False
        elif tag == _CELL:
            if self.cell is not None:
                self._close_cell()
        elif tag == _ROW:
            if self.cells:
                self.emit(self.row, self.cells)
            self.cells = []
        elif tag == _PHONETIC:
            self.skip -= 1
        elif tag == _DATA:
            self.in_data = False

    def text(self, data):
        if self.collect:
            self.size += len(data)
            if self.size > MAX_CELL_CHARS:
                ref = f"{column_letters(self.col)}{self.row}"
                raise refuse("cell_too_long", row=self.row, column=column_letters(self.col),
                             max=Count(MAX_CELL_CHARS), where=ref)
            self.parts.append(data)

    def _close_cell(self):
        kind, parts = self.cell, self.parts
        raw = parts[0] if len(parts) == 1 else "".join(parts)
        self.cell = None
        if kind == "n":
            if self.style in self.dates and raw.strip():
                value = _date_text(raw.strip(), self.epoch)
            else:
                value = raw if raw.isdigit() else _number_text(raw.strip())
        elif kind == "s":
            try:
                value = self.strings[int(raw)]
            except (ValueError, IndexError):
                raise refuse("xlsx_bad_ref", value=raw[:20], ref=f"{column_letters(self.col)}{self.row}") from None
        elif kind == "b":
            value = {"1": "TRUE", "0": "FALSE"}.get(raw.strip(), raw)
        else:  # str, inlineStr, e (#N/A …), d (ISO date)
            value = _unescape(raw)
        if not value or value.isspace():
            self.empty += 1
            if self.empty > XLSX_MAX_EMPTY_CELLS:
                raise refuse("xlsx_markup", n=Count(self.empty))
            return
        self.values += 1
        if self.values > XLSX_MAX_VALUES:
            raise refuse("xlsx_values", row=self.row, max=Count(XLSX_MAX_VALUES))
        if self.col > MAX_COLUMNS:
            raise refuse("xlsx_cell_outside", row=self.row, column=column_letters(self.col),
                         ref=f"{column_letters(self.col)}{self.row}", max=Count(MAX_COLUMNS))
        cells = self.cells
        if len(cells) < self.col - 1:
            cells.extend([""] * (self.col - 1 - len(cells)))
        if len(cells) == self.col - 1:
            cells.append(value)
        else:
            cells[self.col - 1] = value


def _path_like(name: str) -> bool:
    """A sheet name no spreadsheet writes: a path ("../x", "/x", "a/../b") or one with control characters."""
    parts = name.replace("\\", "/").split("/")
    return ".." in parts or name.startswith(("/", "\\")) or any(ord(ch) < 32 for ch in name)


def sheet_names(data: bytes) -> list[str]:
    """The names of the workbook's worksheets, in order (chart sheets and the like left out)."""
    archive = _Archive(data)
    workbook = _workbook_part(archive)
    rels = _relationships(archive, workbook)
    sheets, _ = _sheets(archive, workbook)
    for name, _ in sheets:
        if _path_like(name):
            raise refuse("xlsx_sheet_name", value=name[:100], sheet=name[:100])
    return [name for name, rid in sheets if rels.get(rid, ("",))[0] == "worksheet"]


def read_rows(data: bytes, sheet: str | None, emit: Callable[[int, list[str]], None]) -> None:
    """Stream the rows of the named (or first) worksheet to `emit(row number, cells)`; rows with
    no value are skipped, cells are text as the spreadsheet shows them. Raises Refused."""
    archive = _Archive(data)
    workbook = _workbook_part(archive)
    rels = _relationships(archive, workbook)
    sheets, mac = _sheets(archive, workbook)
    for name, _ in sheets:
        if _path_like(name):
            raise refuse("xlsx_sheet_name", value=name[:100], sheet=name[:100])
    worksheets = [(name, rid) for name, rid in sheets if rels.get(rid, ("",))[0] == "worksheet"]
    if sheet is not None:
        chosen = [(name, rid) for name, rid in sheets if name == sheet]
        if not chosen:
            names = [name for name, _ in sheets]
            shown = ", ".join(names[:_SHOWN_SHEETS]) + (" …" if len(names) > _SHOWN_SHEETS else "")
            raise refuse("no_sheet", value=sheet[:100], sheet=sheet[:100], sheets=shown or "–")
    else:
        chosen = worksheets[:1]
        if not chosen:
            raise refuse("xlsx_no_sheets")
    name, rid = chosen[0]
    kind, path, target = rels.get(rid, ("", "", ""))
    if kind != "worksheet" or path.startswith("../") or path.startswith("/") or not archive.has(path):
        raise refuse("xlsx_sheet_missing", value=target[:200], sheet=name[:100], target=target[:200] or "–")
    strings_path = next((p for k, p, _ in rels.values() if k == "sharedStrings"), None)
    strings = _shared_strings(archive, strings_path)
    dates = _date_styles(archive, next((p for k, p, _ in rels.values() if k == "styles"), None))
    reader = _SheetReader(strings, emit, dates, CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900)
    archive.parse(path, XLSX_MAX_SHEET_BYTES, _parser(reader.start, reader.end, reader.text))
