"""Bytes as they come from the field → a header and rows of text, within the bounds of a dataset.

Recognises XLSX (first or named sheet) and delimited text in UTF-8 (with or without BOM),
UTF-16, TCVN3 and the Windows code pages (see ``encoding``); separators , ; tab |; quoted
fields with separators and line breaks; CRLF and CR line ends; blank trailing lines and
columns; non-breaking and surrounding spaces; text normalised to NFC.

Work is bounded by what a dataset can hold (``limits``): a file with more columns, rows,
cells or longer cells than that is refused as soon as the bound is passed — before the
rest of it is parsed — so one file cannot hold up the server.
"""
from __future__ import annotations

import csv
import os
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from ..formula import unquote
from . import arrays, geojson
from .encoding import to_utf8
from .errors import Count, Phrase, Problem, Refused, refuse
from .limits import (MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_HEADER_SCAN, MAX_RECORD_CHARS, MAX_ROWS)

DEFAULT_MAX_MB = 500
SEPARATORS = [",", ";", "\t", "|"]
MAX_LISTED_RAGGED = 500
_TEXT = re.compile(rb"[^\r\n]")
_BLANK = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*")
_LINE = re.compile(rb"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")
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
    columns: list[pa.Array]   # one array of text per header cell (plain, or dictionary-encoded)
    numbers: np.ndarray | range  # each row's number as a spreadsheet shows it (header row = 1)
    ragged: list[tuple[int, int]]  # (row number, cells) of rows whose width differs from the header (first ones)
    encoding: str
    separator: str | None     # None for XLSX
    ragged_count: int = -1    # all such rows (the list above stops at MAX_LISTED_RAGGED)

    def __post_init__(self):
        if self.ragged_count < 0:
            self.ragged_count = len(self.ragged)

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


def _too_many_columns(n: int) -> Refused:
    return refuse("too_many_columns", row=1, n=Count(n), max=Count(MAX_COLUMNS))


@dataclass
class _Builder:
    """Records (row number, cells) → Table, streaming: the header is checked first, cells kept as
    Arrow chunks, at most MAX_COLUMNS per row; row widths kept to judge ragged rows at the end.

    `padded` rows (XLSX) have no width of their own: a missing cell is an empty one, and a
    value right of the header widens the table (XLSX refuses values beyond MAX_COLUMNS)."""
    encoding: str
    separator: str | None
    padded: bool = False
    chunk_cells: int = 1 << 20   # cells held as Python strings before they go to Arrow
    header: list[str] | None = None
    limit: int = 0            # columns kept: the header's cells (CSV) or MAX_COLUMNS (XLSX)
    header_width: int = 0     # up to the last non-blank header cell
    content_width: int = 0    # the widest non-blank content of a body row (≤ limit)
    rows: int = 0
    pending: list[list[str]] = field(default_factory=list)
    chunks: list[list[pa.Array]] = field(default_factory=list)
    numbers: array = field(default_factory=lambda: array("q"))
    lengths: array = field(default_factory=lambda: array("q"))
    lasts: array = field(default_factory=lambda: array("q"))

    def add(self, number: int, cells: list[str]) -> None:
        last = len(cells)
        while last and not cells[last - 1].strip():
            last -= 1
        if not last:
            return  # a blank row
        if self.header is None:
            if last > MAX_COLUMNS:
                raise _too_many_columns(last)
            self.limit = MAX_COLUMNS if self.padded else min(len(cells), MAX_COLUMNS)
            self.header = [clean(c) for c in cells[:self.limit]]
            self.header_width = last
            self._grow(len(self.header))
            return
        if self.rows >= MAX_ROWS:
            raise refuse("too_many_rows", max=Count(MAX_ROWS))
        self.rows += 1
        self.numbers.append(number)
        if not self.padded:
            self.lengths.append(len(cells))
            self.lasts.append(last)
        self.content_width = max(self.content_width, min(last, self.limit))
        if self.padded and last > len(self.pending):
            self._grow(last)
        for i, values in enumerate(self.pending):
            values.append(cells[i] if i < len(cells) else "")
        if len(self.pending[0]) * len(self.pending) >= self.chunk_cells:
            self._flush()

    def _grow(self, n: int) -> None:
        """Track columns up to n, the new ones empty in the rows read so far."""
        for _ in range(len(self.pending), n):
            self.chunks.append([pa.array([""] * len(c), type=pa.string()) for c in (self.chunks[0] if self.chunks else [])])
            self.pending.append([""] * (len(self.pending[0]) if self.pending else 0))

    def _flush(self) -> None:
        for i, values in enumerate(self.pending):
            self.chunks[i].append(pa.array(values, type=pa.string()))
            self.pending[i] = []

    def finish(self) -> Table:
        if self.header is None:
            raise refuse("empty")
        self._flush()
        width = max(self.header_width, self.content_width)
        numbers = np.array(self.numbers, dtype=np.int64)
        keep = np.ones(len(numbers), dtype=bool)
        ragged, ragged_count = [], 0
        if not self.padded:
            lengths, lasts = np.array(self.lengths, dtype=np.int64), np.array(self.lasts, dtype=np.int64)
            bad = (lengths < width) | ((lengths > width) & (lasts > width))
            keep = ~bad
            ragged_count = int(bad.sum())
            ragged = [(int(n), int(w)) for n, w in zip(numbers[bad][:MAX_LISTED_RAGGED],
                                                        lengths[bad][:MAX_LISTED_RAGGED])]
        mask = None if keep.all() else pa.array(keep)
        columns = []
        for i in range(width):
            col = pa.chunked_array(self.chunks[i], type=pa.string()).combine_chunks()
            columns.append(col if mask is None else col.filter(mask))
        header = (self.header + [""] * width)[:width]
        return Table(header, columns, numbers[keep], ragged, self.encoding, self.separator, ragged_count)


