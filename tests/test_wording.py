"""Words as a reader reads them: titles that keep a number with its unit, English sentences that
name districts as English does, the history's dates and authors, Streamlit's own words in Vietnamese."""
import pandas as pd
import pytest

from ntm import findings, widgets
from ntm.charts.base import wrap
from ntm.text import area_label


# -- chart titles: never a line break inside a number and its unit -------------------------------
@pytest.mark.parametrize("title, units", [
    ("Tỷ lệ xã đạt chuẩn toàn tỉnh tăng 12,3 điểm % trong giai đoạn 2021–2025", ["12,3 điểm %"]),
    ("Huyện Đại Từ tăng nhiều nhất (+12,3 điểm %), Huyện Võ Nhai thấp nhất", ["(+12,3 điểm %)"]),
    ("Nhân dân đóng góp nhiều nhất ở Huyện Phú Bình với 1.234,5 tỷ đồng trong giai đoạn", ["1.234,5 tỷ đồng"]),
    ("Share of communes meeting the standard by district (Oct 2019) and its change since", ["(Oct 2019)"]),
    ("Số xã đạt chuẩn giảm 3 điểm % ở Huyện Võ Nhai, tăng 4,5 điểm % ở Thành phố Sông Công",
     ["3 điểm %", "4,5 điểm %"]),
    ("Communes meeting the standard rose by 12.3 pp in Thái Nguyên City (2021 – 2025)", ["12.3 pp", "(2021 – 2025)"]),
])
def test_a_title_never_breaks_inside_a_number_and_its_unit(title, units):
    for width in range(16, 60):
        lines = wrap(title, width).split("<br>")
        assert " ".join(lines) == title.replace("&", "&amp;")  # nothing lost, nothing added
        for unit in units:
            assert any(unit in line for line in lines), (width, lines)


def test_a_title_still_wraps_at_its_width():
    lines = wrap("Tỷ lệ xã đạt chuẩn toàn tỉnh tăng 12,3 điểm % trong giai đoạn 2021–2025", 40).split("<br>")
    assert len(lines) == 2 and all(len(line) <= 40 for line in lines), lines


# -- English sentences name districts as English does -------------------------------------------
def test_area_label():
    assert area_label("Thành phố Thái Nguyên", "en") == "Thái Nguyên City"
    assert area_label("Huyện Võ Nhai", "en") == "Võ Nhai District"
    assert area_label("Thị xã Phổ Yên", "en") == "Phổ Yên Town"
    assert area_label("Huyện Võ Nhai", "vi") == "Huyện Võ Nhai"
    assert area_label("Đại Từ", "en") == "Đại Từ"
    assert area_label(None, "en") == ""


NAMES = ["Thành phố Thái Nguyên", "Huyện Võ Nhai", "Thị xã Phổ Yên"]
PREFIXES = ("Thành phố", "Huyện", "Thị xã")


def _no_prefix(text: str) -> None:
    assert not any(p in text for p in PREFIXES), text


def _comparison(first, last) -> pd.DataFrame:
    return pd.DataFrame({"district_code": ["1", "2", "3"], "district_name": NAMES, "first": first, "last": last,
                         "change": [b - a if a is not None and b is not None else None for a, b in zip(first, last)]})


PHASES = pd.DataFrame({"phase_id": ["P1", "P2"], "result_year": [2015, 2020]})
SHARE = {"kind": "share", "higher_is_better": True}


def test_the_comparison_headline_in_english_names_districts_without_vietnamese_prefixes():
    one_phase = findings.district_comparison(_comparison([0.9, 0.2, 0.5], [None] * 3), PHASES.iloc[:1], SHARE, "en")
    assert one_phase.startswith("Thái Nguyên City") and "Võ Nhai District" in one_phase, one_phase
    _no_prefix(one_phase)
    two = findings.district_comparison(_comparison([0.5, 0.1, 0.3], [0.9, 0.2, 0.35]), PHASES, SHARE, "en")
    assert "Thái Nguyên City" in two and "Võ Nhai District" in two, two
    _no_prefix(two)
    single = findings.district_comparison(_comparison([0.5, None, None], [0.9, None, None]), PHASES, SHARE, "en")
    assert "Thái Nguyên City" in single, single
    _no_prefix(single)


