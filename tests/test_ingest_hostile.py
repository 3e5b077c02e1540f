"""Hostile uploads: bombs refused early in bounded memory and time; hostile containers and names
refused with a message, never a traceback; the store untouched by every refusal.

The bomb files are built by ntm.bench.hostile (the benchmark prints the same table) and each is
dry-run in a child process whose address space is capped with RLIMIT_AS.
"""
import hashlib
import io
import zipfile

import openpyxl
import pytest

from ntm.bench import hostile as h
from ntm.ingest import commit
from ntm.ingest.read import read_table
from ntm.ingest.errors import Refused

MEMORY_MB = 300   # memory a child may add to what it holds after imports (ru_maxrss)
SECONDS = 30      # generous: every hostile file is refused in well under a second


def snapshot(store) -> dict:
    return {str(p.relative_to(store.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.root.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.fixture(scope="module")
def built():
    """Each hostile file built once for the module."""
    return {x.name: x.build() for x in h.HOSTILE}


@pytest.mark.parametrize("case", h.HOSTILE, ids=[x.name for x in h.HOSTILE])
def test_hostile_file_is_refused_in_bounded_memory_and_time(fixture_store, built, case):
    """Defect 2 and 10: in a child capped at its size after imports + 1 GB of address space, the dry
    run refuses the file (or its rows) with the expected message, adding < 300 MB, within seconds."""
    before = snapshot(fixture_store)
    result = h.run_isolated(built[case.name], case.dataset, case.filename, case.sheet,
                            store_root=str(fixture_store.root), commit=True)
    assert "error" not in result, result.get("error")
    assert result["refused"] == case.expected or case.expected in result["problems"], result
    assert not result["accepted"]
    assert result["peak_mb"] - result["base_mb"] < MEMORY_MB, result
    assert result["seconds"] < SECONDS, result
    if result["refused"]:
        assert result["message"] and "{" not in result["message"], result["message"]
    assert snapshot(fixture_store) == before


def test_the_one_cell_bomb_is_small_and_named_in_the_refusal(fixture_store):
    data = h.xlsx_dimension_bomb()
    assert len(data) < 2000
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:XFD1048576"/>' in xml and b'r="XFD1048576"' in xml
    result = h.run_isolated(data, "criteria_status", "dim.xlsx", store_root=str(fixture_store.root))
    assert "XFD1048576" in result["message"], result


def test_the_huge_sheet_is_a_gigabyte_in_a_few_megabytes():
    data = h.xlsx_huge_sheet()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 1e9 and len(data) < 5_000_000


def test_million_column_csv_is_ten_megabytes_and_refused_by_its_header(fixture_store):
    data = h.csv_million_columns()
    assert 8_000_000 < len(data) < 12_000_000
    result = h.run_isolated(data, "criteria_status", "wide.csv", store_root=str(fixture_store.root))
    assert result["refused"] == "too_many_columns", result
    assert "1.000.004 cột" in result["message"] and "tối đa 50 cột" in result["message"]


# --- hostile containers and names, in process: a message, never a traceback ----------------------

def _xlsx(rows, title="Sheet1") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD = _xlsx([["year", "commune_code", "criterion_id", "met"], [2015, "C1", 1, 1]])


def _rewrite(data: bytes, name: str, change) -> bytes:
    """The workbook with one part's bytes changed."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            z.writestr(info.filename, change(body) if info.filename == name else body)
    return out.getvalue()


CONTAINERS = [
    # (case, bytes, filename, sheet, refusal code, words in the Vietnamese message)
    ("sheet target ../../", _rewrite(GOOD, "xl/_rels/workbook.xml.rels",
                                     lambda b: b.replace(b"/xl/worksheets/sheet1.xml", b"../../../etc/passwd")),
     "a.xlsx", None, "xlsx_sheet_missing", "../../../etc/passwd"),
    ("sheet target absolute", _rewrite(GOOD, "xl/_rels/workbook.xml.rels",
                                       lambda b: b.replace(b"/xl/worksheets/sheet1.xml", b"/etc/passwd")),
     "a.xlsx", None, "xlsx_sheet_missing", "/etc/passwd"),
    ("sheet target another part", _rewrite(GOOD, "xl/_rels/workbook.xml.rels",
                                           lambda b: b.replace(b"/xl/worksheets/sheet1.xml", b"/xl/styles.xml")),
     "a.xlsx", None, "empty", None),
    ("path-like sheet name", _rewrite(GOOD, "xl/workbook.xml", lambda b: b.replace(b'name="Sheet1"',
                                                                                  b'name="../../etc/passwd"')),
     "a.xlsx", None, "xlsx_sheet_name", "../../etc/passwd"),
    ("sheet asked for by path", GOOD, "a.xlsx", "xl/worksheets/sheet1.xml", "no_sheet", "Sheet1"),
    ("sheet asked for with NUL", GOOD, "a.xlsx", "Sheet1\x00", "no_sheet", "Sheet1"),
    ("truncated zip", GOOD[:len(GOOD) // 2], "a.xlsx", None, "bad_xlsx", "Excel"),
    ("not xml", _rewrite(GOOD, "xl/worksheets/sheet1.xml", lambda b: b[:len(b) // 2]), "a.xlsx", None, "bad_xml",
     "sheet1.xml"),
    ("DTD in the sheet", _rewrite(GOOD, "xl/worksheets/sheet1.xml",
                                  lambda b: b.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY e "x">]><worksheet', 1)),
     "a.xlsx", None, "xlsx_dtd", "DTD"),
    ("string index out of range", _rewrite(GOOD, "xl/worksheets/sheet1.xml",
                                           lambda b: b.replace(b'<c r="B2" t="inlineStr"><is><t>C1</t></is></c>',
                                                               b'<c r="B2" t="s"><v>99999</v></c>')),
     "a.xlsx", None, "xlsx_bad_ref", None),
    ("rows out of order", _rewrite(GOOD, "xl/worksheets/sheet1.xml", lambda b: b.replace(b'r="2"', b'r="1"', 1)),
     "a.xlsx", None, "xlsx_row_order", None),
    ("named ..", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", "..", None, "bad_filename", "“..”"),
    ("named .", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", ".", None, "bad_filename", "“..”"),
    ("empty name", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", "", None, "bad_filename", "tên trống"),
    ("name with NUL", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", "a\x00b.csv", None, "bad_filename",
     "NUL"),
    ("name with a path", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", "../../ACTIVE", None,
     "bad_filename", "NUL hoặc dấu /"),
    ("name of 256 bytes", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", "a" * 252 + ".csv", None,
     "bad_filename", "256 byte"),
    ("name of 300 bytes (đ)", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", "đ" * 148 + ".csv", None,
     "bad_filename", "300 byte"),
    ("name not UTF-8 (surrogate)", b"year,commune_code,criterion_id,met\n2015,C1,1,1\n", "t\udcff.csv", None,
     "bad_filename", "Unicode"),
]


@pytest.mark.parametrize("case, data, filename, sheet, code, words", CONTAINERS, ids=[c[0] for c in CONTAINERS])
def test_hostile_container_or_name_is_refused_with_a_message(fixture_store, case, data, filename, sheet, code,
                                                             words):
    before = snapshot(fixture_store)
    report, version = commit(fixture_store, "criteria_status", data, filename, author="lan", sheet=sheet)
    assert version is None and report.refused is not None, [p.message() for p in report.problems]
    assert report.refused.code == code, report.refused.message()
    message = report.refused.message()
    assert words is None or words in message, message
    assert "{" not in message and "{" not in report.refused.message("en")
    assert snapshot(fixture_store) == before


def test_a_name_of_255_bytes_is_kept(fixture_store):
    name = "a" * 251 + ".csv"
    report, version = commit(fixture_store, "criteria_status", b"year,commune_code,criterion_id,met\n2031,C1,1,1\n",
                             name, author="lan")
    assert report.accepted and fixture_store.attachment(version, f"upload/{name}").startswith(b"year,")


def test_a_sheet_name_with_a_slash_but_no_path_is_read():
    data = _xlsx([["year", "commune_code", "criterion_id", "met"], [2015, "C1", 1, 1]], title="2020-2021")
    data = _rewrite(data, "xl/workbook.xml", lambda b: b.replace(b'name="2020-2021"', b'name="2020/2021"'))
    table = read_table(data, "a.xlsx", sheet="2020/2021")
    assert table.header == ["year", "commune_code", "criterion_id", "met"] and table.n_rows == 1


# --- the bounded XLSX reader reads what openpyxl writes -------------------------------------------

def test_xlsx_values_as_the_spreadsheet_shows_them():
    rows = [["year", "commune_code", "criterion_id", "met", "note"],
            [2015, "05485", 1, True, None],
            [2016.0, "Xã Một", 2, False, "a\nb"],
            [None, None, None, None, None],
            [2017, "C1", 3, 1, 1.5e-7]]
    table = read_table(_xlsx(rows), "a.xlsx")
    assert table.header == ["year", "commune_code", "criterion_id", "met", "note"]
    assert table.numbers.tolist() == [2, 3, 5]  # the blank row keeps its number out
    assert [c.to_pylist() for c in table.columns] == [
        ["2015", "2016", "2017"], ["05485", "Xã Một", "C1"], ["1", "2", "3"], ["TRUE", "FALSE", "1"],
        ["", "a\nb", "1.5e-07"]]


@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_xlsx_date_cells_read_as_the_dates_they_show(epoch):
    import datetime as dt
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    if epoch == "1904":
        wb.epoch = CALENDAR_MAC_1904
    wb.active.append(["as_of", "value", "at"])
    wb.active.append([dt.date(2023, 12, 31), 45291, dt.datetime(2023, 6, 30, 12, 30)])
    buf = io.BytesIO()
    wb.save(buf)
    table = read_table(buf.getvalue(), "d.xlsx")
    assert [c.to_pylist() for c in table.columns] == [["2023-12-31"], ["45291"], ["2023-06-30 12:30:00"]]


def test_xlsx_values_right_of_the_header_widen_the_table_within_bounds():
    rows = [["year", "commune_code"], [2015, "C1", None, "x"]]
    table = read_table(_xlsx(rows), "a.xlsx")
    assert table.header == ["year", "commune_code", "", ""] and table.columns[3].to_pylist() == ["x"]


def test_xlsx_value_beyond_fifty_columns_is_refused_naming_the_cell():
    rows = [["year", "commune_code"], [2015, "C1"] + [None] * 58 + ["x"]]
    with pytest.raises(Refused) as exc:
        read_table(_xlsx(rows), "a.xlsx")
    assert exc.value.problem.code == "xlsx_cell_outside" and "BI2" in exc.value.problem.message()


# --- malformed input of every kind: a refusal, never an exception ------------------------------------

def _mutations(seed: int, data: bytes) -> bytes:
    """`data` with a few random byte changes, cuts, insertions and repeats (deterministic per seed)."""
    import random
    rng = random.Random(seed)
    d = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op, i = rng.randrange(5), rng.randrange(len(d) + 1)
        if op == 0 and i < len(d):
            d[i] = rng.randrange(256)
        elif op == 1:
            del d[i:i + rng.randint(1, 20)]
        elif op == 2:
            d[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 3:
            d[i:i] = d[i:i + rng.randint(1, 50)] * rng.randint(1, 5)
        else:
            del d[i:]
    return bytes(d)


def _in_every_part(seed: int, data: bytes) -> bytes:
    """A workbook with one of its XML parts mutated (so the XML parsers meet it, not only zip)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    target = src.namelist()[seed % len(src.namelist())]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            z.writestr(name, _mutations(seed, src.read(name)) if name == target else src.read(name))
    return out.getvalue()


FUZZ_BASES = [
    b'year,commune_code,criterion_id,met\n2015,C1,1,1\n2016,"X\xc3\xa3, M\xe1\xbb\x99t",2,0\n',
    h.cp1258("Năm;Mã xã;Số tiêu chí;Đạt\r\n2020;Xã Một;4;Đạt\r\n"),
    "year\tcommune_code\n2015\tC1\n".encode("utf-16"),
    GOOD,
    h.xlsx_entities(),
]


@pytest.mark.parametrize("seed", range(400))
def test_a_damaged_file_is_refused_or_read_never_an_exception(seed):
    base = FUZZ_BASES[seed % len(FUZZ_BASES)]
    data = _in_every_part(seed, base) if base.startswith(b"PK") and seed % 3 else _mutations(seed, base)
    try:
        read_table(data, "f", sheet=None if seed % 4 else "Sheet1")
    except Refused as exc:
        assert "{" not in exc.problem.message() and "{" not in exc.problem.message("en")