def _check_cells(table: Table) -> None:
    """Refuse a table holding a cell longer than MAX_CELL_CHARS (named by row and column)."""
    for i, col in enumerate(table.columns):
        if not len(col):
            continue
        coded = pa.types.is_dictionary(col.type)  # each distinct text measured once
        if coded and _most_bytes(col.dictionary) <= MAX_CELL_CHARS:
            continue  # no text has more characters than bytes
        import pyarrow.compute as pc

        lengths = pc.utf8_length(col.dictionary if coded else col)
        if pc.max(lengths).as_py() > MAX_CELL_CHARS:
            too_long = pc.greater(lengths, MAX_CELL_CHARS)
            idx = int(pc.index(pc.take(too_long, col.indices) if coded else too_long, True).as_py())
            row, column = int(table.numbers[idx]), table.header[i] or str(i + 1)
            raise refuse("cell_too_long", row=row, column=column, max=Count(MAX_CELL_CHARS),
                         where=Phrase("ingest.where.cell", {"row": Count(row), "column": column}))


def _most_bytes(strings: pa.Array) -> int:
    """The largest size in bytes of the texts of a string array (a bound on their characters)."""
    if strings.type != pa.string():
        return MAX_CELL_CHARS + 1  # measured in characters
    offsets = arrays.to_numpy(pa.Array.from_buffers(pa.int32(), len(strings) + 1, [None, strings.buffers()[1]],
                                                    offset=strings.offset))
    return int(np.diff(offsets).max()) if len(strings) else 0


def _blank(strings: pa.Array) -> bool:
    """Whether every text of a string array is empty once trimmed."""
    import pyarrow.compute as pc

    return not any(pc.utf8_length(pc.utf8_trim_whitespace(strings)).to_numpy(zero_copy_only=False))


def _one_chunk(col: pa.ChunkedArray) -> pa.DictionaryArray:
    """A column of chunks sharing one dictionary as one array (the chunks' indices joined)."""
    if col.num_chunks == 1:
        return col.chunk(0)
    indices = np.concatenate([arrays.to_numpy(c.indices) for c in col.chunks])
    return pa.DictionaryArray.from_arrays(arrays.from_numpy(indices, pa.int32()), col.chunk(0).dictionary)


