"""Headline sentences and chart titles (ntm.findings) from hand-computed numbers: a rise reads as a
rise, a fall as a fall, no change as no change; districts are compared only when there are two."""
import pandas as pd
import pytest

from ntm import findings, measures, queries

# -- headline ---------------------------------------------------------------------------------


def test_headline_compares_the_last_two_phases(fixture_db):
    results = queries.run(fixture_db, "phase_results")
    vi = findings.headline(results, "vi")
    assert vi[0] == ("Giai đoạn 2018–2019 có thêm 2 xã đạt chuẩn nông thôn mới: "
                     "đến năm 2019, 4/4 xã (100,0%) đã đạt chuẩn.")
    assert vi[1] == ("Bình quân mỗi xã đạt 19,0 tiêu chí (tăng 4,8 so với 2017); "
                     "số xã dưới 10 tiêu chí giảm từ 1 xuống 0.")
    en = findings.headline(results, "en")
    assert en[0].startswith("Phase 2018–2019 added 2 communes")


def test_headline_with_phases_1_and_3(fixture_db):
    """Phases 1 and 3 chosen: the average is compared with phase 1 (14,25 → 19), not phase 2."""
    results = queries.run(fixture_db, "phase_results", phases=["P1", "P3"])
    assert findings.headline(results, "vi")[1] == ("Bình quân mỗi xã đạt 19,0 tiêu chí (tăng 4,8 so với 2015); "
                                                   "số xã dưới 10 tiêu chí giảm từ 1 xuống 0.")


def test_headline_for_a_single_phase(fixture_db):
    results = queries.run(fixture_db, "phase_results", phases=["P1"])
    vi = findings.headline(results, "vi")
    assert vi == ["Đến năm 2015, 1/4 xã (25,0%) đạt chuẩn nông thôn mới.",
                  "Bình quân mỗi xã đạt 14,3 tiêu chí; 1 xã còn dưới 10 tiêu chí."]


def test_headline_without_data_is_empty(fixture_db):
    results = queries.run(fixture_db, "phase_results", districts=["D3"], phases=["P1"])
    assert findings.headline(results, "vi") == []


def _phases(prev: dict, last: dict) -> pd.DataFrame:
    base = {"name_vi": "Giai đoạn 2016–2020", "name_en": "Phase 2016–2020", "end_year": 2020}
    return pd.DataFrame([
        {**base, "phase_id": "A", "phase_order": 1, "result_year": 2015, "end_year": 2015, "gain_meeting": None,
         "change_avg_criteria": None, "change_under_10": None, **prev},
        {**base, "phase_id": "B", "phase_order": 2, "result_year": 2020, **last},
    ])


PREV = {"communes": 20, "meeting": 10, "share_meeting": 0.5, "avg_criteria": 15.0, "under_10": 3}


@pytest.mark.parametrize("last, expected", [
    # rise: 10 → 12 within the phase; average 15,0 → 16,25; under 10: 3 → 1
    ({"communes": 20, "meeting": 12, "share_meeting": 0.6, "avg_criteria": 16.25, "under_10": 1,
      "gain_meeting": 2, "change_avg_criteria": 1.25, "change_under_10": -2},
     ["Giai đoạn 2016–2020 có thêm 2 xã đạt chuẩn nông thôn mới: đến năm 2020, 12/20 xã (60,0%) đã đạt chuẩn.",
      "Bình quân mỗi xã đạt 16,3 tiêu chí (tăng 1,3 so với 2015); số xã dưới 10 tiêu chí giảm từ 3 xuống 1."]),
    # fall: communes became wards, 10 → 8 meeting; average 15,0 → 14,2; under 10: 3 → 5
    ({"communes": 18, "meeting": 8, "share_meeting": 8 / 18, "avg_criteria": 14.2, "under_10": 5,
      "gain_meeting": -2, "change_avg_criteria": -0.8, "change_under_10": 2},
     ["Giai đoạn 2016–2020: số xã đạt chuẩn giảm 2 xã; đến năm 2020, 8/18 xã (44,4%) đạt chuẩn.",
      "Bình quân mỗi xã đạt 14,2 tiêu chí (giảm 0,8 so với 2015); số xã dưới 10 tiêu chí tăng từ 3 lên 5."]),
    # same: no commune gained; the average moved 0,04 (shown as 15,0 both times); under 10 stays 3
    ({"communes": 20, "meeting": 10, "share_meeting": 0.5, "avg_criteria": 15.04, "under_10": 3,
      "gain_meeting": 0, "change_avg_criteria": 0.04, "change_under_10": 0},
     ["Giai đoạn 2016–2020: số xã đạt chuẩn không đổi; đến năm 2020, 10/20 xã (50,0%) đạt chuẩn.",
      "Bình quân mỗi xã đạt 15,0 tiêu chí (không đổi so với 2015); số xã dưới 10 tiêu chí giữ ở mức 3."]),
])
def test_headline_says_what_the_numbers_say(last, expected):
    assert findings.headline(_phases(PREV, last), "vi") == expected


