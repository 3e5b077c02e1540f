"""Headline sentences from the fixture's phase results."""
from ntm import measures, queries


def test_headline_compares_the_last_two_phases(fixture_db):
    results = queries.run(fixture_db, "phase_results")
    vi = measures.headline(results, "vi")
    assert vi[0] == ("Giai đoạn 2018–2019 có thêm 2 xã đạt chuẩn nông thôn mới: "
                     "đến năm 2019, 4/4 xã (100,0%) đã đạt chuẩn.")
    assert vi[1] == ("Bình quân mỗi xã đạt 19,0 tiêu chí (+4,8 so với 2017); "
                     "số xã dưới 10 tiêu chí giảm từ 1 xuống 0.")
    en = measures.headline(results, "en")
    assert en[0].startswith("Phase 2018–2019 added 2 communes")


def test_headline_for_a_single_phase(fixture_db):
    results = queries.run(fixture_db, "phase_results")
    vi = measures.headline(results[results["phase_id"] == "P1"], "vi")
    assert vi == ["Đến năm 2015, 1/4 xã (25,0%) đạt chuẩn nông thôn mới.",
                  "Bình quân mỗi xã đạt 14,3 tiêu chí; 1 xã còn dưới 10 tiêu chí."]


def test_headline_without_data_is_empty(fixture_db):
    results = queries.run(fixture_db, "phase_results_by_district", districts=["D3"])
    assert measures.headline(results[results["phase_id"] == "P1"], "vi") == []


def test_phase_under_way_is_marked(fixture_db):
    row = {"name_vi": "Giai đoạn 2021–2025", "name_en": "Phase 2021–2025", "end_year": 2025, "result_year": 2023}
    assert measures.phase_name(row, "vi") == "Giai đoạn 2021–2025 (đến năm 2023)"