def _fast_table(text_utf8: bytes, separator: str, encoding: str, n: int, lf_count: int | None = None) -> Table | None:
    """Parse plain delimited text with Arrow; None when the file needs the exact (slower) reader:
    quotes, blank lines or rows of another width (their row numbers must be exact).

    Each column is read dictionary-encoded: its distinct texts once, and an index per row.
    `lf_count`: the file's line feeds, when it has no carriage return (a blank line is then
    found from the rows read, without searching the text for one)."""
    if b'"' in text_utf8:
        return None
    if lf_count is None and (b"\n\n" in text_utf8 or b"\r\n\r\n" in text_utf8 or b"\r\r" in text_utf8):
        return None
    if text_utf8.startswith((b"\n", b"\r")):
        return None
    end = len(text_utf8)
    for line_end in (b"\n", b"\r"):  # the header: the first line (no quotes in the file)
        found = text_utf8.find(line_end, 0, end)
        end = found if found >= 0 else end
    cells = text_utf8[:end].decode("utf-8").split(separator)
    if len(cells) != n:
        return None
    header = [clean(v) for v in cells]
    if not any(header):
        return None
    names = [f"f{i}" for i in range(n)]
    try:  # in one block: each column comes out as one array, without joining its blocks' indices
        tbl = pacsv.read_csv(
            pa.BufferReader(text_utf8),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                           block_size=min(len(text_utf8) + 1, 2**31 - 1)),
            parse_options=pacsv.ParseOptions(delimiter=separator, quote_char=False),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.dictionary(pa.int32(), pa.string()) for c in names},
                                                  strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    if tbl.num_rows < 1:
        return None
    if lf_count is not None and tbl.num_rows + 1 != lf_count + (not text_utf8.endswith(b"\n")):
        return None  # Arrow skipped a blank line
    tbl = tbl.unify_dictionaries()  # one dictionary per column, in order of first appearance
    width = len(header)
    columns = [_one_chunk(tbl.column(i)) for i in range(width)]
    while width and not header[width - 1] and _blank(columns[width - 1].dictionary):
        width -= 1  # a blank column right of the header (its distinct texts, each once)
    rows = tbl.num_rows
    del tbl
    arrays.release()  # the parser's blocks
    return Table(header[:width], columns[:width], range(2, rows + 2), [], encoding, separator)


def _header_fields(body: bytes, separator: str) -> tuple[int, int]:
    """(cells, cells up to the last non-blank one) of the first line with text, quotes respected,
    read from at most MAX_HEADER_SCAN bytes; a longer line is counted by its separators."""
    m = _TEXT.search(body)
    if m is None:
        return 0, 0
    start = m.start()
    ends = [i for i in (body.find(b"\n", start, start + MAX_HEADER_SCAN), body.find(b"\r", start, start + MAX_HEADER_SCAN))
            if i >= 0]
    if not ends and len(body) - start > MAX_HEADER_SCAN:
        end = body.find(b"\n", start)
        n = body.count(separator.encode(), start, end if end >= 0 else len(body)) + 1
        return n, n
    line = body[start:min(ends) if ends else len(body)]
    try:
        cells = next(csv.reader([line.decode("utf-8", errors="replace")], delimiter=separator), [])
    except csv.Error:
        n = line.count(separator.encode()) + 1
        return n, n
    last = len(cells)
    while last and not cells[last - 1].strip():
        last -= 1
    return len(cells), last


class _TooLong(Exception):
    """A record grew beyond MAX_RECORD_CHARS: one huge cell, or a row of too many cells or a quote never closed."""

    def __init__(self, one_cell: bool):
        self.one_cell = one_cell


def _lines(body: bytes, separator: str) -> tuple[dict, Iterable[str]]:
    """Physical lines (ends kept) of UTF-8 text, decoded one at a time, for the csv reader; a
    record that grows beyond what a row can hold raises _TooLong before it is built."""
    state = {"chars": 0}
    sep = separator.encode()

    def gen():
        for m in _LINE.finditer(body):
            size = m.end() - m.start()
            state["chars"] += size
            if state["chars"] > MAX_RECORD_CHARS:
                raise _TooLong(size > MAX_RECORD_CHARS and body.count(sep, m.start(), m.end()) < MAX_COLUMNS)
            yield m.group().decode("utf-8")
    return state, gen()


