"""Published figures: the bundled real figures with their sources, their validation on upload,
the side-by-side with the commune data, the page in both languages and the area hierarchy.

Known answers come from the hand-computed fixture (conftest.CRITERIA_MET) and PUBLISHED below:
in 2015 Huyện A (D1) has 2 communes, 1 meeting the standard (50%); the province has 4 communes
averaging 57/4 = 14,25 criteria; in 2019 all 4 communes of the province meet the standard."""
import csv
import io
import re
import json

import pandas as pd
import pytest

from conftest import write_dataset
from ntm import findings, published, queries, sample
from ntm.ingest import commit, dry_run
from ntm.store import ILLUSTRATIVE, SAMPLE_DIR, Store, load_database, read_dataset

from journey_helpers import figures, header
from test_app import dataframes, html_texts, kpis, run

REPORT = "Báo cáo số 12/BC-UBND"     # a document reference, not a link
WEB = "https://so.example.vn/bao-cao-2015"
MEASURES = [["measure_id", "name_vi", "name_en", "unit", "numerator", "denominator", "commune_measure",
             "tolerance"]] + [list(m) for m in published.MEASURES]
PUBLISHED = [
    ["as_of", "area_code", "measure", "value", "source", "note"],
    # Huyện A, 2015: 1/3 and 33,3% (consistent with each other); the commune data says 1/2, 50%.
    ["2015", "D1", "communes_standard", "1", WEB, ""],
    ["2015", "D1", "communes_total", "3", WEB, ""],
    ["2015", "D1", "share_standard_pct", "33.3", WEB, ""],
    # The province (19): 14,3 criteria in 2015 (data 14,25: within 0,1); 4/4 in mid-2019 (data 4/4).
    ["2015", "19", "avg_criteria", "14.3", REPORT, ""],
    ["2019-06", "19", "communes_standard", "4", REPORT, ""],
    ["2019-06", "19", "communes_total", "4", REPORT, ""],
    ["2019-06", "19", "share_standard_pct", "100", REPORT, ""],
    ["2018", "19", "communes_standard", "3", REPORT, "no commune data in 2018"],
    # The country: never beside the commune data. Two figures of the same day: the dated one is later.
    ["2014", "VN", "communes_standard", "785", "https://x.example.vn/b", ""],
    ["2016-02", "VN", "communes_standard", "1761", "http://en.example.vn/a", ""],
    ["2016-02", "VN", "share_standard_pct", "19.7", "http://en.example.vn/a", ""],
    ["2018", "VN", "communes_standard", "3787", "https://x.example.vn/c", ""],
    ["2018-12-31", "VN", "communes_standard", "3790", "https://x.example.vn/d", ""],
    # A commune's figure makes the commune an area of its own.
    ["2017-06-30", "C3", "avg_criteria", "19", REPORT, ""],
]


def published_tables(figures=PUBLISHED, measures=MEASURES) -> dict:
    return {"published_measures": measures, "published_figures": figures}


@pytest.fixture
def published_store(tmp_path, monkeypatch) -> Store:
    """The hand-computed fixture with the measures and figures of PUBLISHED (nothing illustrative)."""
    monkeypatch.delenv("NTM_PROVINCE_CODE", raising=False)
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src", published_tables()), author="test", source="fixture")
    monkeypatch.setenv("NTM_DATA_DIR", str(store.root))
    return store