def test_the_vietnamese_headline_keeps_the_names_as_written():
    vi = findings.district_comparison(_comparison([0.9, 0.2, 0.5], [None] * 3), PHASES.iloc[:1], SHARE, "vi")
    assert "Thành phố Thái Nguyên" in vi and "Huyện Võ Nhai" in vi, vi


def test_other_english_findings_name_districts_without_vietnamese_prefixes():
    cells = pd.DataFrame({"district_name": NAMES, "name_en": ["Roads", "Schools", "Water"],
                          "name_vi": ["Giao thông", "Trường học", "Nước"], "share": [0.9, 0.1, 0.5],
                          "change": [0.2, -0.1, 0.0]})
    sentences = [findings.heatmap_share(cells, 2024, "en"), findings.heatmap_change(cells, 2020, 2024, "en"),
                 findings.heatmap_change(cells.assign(change=[-0.2, -0.3, 0.0]), 2020, 2024, "en")]
    values = pd.DataFrame({"district_name": NAMES, "value": [3.0, 9.0, 1.0]})
    sentences.append(findings.indicator_leader(values, "Cash", "billion VND", True, "2021–2025", "en"))
    status = pd.DataFrame({"district_code": ["1", "2", "3"], "district_name": NAMES, "measure": "meeting",
                           "target_year": 2025, "status": ["met", "missed", "behind"]})
    sentences.append(findings.targets_summary(status, "en"))
    sentences.append(findings.area_name(NAMES[:2], "en"))
    row = pd.Series({"complete_year": None, "projected_year": None, "remaining": 3, "base_year": 2021,
                     "latest_year": 2024, "pace": 0.0, "limited_by": "Huyện Võ Nhai"})
    sentences.append(findings.projection(row, "Thành phố Thái Nguyên", "en"))
    for s in sentences:
        _no_prefix(s)
    joined = " | ".join(sentences)
    assert "Võ Nhai District" in joined and "Thái Nguyên City" in joined and "Phổ Yên Town" in joined, joined


def test_the_scope_line_in_english_names_districts_as_english_does():
    from ntm.filters import Filters
    f = Filters(lang="en", districts=("170",), phases=(), district_names=("Huyện Võ Nhai",), phase_names=())
    assert "Võ Nhai District" in f.scope() and "Huyện" not in f.scope()
    assert "Huyện Võ Nhai" in Filters(lang="vi", districts=("170",), phases=(), district_names=("Huyện Võ Nhai",),
                                      phase_names=()).scope()


# -- the data page's history -----------------------------------------------------------------------
def test_the_history_writes_dates_as_the_pages_do_and_the_sample_by_name(sample_store):
    from ntm import history
    from ntm.schema import DATASETS
    sample_store.active()  # seeds the store from the bundled sample
    versions = sample_store.versions()
    names = {name: ds.label("vi") for name, ds in DATASETS.items()}
    table = history.table(versions, versions[-1].id, {}, names, "vi")
    when = table["Thời gian"].iloc[0]
    stamp = versions[-1].created_at
    assert when == f"{stamp[8:10]}/{stamp[5:7]}/{stamp[:4]} {stamp[11:16]}", (when, stamp)
    assert "T" not in when
    assert table["Người cập nhật"].iloc[0] == "dữ liệu mẫu"
    en = history.table(versions, versions[-1].id, {}, names, "en")
    assert en["Updated by"].iloc[0] == "sample data" and "T" not in en["Time"].iloc[0]
    assert en["Note"].iloc[0] == "Bundled illustrative data"


# -- Streamlit's own words in Vietnamese ---------------------------------------------------------
def test_the_uploader_says_in_vietnamese_what_streamlit_says_in_english():
    css = widgets.uploader_css("upload_file_0", ["csv", "xlsx"], 500, "vi", size=80_004)
    for said in ("Chọn tệp", "Tối đa 500 MB mỗi tệp • CSV, XLSX", "Kéo và thả tệp vào đây", "80,0 KB"):
        assert f'"{said}"' in css, (said, css)
    assert widgets.uploader_css("upload_file_0", ["csv"], 500, "en") == ""
    assert widgets.file_size(450_500, "vi") == "450,5 KB" and widgets.file_size(450_500, "en") == "450.5 KB"
    assert "Không có kết quả" in widgets.common_css("vi") and widgets.common_css("en") == ""
