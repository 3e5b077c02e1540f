"""Uploads, table-driven: bytes in, acceptance or a message out, the store untouched on refusal."""
import hashlib
import io
import unicodedata
import zipfile

import openpyxl
import pytest

from ntm.bench.hostile import cp1258  # Windows-1258 as Excel writes it
from ntm.ingest import commit, dry_run
from ntm.store import load_database

HEAD = "year,commune_code,criterion_id,met\n"


def snapshot(store) -> dict:
    """Every file of the store (but the lock) with its hash: equal snapshots = untouched store."""
    return {str(p.relative_to(store.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.root.rglob("*")) if p.is_file() and p.name != ".lock"}


def xlsx(rows, sheet="Sheet1", first_sheet=None) -> bytes:
    """An XLSX workbook as Excel writes it (numbers as numbers, text as text)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if first_sheet:
        ws.title = first_sheet
        ws.append(["ghi chú"])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def status(db, year, commune, criterion):
    df = db.table("criteria_status").df()
    row = df[(df.year == year) & (df.commune_code == commune) & (df.criterion_id == criterion)]
    return None if row.empty else bool(row["met"].iloc[0])


ACCEPTED = [
    # (case, dataset, bytes, expected (year, commune, criterion) -> met)
    ("utf8", "criteria_status", (HEAD + "2020,C1,1,1\n2020,C2,1,0\n").encode(), {(2020, "C1", 1): True}),
    ("utf8 bom crlf", "criteria_status", b"\xef\xbb\xbf" + (HEAD + "2020,C1,2,1\r\n").replace("\n", "\r\n").encode(),
     {(2020, "C1", 2): True}),
    ("utf16 tab (Excel Unicode text)", "criteria_status",
     "year\tcommune_code\tcriterion_id\tmet\r\n2020\tC2\t3\t1\r\n".encode("utf-16"), {(2020, "C2", 3): True}),
    ("cp1258 semicolon names", "criteria_status",
     cp1258("Năm;Mã xã;Số tiêu chí;Đạt\r\n2020;Xã Một;4;Đạt\r\n2020;Xã Hai;4;Không đạt\r\n"),
     {(2020, "C1", 4): True, (2020, "C2", 4): False}),
    ("pipe separated", "criteria_status", b"year|commune_code|criterion_id|met\n2020|C2|12|1\n", {(2020, "C2", 12): True}),
    ("cr line ends", "criteria_status", (HEAD + "2020,C3,5,1\r").replace("\n", "\r").encode(), {(2020, "C3", 5): True}),
    ("blank trailing lines and columns", "criteria_status",
     b"year,commune_code,criterion_id,met,,\n2020,C1,6,1,,\n,,,,,\n\n\n", {(2020, "C1", 6): True}),
    ("nbsp and spaces", "criteria_status", (HEAD + " 2020 ,\u00a0C1\u00a0, 7 , x \n").encode(), {(2020, "C1", 7): True}),
    ("nfd names without prefix", "criteria_status",
     (HEAD + unicodedata.normalize("NFD", "2020,Một,8,có\n2020,xã hai,8,không\n")).encode(),
     {(2020, "C1", 8): True, (2020, "C2", 8): False}),
    ("headers any case and accents", "criteria_status", "NĂM,MA XA,so tieu chi,DAT\n2020,C1,9,TRUE\n".encode(),
     {(2020, "C1", 9): True}),
    ("x and blank", "criteria_status", (HEAD + "2020,C1,10,x\n2020,C2,10,\n").encode(),
     {(2020, "C1", 10): True, (2020, "C2", 10): False}),
    ("xlsx first sheet", "criteria_status", xlsx([["year", "commune_code", "criterion_id", "met"], [2020, "C1", 11, 1]]),
     {(2020, "C1", 11): True}),
]


@pytest.mark.parametrize("case, dataset, data, expected", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted(fixture_store, case, dataset, data, expected):
    report, version = commit(fixture_store, dataset, data, "upload.csv", author="lan")
    assert report.accepted, [p.message() for p in report.problems] + [report.refused and report.refused.message()]
    assert version.id == "000002" and version.author == "lan"
    db = load_database(version)
    for (year, commune, criterion), met in expected.items():
        assert status(db, year, commune, criterion) is met, (year, commune, criterion)


def test_named_sheet(fixture_store):
    data = xlsx([["year", "commune_code", "criterion_id", "met"], [2021, "C1", 1, "Đạt"]], sheet="Số liệu",
                first_sheet="Hướng dẫn")
    report, version = commit(fixture_store, "criteria_status", data, "f.xlsx", author="lan", sheet="Số liệu")
    assert report.accepted and status(load_database(version), 2021, "C1", 1) is True
    missing = dry_run(fixture_store, "criteria_status", data, "f.xlsx", sheet="Nope")
    assert "Hướng dẫn, Số liệu" in missing.refused.message()


@pytest.mark.parametrize("text, value", [
    ("year;area_code;indicator_id;value\n2020;D1;contrib_money;1.234,5\n", 1234.5),
    ('year,area_code,indicator_id,value\n2020,D1,contrib_money,"1,234.5"\n', 1234.5),
    ("year;area_code;indicator_id;value\n2020;Huyện A;contrib_money;12,5\n", 12.5),
    ("year,area_code,indicator_id,value\n2020,Thành phố B,contrib_money,7\n", 7.0),
])
def test_numbers_in_either_style(fixture_store, text, value):
    report, version = commit(fixture_store, "indicator_values", text.encode(), "v.csv", author="lan")
    assert report.accepted, [p.message() for p in report.problems]
    df = load_database(version).table("indicator_values").df()
    assert value in set(df[(df.year == 2020) & (df.indicator_id == "contrib_money")]["value"])


def test_commune_level_indicator_by_commune_name(fixture_store):
    report, version = commit(fixture_store, "indicator_values",
                             "year,area_code,indicator_id,value\n2016,Xã Ba,teams,6\n".encode(), "t.csv", author="lan")
    assert report.accepted
    df = load_database(version).table("indicator_values").df()
    assert df[(df.area_code == "C3") & (df.year == 2016)]["value"].tolist() == [6.0]


def test_tcvn3_file_is_converted(fixture_store):
    data = "commune_code,commune_name,district_code\nC7,X· B¶y,D1\nC8,X· T¸m,D1\nC9,X· ChÝn,D2\n".encode("latin-1")
    report, version = commit(fixture_store, "communes", data, "abc.csv", author="lan")
    assert report.accepted and report.encoding == "TCVN3 (ABC)"
    names = load_database(version).table("communes").df().set_index("commune_code")["commune_name"]
    assert names["C7"] == "Xã Bảy" and names["C8"] == "Xã Tám" and names["C9"] == "Xã Chín"


def test_quoted_fields_with_separators_and_line_breaks(fixture_store):
    data = 'commune_code,commune_name,district_code\r\nC6,"Xã Sáu, ""mới""\r\n(thôn Đông)",D1\r\n'.encode()
    report, version = commit(fixture_store, "communes", data, "q.csv", author="lan")
    assert report.accepted
    name = load_database(version).table("communes").df().set_index("commune_code")["commune_name"]["C6"]
    assert name == 'Xã Sáu, "mới"\r\n(thôn Đông)'


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    return buf.getvalue()


REFUSED = [
    # (case, dataset, bytes, words expected in the message, row, column)
    ("empty", "criteria_status", b"", "Tệp trống", None, None),
    ("whitespace only", "criteria_status", b"\r\n  \r\n", "Tệp trống", None, None),
    ("header only", "criteria_status", HEAD.encode(), "chỉ có dòng tiêu đề", None, None),
    ("binary", "criteria_status", bytes(range(256)) * 4, "binary", None, None),
    ("zip", "criteria_status", _zip(), "ZIP", None, None),
    ("png", "criteria_status", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "PNG", None, None),
    ("pdf", "criteria_status", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF", None, None),
    ("missing column", "criteria_status", b"year,commune_code,met\n2020,C1,1\n", "Thiếu cột bắt buộc", 1, "criterion_id"),
    ("ragged", "criteria_status", (HEAD + "2020,C1,1,1\n2020,C1,2\n").encode(), "có 3 ô", 3, None),
    ("duplicate key", "criteria_status", (HEAD + "2020,C1,1,1\n2020,C1,1,0\n").encode(), "Trùng khóa với dòng 2", 3,
     "year, commune_code, criterion_id"),
    ("unknown commune", "criteria_status", (HEAD + "2020,Xã Môt,1,1\n").encode(), "Xã Một", 2, "commune_code"),
    ("unknown criterion", "criteria_status", (HEAD + "2020,C1,99,1\n").encode(), "không có trong bảng tiêu chí", 2,
     "criterion_id"),
    ("year out of range", "criteria_status", (HEAD + "1800,C1,1,1\n").encode(), "khoảng hợp lý", 2, "year"),
    ("year not whole", "criteria_status", (HEAD + "2020.5,C1,1,1\n").encode(), "số nguyên", 2, "year"),
    ("met unreadable", "criteria_status", (HEAD + "2020,C1,1,maybe\n").encode(), "Không hiểu giá trị", 2, "met"),
    ("negative amount", "indicator_values", b"year,area_code,indicator_id,value\n2020,D1,contrib_money,-5\n",
     "số âm", 2, "value"),
    ("rate over 100", "indicator_values", b"year,area_code,indicator_id,value\n2020,D1,poor,120\n", "0–100",
     2, "value"),
    ("unknown indicator", "indicator_values", b"year,area_code,indicator_id,value\n2020,D1,nope,1\n",
     "không có trong bảng chỉ số", 2, "indicator_id"),
    ("broken reference", "communes", "commune_code,commune_name,district_code\nC6,Xã Sáu,D9\n".encode(),
     "Không tìm thấy", 2, "district_code"),
    ("not allowed", "districts", "district_code,district_name,district_type\nD4,Huyện D,Tỉnh\n".encode(),
     "chỉ nhận", 2, "district_type"),
    ("every row refused, areas blank or unknown", "indicator_values",  # crashed the dry run (float key)
     b'year;area_code;indicator_id;value\n"2020";"\t";"contrib_money";"12.5"\n"2020";"167";"contrib_money";"12.5"\n',
     "bắt buộc", 2, "area_code"),
    ("criterion beyond a 32-bit integer", "criteria_status", (HEAD + "2020,C1,99999999999,1\n").encode(),
     "Lớn hơn giá trị lớn nhất", 2, "criterion_id"),
]


@pytest.mark.parametrize("case, dataset, data, words, row, column", REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_and_store_untouched(fixture_store, case, dataset, data, words, row, column):
    before = snapshot(fixture_store)
    report, version = commit(fixture_store, dataset, data, "bad.csv", author="lan")
    assert not report.accepted and version is None
    messages = [report.refused] if report.refused else report.problems
    assert any(words in p.message() for p in messages), [p.message() for p in messages]
    if row is not None:
        assert any(p.row == row and (column is None or p.column == column) for p in messages)
    assert snapshot(fixture_store) == before


def test_size_limit_is_enforced_before_parsing(fixture_store, monkeypatch):
    monkeypatch.setenv("NTM_MAX_UPLOAD_MB", "0.0001")  # about 100 bytes
    before = snapshot(fixture_store)
    report = dry_run(fixture_store, "criteria_status", (HEAD + "2020,C1,1,1\n" * 20).encode(), "big.csv")
    assert report.refused.code == "too_big" and snapshot(fixture_store) == before


def test_replace_that_orphans_rows_is_refused(fixture_store):
    before = snapshot(fixture_store)
    data = "commune_code,commune_name,district_code\nC1,Xã Một,D1\nC2,Xã Hai,D1\n".encode()
    report, version = commit(fixture_store, "communes", data, "c.csv", author="lan", mode="replace")
    assert version is None and any(p.code == "orphans" for p in report.problems)
    assert snapshot(fixture_store) == before


def test_warnings_do_not_block(fixture_store):
    data = b"year,area_code,indicator_id,value,ghi_chu\n2018,D1,contrib_money,100,note\n"
    report, version = commit(fixture_store, "indicator_values", data, "w.csv", author="lan")
    assert report.accepted and version is not None
    assert [w.code for w in report.warnings] == ["extra_column", "jump"]  # 100 against 4 in 2017


def test_report_counts_new_changed_unchanged(fixture_store):
    data = (HEAD + "2014,C1,1,1\n2014,C1,15,1\n2030,C1,1,1\n").encode()  # C1 2014 met 10: 1 same, 15 changes
    report = dry_run(fixture_store, "criteria_status", data, "r.csv")
    assert (report.new, report.changed, report.unchanged, report.rejected) == (1, 1, 1, 0)
    assert report.preview.to_dict("records") == [{"district": "Huyện A", "year": 2014, "new": 0, "changed": 1},
                                                 {"district": "Huyện A", "year": 2030, "new": 1, "changed": 0}]


def test_merge_keeps_other_rows_and_replace_drops_them(fixture_store):
    data = "phase_id,name_vi,name_en,start_year,end_year\nP4,Giai đoạn 2021–2025,Phase 2021–2025,2021,2025\n".encode()
    _, merged = commit(fixture_store, "phases", data, "p.csv", author="lan")
    assert list(load_database(merged).table("phases").df()["phase_id"]) == ["P1", "P2", "P3", "P4"]
    full = "phase_id,name_vi,name_en,start_year,end_year\nP1,A,A,2014,2017\nP2,B,B,2018,2019\n".encode()
    report, replaced = commit(fixture_store, "phases", full, "p.csv", author="lan", mode="replace")
    assert report.removed == 2 and list(load_database(replaced).table("phases").df()["phase_id"]) == ["P1", "P2"]


def test_every_version_keeps_the_original_bytes_and_report(fixture_store):
    data = (HEAD + "2020,C1,1,1\n").encode()
    _, version = commit(fixture_store, "criteria_status", data, "orig.csv", author="lan")
    assert fixture_store.attachment(version, "upload/orig.csv") == data
    manifest = fixture_store.manifest(version.id)
    assert manifest["upload"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["upload"]["report"]["new"] == 1 and manifest["author"] == "lan"


def test_names_from_files_are_kept_as_text(fixture_store):
    data = 'commune_code,commune_name,district_code\nC6,<script>alert(1)</script>,D1\nC7,"=HYPERLINK(""x"")",D1\n'
    report, version = commit(fixture_store, "communes", data.encode(), "x.csv", author="lan")
    names = load_database(version).table("communes").df().set_index("commune_code")["commune_name"]
    assert names["C6"] == "<script>alert(1)</script>" and names["C7"] == '=HYPERLINK("x")'


# --- encodings: strict UTF-8 first, a legacy code page only when the whole file reads as Vietnamese ---

COMMUNES_HEAD = "commune_code,commune_name,district_code\n"


def _utf8_with_a_cp1258_line(line_no: int = 12) -> bytes:
    lines = [COMMUNES_HEAD.encode()] + [f"C{i},Xã Phúc Hà {i},D1\n".encode() for i in range(6, 40)]
    lines[line_no - 1] = cp1258("C16,Xã Định Hoá,D1\n")
    return b"".join(lines)


def _cp1258_then_undefined_byte() -> bytes:
    """Over 2 MB of Windows-1258 (the old detector's sample), then a byte the code page lacks."""
    body = b"".join(cp1258(f"C{i},Xã Định Hoá {i},D1\n") for i in range(100_000))
    return cp1258(COMMUNES_HEAD) + body + b"C7,X\x81,D1\n"


ENCODINGS = [
    # (case, bytes, encoding read or refusal code, line named by the refusal, a name expected)
    ("utf-8", (COMMUNES_HEAD + "C6,Xã Định Hoá,D1\n").encode(), "UTF-8", None, "Xã Định Hoá"),
    ("utf-8 bom", b"\xef\xbb\xbf" + (COMMUNES_HEAD + "C6,Xã Thủy,D1\n").encode(), "UTF-8 (BOM)", None, "Xã Thủy"),
    ("windows-1258", cp1258(COMMUNES_HEAD + "C6,Xã Định Hoá,D1\nC7,Xã Quý,D1\n"), "Windows-1258", None,
     "Xã Định Hoá"),
    ("windows-1252 (the letters it has)", (COMMUNES_HEAD + "C6,Xã Sáu,D1\n").encode("cp1252"), "Windows-1252", None,
     "Xã Sáu"),
    ("utf-8 with one cp1258 line", _utf8_with_a_cp1258_line(12), "mixed_encoding", 12, None),
    ("utf-8 bom with one cp1258 line", b"\xef\xbb\xbf" + _utf8_with_a_cp1258_line(5), "mixed_encoding", 5, None),
    ("cp1258, an undefined byte after 2 MB", _cp1258_then_undefined_byte(), "bad_encoding", 100_002, None),
    ("cyrillic cp1251", (COMMUNES_HEAD + "C6,Село Іванівка,D1\n").encode("cp1251"), "bad_encoding", 2, None),
    ("utf-16 cut in the middle", (COMMUNES_HEAD + "C6,Xã Sáu,D1\n").encode("utf-16")[:-1] + b"\xd8", "bad_encoding",
     2, None),
    ("utf-8 truncated last character", (COMMUNES_HEAD + "C6,Xã Định Hoá,D1\n").encode()[:-5], "mixed_encoding", 2,
     None),
]


@pytest.mark.parametrize("case, data, outcome, line, name", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings(fixture_store, case, data, outcome, line, name):
    before = snapshot(fixture_store)
    report = dry_run(fixture_store, "communes", data, "c.csv")
    if line is None:
        assert report.accepted and report.encoding == outcome, report.refused and report.refused.message()
        assert name in set(report.preview["commune_name"])
    else:
        assert report.refused is not None and report.refused.code == outcome, report.encoding
        assert f"dòng {line:,}".replace(",", ".") in report.refused.message(), report.refused.message()
    assert snapshot(fixture_store) == before


# --- names: tone-mark placement, Unicode forms, administrative prefixes ------------------------------

@pytest.mark.parametrize("a, b", [
    ("Định Hoá", "Huyện Định Hóa"), ("Thuỷ", "Thủy"), ("Khoẻ", "Khỏe"), ("Quý", "Qúy"), ("Xã Hoà Bình", "hòa bình"),
    ("Thuý", "Thúy"), ("Hoạ", "Họa"), ("Tuỵ", "Tụy"), ("Xã Quỳnh", "xã qùynh"),
    (unicodedata.normalize("NFD", "Huyện Định Hoá"), "Định Hóa"), ("  TP.  Thái   Nguyên ", "Thành phố Thái Nguyên"),
])
def test_names_match_across_tone_placement_forms_and_prefixes(a, b):
    from ntm.ingest.values import name_key
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("Hòa", "Hoà Bình"), ("Hóa", "Hòa"), ("Thủy", "Thụy"), ("Quy", "Quý")])
def test_different_names_stay_different(a, b):
    from ntm.ingest.values import name_key
    assert name_key(a) != name_key(b)


@pytest.fixture
def tone_store(fixture_store):
    """The fixture with a district and communes whose names carry tone marks."""
    commit(fixture_store, "districts", "district_code,district_name,district_type\nD4,Huyện Định Hóa,Huyện\n".encode(),
           "d.csv", author="lan")
    commit(fixture_store, "communes", (COMMUNES_HEAD + "C6,Xã Thủy An,D4\nC7,Xã Khỏe,D4\nC8,Xã Quý Sơn,D4\n").encode(),
           "c.csv", author="lan")
    return fixture_store


@pytest.mark.parametrize("written, code", [
    ("Xã Thuỷ An", "C6"), ("Thuỷ An", "C6"), ("khoẻ", "C7"), ("Xã Qúy Sơn", "C8"),
    (unicodedata.normalize("NFD", "Thuỷ An"), "C6"),
])
def test_commune_named_in_the_other_tone_placement(tone_store, written, code):
    report, version = commit(tone_store, "criteria_status", f"{HEAD}2019,{written},1,1\n".encode(), "s.csv",
                             author="lan")
    assert report.accepted, [p.message() for p in report.problems]
    assert status(load_database(version), 2019, code, 1) is True


def test_district_named_without_prefix_in_the_other_tone_placement(tone_store):
    data = "year,area_code,indicator_id,value\n2019,Định Hoá,contrib_money,3\n".encode()
    report, version = commit(tone_store, "indicator_values", data, "v.csv", author="lan")
    assert report.accepted, [p.message() for p in report.problems]
    df = load_database(version).table("indicator_values").df()
    assert df[(df.area_code == "D4") & (df.year == 2019)]["value"].tolist() == [3.0]


# --- numbers: Excel's notations accepted; non-finite and absurd values refused, named by row and column ---

@pytest.mark.parametrize("sep, written, value", [
    (",", "1.5E3", 1500.0), (";", "1,5E+03", 1500.0), (";", "1,5E3", 1500.0), (",", "2E-1", 0.2),
    (",", "1.25e+2", 125.0), (";", "12,5", 12.5), (",", "999999999999", 999999999999.0),
])
def test_numbers_in_scientific_notation(fixture_store, sep, written, value):
    data = f"year{sep}area_code{sep}indicator_id{sep}value\n2019{sep}D1{sep}contrib_money{sep}{written}\n".encode()
    report, version = commit(fixture_store, "indicator_values", data, "v.csv", author="lan")
    assert report.accepted, [p.message() for p in report.problems]
    df = load_database(version).table("indicator_values").df()
    assert df[(df.year == 2019) & (df.area_code == "D1") & (df.indicator_id == "contrib_money")]["value"].tolist() \
        == [pytest.approx(value)]


@pytest.mark.parametrize("dataset, line, code, column, words", [
    ("indicator_values", "2019,D1,contrib_money," + "9" * 400, "not_finite", "value", "không hữu hạn"),
    ("indicator_values", "2019,D1,contrib_money,1E+400", "not_finite", "value", "không hữu hạn"),
    ("indicator_values", "2019,D1,contrib_money," + "9" * 308, "absurd_value", "value", "tỷ đồng"),
    ("indicator_values", "2019,D1,contrib_money,1.5E13", "absurd_value", "value", "quá lớn"),
    ("indicator_values", "2019,D1,poor,1E3", "rate_range", "value", "0–100"),
    ("indicator_values", "2019,D1,contrib_money,inf", "not_number", "value", "Không phải là số"),
    ("indicator_values", "2019,D1,contrib_money,NaN", "not_number", "value", "Không phải là số"),
    ("criteria_status", "1E+400,C1,1,1", "not_finite", "year", "không hữu hạn"),
    ("criteria_status", "2019," + "C1,1" + "0" * 400 + ",1", "not_finite", "criterion_id", "không hữu hạn"),
])
def test_non_finite_and_absurd_numbers_are_refused(fixture_store, dataset, line, code, column, words):
    head = HEAD if dataset == "criteria_status" else "year,area_code,indicator_id,value\n"
    before = snapshot(fixture_store)
    report, version = commit(fixture_store, dataset, (head + line + "\n").encode(), "n.csv", author="lan")
    assert version is None and not report.accepted
    assert [(p.code, p.row, p.column) for p in report.problems] == [(code, 2, column)], \
        [p.message() for p in report.problems]
    assert words in report.problems[0].message()
    assert snapshot(fixture_store) == before


# --- warnings are capped and summarised ----------------------------------------------------------

def test_unknown_columns_are_summarised():
    cols = [f"ghi_chu_{i}" for i in range(40)]
    data = (HEAD.strip() + "," + ",".join(cols) + "\n2019,C1,1,1" + ",x" * 40 + "\n").encode()
    from ntm.ingest.read import read_table
    from ntm.ingest.validate import match_header
    from ntm.schema import DATASETS
    _, problems, warnings = match_header(DATASETS["criteria_status"], read_table(data).header)
    assert not problems and [w.code for w in warnings] == ["extra_column"] * 10 + ["more_extra_columns"]
    assert warnings[-1].message() == "… và 30 cột khác không thuộc bảng này, sẽ bị bỏ qua."


def test_more_than_fifty_columns_are_refused(fixture_store):
    data = (HEAD.strip() + "," + ",".join(f"x{i}" for i in range(60)) + "\n2019,C1,1,1\n").encode()
    report = dry_run(fixture_store, "criteria_status", data, "w.csv")
    assert report.refused.code == "too_many_columns"
    assert report.refused.message() == ("Dòng tiêu đề có 64 cột; một bảng dữ liệu có tối đa 50 cột. "
                                        "Hãy chỉ giữ các cột của bảng.")


# --- the dry run says what a fact upload covers: years in no phase, communes missing from a year ---

COVERAGE = [
    # (case, rows, warnings expected (exact Vietnamese messages))
    ("a commune missing, year in no phase", ["2020,C1,1,1"],
     ["Năm 2020 không thuộc giai đoạn nào (2014–2015, 2016–2017, 2018–2019); số liệu năm này chưa được tính vào "
      "kết quả theo giai đoạn. Hãy thêm giai đoạn trong bảng “Giai đoạn” nếu cần.",
      "Số liệu chưa đủ: năm 2020 có 1/2 xã của Huyện A (thiếu Xã Hai)."]),
    ("years in no phase as ranges", ["2020,C1,1,1", "2020,C2,1,1", "2021,C1,1,1", "2021,C2,1,1", "2023,C1,1,1",
                                     "2023,C2,1,1"],
     ["Năm 2020–2021, 2023 không thuộc giai đoạn nào (2014–2015, 2016–2017, 2018–2019); số liệu năm này chưa được "
      "tính vào kết quả theo giai đoạn. Hãy thêm giai đoạn trong bảng “Giai đoạn” nếu cần."]),
    ("a commune that left is not expected", ["2019,C3,1,0"], []),  # C4 left after 2016
    ("whole district, in a phase", ["2019,C1,1,1", "2019,C2,1,1"], []),
    ("a district's first year", ["2013,C5,1,1"], []),  # 2013: before every phase, D3's only commune
    ("a year completed by stored rows", ["2017,C3,2,1"], []),
]


@pytest.mark.parametrize("case, rows, expected", COVERAGE, ids=[c[0] for c in COVERAGE])
def test_coverage_warnings(fixture_store, case, rows, expected):
    report = dry_run(fixture_store, "criteria_status", (HEAD + "\n".join(rows) + "\n").encode(), "c.csv")
    assert report.accepted, [p.message() for p in report.problems]
    got = [w.message() for w in report.warnings if w.code in ("year_no_phase", "partial_year")]
    if case == "a district's first year":
        expected = [m for m in got if m.startswith("Năm 2013")]
        assert len(expected) == 1
    assert got == expected


def test_partial_year_in_english_names_counts_and_missing(fixture_store):
    report = dry_run(fixture_store, "criteria_status", (HEAD + "2020,C1,1,1\n").encode(), "c.csv")
    partial = [w for w in report.warnings if w.code == "partial_year"][0]
    assert partial.message("en") == "Incomplete data: 2020 has 1/2 communes of Huyện A (missing Xã Hai)."
    assert (partial.column, partial.value) == ("commune_code", "1/2")


# -- duplicate keys, row numbers and the stored form, whichever reader reads the file ---------------

DUPLICATES = [
    # (case, rows after the header, (row, first row with its key) of each duplicate)
    ("same text twice", ["2020,C1,1,1", "2020,C1,1,0"], [(3, 2)]),
    ("criterion as 01 and 1", ["2020,C1,1,1", "2020,C1,01,1"], [(3, 2)]),
    ("year as 2020.0 and 2020", ["2020,C1,1,1", "2020.0,C1,1,1"], [(3, 2)]),
    ("commune by code and by name", ["2020,C1,1,1", "2020,Xã Một,1,0"], [(3, 2)]),
    ("three of one key, two of another", ["2020,C1,1,1", "2020,C1,1,1", "2020,C2,1,1", "2020,C1,1,0", "2020,C2,1,0"],
     [(3, 2), (5, 2), (6, 4)]),
    ("a refused row is no first", ["2020,C1,1,maybe", "2020,C1,1,1", "2020,C1,1,0"], [(4, 3)]),
    ("other year, other criterion", ["2020,C1,1,1", "2021,C1,1,1", "2020,C1,2,1"], []),
]
FORMS = {"lf": lambda rows: "\n".join(rows) + "\n", "crlf": lambda rows: "\r\n".join(rows) + "\r\n",
         "quoted (exact reader)": lambda rows: "\n".join('"' + r.replace(",", '","') + '"' for r in rows) + "\n"}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("case, rows, expected", DUPLICATES, ids=[d[0] for d in DUPLICATES])
def test_duplicate_keys_name_the_first_row(fixture_store, case, rows, expected, form):
    report = dry_run(fixture_store, "criteria_status", FORMS[form]([HEAD.strip()] + rows).encode(), "d.csv")
    found = [(p.row, p.params["first"]) for p in report.problems if p.code == "duplicate_key"]
    assert found == expected
    assert all(f"dòng {first}" in p.message("vi") and f"row {first}" in p.message("en")
               for p in report.problems if p.code == "duplicate_key" for first in [p.params["first"]])


LINES = [
    # (case, bytes, row of the unreadable "maybe")
    ("lf", (HEAD + "2020,C1,1,1\n2020,C1,2,maybe\n").encode(), 3),
    ("lf, blank line before", (HEAD + "2020,C1,1,1\n\n2020,C1,2,maybe\n").encode(), 4),
    ("lf, blank lines before, no last line end", (HEAD + "\n2020,C1,1,1\n\n\n2020,C1,2,maybe").encode(), 6),
    ("crlf, blank line before", (HEAD + "2020,C1,1,1\n\n2020,C1,2,maybe\n").replace("\n", "\r\n").encode(), 4),
    ("cr, blank line before", (HEAD + "2020,C1,1,1\n\n2020,C1,2,maybe\n").replace("\n", "\r").encode(), 4),
    ("lf, blank lines after", (HEAD + "2020,C1,1,1\n2020,C1,2,maybe\n\n\n").encode(), 3),
]


@pytest.mark.parametrize("case, data, row", LINES, ids=[c[0] for c in LINES])
def test_rows_are_named_by_their_line_in_the_file(fixture_store, case, data, row):
    report = dry_run(fixture_store, "criteria_status", data, "l.csv")
    assert [(p.row, p.column, p.value) for p in report.problems] == [(row, "met", "maybe")]


def test_the_stored_dataset_is_written_once_as_canonical_parquet(fixture_store, tmp_path):
    """The checked rows go to the store in one write: the bytes the store made when the result was
    first written to a Parquet file and then made canonical, the rows and types as the schema says."""
    import duckdb

    from ntm.store.parquet import to_parquet

    upload = (HEAD + "2020,C2,3,x\n2019,Xã Một,01,0\n2021,C3,2,\n").encode()
    report, version = commit(fixture_store, "criteria_status", upload, "c.csv", author="t", mode="replace")
    assert report.accepted and version is not None
    stored = version.dataset_path("criteria_status")
    con = duckdb.connect()
    # Before: the result (met as 0/1) written to a Parquet file, which the store then made canonical.
    con.read_parquet(str(stored)).create("result")
    con.sql("select year, commune_code, criterion_id, met::integer as met, status from result").to_parquet(
        str(tmp_path / "written.parquet"))
    assert stored.read_bytes() == to_parquet("criteria_status", tmp_path / "written.parquet")
    assert con.sql(f"select * from read_parquet('{stored}')").fetchall() == [
        (2020, "C2", 3, True, None), (2019, "C1", 1, False, None), (2021, "C3", 2, False, None)]
    assert [r[1] for r in con.sql(f"describe select * from read_parquet('{stored}')").fetchall()] == [
        "INTEGER", "VARCHAR", "INTEGER", "BOOLEAN", "VARCHAR"]


def test_an_import_of_criteria_results_does_not_load_pandas(fixture_store, tmp_path):
    """`python -m ntm import` of a dataset checked in Arrow starts without pandas (~0,3 s)."""
    import subprocess
    import sys

    path = tmp_path / "kq.csv"
    path.write_bytes((HEAD + "2020,C1,1,1\n2020,C1,2,1\n2020,C1,2,0\n").encode())
    code = ("import sys; from ntm.cli import main; rc = main(['import', 'criteria_status', sys.argv[1], "
            "'--dry-run']); print('pandas' in sys.modules, rc)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert "Trùng khóa với dòng 3" in out.stdout  # the report still names row and column
    assert out.stdout.strip().splitlines()[-1] == "False 1"


def test_every_rule_a_dataset_declares_is_one_the_validator_runs():
    import re
    from pathlib import Path

    from ntm.ingest import validate
    from ntm.schema import DATASETS

    for ds in DATASETS.values():
        assert set(ds.rules) <= set(validate.RULES), ds.name
        assert set(ds.frame_rules) <= set(validate.FRAME_RULES), ds.name
    # The validator branches on no dataset's name: its rules are declared in the schema.
    assert not re.search(r"\bdataset ==", Path(validate.__file__).read_text(encoding="utf-8"))
