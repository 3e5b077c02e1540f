"""Paths through the app that once lost filters, crashed or showed a traceback (AppTest)."""
import pytest

from journey_helpers import header
from test_app import kpis, run, texts


def qp(at, key):
    value = at.query_params.get(key)
    return value if isinstance(value, list) else [value] if value else []


def test_group_then_english_then_criteria_page(fixture_store):
    """A criteria group chosen, the language switched, the criteria page opened: no crash, and
    the group stays an id in the widget and the URL while its label follows the language."""
    at = run()
    at.selectbox[0].set_value(2).run()
    at.segmented_control[0].set_value("en").run()
    at.switch_page("pages/criteria.py").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="w_group").value == 2 and qp(at, "g") == ["2"]
    assert "Group 2" in texts(at)


@pytest.mark.parametrize("page", ["pages/phases.py", "pages/present.py", "pages/criteria.py", "pages/data.py"])
def test_filters_survive_widgets_forgotten_between_pages(fixture_store, page):
    """Streamlit resets the state of widgets the browser had not drawn yet (a click on a page
    link while the first page is loading): the applied filters, kept apart from the widgets,
    survive it."""
    at = run({"d": "D1", "p": ["P1", "P3"], "g": "3", "lang": "en"})
    for key, empty in (("w_districts", []), ("w_phases", []), ("w_group", 0), ("w_lang", None)):
        at.session_state[key] = empty
    at.switch_page(page).run()
    assert not at.exception
    assert at.multiselect(key="w_districts").value == ["D1"]
    assert at.multiselect(key="w_phases").value == ["P1", "P3"]
    assert at.selectbox(key="w_group").value == 3 and at.segmented_control(key="w_lang").value == "en"
    assert qp(at, "d") == ["D1"] and qp(at, "p") == ["P1", "P3"] and qp(at, "g") == ["3"]
    assert "No data for this selection" not in texts(at) + " ".join(i.value for i in at.info)


def test_group_caption_says_where_it_does_not_apply(fixture_store):
    at = run({"g": "2"})
    assert "Nhóm 2: không áp dụng ở trang này" in header(at)[1]
    at.switch_page("pages/criteria.py").run()
    assert "không áp dụng" not in header(at)[1] and "Nhóm 2" in header(at)[1]


def test_presentation_has_its_own_filter_control(fixture_store):
    """The sidebar is hidden on Trình chiếu: its own control changes the same filters."""
    at = run({"d": "D3", "p": "P1"}, "pages/present.py")
    assert "Không có dữ liệu" in " ".join(i.value for i in at.info)  # D3 has no data in P1
    at.multiselect(key="present_phases").set_value(["P1", "P3"]).run()
    assert not at.exception and not at.info
    assert qp(at, "p") == ["P1", "P3"] and at.multiselect(key="w_phases").value == ["P1", "P3"]


def test_an_unexpected_error_shows_a_message_not_a_traceback(fixture_store, monkeypatch):
    from ntm import queries
    real = queries.run

    def broken(con, name, **params):
        if name == "standard_by_year":
            raise RuntimeError("boom")
        return real(con, name, **params)

    monkeypatch.setattr(queries, "run", broken)
    at = run({"d": "D2"})  # parameters not cached by an earlier test
    assert not at.exception
    assert "lỗi không mong muốn" in " ".join(e.value for e in at.error)
    assert "boom" not in texts(at) + " ".join(e.value for e in at.error)


def test_a_page_run_reads_one_version_even_if_a_commit_lands_meanwhile(fixture_store, monkeypatch):
    """An upload committed while a page is running: that run shows the version it started with
    (figures, caption and footnote agree); the next run shows the new one."""
    from ntm import queries
    from ntm.ingest import commit
    real, landed = queries.run, []

    def run_and_commit(con, name, **params):
        if name == "phase_results" and not landed:
            # C5 (district D3) now meets every criterion in 2017, the result year of P2.
            upload = "year,commune_code,criterion_id,met\n" + "".join(f"2017,C5,{k},1\n" for k in range(1, 20))
            landed.append(commit(fixture_store, "criteria_status", upload.encode(), "late.csv", author="an")[1])
        return real(con, name, **params)

    monkeypatch.setattr(queries, "run", run_and_commit)
    at = run({"p": "P2", "d": "D3"})
    assert landed[0].id == "000002"
    assert "v1 ·" in header(at)[1] and kpis(at)[0].value == "0"  # D3 in 2017: C5 at 9 criteria
    at.run()
    assert "v2 ·" in header(at)[1] and kpis(at)[0].value == "1"


def test_sidebar_sends_a_value_except_to_the_widget_just_changed(fixture_store):
    """Every run sends the sidebar widgets their value (the browser may not have drawn them yet),
    but for the widget the user has just changed: the browser sent that value itself. A new
    language (new labels: new widgets to Streamlit) and a filter changed by a chart click are sent."""
    at = run({"d": "D1"})
    assert at.multiselect(key="w_districts").proto.set_value  # seeded from the address
    at.run()
    assert at.multiselect(key="w_districts").proto.set_value
    at.multiselect(key="w_districts").set_value(["D1", "D2"]).run()
    assert not at.multiselect(key="w_districts").proto.set_value
    assert at.multiselect(key="w_phases").proto.set_value and at.selectbox(key="w_group").proto.set_value
    assert at.multiselect(key="w_districts").value == ["D1", "D2"] and qp(at, "d") == ["D1", "D2"]
    at.segmented_control[0].set_value("en").run()
    assert at.segmented_control(key="w_lang").proto.set_value and at.segmented_control(key="w_lang").value == "en"
    assert at.multiselect(key="w_districts").value == ["D1", "D2"]
    at.session_state["f_districts"] = ["D2"]  # as a click on a chart sets it
    at.run()
    assert at.multiselect(key="w_districts").proto.set_value and at.multiselect(key="w_districts").value == ["D2"]
