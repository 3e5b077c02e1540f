"""Hostile uploads: each file built here, dry-run in a process of its own, measured.

    python -m ntm.bench.hostile            # a table: file, size, peak memory, time, outcome

Each file is checked by ``ntm.ingest.dry_run`` in a fresh child process (``--one``) whose
address space is capped with ``RLIMIT_AS`` (its size after imports + ``HEADROOM_MB``), so a
file that makes the reader allocate beyond that fails with MemoryError instead of swapping;
the peak memory shown is that child's own ``ru_maxrss``, and ``base`` its peak after imports.
The tests (tests/test_ingest_hostile.py) build the same files and run them the same way.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import zipfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HEADROOM_MB = 1024   # address space a child may add to what its imports take
TIMEOUT_S = 120

# --- building files ------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass
class Part:
    """A zip member: its deflated bytes, CRC and the uncompressed size the directory declares."""
    name: str
    deflated: bytes
    crc: int
    size: int


def deflate(data: bytes, name: str) -> Part:
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Part(name, co.compress(data) + co.flush(), zlib.crc32(data), len(data))


def deflate_repeated(name: str, head: bytes, block: bytes, times: int, tail: bytes) -> Part:
    """head + block × times + tail, deflated without compressing `block` more than once: after a
    full flush the compressor starts afresh, so each copy of the block deflates to the same bytes."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = [co.compress(head), co.flush(zlib.Z_FULL_FLUSH)]
    once = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)
    out += [once] * times
    out += [co.compress(tail), co.flush()]
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return Part(name, b"".join(out), crc, len(head) + len(block) * times + len(tail))


