"""The presentation: every slide in both languages, the hand-outs, keyboard paging in Chromium."""
import html.parser
import io

import pytest
from pptx import Presentation

from ntm import queries, report, slides
from ntm.store import load_database

from test_app import run

PAGE = "pages/present.py"
KEYS = ["headline", "phases", "criteria", "lagging", "mobilisation", "summary"]


@pytest.mark.parametrize("lang, first_title", [("vi", "Kết quả chung"), ("en", "The overall result")])
def test_every_slide(sample_store, lang, first_title):
    at = run({"lang": lang}, PAGE)
    seen = []
    for n in range(1, len(KEYS) + 1):
        assert not at.exception
        assert f"{n}/{len(KEYS)}" in at.caption[-2].value or f"{n}/{len(KEYS)}" in " ".join(c.value for c in at.caption)
        seen.append(at.markdown[0].value)
        assert len(at.get("plotly_chart")) == 1
        if n < len(KEYS):
            at.button(key="slide_next").click().run()
    assert first_title in seen[0] and len(set(seen)) == len(KEYS)
    assert at.button(key="slide_next").disabled
    at.button(key="slide_prev").click().run()
    assert f"5/{len(KEYS)}" in " ".join(c.value for c in at.caption)


def test_slide_number_from_the_url(sample_store):
    at = run({"s": "4"}, PAGE)
    assert "Những tiêu chí còn chậm" in at.markdown[0].value
    at = run({"s": "99"}, PAGE)
    assert "Tổng kết" in at.markdown[0].value


def test_no_data_is_friendly(fixture_store):
    at = run({"d": "D3", "p": "P1"}, PAGE)
    assert "Không có dữ liệu" in " ".join(i.value for i in at.info)


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    from ntm.store import Store
    con = load_database(Store(tmp_path_factory.mktemp("deck-store")).active())
    return slides.build(lambda n, **p: queries.run(con, n, **p), {}, ["2010-2015", "2016-2020"], "vi", "v1 · DỮ LIỆU MINH HỌA")


def test_slides_have_readable_type(deck):
    assert [s.key for s in deck] == KEYS
    for s in deck:
        assert s.figure.layout.font.size >= 18 and s.figure.layout.height <= 540
        assert s.figure.layout.title.text is None and s.message


def test_pptx_opens_with_every_slide(deck, browser):  # Kaleido renders with the system Chromium
    data = report.pptx_bytes(deck, "vi", "Toàn tỉnh · v1 · DỮ LIỆU MINH HỌA")
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == len(KEYS)
    for slide, s in zip(prs.slides, deck):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert texts[0] == s.title and texts[1] == s.message and "DỮ LIỆU MINH HỌA" in texts[2]
        assert any(sh.shape_type == 13 for sh in slide.shapes)  # the chart picture


class _Charts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts, self.h2 = 0, []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        if tag == "div" and "plotly-graph-div" in (dict(attrs).get("class") or ""):
            self.charts += 1
        self._in_h2 = tag == "h2"

    def handle_data(self, data):
        if self._in_h2:
            self.h2.append(data)
            self._in_h2 = False


def test_html_report_is_self_contained(deck):
    doc = report.html_bytes(deck, "vi", "Toàn tỉnh").decode("utf-8")
    parser = _Charts()
    parser.feed(doc)
    assert parser.charts == len(KEYS) and parser.h2 == [s.title for s in deck]
    assert "<script src=\"http" not in doc and "Plotly.newPlot" in doc  # plotly.js embedded: opens offline
