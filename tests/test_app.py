"""The app in Streamlit's AppTest: every page, both languages, filters from the URL."""
import re

import pytest
from streamlit.testing.v1 import AppTest

from journey_helpers import dataframes, figures, header, html_texts, kpis

APP = str(__import__("pathlib").Path(__file__).resolve().parent.parent / "app.py")


def run(query: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + html_texts(at) + [c.value for c in at.caption])


@pytest.mark.parametrize("lang, title, metric", [
    ("vi", "Nông thôn mới Thái Nguyên", "Xã đạt chuẩn NTM"),
    ("en", "New Rural Development · Thái Nguyên", "Communes meeting standard"),
])
def test_overview_on_the_sample(sample_store, lang, title, metric):
    at = run({"lang": lang, "p": ["2010-2015", "2016-2020"]})  # the retrospective, as it was
    assert header(at)[0] == title
    assert kpis(at)[0].label == metric and kpis(at)[0].value == "89"
    assert ("Dữ liệu minh họa" if lang == "vi" else "Illustrative data") in texts(at)
    assert len(at.get("plotly_chart")) == 2
    # Every phase (the default): 2026, the first year on the 10 criteria of 2026–2030 — 12 of the
    # 77 communes of 1 July 2025 — said against the end of 2025 on the set before (34).
    at = run({"lang": lang})
    assert kpis(at)[0].value == "12" and kpis(at)[0].delta == "-22"
    first = {"vi": "Năm 2026, năm đầu theo bộ 10 tiêu chí mới: 12/77 xã (15,6%) đạt chuẩn (năm 2025 theo bộ trước: 34 xã)."
                   " Đã công nhận 9 xã nâng cao, 3 xã kiểu mẫu.",
             "en": "In 2026, the first year on the new set of 10 criteria: 12 of 77 communes (15.6%) meet the standard (2025 "
                   "on the set before: 34). 9 communes recognised as advanced, 3 as model."}[lang]
    assert first in texts(at)
    levels = [k for k in kpis(at) if k.label == ("Xã nâng cao · kiểu mẫu" if lang == "vi" else "Advanced · model communes")]
    assert levels and levels[0].value == "9 · 3"
    assert not [k for k in kpis(at) if k.label in ("Xã dưới 10 tiêu chí", "Communes under 10 criteria")]


def test_overview_on_the_fixture_shows_three_phases(fixture_store):
    at = run()
    assert "Giai đoạn 2018–2019 có thêm 2 xã đạt chuẩn" in texts(at)
    assert "Dữ liệu minh họa" not in texts(at)
    assert kpis(at)[0].value == "4" and kpis(at)[0].delta == "+2"


def test_filters_come_from_the_url_and_go_back(fixture_store):
    at = run({"d": "D1", "p": ["P1", "P2"]})
    assert at.multiselect[0].value == ["D1"] and at.multiselect[1].value == ["P1", "P2"]
    assert kpis(at)[0].value == "1"  # D1 in 2017: C1 only
    at.multiselect[0].set_value(["D1", "D2"]).run()
    assert at.query_params["d"] == ["D1", "D2"]
    assert kpis(at)[0].value == "2"


@pytest.mark.parametrize("query, message", [
    ({"d": "D3", "p": "P1"}, "Không có dữ liệu cho lựa chọn này"),  # D3 has no data in P1
    ({"p": "nonexistent"}, None),                                     # unknown phase: all phases
])
def test_selection_without_data_is_friendly(fixture_store, query, message):
    at = run(query)
    if message:
        assert message in " ".join(i.value for i in at.info)
        assert not at.get("plotly_chart")
    else:  # nothing chosen: every phase with data, and the caption says so
        assert at.multiselect[1].value == []
        assert "mọi giai đoạn (2014–2015, 2016–2017, 2018–2019)" in texts(at)


def test_no_phase_chosen_shows_every_phase(fixture_store):
    at = run({"p": "P2"})
    assert kpis(at)[0].value == "2"  # P2 ends 2017: C1 and C3 at 19 criteria
    at.multiselect[1].set_value([]).run()
    assert not at.info and kpis(at)[0].value == "4"  # the latest phase with data, P3 (2019)
    assert "p" not in at.query_params


def test_language_toggle(fixture_store):
    at = run()
    at.segmented_control[0].set_value("en").run()
    assert header(at)[0].startswith("New Rural Development")
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_history_on_todays_communes_on_the_sample(sample_store, lang):
    """The overview's second view of history, against a count made here from the bundled CSVs: in
    2024, the old communes wholly in one of today's communes (the crosswalk), meeting all 19."""
    import csv
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    rows = lambda name: list(csv.DictReader(open(data / f"{name}.csv", encoding="utf-8")))  # noqa: E731
    today = {r["commune_code"] for r in rows("communes") if r["valid_from"] == "2025-07-01"}
    into: dict[str, set] = {}
    for r in rows("unit_changes"):
        if r["new_commune_code"]:
            into.setdefault(r["old_commune_code"], set()).add(r["new_commune_code"])
    whole = {old for old, new in into.items() if len(new) == 1 and new <= today}
    met: dict[str, int] = {}
    for r in rows("criteria_status"):
        if r["year"] == "2024" and r["commune_code"] in whole:
            met[r["commune_code"]] = met.get(r["commune_code"], 0) + int(r["met"])
    meeting, parts = sum(1 for n in met.values() if n == 19), len(met)
    at = run({"lang": lang})
    at.segmented_control(key="overview_history").set_value("today").run()
    assert not at.exception
    titles = [f["layout"]["title"]["text"] for f in figures(at)]
    assert any(f"2024, {meeting}/{parts}" in re.sub(r"<[^>]+>", " ", title) for title in titles), (titles, meeting, parts)
    rule = {"vi": "Quyết định công nhận của xã cũ không chuyển sang xã mới", "en": "does not pass to the new one"}[lang]
    assert rule in " ".join(c.value for c in at.caption)


