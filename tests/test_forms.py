"""The offices' forms go in as they are: every shape and container, read into a fresh store, gives
the figures computed here from the form's own marks; the office's cross-checks name row and column;
what is not recognised is mapped and kept as a profile; the exported form imports back unchanged."""
import hashlib

import openpyxl
import pytest

import form_files as ff
from ntm import queries
from ntm.ingest import commit, dry_run
from ntm.ingest.forms import Options, Places, read_form
from ntm.ingest.profiles import as_upload, load, spec
from ntm.ingest.workbook import Sheet
from ntm.store import load_database

ALL = ["x"] * 19


def marks(k: int, met: str = "x", not_met: str = "") -> list[str]:
    """The first k criteria met."""
    return [met] * k + [not_met] * (19 - k)


# Two districts of the sample; Định Hóa 2 of 3 communes meeting all 19, Phú Lương 0 of 2.
COMMUNES = {"Huyện Định Hóa": [("Xã Linh Thông", 19), ("Lam Vỹ", 15), ("Xã Quy Kỳ", 19)],
            "Huyện Phú Lương": [("Yên Ninh", 12), ("Xã Yên Trạch", 18)]}
CODES = {"Xã Linh Thông": "05539", "Lam Vỹ": "05542", "Xã Quy Kỳ": "05545", "Yên Ninh": "05614",
         "Xã Yên Trạch": "05617"}
EXPECTED = {"167": (3, 2, (19 + 15 + 19) / 3), "168": (2, 0, (12 + 18) / 2)}   # communes, meeting, mean


def form(style=("x", ""), year=2019, **kw):
    met, not_met = style
    return ff.criteria_form(year, {d: [(n, marks(k, met, not_met)) for n, k in cs] for d, cs in COMMUNES.items()},
                            **kw)


def figures(store, year):
    con = load_database(store.active())
    rows = queries.run(con, "standard_by_district_year").query("year == @year")
    return {r.district_code: (int(r.communes), int(r.meeting), float(r.avg_criteria)) for r in rows.itertuples()}