def plain(text: str) -> str:
    """Markdown as a reader sees it: backslash escapes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


# --- the bundled figures -----------------------------------------------------------------------
def test_bundled_figures_load_with_their_sources(sample_store):
    version = sample_store.active()
    figures = read_dataset(version, "published_figures")
    assert len(figures) == 128  # 118 on 2010–2023, 10 on levels and the units of 2025
    assert figures["source"].str.strip().str.len().min() > 0
    assert set(figures["measure"]) == {m[0] for m in published.MEASURES}
    assert figures.groupby("area_code").size().to_dict()["VN"] == 59
    # Labelled as published: never in the illustrative list, while the commune data is.
    assert "published_figures" not in version.illustrative and "published_figures" not in ILLUSTRATIVE
    assert "criteria_status" in version.illustrative


def test_bundled_file_passes_its_own_checks(sample_store):
    data = (SAMPLE_DIR / "published_figures.csv").read_bytes()
    report = dry_run(sample_store, "published_figures", data, "published_figures.csv")
    assert report.accepted and not report.warnings, [w.as_dict() for w in report.warnings]
    assert (report.unchanged, report.new, report.changed) == (128, 0, 0)


def test_generator_copies_the_published_files(tmp_path):
    sample.generate_province(tmp_path)
    for name in ("published_figures", "published_measures", "provinces"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (SAMPLE_DIR / f"{name}.csv").read_bytes(), name


def test_export_round_trips(sample_store, tmp_path, capsys):
    from ntm import cli
    out = tmp_path / "published_figures.csv"
    assert cli.main(["export", "published_figures", "-o", str(out)]) == 0
    report, version = commit(sample_store, "published_figures", out.read_bytes(), out.name, author="t", mode="replace")
    assert report.accepted and version is None and report.no_change
    assert (report.unchanged, report.removed) == (128, 0)


@pytest.mark.parametrize("level, name, as_of, measure, expected", [
    ("national", "Việt Nam", "2017-12 (mid)", "district_completed",
     ("2017-12", "VN", "districts_completed", "Mốc thời gian trong nguồn: 2017-12 (mid)")),
    ("province", "Thái Nguyên", "2010-2020", "communes_total",
     ("2020", "19", "communes_total", "Mốc thời gian trong nguồn: 2010-2020")),
    ("district", "Huyện Định Hóa [GSO 167]", "2019-10 (GSO pull)", "communes_total",
     ("2019-10", "167", "communes_total", "Mốc thời gian trong nguồn: 2019-10 (GSO pull)")),
    ("district", "Huyện Đại Từ [GSO 171]", "2023-04-10", "communes_total", ("2023-04-10", "171", "communes_total", "")),
])
def test_collected_list_becomes_canonical_rows(level, name, as_of, measure, expected):
    ref = pd.DataFrame([[level, name, as_of, measure, "1", "src"]],
                       columns=["area_level", "area_name", "as_of", "measure", "value", "source"])
    row = published.from_reference(ref, "19").iloc[0]
    assert (row["as_of"], row["area_code"], row["measure"], row["note"]) == expected


# --- reading and writing dates, figures and sources --------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("2022", ("2022", None)),
    ("2022-06", ("2022-06", None)),
    ("2022/6", ("2022-06", None)),
    ("6/2022", ("2022-06", None)),
    ("tháng 6/2022", ("2022-06", None)),
    ("2022-06-30", ("2022-06-30", None)),
    ("30/6/2022", ("2022-06-30", None)),
    ("30.06.2022", ("2022-06-30", None)),
    ("2022-06-30 00:00:00", ("2022-06-30", None)),
    ("44742", ("2022-06-30", None)),          # a spreadsheet's date cell
    ("2022-13", (None, ("as_of_date", {}))),
    ("31/2/2022", (None, ("as_of_date", {}))),
    ("1850", (None, ("year_range", {"min": 1990, "max": 2100}))),
    ("2010-2020", (None, ("as_of_format", {}))),
    ("giữa năm 2022", (None, ("as_of_format", {}))),
])
def test_as_of(text, expected):
    assert published.parse_as_of(text) == expected


@pytest.mark.parametrize("as_of, vi, en, end", [
    ("2014", "2014", "2014", "2014-12-31"),
    ("2022-06", "6/2022", "Jun 2022", "2022-06-30"),
    ("2024-02", "2/2024", "Feb 2024", "2024-02-29"),
    ("2023-12-28", "28/12/2023", "28 Dec 2023", "2023-12-28"),
])
def test_as_of_shown_and_dated(as_of, vi, en, end):
    assert published.as_of_label(as_of, "vi") == vi and published.as_of_label(as_of, "en") == en
    assert published.as_of_end(as_of).isoformat() == end


@pytest.mark.parametrize("source, link, label", [
    ("https://www.baovephapluat.vn/a/b.html", True, "baovephapluat.vn"),
    ("http://en.vietnamplus.vn/x.vnp", True, "en.vietnamplus.vn"),
    ("HTTPS://A.VN/x", True, "a.vn"),
    ("javascript:alert(1)", False, "javascript:alert(1)"),
    ("https://a.vn/x y", False, "https://a.vn/x y"),
    ("https://a.vn/\"onmouseover=alert(1)", False, "https://a.vn/\"onmouseover=alert(1)"),
    ("ftp://a.vn/x", False, "ftp://a.vn/x"),
    ("https://", False, "https://"),
    ("Báo cáo số 12/BC-UBND", False, "Báo cáo số 12/BC-UBND"),
])
def test_sources_linked_only_when_web_addresses(source, link, label):
    assert published.is_link(source) is link and published.source_label(source) == label


@pytest.mark.parametrize("share, n, d, agrees", [
    (79.6, 109, 137, True),      # 79,56 rounded
    (63.4, 5248, 8267, True),    # 63,48 cut
    (33, 1, 3, True),
    (34, 1, 3, False),
    (40, 1, 2, False),
    (33.4, 1, 3, False),
])
def test_share_agrees_within_its_rounding(share, n, d, agrees):
    assert published.agrees(share, n, d) is agrees


# --- upload checks --------------------------------------------------------------------------------
HEADER = "as_of,area_code,measure,value,source\n"


@pytest.mark.parametrize("body, stored", [
    # areas by code or name, at every level; the province as written in full, with or without "Tỉnh"
    ("2020,Huyện A,communes_total,2,s\n", ("2020", "D1", "communes_total", 2.0)),
    ("2020,huyện a,communes_total,2,s\n", ("2020", "D1", "communes_total", 2.0)),
    ("2020,Thái Nguyên,communes_total,4,s\n", ("2020", "19", "communes_total", 4.0)),
    ("2020,Tỉnh Thái Nguyên,communes_total,4,s\n", ("2020", "19", "communes_total", 4.0)),
    ("2020,19,communes_total,4,s\n", ("2020", "19", "communes_total", 4.0)),
    ("2020,Việt Nam,communes_total,8000,s\n", ("2020", "VN", "communes_total", 8000.0)),
    ("2020,vn,communes_total,8000,s\n", ("2020", "VN", "communes_total", 8000.0)),
    ("2020,Cả nước,communes_total,8000,s\n", ("2020", "VN", "communes_total", 8000.0)),
    ("2020,Xã Một,avg_criteria,19,s\n", ("2020", "C1", "avg_criteria", 19.0)),
    # dates read the Vietnamese way; measures whatever their case
    ("6/2022,D1,Communes_Standard,1,s\n", ("2022-06", "D1", "communes_standard", 1.0)),
    ("30/6/2022,D1,communes_standard,1,s\n", ("2022-06-30", "D1", "communes_standard", 1.0)),
])
def test_upload_accepts(published_store, body, stored):
    report, version = commit(published_store, "published_figures", (HEADER + body).encode(), "f.csv", author="t")
    assert report.accepted and version is not None, [p.as_dict() for p in report.problems]
    rows = read_dataset(version, "published_figures")
    row = rows[rows["source"] == "s"].iloc[0]
    assert (row["as_of"], row["area_code"], row["measure"], row["value"]) == stored


@pytest.mark.parametrize("body, code, row, column", [
    ("2022-13,D1,communes_total,2,s\n", "Tháng hoặc ngày này không có thật", 2, "as_of"),
    ("giữa 2022,D1,communes_total,2,s\n", "Không hiểu thời điểm", 2, "as_of"),
    ("2022,Huyện Z,communes_total,2,s\n", "Không tìm thấy mã hoặc tên", 2, "area_code"),
    ("2022,D1,xyz,2,s\n", "Mã chỉ tiêu không có", 2, "measure"),
    ("2022,D1,communes_total,2,\n", "bắt buộc", 2, "source"),
    ("2022,D1,share_standard_pct,120,s\n", "0–100", 2, "value"),
    ("2022,D1,communes_total,-2,s\n", "âm", 2, "value"),
    ("2022,D1,communes_total,2,s\n2022,D1,communes_total,3,s\n", "Trùng khóa", 3, "as_of, area_code, measure, source"),
])
def test_upload_refuses(published_store, body, code, row, column):
    report = dry_run(published_store, "published_figures", (HEADER + body).encode(), "f.csv")
    assert not report.accepted
    problem = report.problems[0]
    assert code in problem.message("vi") and (problem.row, problem.column) == (row, column)


@pytest.mark.parametrize("rows, warned", [
    # 1/3 written 40%: warned at the percentage's row (4), whatever the order of the rows
    ([("2022-06", "D1", "communes_standard", "1"), ("2022-06", "D1", "communes_total", "3"),
      ("2022-06", "D1", "share_standard_pct", "40")], [(4, "33,33%", "40%")]),
    ([("2022-06", "D1", "share_standard_pct", "40"), ("2022-06", "D1", "communes_total", "3"),
      ("2022-06", "D1", "communes_standard", "1")], [(2, "33,33%", "40%")]),
    # rounded (33,3) or cut (63,4 for 63,48): no warning
    ([("2022-06", "D1", "communes_standard", "1"), ("2022-06", "D1", "communes_total", "3"),
      ("2022-06", "D1", "share_standard_pct", "33.3")], []),
    ([("2021-04", "VN", "communes_standard", "5248"), ("2021-04", "VN", "communes_total", "8267"),
      ("2021-04", "VN", "share_standard_pct", "63.4")], []),
    # a percentage without its counts at the same date: nothing to compare
    ([("2022-06", "D1", "communes_standard", "1"), ("2022-12", "D1", "communes_total", "3"),
      ("2022-06", "D1", "share_standard_pct", "40")], []),
    # counts already stored (Huyện A 2015: 1/3); the percentage uploaded alone: compared with them
    ([("2015", "D1", "share_standard_pct", "50")], [(2, "33,33%", "50%")]),
])
def test_percentage_disagreeing_with_its_counts_is_warned(published_store, rows, warned):
    source = WEB if rows[0][:2] == ("2015", "D1") else "src"
    data = csv_bytes([["as_of", "area_code", "measure", "value", "source"]] + [list(r) + [source] for r in rows])
    report = dry_run(published_store, "published_figures", data, "f.csv")
    assert report.accepted
    found = [w for w in report.warnings if w.code == "share_counts"]
    assert [(w.row, w.params["expected"].text("vi"), w.params["value"].text("vi")) for w in found] == warned
    if found:
        assert "không khớp" in found[0].message("vi") and "disagrees" in found[0].message("en")


def test_another_province_fits_as_data(published_store):
    """A country-wide list of provinces is data: once uploaded, their figures are accepted by
    code or name and listed among the areas."""
    provinces = "province_code,province_name\n06,Bắc Kạn\n01,Hà Nội\n".encode()
    assert commit(published_store, "provinces", provinces, "provinces.csv", author="t")[1] is not None
    report, version = commit(published_store, "published_figures",
                             (HEADER + "2022,Bắc Kạn,share_standard_pct,60,s\n2022,Tỉnh Hà Nội,share_standard_pct,"
                                       "100,s\n").encode(), "f.csv", author="t")
    assert report.accepted and version is not None
    areas = queries.run(load_database(version), "published_areas", province="19", province_name="Tỉnh Thái Nguyên")
    assert list(areas[areas["level"] == "province"]["area_code"]) == ["19", "01", "06"]
    assert areas.set_index("area_code").at["06", "figures"] == 1


# --- the side-by-side and its sentences -----------------------------------------------------------
@pytest.mark.parametrize("lang, illustrative, expected", [
    ("vi", False, [
        ("Tỉnh Thái Nguyên, 6/2019 — Báo cáo: 4/4 xã đạt chuẩn (100%) — Dữ liệu xã 2019: 4/4 xã đạt chuẩn (100%)", False),
        ("Tỉnh Thái Nguyên, 2015 — Báo cáo: Tiêu chí bình quân/xã 14,3 — Dữ liệu xã 2015: Tiêu chí bình quân/xã 14,3", False),
        ("Huyện A, 2015 — Báo cáo: 1/3 xã đạt chuẩn (33,3%) — Dữ liệu xã 2015: 1/2 xã đạt chuẩn (50,0%) (chênh +1 xã, -16,7 điểm %)", True),
    ]),
    ("en", True, [
        ("Tỉnh Thái Nguyên, Jun 2019 — Report: 4/4 communes meeting the standard (100%) — Commune data (illustrative) 2019: 4/4 communes meeting the standard (100%)", False),
        ("Tỉnh Thái Nguyên, 2015 — Report: Average criteria per commune 14.3 — Commune data (illustrative) 2015: Average criteria per commune 14.3", False),
        ("Huyện A, 2015 — Report: 1/3 communes meeting the standard (33.3%) — Commune data (illustrative) 2015: 1/2 communes meeting the standard (50.0%) "
         "(differs by +1 commune, -16.7 pp)", True),
    ]),
])
def test_beside_sentences(published_store, lang, illustrative, expected):
    rows = queries.run(load_database(published_store.active()), "published_beside_communes", province="19",
                       province_name="Tỉnh Thái Nguyên")
    lines = findings.published_beside(rows, lang, illustrative)
    assert [(x["text"], x["flagged"]) for x in lines] == expected


def test_headline_and_quote(published_store):
    con = load_database(published_store.active())
    series = queries.run(con, "published_series", area="19")
    assert findings.published_headline(series, "Tỉnh Thái Nguyên", "vi") == (
        "Tỉnh Thái Nguyên, 6/2019: Tỷ lệ xã đạt chuẩn 100% (4/4).", REPORT)
    assert findings.published_quote(series, "vi") == (
        "Báo cáo 6/2019: Tỷ lệ xã đạt chuẩn 100% (4/4) — nguồn: Báo cáo số 12/BC-UBND")
    vn = queries.run(con, "published_series", area="VN")
    assert findings.published_series(vn[vn["measure"] == "communes_standard"], "vi") == (
        "Xã đạt chuẩn NTM tăng từ 785 (2014) lên 3.790 (31/12/2018)")


# --- the page, the overview, the phases page and the slides ---------------------------------------
@pytest.mark.parametrize("lang, badge, headline, metric", [
    ("vi", "Số liệu đã công bố, có nguồn", "Tỉnh Thái Nguyên, 28/12/2023: Tỷ lệ xã đạt chuẩn 93,7% (118/126)",
     ("Xã đạt chuẩn NTM", "118")),
    ("en", "Published figures, with sources", "Thái Nguyên province, 28 Dec 2023: Share meeting the standard 93.7% "
     "(118/126)", ("Communes meeting the standard", "118")),
])
def test_page_on_the_bundled_figures(sample_store, lang, badge, headline, metric):
    at = run({"lang": lang}, "pages/published.py")
    caption = header(at)[1]
    assert badge in caption and "Dữ liệu minh họa" not in caption and "Illustrative" not in caption
    assert any(headline in m for m in html_texts(at))
    assert (kpis(at)[0].label, kpis(at)[0].value) == metric
    assert len(at.get("plotly_chart")) == 7  # one a measure of the province: 5, and advanced, model
    table = dataframes(at)[-1]
    links = table.iloc[:, 3]
    assert links.dropna().str.startswith(("http://", "https://")).all()
    at.selectbox(key="published_area").set_value("VN").run()
    assert not at.exception
    assert [m.value for m in kpis(at)][:3] == (["6.084", "7.669", "79,3%"] if lang == "vi" else
                                                 ["6,084", "7,669", "79.3%"])
    at.selectbox(key="published_area").set_value("171").run()  # a district: the statistics office's counts
    table = dataframes(at)[-1]  # documents only: no column of web links
    reference = "Nguồn (văn bản)" if lang == "vi" else "Source (document)"
    assert list(table.columns)[3] == reference and table[reference].str.startswith("github:daohoangson/").all()
    assert ("Nguồn (trang web)" if lang == "vi" else "Source (web)") not in table.columns


def test_page_on_the_fixture(published_store):
    at = run({"d": "D1"}, "pages/published.py")  # the district chosen in the sidebar is shown
    assert at.selectbox(key="published_area").value == "D1"
    texts = plain(" ".join([m.value for m in at.markdown] + [e.value for e in at.html]))
    assert "Huyện A, 2015: Tỷ lệ xã đạt chuẩn 33,3% (1/3)." in texts and ">so.example.vn</a>" in texts
    assert "Huyện A, 2015 — Báo cáo: 1/3 xã đạt chuẩn (33,3%) — Dữ liệu xã 2015: 1/2 xã đạt chuẩn (50,0%) (chênh +1 xã, -16,7 điểm %)" in texts
    at.selectbox(key="published_area").set_value("D2").run()  # no figures
    assert "Chưa có số liệu công bố" in " ".join(i.value for i in at.info)


@pytest.mark.parametrize("query, expected", [
    ({"d": "D1"}, ["Huyện A, 2015 — Báo cáo: 1/3 xã đạt chuẩn (33,3%) — Dữ liệu xã 2015: 1/2 xã đạt chuẩn (50,0%) (chênh +1 xã, -16,7 điểm %)"
                   " · nguồn: so.example.vn"]),
    ({}, ["Tỉnh Thái Nguyên, 6/2019 — Báo cáo: 4/4 xã đạt chuẩn (100%) — Dữ liệu xã 2019: 4/4 xã đạt chuẩn (100%) · nguồn: Báo cáo số 12/BC-UBND",
          "Tỉnh Thái Nguyên, 2015 — Báo cáo: Tiêu chí bình quân/xã 14,3 — Dữ liệu xã 2015: Tiêu chí bình quân/xã 14,3"]),
    ({"d": ["D1", "D2"]}, []),  # several districts: a published figure is about one area
])
def test_overview_shows_published_beside_commune_data(published_store, query, expected):
    at = run(query)
    captions = plain(" ".join(html_texts(at)))
    for line in expected:
        assert line in captions, captions
    assert ("Báo cáo" in captions) == bool(expected)


def test_overview_on_the_sample_flags_the_review_count(sample_store):
    at = run({"p": ["2010-2015", "2016-2020"]})  # the retrospective, as it was
    captions = plain(" ".join(html_texts(at)))
    assert "Báo cáo: Tổng số xã 139 — Dữ liệu xã (minh họa) 2020: Tổng số xã 137 (chênh +2 xã)" in captions
    assert "Dữ liệu minh họa" in captions  # the commune data is still labelled illustrative


def test_phases_page_lists_published_figures_at_result_years(published_store):
    at = run({"p": ["P1", "P3"]}, "pages/phases.py")
    table = dataframes(at)[-1]
    assert list(table.iloc[:, 0]) == ["Tỉnh Thái Nguyên", "Tỉnh Thái Nguyên", "Huyện A"]
    assert list(table.iloc[:, 2]) == ["4/4 xã đạt chuẩn (100%)", "Tiêu chí bình quân/xã 14,3", "1/3 xã đạt chuẩn (33,3%)"]
    assert list(table.iloc[:, 5]) == ["khớp", "khớp", "⚠ chênh +1 xã, -16,7 điểm %"]


@pytest.mark.parametrize("districts, quoted", [
    (None, "Báo cáo 6/2019: Tỷ lệ xã đạt chuẩn 100% (4/4)<br>nguồn: Báo cáo số 12/BC-UBND"),
    (["D1"], "Báo cáo 2015: Tỷ lệ xã đạt chuẩn 33,3% (1/3)<br>nguồn: so.example.vn"),
    (["D1", "D2"], None),
])
def test_first_slide_quotes_a_published_figure_with_its_source(published_store, districts, quoted):
    from ntm import slides
    con = load_database(published_store.active())
    deck = slides.build(lambda n, **p: queries.run(con, n, **p), {"districts": districts}, ["P1", "P3"], "vi", "n")
    texts = [a.text for a in deck[0].figure.layout.annotations]
    assert (quoted in texts) if quoted else not any("Báo cáo" in x for x in texts), texts
    assert "Báo cáo" not in deck[0].message  # the message stays the commune data's


# --- in a real Chromium --------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("lang, title, badge, note", [
    ("vi", "Số liệu công bố", "Số liệu đã công bố, có nguồn", "Phiên bản dữ liệu"),
    ("en", "Published figures", "Published figures, with sources", "Data version"),
])
def test_page_in_chromium(browser, app_server, lang, title, badge, note):
    from conftest import wait_for_charts
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_server}/so-lieu-cong-bo?lang={lang}")
    wait_for_charts(page, 7)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("h1").first.inner_text() == title
    header = page.locator(".ntm-scope").first.inner_text()
    assert badge in header
    # Chart footnotes name the version and never call the published figures illustrative.
    notes = page.eval_on_selector_all(".js-plotly-plot .annotation-text", "els => els.map(e => e.textContent)")
    assert sum(note in n for n in notes) == 7 and not any("MINH HỌA" in n or "ILLUSTRATIVE" in n for n in notes)
    # The headline's source is a link to the web page, opened apart from the dashboard.
    link = page.locator("p.ntm-source a")
    assert link.get_attribute("href").startswith("https://en.vietnamplus.vn/")
    assert link.get_attribute("target") == "_blank" and set(link.get_attribute("rel").split()) >= {"noopener", "noreferrer"}
    assert link.inner_text() == "en.vietnamplus.vn"
    page.close()


def test_spreadsheet_dates_and_vietnamese_numbers(published_store):
    """An Excel sheet with a real date cell and a CSV saved by Vietnamese Excel (";" and decimal commas)."""
    import datetime as dt

    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["Thời điểm", "Mã địa bàn", "Chỉ tiêu", "Giá trị", "Nguồn"])  # the Vietnamese labels as header
    ws.append([dt.date(2022, 6, 30), "Huyện A", "share_standard_pct", 79.6, "s"])
    buf = io.BytesIO()
    wb.save(buf)
    report, version = commit(published_store, "published_figures", buf.getvalue(), "f.xlsx", author="t")
    assert report.accepted and version is not None, [p.as_dict() for p in report.problems]
    report, version = commit(published_store, "published_figures",
                             "as_of;area_code;measure;value;source\n2022;D2;avg_criteria;17,87;s\n".encode(),
                             "f.csv", author="t")
    rows = read_dataset(version, "published_figures")
    got = {(a, c): v for a, c, v, s in zip(rows["as_of"], rows["area_code"], rows["value"], rows["source"]) if s == "s"}
    assert got == {("2022-06-30", "D1"): 79.6, ("2022", "D2"): 17.87}


def test_the_note_of_a_date_as_written_is_in_english_on_the_english_page(sample_store):
    """The reference files note a date as its source writes it in Vietnamese; English shows English."""
    at = run({"lang": "en", "d": "171"}, "pages/published.py")
    shown = " ".join(e.value for e in at.html) + " ".join(json.dumps(f, ensure_ascii=False) for f in figures(at))
    assert "Date as the source writes it: 2019-10 (GSO pull)" in shown
    assert "Mốc thời gian" not in shown
