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
