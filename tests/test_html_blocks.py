"""KPI cards and read-only tables drawn as single HTML blocks: tone of the change, escaping,
links, empty places."""
import pandas as pd
import pytest

from journey_helpers import _KpiParser, _TableParser
from ntm.cards import Card, row
from ntm.tables import html_table


def parse(html: str):
    p = _KpiParser()
    p.feed(html)
    return p.cards


@pytest.mark.parametrize("delta, change, inverse, tone, arrow", [
    ("+67", 67, False, "good", "↑"), ("-32", -32, True, "good", "↓"), ("+2", 2, True, "bad", "↑"),
    ("-1,5", -1.5, False, "bad", "↓"), ("-0,2 điểm %", -0.002, False, "bad", "↓"), ("0", 0, False, "flat", ""),
    (None, 0, False, None, None),
])
def test_change_is_coloured_by_whether_it_is_good_news(delta, change, inverse, tone, arrow):
    html = row([Card("Xã dưới 10 tiêu chí", "4", delta, change, inverse=inverse)])
    card = parse(html)[0]
    assert (card.value, card.delta, card.tone) == ("4", delta, tone)
    if arrow:
        assert f"{arrow} {delta}" in html


def test_text_from_data_is_escaped_not_markup():
    html = row([Card("<b>Huyện A</b> & **B**", "1.365", "+3", notes=("2010–2015: <i>990</i>",),
                     help="nguồn: 'x' <script>")])
    assert "<b>" not in html and "<i>" not in html and "<script>" not in html
    card = parse(html)[0]
    assert card.label == "<b>Huyện A</b> & **B**" and card.notes == ["2010–2015: <i>990</i>"]
    assert card.help == "nguồn: 'x' <script>"


def test_empty_places_keep_the_grid():
    html = row([Card("A", "1"), None, None], [1, 1, 2])
    assert [c.label for c in parse(html)] == ["A"] and html.count("flex:") == 3 and "flex:2 1 0" in html


# -- read-only tables (ntm/tables.py) ----------------------------------------------------------

def test_table_cells_are_escaped_and_only_web_addresses_are_links():
    df = pd.DataFrame({"Huyện": ["<b>A</b>", "B & C"], "Xã": [3, 12],
                       "Nguồn": ["https://www.vietnamplus.vn/a?b=1", "javascript:alert(1)"]})
    html = html_table(df, links=("Nguồn",))
    assert "<b>" not in html and "&lt;b&gt;A&lt;/b&gt;" in html and "B &amp; C" in html
    assert html.count("<a ") == 1 and ">vietnamplus.vn</a>" in html and "rel='noopener noreferrer'" in html
    assert "href='javascript" not in html and "javascript:alert(1)</td>" in html
    assert html.count("class=num") == 3  # the header and both cells of the numeric column
    p = _TableParser()
    p.feed(html)
    assert p.tables[0] == [["Huyện", "Xã", "Nguồn"], ["<b>A</b>", "3", "https://www.vietnamplus.vn/a?b=1"],
                           ["B & C", "12", "javascript:alert(1)"]]


def test_empty_cells_stay_empty():
    html = html_table(pd.DataFrame({"a": [None, 1.5], "b": ["x", None]}))
    p = _TableParser()
    p.feed(html)
    assert p.tables[0][1:] == [["", "x"], ["1.5", ""]]