def _title(fig: dict) -> str:
    return re.sub(r"<[^>]+>", " ", fig["layout"]["title"]["text"]).replace("  ", " ")


@pytest.mark.parametrize("query, area", [
    ({"d": "D1"}, "Huyện A"),
    ({"d": ["D1", "D2"]}, "Huyện A, Thành phố B"),
    ({}, None),
])
def test_every_title_and_headline_names_the_chosen_area(fixture_store, query, area):
    """A district's numbers never read as the province's: the page title, the headline and the
    titles of charts of the chosen area name it; the province's page names no district."""
    at = run(query)
    title = header(at)[0]
    first = html_texts(at)[1]  # the headline's first sentence
    chart_titles = [_title(fig) for fig in figures(at)]
    if area is None:
        assert " — " not in title and not first.startswith("Huyện A")
        assert not [c for c in chart_titles if c.startswith("Huyện A")]
        return
    assert title.endswith(f" — {area}")
    # D1 (C1, C2): C1 meets in 2017, both in 2019; D1 and D2 (C3; C4 left after 2016): 2 in 2017, 3 in 2019.
    meeting = {"Huyện A": "2/2", "Huyện A, Thành phố B": "3/3"}[area]
    assert first.startswith(f"{area}: Giai đoạn 2018–2019 có thêm 1 xã đạt chuẩn nông thôn mới: đến năm 2019, "
                            f"{meeting} xã"), first
    assert chart_titles and all(c.startswith(f"{area}: ") for c in chart_titles), chart_titles
    for page in ("pages/criteria.py", "pages/mobilisation.py", "pages/phases.py", "pages/communes.py"):
        at.switch_page(page).run()
        assert header(at)[0].endswith(f" — {area}"), (page, header(at))


def test_the_badge_names_the_datasets_still_illustrative_after_uploads(sample_store):
    """Merging rows into an illustrative dataset leaves it illustrative; replacing one makes it real."""
    from ntm.ingest import commit
    from journey_helpers import html_texts

    def header():
        return html_texts(run())[0]

    assert "Dữ liệu minh họa" in header() and "Còn minh họa" not in header()
    rows = b"year,area_code,measure,target\n2030,19,meeting,100\n"
    assert commit(sample_store, "targets", rows, "ke-hoach.csv", author="an", mode="merge")[1] is not None
    assert ("Còn minh họa: Kết quả tiêu chí theo xã, Huyện đạt chuẩn NTM, Giá trị chỉ số, Kế hoạch"
            in header()), header()
    assert commit(sample_store, "targets", rows, "ke-hoach.csv", author="an", mode="replace")[1] is not None
    assert header().startswith("Nông thôn mới Thái Nguyên Còn minh họa: Kết quả tiêu chí theo xã, "
                               "Huyện đạt chuẩn NTM, Giá trị chỉ số Đang xem"), header()


@pytest.mark.parametrize("lang, when, author", [("vi", r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", "dữ liệu mẫu"),
                                                ("en", r"\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}", "sample data")])
def test_the_caption_dates_the_version_as_pages_write_dates_and_names_the_sample(sample_store, lang, when, author):
    from journey_helpers import html_texts

    header = html_texts(run({"lang": lang}))[0]
    assert re.search(rf"v1 · {when} · {author}", header), header
    assert "system" not in header


def test_an_error_before_the_page_shows_the_short_message_not_a_traceback(tmp_path, monkeypatch):
    """begin_run and the sidebar are inside the app's error boundary: a store whose location is
    broken (a file where its folder should be) gives the app's own message, the details in the log."""
    broken = tmp_path / "not-a-folder"
    broken.write_text("x")
    monkeypatch.setenv("NTM_DATA_DIR", str(broken))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["Trang này gặp lỗi không mong muốn và không hiển thị được. Lỗi đã được "
                                           "ghi lại; hãy tải lại trang hoặc chọn trang khác."]
    assert str(broken) not in texts(at) + " ".join(e.value for e in at.error)


def test_an_unreachable_store_with_nothing_kept_shows_the_unreachable_page(sample_store, monkeypatch):
    import time

    import streamlit as st

    from ntm import web
    from ntm.store import StoreUnavailable

    def down():
        st.session_state["_run_at"] = time.monotonic()
        raise StoreUnavailable()

    monkeypatch.setattr(web, "begin_run", down)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["Cannot reach the shared data store, and this server has no data "
                                           "version to show yet. The dashboard will appear once the store is "
                                           "reachable; reload the page in a few minutes."]