def zip_bytes(parts: list[Part]) -> bytes:
    """A zip archive written field by field, so a test can make its directory say anything."""
    out, central = io.BytesIO(), []
    for p in parts:
        offset, name = out.tell(), p.name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, p.crc, len(p.deflated),
                              p.size & 0xFFFFFFFF, len(name), 0) + name + p.deflated)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, p.crc,
                                   len(p.deflated), p.size & 0xFFFFFFFF, len(name), 0, 0, 0, 0, 0, offset) + name)
    directory = b"".join(central)
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), start, 0))
    return out.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def workbook_parts(sheet_xml: Part | bytes, sheet_name: str = "Sheet1", target: str = "worksheets/sheet1.xml",
                   extra: list[Part] = ()) -> list[Part]:
    """The parts of a minimal workbook with one sheet (its XML given), as Excel lays them out."""
    sheet = sheet_xml if isinstance(sheet_xml, Part) else deflate(sheet_xml, "xl/worksheets/sheet1.xml")
    return [
        deflate((XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 'spreadsheetml.sheet.main+xml"/></Types>').encode(), "[Content_Types].xml"),
        deflate((XML + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>').encode(), "_rels/.rels"),
        deflate((XML + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="{_esc(sheet_name)}" '
                 'sheetId="1" r:id="rId1"/></sheets></workbook>').encode(), "xl/workbook.xml"),
        deflate((XML + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" '
                 f'Target="{_esc(target)}"/></Relationships>').encode(), "xl/_rels/workbook.xml.rels"),
        sheet, *extra,
    ]


def sheet_xml(rows: str, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (XML + f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{rows}</sheetData></worksheet>').encode()


def inline_row(r: int, values: list) -> str:
    cells = []
    for i, v in enumerate(values):
        ref = f"{chr(65 + i)}{r}"
        cells.append(f'<c r="{ref}"><v>{v}</v></c>' if isinstance(v, (int, float)) else
                     f'<c r="{ref}" t="inlineStr"><is><t>{_esc(str(v))}</t></is></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


HEADER = ["year", "commune_code", "criterion_id", "met"]
ROWS = inline_row(1, HEADER) + inline_row(2, [2015, "C1", 1, 1])


def xlsx_dimension_bomb() -> bytes:
    """~1,5 KB: the sheet declares A1:XFD1048576 and holds one value, at XFD1048576."""
    return zip_bytes(workbook_parts(sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
                                              dimension="A1:XFD1048576")))


def xlsx_huge_sheet(gigabytes: float = 1.0) -> bytes:
    """~1 MB holding a sheet of `gigabytes` GB of XML (the same rows over and over)."""
    head = sheet_xml(inline_row(1, HEADER) + "@").split(b"@")[0]
    row = b'<row><c t="n"><v>2015</v></c><c t="inlineStr"><is><t>C1</t></is></c><c><v>1</v></c><c><v>1</v></c></row>'
    block = row * ((1 << 20) // len(row))
    times = int(gigabytes * (1 << 30) / len(block))
    part = deflate_repeated("xl/worksheets/sheet1.xml", head, block, times, b"</sheetData></worksheet>")
    return zip_bytes(workbook_parts(part))


def xlsx_values_within_caps(megabytes: int = 240) -> bytes:
    """A sheet inside every size and ratio bound, of 50 columns of numbers: read until the values
    pass what a dataset can hold. The most work any XLSX can cost."""
    import random
    rng = random.Random(7)
    head = sheet_xml(inline_row(1, HEADER) + "@").split(b"@")[0]
    rows = []
    while sum(map(len, rows)) < (1 << 20):
        rows.append("<row>" + "".join(f"<c><v>{rng.randrange(10 ** 6)}</v></c>" for _ in range(50)) + "</row>")
    block = "".join(rows).encode()
    part = deflate_repeated("xl/worksheets/sheet1.xml", head, block, megabytes * (1 << 20) // len(block),
                            b"</sheetData></worksheet>")
    return zip_bytes(workbook_parts(part))


def xlsx_lying_size() -> bytes:
    """The directory says the sheet is 4 KB; its deflated stream holds 200 MB."""
    big = xlsx_huge_sheet(0.2)
    parts = workbook_parts(sheet_xml(ROWS))
    # Rebuild with the huge stream but a small declared size and the small sheet's CRC.
    import zipfile
    with zipfile.ZipFile(io.BytesIO(big)) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename)
        stream = big[start:start + info.compress_size]
    parts[-1] = Part("xl/worksheets/sheet1.xml", stream, parts[-1].crc, 4096)
    return zip_bytes(parts)


def xlsx_sheet_outside() -> bytes:
    """The sheet's relationship points outside the archive."""
    return zip_bytes(workbook_parts(sheet_xml(ROWS), target="../../../../etc/passwd"))


def xlsx_path_sheet_name() -> bytes:
    """A sheet named like a path (Excel never allows / in a sheet name)."""
    return zip_bytes(workbook_parts(sheet_xml(ROWS), sheet_name="../../xl/worksheets/sheet1.xml"))


def xlsx_entities() -> bytes:
    """Nested entities in the shared strings ("billion laughs")."""
    dtd = ('<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)) + "]>")
    strings = (XML + dtd + f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&j;</t></si></sst>').encode()
    parts = workbook_parts(sheet_xml(inline_row(1, HEADER) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'))
    parts[3] = deflate((XML + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" '
                        f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" '
                        'Target="sharedStrings.xml"/></Relationships>').encode(), "xl/_rels/workbook.xml.rels")
    return zip_bytes(parts + [deflate(strings, "xl/sharedStrings.xml")])


def xlsx_many_parts(n: int = 20_000) -> bytes:
    empty = deflate(b"", "x")
    return zip_bytes(workbook_parts(sheet_xml(ROWS), extra=[Part(f"xl/media/{i}.bin", empty.deflated, 0, 0)
                                                             for i in range(n)]))


def csv_million_columns() -> bytes:
    """~10 MB: the dataset's four columns and a million more, and one row."""
    extra = ",".join(f"x{i}" for i in range(1_000_000))
    return (",".join(HEADER) + "," + extra + "\n" + "2015,C1,1,1" + "," * 1_000_000 + "\n").encode()


def csv_wide_row() -> bytes:
    """A normal header, then a row of a million cells."""
    return (",".join(HEADER) + "\n2015,C1,1,1\n" + "1," * 1_000_000 + "1\n").encode()


def csv_huge_cell() -> bytes:
    return (",".join(HEADER) + "\n2015,C1,1," + "1" * 20_000_000 + "\n").encode()


def csv_open_quote() -> bytes:
    """A quote opened on row 3 and never closed: the rest of the file would be one cell."""
    return (",".join(HEADER) + '\n2015,C1,1,1\n2015,"C2,1,1\n' + "2015,C1,2,1\n" * 2_000_000).encode()


def csv_many_rows() -> bytes:
    return (",".join(HEADER) + "\n" + "1\n" * 10_100_000).encode()


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: a letter (with its own mark when the code page has it)
    followed by the tone mark as a separate character."""
    import unicodedata
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, marks = unicodedata.normalize("NFD", ch)[0], unicodedata.normalize("NFD", ch)[1:]
        for i, mark in enumerate(marks):
            try:
                out += (unicodedata.normalize("NFC", base + mark) + marks[:i] + marks[i + 1:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + marks).encode("cp1258")
    return out


def csv_mixed_encoding() -> bytes:
    """UTF-8 names, one line written in Windows-1258 (as a line pasted from an old file)."""
    head = "commune_code,commune_name,district_code\n"
    lines = [f"C{i},Xã Phúc Hà {i},D1\n".encode() for i in range(6, 40)]
    lines[10] = cp1258("C16,Xã Định Hoá,D1\n")
    return head.encode() + b"".join(lines)


def csv_400_nines() -> bytes:
    return ("year,area_code,indicator_id,value\n2015,D1,contrib_money," + "9" * 400 + "\n").encode()


def xls_far_cells() -> bytes:
    """A 6 KB Excel 97–2003 file with a cell at A1 and one at IV65536: read as a rectangle, 16,7
    million cells (a gigabyte in calamine)."""
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("2019")
    ws.write(0, 0, "STT")
    ws.write(65535, 255, "x")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ods_repeated_cells() -> bytes:
    """An .ods of a few hundred bytes whose one row and cell are repeated to the sheet's limits
    (1 048 576 rows × 16 384 columns of "x")."""
    return _ods(b'<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                b'table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p>'
                b'</table:table-cell></table:table-row>')


def _ods(rows: bytes) -> bytes:
    """An .ods holding one sheet ("2019") of the given table rows."""
    content = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               b'<office:body><office:spreadsheet><table:table table:name="2019">' + rows
               + b'</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                b'<manifest:file-entry manifest:full-path="/" '
                b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                b'</manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def xlsx_form_merged_everywhere() -> bytes:
    """An office's form (a title row) whose merged ranges cover the whole sheet a thousand times over:
    the reader never expands a merged range, so it reads the few cells there are."""
    rows = inline_row(1, ["BIỂU TỔNG HỢP NĂM 2019"]) + inline_row(3, ["STT", "Tên xã", 1, 2, 3]) + inline_row(
        4, [1, "Xã Không Có", "x", "x", "x"])
    merges = "".join(f'<mergeCell ref="A{i}:XFD1048576"/>' for i in range(1, 1001))
    xml = (XML + f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData><mergeCells count="1000">{merges}'
           f'</mergeCells></worksheet>').encode()
    return zip_bytes(workbook_parts(xml))


def ods_form_spanned_everywhere() -> bytes:
    """An .ods form whose first cell spans the sheet's limits (a merged range of 17 billion cells)."""
    return _ods(b'<table:table-row><table:table-cell table:number-columns-spanned="16384" '
                b'table:number-rows-spanned="1048576" office:value-type="string"><text:p>BIEU 2019</text:p>'
                b'</table:table-cell></table:table-row>')


SMALL = (",".join(HEADER) + "\n2015,C1,1,1\n").encode()


@dataclass
class Hostile:
    name: str
    build: Callable[[], bytes]
    expected: str               # the refusal code, or a problem code when the file is read
    dataset: str = "criteria_status"
    filename: str = "upload.csv"
    sheet: str | None = None


HOSTILE = [
    Hostile("xlsx: dimension A1:XFD1048576", xlsx_dimension_bomb, "xlsx_cell_outside", filename="dim.xlsx"),
    Hostile("xlsx: 1 GB sheet XML", xlsx_huge_sheet, "xlsx_part_too_big", filename="huge.xlsx"),
    Hostile("xlsx: 200 MB sheet, ratio > 100", lambda: xlsx_huge_sheet(0.2), "xlsx_ratio", filename="ratio.xlsx"),
    Hostile("xlsx: directory lies about size", xlsx_lying_size, "bad_xlsx", filename="lying.xlsx"),
    Hostile("xlsx: sheet outside the archive", xlsx_sheet_outside, "xlsx_sheet_missing", filename="outside.xlsx"),
    Hostile("xlsx: path-like sheet name", xlsx_path_sheet_name, "xlsx_sheet_name", filename="name.xlsx"),
    Hostile("xlsx: path-like sheet asked for", lambda: zip_bytes(workbook_parts(sheet_xml(ROWS))), "no_sheet",
            filename="ask.xlsx", sheet="../worksheets/sheet1.xml"),
    Hostile("xlsx: nested entities", xlsx_entities, "xlsx_dtd", filename="laughs.xlsx"),
    Hostile("xlsx: 20 000 parts", xlsx_many_parts, "xlsx_members", filename="parts.xlsx"),
    Hostile("xls: two far-apart cells", xls_far_cells, "form_unreadable", filename="far.xls"),
    Hostile("ods: a cell repeated to the sheet's limits", ods_repeated_cells, "form_unreadable", filename="rep.ods"),
    Hostile("xlsx form: 1000 merged ranges over the sheet", xlsx_form_merged_everywhere, "form_unknown_commune",
            filename="merged.xlsx"),
    Hostile("ods form: a cell spanning the sheet", ods_form_spanned_everywhere, "form_no_header",
            filename="span.ods"),
    Hostile("csv: a million columns", csv_million_columns, "too_many_columns"),
    Hostile("csv: a row of a million cells", csv_wide_row, "row_too_long"),
    Hostile("csv: a 20 MB cell", csv_huge_cell, "cell_too_long"),
    Hostile("csv: quote never closed", csv_open_quote, "row_too_long"),
    Hostile("csv: 10,1 million rows", csv_many_rows, "too_many_rows"),
    Hostile("csv: UTF-8 with a cp1258 line", csv_mixed_encoding, "mixed_encoding", dataset="communes"),
    Hostile("csv: 400 nines", csv_400_nines, "not_finite", dataset="indicator_values"),
    Hostile("name: ..", lambda: SMALL, "bad_filename", filename=".."),
    Hostile("name: with NUL", lambda: SMALL, "bad_filename", filename="a\x00.csv"),
    Hostile("name: 300 bytes", lambda: SMALL, "bad_filename", filename="đ" * 150 + ".csv"),
]

# Within every bound: refused only once the values pass what a dataset holds (benchmark only: ~20 s).
HEAVY = [
    Hostile("xlsx: 240 MB of values, ratio ~3", xlsx_values_within_caps, "xlsx_values", filename="values.xlsx"),
]

# --- running one file in a child --------------------------------------------------------------


def _child(path: str, dataset: str, filename: str, sheet: str | None, headroom_mb: int, store_it: bool) -> dict:
    from ..ingest import commit, dry_run
    from ..ingest.calamine_child import vm_size
    from ..ingest.read import read_table
    from ..store import Store, load_database

    store = Store()
    load_database(store.active())   # warm: DuckDB's threads and the store exist before the cap
    read_table(b"a,b\n1,2\n")
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if headroom_mb:
        limit = vm_size() + headroom_mb * (1 << 20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    data = Path(path).read_bytes()
    t0 = time.perf_counter()
    try:
        if store_it:
            report, _ = commit(store, dataset, data, filename, author="hostile", sheet=sheet)
        else:
            report = dry_run(store, dataset, data, filename, sheet=sheet)
        outcome = {"refused": report.refused.code if report.refused else None,
                   "message": report.refused.message() if report.refused else None,
                   "problems": sorted({p.code for p in report.problems}),
                   "accepted": report.accepted}
    except MemoryError:
        outcome = {"error": "MemoryError"}
    seconds = time.perf_counter() - t0
    return {**outcome, "seconds": seconds, "base_mb": base,
            # The .xls / .ods reader runs in a child of its own: its peak counts too.
            "peak_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                           resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024}


def run_isolated(data: bytes, dataset: str, filename: str, sheet: str | None = None, store_root: str | None = None,
                 headroom_mb: int = HEADROOM_MB, timeout: float = TIMEOUT_S, commit: bool = False) -> dict:
    """Dry-run (or, with `commit`, commit) `data` in a child process under an address-space cap;
    its outcome, time and peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.bin"
        path.write_bytes(data)
        env = dict(os.environ, NTM_DATA_DIR=store_root or str(Path(tmp) / "store"))
        args = [sys.executable, "-m", "ntm.bench.hostile", "--one", str(path), dataset, filename.encode(
            "utf-8", "surrogateescape").hex(), sheet or "", str(headroom_mb), "commit" if commit else "dry-run"]
        t0 = time.perf_counter()
        proc = subprocess.run(args, env=env, capture_output=True, timeout=timeout)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"error": proc.stderr.decode(errors="replace")[-2000:], "wall": wall}
    return {**json.loads(proc.stdout.decode().strip().splitlines()[-1]), "wall": wall}


def outcome(result: dict) -> str:
    if "error" in result:
        return "ERROR " + result["error"].strip().splitlines()[-1][:60]
    if result["refused"]:
        return f"refused: {result['refused']}"
    if result["problems"]:
        return "rows refused: " + ", ".join(result["problems"])
    return "accepted"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--one", nargs=6, metavar=("PATH", "DATASET", "NAME_HEX", "SHEET", "HEADROOM_MB", "MODE"))
    args = ap.parse_args(argv)
    if args.one:
        path, dataset, name_hex, sheet, headroom, mode = args.one
        filename = bytes.fromhex(name_hex).decode("utf-8", "surrogateescape")
        print(json.dumps(_child(path, dataset, filename, sheet or None, int(headroom), mode == "commit")))
        return
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store")
        print(f"{'file':<34} {'size':>10} {'peak MB':>8} {'base MB':>8} {'s':>6}  outcome")
        worst = None
        for h in HOSTILE + HEAVY:
            data = h.build()
            r = run_isolated(data, h.dataset, h.filename, h.sheet, store_root=store)
            size = f"{len(data) / 1e6:,.1f} MB" if len(data) >= 100_000 else f"{len(data) / 1e3:,.1f} KB"
            ok = "" if r.get("refused") == h.expected or h.expected in r.get("problems", []) else "  (expected " \
                + h.expected + ")"
            print(f"{h.name:<34} {size:>10} {r.get('peak_mb', 0):>8.0f} {r.get('base_mb', 0):>8.0f} "
                  f"{r.get('seconds', r['wall']):>6.2f}  {outcome(r)}{ok}", flush=True)
            if "peak_mb" in r and (worst is None or r["peak_mb"] - r["base_mb"] > worst[1]):
                worst = (h.name, r["peak_mb"] - r["base_mb"], r["seconds"])
        if worst:
            print(f"\nworst: {worst[0]} — {worst[1]:.0f} MB above the process's memory after imports, "
                  f"{worst[2]:.2f} s; each child capped at its address space after imports + {HEADROOM_MB} MB")


if __name__ == "__main__":
    main()
