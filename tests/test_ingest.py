"""Uploads, table-driven: bytes in, acceptance or a message out, the store untouched on refusal."""
import hashlib
import io
import unicodedata
import zipfile

import openpyxl
import pytest

from ntm.ingest import commit, dry_run
from ntm.store import load_database

HEAD = "year,commune_code,criterion_id,met\n"


def snapshot(store) -> dict:
    """Every file of the store (but the lock) with its hash: equal snapshots = untouched store."""
    return {str(p.relative_to(store.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.root.rglob("*")) if p.is_file() and p.name != ".lock"}


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letter (with one mark if the code page has it) + tone marks."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, marks = unicodedata.normalize("NFD", ch)[0], unicodedata.normalize("NFD", ch)[1:]
        for i, m in enumerate(marks):
            comp = unicodedata.normalize("NFC", base + m)
            try:
                out += comp.encode("cp1258") + (marks[:i] + marks[i + 1:]).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + marks).encode("cp1258")
    return out


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
