"""Figures are built once per distinct inputs and shared; other inputs build anew."""
import pandas as pd
import plotly.graph_objects as go
import pytest

from ntm import web

BUILT = []


def line(table: pd.DataFrame, title: str) -> go.Figure:
    BUILT.append(title)
    return go.Figure(go.Scatter(x=table["year"], y=table["value"]), layout={"title": {"text": title}})


def test_same_inputs_share_one_figure_and_other_inputs_build_anew():
    BUILT.clear()
    a = pd.DataFrame({"year": [2015, 2020], "value": [22, 89]})
    first = web.figure(line, a, "v1")
    again = web.figure(line, a.copy(), "v1")  # equal content, another frame
    assert again is first and BUILT == ["v1"]
    changed = a.assign(value=[22, 90])  # another data version's numbers
    assert list(web.figure(line, changed, "v1").data[0].y) == [22, 90]
    assert web.figure(line, a, "v2").layout.title.text == "v2"  # another footnote, title or language
    assert BUILT == ["v1", "v1", "v2"]


def test_a_builder_without_a_module_level_name_is_refused():
    with pytest.raises(ValueError):
        web.figure(lambda: go.Figure())


def spy_on_builds(monkeypatch, module) -> list:
    """Wrap `module.build` (a page view's builder) so that each build is recorded as (filters,
    footnote, page choices); the views built so far are forgotten."""
    built = []
    original = module.build

    def build(fetch, f, note, illustrative, *choices):
        built.append((f, note, choices))
        return original(fetch, f, note, illustrative, *choices)
    build.__module__, build.__qualname__ = original.__module__, original.__qualname__
    monkeypatch.setattr(module, "build", build)
    web._view.clear()
    return built


def test_a_page_view_is_built_once_per_version_filters_and_language(fixture_store, monkeypatch):
    """The overview is built once per (data version, filters, language), whichever session asks;
    other filters, another language or a new version build anew, and what is drawn follows."""
    from streamlit.testing.v1 import AppTest

    from journey_helpers import kpis
    from ntm import overview
    from test_app import APP

    built = spy_on_builds(monkeypatch, overview)

    def session(**query):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(query, p=["P1", "P2"])
        return at.run()

    first = session(d="D1")  # D1 in 2017: C1 only (as in test_app)
    assert kpis(first)[0].value == "1" and len(built) == 1
    first.run()
    session(d="D1")  # another session, the same view
    assert len(built) == 1
    assert kpis(session(d="D1,D2".split(",")))[0].value == "2" and len(built) == 2
    session(d="D1", lang="en")
    assert len(built) == 3 and built[-1][0].lang == "en"
    from conftest import TABLES, write_dataset
    more = {"indicator_values": TABLES["indicator_values"] + [["2018", "D1", "contrib_money", "7"]]}
    fixture_store.add_version(write_dataset(fixture_store.root.parent / "again", more), author="test", source="fixture")
    assert kpis(session(d="D1"))[0].value == "1"
    assert len(built) == 4 and built[-1][1].split(" · ")[0] != built[0][1].split(" · ")[0]  # the footnote names the new version


def test_the_map_page_is_built_once_per_measure_and_view(fixture_store, monkeypatch):
    """The map page's view is shared by sessions with the same filters, measure and view; another
    measure or view builds anew, and the page draws what was built."""
    from streamlit.testing.v1 import AppTest

    from ntm import mapview
    from test_app import APP

    built = spy_on_builds(monkeypatch, mapview)

    def session():
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(p=["P1", "P2"])
        at.run()
        return at.switch_page("pages/map.py").run()

    first = session()
    assert not first.exception and [c for *_, c in built] == [("share_meeting", "P2")]
    first.run()
    session()
    assert len(built) == 1
    before = first.get("plotly_chart")[0].proto.spec
    first.selectbox(key="map_measure").set_value("avg_criteria").run()
    first.segmented_control(key="map_view").set_value("change").run()
    assert [c for *_, c in built[1:]] == [("avg_criteria", "P2"), ("avg_criteria", "change")]
    assert first.get("plotly_chart")[0].proto.spec != before


def test_the_mobilisation_page_is_built_once_per_indicators(fixture_store, monkeypatch):
    """Sessions with the same filters and indicators share one build; another indicator builds anew."""
    from streamlit.testing.v1 import AppTest

    from ntm import mobilisation
    from test_app import APP

    built = spy_on_builds(monkeypatch, mobilisation)

    def session():
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        return at.switch_page("pages/mobilisation.py").run()

    first = session()
    assert not first.exception and len(built) == 1
    first.run()
    session()
    assert len(built) == 1
    before = first.get("plotly_chart")[0].proto.spec
    first.selectbox(key="mob_indicator").set_value("poor").run()
    assert [c for *_, c in built[1:]] == [("poor", built[0][2][1])] and first.get("plotly_chart")[0].proto.spec != before