def _delimited(body: bytes, encoding: str, sep: str) -> Table:
    """The exact reader: Python's csv line by line, streamed into a bounded builder."""
    state, lines = _lines(body, sep)
    builder = _Builder(encoding, sep)
    reader = csv.reader(lines, delimiter=sep)
    number = 0
    try:
        for number, record in enumerate(reader, 1):
            state["chars"] = 0
            builder.add(number, record)
    except _TooLong as exc:
        row = number + 1
        if exc.one_cell:
            raise refuse("cell_too_long", row=row, max=Count(MAX_CELL_CHARS),
                         where=Phrase("ingest.where.row", {"row": Count(row)})) from None
        raise refuse("row_too_long", row=row, line=Count(row), max=Count(MAX_RECORD_CHARS)) from None
    except csv.Error as exc:
        row = number + 1
        if "field larger than field limit" in str(exc):
            raise refuse("cell_too_long", row=row, max=Count(MAX_CELL_CHARS),
                         where=Phrase("ingest.where.row", {"row": Count(row)})) from None
        raise refuse("bad_csv", row=row, error=str(exc)) from None
    return builder.finish()


def _read_text(data: bytes) -> Table:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse("not_table", kind="binary")
    body, encoding = to_utf8(data)
    head = body[:200_000].decode("utf-8", errors="ignore")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in head[:4096]):
        raise refuse("not_table", kind="binary")
    sep = _sniff_separator(head)
    raw, n = _header_fields(body, sep)
    if n > MAX_COLUMNS:
        raise _too_many_columns(n)
    carriage_returns = b"\r" in body
    lines = max(body.count(b"\n"), body.count(b"\r")) if carriage_returns else body.count(b"\n")
    if lines > MAX_ROWS + 1_000:
        raise refuse("too_many_rows", max=Count(MAX_ROWS))
    if lines * max(n, 1) > MAX_CELLS:
        raise refuse("too_many_cells", rows=Count(lines), cols=Count(n), max=Count(MAX_CELLS))
    table = (_fast_table(body, sep, encoding, raw, None if carriage_returns else lines)
             if 0 < raw <= 4 * MAX_COLUMNS and lines else None)
    if table is None or not table.n_rows:
        table = _delimited(body, encoding, sep)
    _check_cells(table)
    return table


def _read_xlsx(data: bytes, sheet: str | None) -> Table:
    from . import xlsx  # openpyxl's date formats: imported only for a workbook

    builder = _Builder("XLSX", None, padded=True)
    xlsx.read_rows(data, sheet, builder.add)
    table = builder.finish()
    return table


def _read_geojson(data: bytes, dataset: str | None) -> Table:
    """District boundaries as a table: one row per feature (row number = feature number)."""
    if dataset not in (None, geojson.DATASET):
        raise refuse("geojson_wrong_dataset")
    rows = geojson.features(geojson.parse(data))
    columns = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(2)]
    return Table(["district_code", "geometry"], columns, np.arange(1, len(rows) + 1, dtype=np.int64), [],
                 "GeoJSON (UTF-8)", None)


def read_table(data: bytes, filename: str = "", sheet: str | None = None, dataset: str | None = None) -> Table:
    """Parse an upload into a Table, or raise Refused with the reason. A JSON file is read as
    GeoJSON district boundaries (refused for any other `dataset`)."""
    if len(data) > max_bytes():
        raise Refused(Problem("too_big", params={"size": f"{len(data) / 1e6:,.1f}",
                                                 "limit": f"{max_bytes() / 1e6:,.0f}"}))
    if _BLANK.fullmatch(data):  # stops at the first other byte (strip would copy the file)
        raise refuse("empty")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, sheet)
    if geojson.looks_like_json(data):
        return _read_geojson(data, dataset)
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise refuse("not_table", kind=kind)
    return _read_text(data)