def test_phase_under_way_is_marked():
    row = {"name_vi": "Giai đoạn 2021–2025", "name_en": "Phase 2021–2025", "end_year": 2025, "result_year": 2023}
    assert measures.phase_name(row, "vi") == "Giai đoạn 2021–2025 (đến năm 2023)"


# -- the overview's chart titles --------------------------------------------------------------
@pytest.mark.parametrize("rows, line, bands", [
    ([(2015, 20, 50), (2020, 89, 10)], "Số xã đạt chuẩn tăng từ 20 (2015) lên 89 (2020)",
     "Xã dưới 10 tiêu chí giảm từ 50 (2015) còn 10 (2020)"),
    ([(2015, 5, 2), (2020, 3, 4)], "Số xã đạt chuẩn giảm từ 5 (2015) xuống 3 (2020)",
     "Xã dưới 10 tiêu chí tăng từ 2 (2015) lên 4 (2020)"),
    ([(2015, 7, 2), (2018, 9, 1), (2020, 7, 2)], "Số xã đạt chuẩn giữ ở mức 7 từ 2015 đến 2020",
     "Xã dưới 10 tiêu chí giữ ở mức 2 từ 2015 đến 2020"),
    ([(2020, 1234, 0)], "Năm 2020: 1.234 xã đạt chuẩn", "Năm 2020: 0 xã dưới 10 tiêu chí"),
])
def test_yearly_titles(rows, line, bands):
    yearly = pd.DataFrame(rows, columns=["year", "meeting", "under_10"])
    assert findings.standard_line(yearly, "vi") == line
    assert findings.under_10(yearly, "vi") == bands


# -- districts across phases ------------------------------------------------------------------
TWO = pd.DataFrame([{"phase_id": "P1", "result_year": 2015}, {"phase_id": "P2", "result_year": 2020}])
ONE = TWO.iloc[:1]
SHARE = {"kind": "share", "higher_is_better": True}
POOR = {"kind": "number", "higher_is_better": False}


def _comp(*rows) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["district_code", "district_name", "first", "last"])
    df["change"] = df["last"] - df["first"]
    return df.sort_values("change", ascending=False, na_position="last")