def snapshot(store) -> dict:
    return {str(p.relative_to(store.root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.root.rglob("*")) if p.is_file() and p.name != ".lock"}


SHAPES = [
    # (id, file bytes maker, file name)
    ("xlsx, x marks, names with and without Xã", lambda: ff.xlsx({"Sheet1": form()}), "bieu.xlsx"),
    ("xlsx, X marks", lambda: ff.xlsx({"Sheet1": form(("X", ""))}), "bieu.xlsx"),
    ("xlsx, Đ / CĐ", lambda: ff.xlsx({"Sheet1": form(("Đ", "CĐ"))}), "bieu.xlsx"),
    ("xlsx, Đạt / Chưa đạt", lambda: ff.xlsx({"Sheet1": form(("Đạt", "Chưa đạt"))}), "bieu.xlsx"),
    ("xlsx, 1 / 0", lambda: ff.xlsx({"Sheet1": form(("1", "0"))}), "bieu.xlsx"),
    ("xlsx, ✓", lambda: ff.xlsx({"Sheet1": form(("✓", ""))}), "bieu.xlsx"),
    ("xlsx, by code, district sums", lambda: ff.xlsx({"Sheet1": form(codes=CODES, district_sums=True)}), "b.xlsx"),
    ("xls written by xlwt, year from the sheet", lambda: ff.xls({"Năm 2019": form(title_year=False)}), "bieu.xls"),
    ("ods written by odfpy", lambda: ff.ods({"2019": form()}), "bieu.ods"),
    ("csv ; Windows-1258", lambda: ff.csv_cp1258(form()[0]), "bieu.csv"),
]


@pytest.mark.parametrize("make,filename", [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_a_form_goes_in_with_the_figures_its_marks_give(sample_store, make, filename):
    report, version = commit(sample_store, "criteria_status", make(), filename, author="an", mode="replace")
    assert report.accepted and version, [p.message() for p in report.problems]
    assert report.rows_total == 5 * 19
    sheet = report.form["sheets"][0]
    assert sheet["year"] == 2019 and sheet["communes"] == 5 and sheet["meeting"] == 2
    assert {k["reason"] for k in sheet["skipped"]} >= {"title", "district", "total", "signature"}
    assert [c["criterion"] for c in sheet["columns"] if c["role"] == "criterion"] == list(range(1, 20))
    assert {w.code for w in report.warnings} == {"partial_year"}, [w.message() for w in report.warnings]
    assert figures(sample_store, 2019) == EXPECTED


def test_the_original_form_is_kept_beside_the_version(sample_store):
    data = ff.xls({"Năm 2019": form(title_year=False)})
    _, version = commit(sample_store, "criteria_status", data, "bieu.xls", author="an")
    assert sample_store.attachment(version, "upload/bieu.xls") == data


def test_three_values_keep_co_ban_dat_which_is_not_met(sample_store):
    rows, merges = form(("Đạt", "Chưa đạt"))
    rows[10][2 + 18] = "Cơ bản đạt"     # Xã Quy Kỳ (row 11 of the sheet): criterion 19 largely met
    report, _ = commit(sample_store, "criteria_status", ff.xlsx({"Sheet1": (rows, merges)}), "b.xlsx", author="an",
                       mode="replace")
    assert report.accepted, [p.message() for p in report.problems]
    con = load_database(sample_store.active())
    assert con.execute("select commune_code, criterion_id, met from criteria_status where status = 'co_ban_dat'"
                       ).fetchall() == [("05545", 19, False)]
    assert figures(sample_store, 2019)["167"][1] == 1       # Quy Kỳ no longer meets the standard
    assert report.form["sheets"][0]["marks"]["Cơ bản đạt"] == {"status": "co_ban_dat", "cells": 1}


def test_a_workbook_with_a_sheet_a_year(sample_store):
    sheets = {str(y): ff.criteria_form(None, {"Huyện Định Hóa": [("Xã Linh Thông", marks(k))]}, title_year=False)
              for y, k in ((2018, 14), (2019, 17), (2020, 19))}
    report = dry_run(sample_store, "criteria_status", ff.xlsx(sheets), "ba-nam.xlsx", mode="replace")
    assert [(s["sheet"], s["year"], s["year_from"]) for s in report.form["sheets"]] == [
        ("2018", 2018, "sheet"), ("2019", 2019, "sheet"), ("2020", 2020, "sheet")]
    commit(sample_store, "criteria_status", ff.xlsx(sheets), "ba-nam.xlsx", author="an", mode="replace")
    con = load_database(sample_store.active())
    assert con.execute("select year, count(*) filter (where met) from criteria_status group by year order by year"
                       ).fetchall() == [(2018, 14), (2019, 17), (2020, 19)]


def test_a_form_without_a_year_asks_for_it(sample_store):
    data = ff.xlsx({"Sheet1": form(title_year=False)})
    sample_store.active()   # seeded from the sample before the snapshot
    before = snapshot(sample_store)
    report = dry_run(sample_store, "criteria_status", data, "b.xlsx")
    assert not report.accepted and "form_no_year" in {p.code for p in report.problems}
    assert snapshot(sample_store) == before
    report = dry_run(sample_store, "criteria_status", data, "b.xlsx", form=Options(year=2021))
    assert report.accepted and report.form["sheets"][0]["year_from"] == "given"


def _codes(report):
    return {(p.code, p.row, p.column) for p in report.problems + report.warnings}


def test_cross_checks_name_row_and_column(sample_store):
    rows, merges = form(counts={"Lam Vỹ": 16})          # Lam Vỹ (row 10) states 16 but marks 15
    total = next(i for i, r in enumerate(rows) if r[1] == "Tổng cộng")
    rows[total][2] = 9                                   # criterion 1 (column C): 5 communes meet it
    rows.insert(total, ["", "Xã Yên Lạc", *marks(3), 3, ""])   # a Phú Lương commune, twice below
    rows.insert(total, ["", "Xã Linh Thông", *ALL, 19, ""])    # Định Hóa's commune again, under Phú Lương
    report = dry_run(sample_store, "criteria_status", ff.xlsx({"Sheet1": (rows, merges)}), "b.xlsx")
    found = _codes(report)
    assert ("form_count_differs", 10, "V") in found
    assert ("form_sum_differs", total + 3, "C (1)") in found
    assert ("form_commune_twice", total + 1, "B") in found
    assert ("form_wrong_district", total + 1, "B") in found
    assert not report.accepted


def test_district_rows_are_checked_against_their_communes(sample_store):
    rows, merges = form(district_sums=True)
    rows[7][2 + 16] = 1                                   # Định Hóa (row 8) says 1 for criterion 17: 3 meet it
    found = _codes(dry_run(sample_store, "criteria_status", ff.xlsx({"Sheet1": (rows, merges)}), "b.xlsx"))
    assert ("form_sum_differs", 8, "S (17)") in found


def _places():
    return Places({"1": "Huyện A", "2": "Huyện B"}, {"00001": "Xã Tân Lập", "00002": "Xã Tân Lập", "00003": "Xã Hòa"},
                  {"00001": "1", "00002": "2", "00003": "2"}, {i: f"Tiêu chí {i}" for i in range(1, 20)})


def _grid(with_district: bool) -> Sheet:
    rows, _ = ff.criteria_form(2020, {"Huyện B": [("Tân Lập", ALL), ("Xã Hòa", ALL)]})
    if not with_district:
        rows = [r for r in rows if r[0] != "I"]
    return Sheet("2020", [(i + 1, [str(c) for c in r]) for i, r in enumerate(rows) if any(str(c) for c in r)])


def test_a_name_is_made_unambiguous_by_the_district_row_above_it():
    reading = read_form([_grid(True)], "criteria_status", _places(), Options())
    assert not reading.problems
    assert set(reading.table.columns[1].to_pylist()) == {"00002", "00003"}
    reading = read_form([_grid(False)], "criteria_status", _places(), Options())
    assert [(p.code, p.row, p.column) for p in reading.problems] == [("form_ambiguous_commune", 8, "B")]


def test_an_unrecognised_mark_and_column_are_mapped_and_kept_as_a_profile(sample_store):
    rows, merges = form()
    rows[8][2 + 4] = "o"                                  # Linh Thông (row 9), criterion 5: a mark no one knows
    rows[6][2 + 16] = "MT-ATTP"                           # criterion 17's header (row 7) written as a short name
    data = ff.xlsx({"Sheet1": (rows, merges)})
    report = dry_run(sample_store, "criteria_status", data, "b.xlsx")
    assert ("form_unknown_mark", 9, "G (5)") in _codes(report)
    assert ("form_unknown_column", 7, "S") in _codes(report)
    assert report.form["unknown_marks"] == {"o": 1}
    assert report.form["unknown_columns"][0]["key"] == "nhom iv: van hoa xa hoi moi truong mt attp"
    profile = spec({report.form["unknown_columns"][0]["key"]: 17}, {"o": "co_ban_dat"})
    saved, version = commit(sample_store, "form_profiles", as_upload("bieu-tinh", "criteria_status", profile),
                            "bieu-tinh.csv", author="an")
    assert saved.accepted and version
    # The next file of the same shape, with the profile named: no questions.
    again = load(load_database(sample_store.active()), "bieu-tinh")
    report, version = commit(sample_store, "criteria_status", data, "b.xlsx", author="an", mode="replace",
                             form=Options(profile=again))
    assert report.accepted and version, [p.message() for p in report.problems]
    con = load_database(sample_store.active())
    assert con.execute("select status, met from criteria_status where commune_code = '05539' and criterion_id = 5"
                       ).fetchall() == [("co_ban_dat", False)]
    assert con.execute("select count(*) from criteria_status where criterion_id = 17").fetchall() == [(5,)]


def test_a_per_commune_summary_goes_beside_the_criteria(sample_store):
    before = load_database(sample_store.active()).execute("select count(*) from criteria_status").fetchall()
    rows, merges = ff.summary_form(2019, [("Xã Linh Thông", 19, 2016, "1234/QĐ-UBND"), ("Lam Vỹ", 15, "", "")])
    report, version = commit(sample_store, "commune_summaries", ff.xlsx({"Sheet1": (rows, merges)}), "th.xlsx",
                             author="an")
    assert report.accepted and version, [p.message() for p in report.problems]
    con = load_database(sample_store.active())
    assert con.execute("select year, commune_code, criteria_met, recognised_year, decision from commune_summaries "
                       "order by commune_code").fetchall() == [(2019, "05539", 19, 2016, "1234/QĐ-UBND"),
                                                               (2019, "05542", 15, None, None)]
    assert con.execute("select count(*) from criteria_status").fetchall() == before


def test_a_list_of_recognition_decisions(sample_store):
    rows, merges = ff.recognitions_form(2019, [("Xã Linh Thông", "Huyện Định Hóa", "1234/QĐ-UBND", "20/12/2019"),
                                               ("Yên Ninh", "Huyện Phú Lương", "99/QĐ-UBND", "05/11/2019",
                                                "Nâng cao")])
    report, version = commit(sample_store, "commune_recognitions", ff.xls({"DS 2019": (rows, merges)}), "ds.xls",
                             author="an")
    assert report.accepted and version, [p.message() for p in report.problems]
    con = load_database(sample_store.active())
    assert con.execute("select * from commune_recognitions where year = 2019 and decision not like '%minh họa%' "
                       "order by commune_code").fetchall() == [
        ("05539", "dat_chuan", 2019, "1234/QĐ-UBND", "2019-12-20"),
        ("05614", "nang_cao", 2019, "99/QĐ-UBND", "2019-11-05")]


def test_a_summary_uploaded_as_criteria_says_what_it_is(sample_store):
    rows, merges = ff.summary_form(2019, [("Xã Linh Thông", 19, 2016, "1234/QĐ-UBND")])
    report = dry_run(sample_store, "criteria_status", ff.xlsx({"Sheet1": (rows, merges)}), "th.xlsx")
    assert [p.code for p in report.problems] == ["form_other_kind"]


def test_the_exported_form_imports_back_with_no_change(sample_store, tmp_path):
    from ntm.form_export import form_xlsx

    con = load_database(sample_store.active())
    data = form_xlsx(con, 2020)
    ws = openpyxl.load_workbook(tmp_path.joinpath("f.xlsx").write_bytes(data) and tmp_path / "f.xlsx").active
    assert "NĂM 2020" in ws["A3"].value and ws.print_title_rows == "$6:$7"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws["D6"].value == "Nhóm I: Quy hoạch" and ws["E6"].value.startswith("Nhóm II") and ws["D7"].value == 1
    assert "E6:L6" in {str(r) for r in ws.merged_cells.ranges}
    report, version = commit(sample_store, "criteria_status", data, "f.xlsx", author="an")
    assert report.accepted and report.no_change and version is None
    assert report.unchanged == con.execute(  # the province's communes of 2020 (not old Bắc Kạn's)
        "select count(*) from criteria_status s join commune_year y using (year, commune_code) "
        "where s.year = 2020 and y.home").fetchall()[0][0]
    assert report.form["sheets"][0]["meeting"] == con.execute(
        "select count(*) from commune_year where year = 2020 and meets_standard and home").fetchall()[0][0]


# -- round trips through the office's own software ----------------------------------------------

def _communes_as_numbers(con) -> bytes:
    """communes as a spreadsheet saves them after reading the codes as numbers (05485 → 5485)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    columns = ["commune_code", "commune_name", "district_code", "group_code", "unit_type", "valid_from", "valid_to",
               "province_code"]
    ws.append(columns)
    for code, name, district, group, *rest, province in con.execute(
            f"select {', '.join(columns)} from communes order by 1").fetchall():
        ws.append([int(code), name, int(district) if district else None, int(group) if group else None, *rest,
                   int(province) if province else None])
    import io

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_codes_that_lost_their_zeros_match_the_units_they_were(sample_store):
    con = load_database(sample_store.active())
    report = dry_run(sample_store, "communes", _communes_as_numbers(con), "communes.xlsx")
    assert report.accepted and (report.new, report.changed, report.unchanged) == (0, 0, 326), [
        p.message() for p in report.problems]


def test_libreoffice_saving_the_export_as_xlsx_changes_nothing(sample_store, tmp_path):
    """The real office round trip: `ntm export communes` opened and saved as .xlsx by LibreOffice Calc."""
    import shutil
    import subprocess

    from ntm.export import stored_csv_bytes

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice not installed: apt-get install libreoffice-calc-nogui")
    src = tmp_path / "communes.csv"
    src.write_bytes(stored_csv_bytes(sample_store.active(), "communes", bom=True))
    # Opened as UTF-8 with commas (the import dialog's choice for our files), saved as .xlsx.
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--infilter=CSV:44,34,76", "--convert-to", "xlsx",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=180)
    data = (tmp_path / "communes.xlsx").read_bytes()
    assert openpyxl.load_workbook(tmp_path / "communes.xlsx").active["A2"].value == 5485   # the zero is gone
    report = dry_run(sample_store, "communes", data, "communes.xlsx")
    assert report.accepted and (report.new, report.changed, report.unchanged) == (0, 0, 326), [
        p.message() for p in report.problems + report.warnings]


def test_units_recoded_under_their_names_are_an_error(sample_store):
    con = load_database(sample_store.active())
    rows = "commune_code,commune_name,district_code,valid_to\n" + "".join(
        f"9{code[1:]},{name},{district},2025-06-30\n" for code, name, district in con.execute(
            "select commune_code, commune_name, district_code from communes "
            "where valid_from is null and province_code is null").fetchall())
    report = dry_run(sample_store, "communes", rows.encode(), "communes.csv")
    assert not report.accepted and [p.code for p in report.problems] == ["recoded_units"]
    assert "139 trong 139" in report.problems[0].message()


@pytest.mark.parametrize("header", ["year,area_code,value", "yr,area_code,indicator_id,value"])
def test_indicator_values_with_a_required_column_missing_name_it(sample_store, header):
    report = dry_run(sample_store, "indicator_values", (header + "\n2020,167,5\n").encode(), "iv.csv")
    assert not report.accepted and [p.code for p in report.problems][:1] == ["missing_column"]


def test_a_byte_order_mark_read_as_text_is_not_part_of_the_header(sample_store):
    data = "ï»¿year,commune_code,criterion_id,met\n2020,05485,1,1\n".encode()
    report = dry_run(sample_store, "criteria_status", data, "t.csv")
    assert report.accepted, [p.message() for p in report.problems]


def test_long_tables_in_xls_and_ods_read_as_csv_would(sample_store):
    """Any dataset may come as .xls or .ods: its first sheet is the long table."""
    con = load_database(sample_store.active())
    rows = [["commune_code", "commune_name", "district_code", "group_code", "unit_type", "valid_from", "valid_to",
             "province_code"]] + [list(r) for r in con.execute("select * from communes order by 1").fetchall()]
    for data, name in ((ff.ods({"communes": (rows, [])}), "communes.ods"), (ff.xls({"x": (rows, [])}), "c.xls")):
        report = dry_run(sample_store, "communes", data, name)
        assert report.accepted and (report.changed, report.unchanged) == (0, 326), (
            name, [p.message() for p in report.problems])


def test_a_workbook_of_too_many_sheets_is_refused_and_changes_nothing(sample_store):
    sheets = {str(1970 + i): ff.criteria_form(None, {"Huyện Định Hóa": [("Xã Linh Thông", ALL)]}, title_year=False)
              for i in range(51)}
    sample_store.active()
    before = snapshot(sample_store)
    report, version = commit(sample_store, "criteria_status", ff.xlsx(sheets), "nhieu.xlsx", author="an")
    assert report.refused.code == "form_too_many_sheets" and version is None
    assert snapshot(sample_store) == before


def test_a_header_of_three_rows(sample_store):
    """A title over every criterion above the groups and the numbers: three header rows."""
    rows, merges = form()
    top = [""] * len(rows[5])
    top[0], top[1], top[2], top[21], top[22] = "STT", "Tên xã", "Kết quả thực hiện các tiêu chí", "Số tiêu chí đạt", \
        "Ghi chú"
    rows[5][0] = rows[5][1] = rows[5][21] = rows[5][22] = ""
    rows.insert(5, top)
    report = dry_run(sample_store, "criteria_status", ff.xlsx({"Sheet1": (rows, [])}), "b.xlsx")
    sheet = report.form["sheets"][0]
    assert report.accepted and sheet["header_rows"] == [6, 7, 8] and sheet["communes"] == 5, [
        p.message() for p in report.problems]
    assert [c["role"] for c in sheet["columns"]][:2] == ["stt", "name"]
    assert [c["role"] for c in sheet["columns"]][-2:] == ["count", "note"]
