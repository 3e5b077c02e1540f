"""KPI cards drawn as one HTML block: tone of the change, escaping, empty places."""
import pytest

from journey_helpers import _KpiParser
from ntm.cards import Card, row


def parse(html: str):
    p = _KpiParser()
    p.feed(html)
    return p.cards


@pytest.mark.parametrize("delta, inverse, tone, arrow", [
    ("+67", False, "good", "↑"), ("-32", True, "good", "↓"), ("+2", True, "bad", "↑"),
    ("-1,5", False, "bad", "↓"), ("−0,2 điểm %", False, "bad", "↓"), ("0", False, "flat", ""), (None, False, None, None),
])
def test_change_is_coloured_by_whether_it_is_good_news(delta, inverse, tone, arrow):
    html = row([Card("Xã dưới 10 tiêu chí", "4", delta, inverse=inverse)])
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