@pytest.mark.parametrize("comp, phases, measure, expected", [
    (_comp(("A", "Huyện A", 0.2, 0.8), ("B", "Huyện B", 0.5, 0.7), ("C", "Huyện C", 0.1, 0.3)), TWO, SHARE,
     "Huyện A tăng nhiều nhất (+60,0 điểm %); Huyện C thấp nhất năm 2020 (30,0%)"),
    # gained most and still lowest: one sentence, the name once
    (_comp(("A", "Huyện A", 0.0, 0.4), ("B", "Huyện B", 0.5, 0.6)), TWO, SHARE,
     "Huyện A tăng nhiều nhất (+40,0 điểm %) nhưng vẫn thấp nhất năm 2020 (40,0%)"),
    # every district fell
    (_comp(("A", "Huyện A", 0.8, 0.7), ("B", "Huyện B", 0.6, 0.3)), TWO, SHARE,
     "Mọi huyện đều giảm, Huyện A giảm ít nhất (-10,0 điểm %); Huyện B thấp nhất năm 2020 (30,0%)"),
    # no district changed (0,004 points shows as 0,0)
    (_comp(("A", "Huyện A", 0.5, 0.50004), ("B", "Huyện B", 0.3, 0.3)), TWO, SHARE,
     "Không huyện nào tăng; Huyện B thấp nhất năm 2020 (30,0%)"),
    # lower is better (poor-household rate): the largest fall is the best change
    (_comp(("A", "Huyện A", 8.0, 3.0), ("B", "Huyện B", 15.0, 14.0)), TWO, POOR,
     "Huyện A giảm nhiều nhất (-5,0); Huyện B cao nhất năm 2020 (14,0)"),
    # one district: a sentence about it, never a comparison with itself
    (_comp(("171", "Huyện Đại Từ", 0.071, 0.786)), TWO, SHARE, "Huyện Đại Từ tăng từ 7,1% (2015) lên 78,6% (2020)"),
    (_comp(("A", "Huyện A", 0.5, 0.4)), TWO, SHARE, "Huyện A giảm từ 50,0% (2015) xuống 40,0% (2020)"),
    (_comp(("A", "Huyện A", 0.4, 0.4)), TWO, SHARE, "Huyện A giữ ở mức 40,0% từ 2015 đến 2020"),
    (_comp(("A", "Huyện A", None, 0.4), ("B", "Huyện B", None, None)), TWO, SHARE, "Huyện A: 40,0% năm 2020"),
    # one phase: highest and lowest
    (_comp(("A", "Huyện A", 0.2, 0.2), ("B", "Huyện B", 0.7, 0.7)), ONE, SHARE,
     "Huyện B cao nhất, Huyện A thấp nhất năm 2015"),
    (_comp(("A", "Huyện A", None, None)), TWO, SHARE, "Chưa có số liệu để so sánh"),
])
def test_district_comparison_titles(comp, phases, measure, expected):
    assert findings.district_comparison(comp, phases, measure, "vi") == expected


@pytest.mark.parametrize("changes, expected", [
    ([0.2, -0.1], "Thay đổi 2015–2020: Tiêu chí 1 ở Huyện A tăng nhiều nhất (+20 điểm %)"),
    ([-0.1, -0.3], "Thay đổi 2015–2020: không ô nào tăng; Tiêu chí 2 ở Huyện B giảm nhiều nhất (-30 điểm %)"),
    ([0.0, 0.001], "Thay đổi 2015–2020: tỷ lệ xã đạt từng tiêu chí không đổi ở mọi huyện"),
])
def test_heatmap_change_titles(changes, expected):
    shown = pd.DataFrame({"district_name": ["Huyện A", "Huyện B"], "name_vi": ["Tiêu chí 1", "Tiêu chí 2"],
                          "change": changes})
    assert findings.heatmap_change(shown, 2015, 2020, "vi") == expected


@pytest.mark.parametrize("values, higher, expected", [
    ([("Huyện A", 3.0), ("Huyện B", 30.0)], True, "Tiền: Huyện B dẫn đầu 2014–2015 (30,0 tỷ đồng)"),
    ([("Huyện A", 3.0), ("Huyện B", 30.0)], False, "Tiền: Huyện A dẫn đầu 2014–2015 (3,0 tỷ đồng)"),
    ([("Huyện A", 3.0), ("Huyện B", None)], True, "Tiền: Huyện A đạt 3,0 tỷ đồng (2014–2015)"),
])
def test_indicator_leader(values, higher, expected):
    df = pd.DataFrame(values, columns=["district_name", "value"])
    assert findings.indicator_leader(df, "Tiền", "tỷ đồng", higher, "2014–2015", "vi") == expected


def test_every_sentence_exists_in_both_languages():
    """Each finding key used above has its English twin (a missing one falls back to Vietnamese)."""
    from ntm.strings import LANGUAGES
    keys = [k for k in LANGUAGES["vi"] if k.startswith(("find.", "headline.", "chart.line.title", "chart.bands.title"))]
    assert keys and all(k in LANGUAGES["en"] for k in keys)
