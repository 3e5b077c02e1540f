"""The presentation: every slide in both languages, the hand-outs, keyboard paging in Chromium."""
import html
import html.parser
import io

import pytest
from pptx import Presentation

from ntm import queries, report, slides
from ntm.store import load_database

from test_app import html_texts, run

PAGE = "pages/present.py"
KEYS = ["headline", "phases", "map", "criteria", "lagging", "mobilisation", "summary"]


@pytest.mark.parametrize("lang, first_title", [("vi", "Kết quả chung"), ("en", "The overall result")])
def test_every_slide(sample_store, lang, first_title):
    at = run({"lang": lang}, PAGE)
    seen = []
    for n in range(1, len(KEYS) + 1):
        assert not at.exception
        assert f"{n}/{len(KEYS)}" in at.caption[-2].value or f"{n}/{len(KEYS)}" in " ".join(c.value for c in at.caption)
        seen.append(html_texts(at)[0])
        # every slide one chart, the last its numbered findings instead
        assert len(at.get("plotly_chart")) == (0 if n == len(KEYS) else 1)
        if n < len(KEYS):
            at.button(key="slide_next").click().run()
    assert first_title in seen[0] and len(set(seen)) == len(KEYS)
    assert at.button(key="slide_next").disabled
    at.button(key="slide_prev").click().run()
    assert f"{len(KEYS) - 1}/{len(KEYS)}" in " ".join(c.value for c in at.caption)


def test_no_toolbar_over_a_slide(sample_store):
    """The Plotly toolbar would cover the legend at the top of a slide's chart: slides have none."""
    import json
    at = run({}, PAGE)
    for n in range(1, len(KEYS)):
        chart = at.get("plotly_chart")[0]
        assert json.loads(chart.proto.config)["displayModeBar"] is False, KEYS[n - 1]
        at.button(key="slide_next").click().run()


def test_slide_number_from_the_url(sample_store):
    at = run({"s": "5"}, PAGE)
    assert "Những tiêu chí còn chậm" in html_texts(at)[0]
    at = run({"s": "99"}, PAGE)
    assert "Tổng kết" in html_texts(at)[0]


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
    for s in deck[:-1]:
        assert s.figure.layout.font.size >= 18 and s.figure.layout.height <= 540
        assert s.figure.layout.title.text is None and s.message
    assert deck[-1].figure is None and 3 <= len(deck[-1].points) <= 5


def test_pptx_opens_with_every_slide(deck, browser):  # Kaleido renders with the system Chromium
    data = report.pptx_bytes(deck, "vi", "Toàn tỉnh · v1 · DỮ LIỆU MINH HỌA")
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == len(KEYS)
    for slide, s in zip(prs.slides, deck):
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert texts[0] == s.title and texts[1] == s.message and "DỮ LIỆU MINH HỌA" in texts[2]
        # the chart picture; the closing slide lists its findings, numbered, as text
        assert any(sh.shape_type == 13 for sh in slide.shapes) == (s.figure is not None)
        if s.figure is None:
            assert texts[3].splitlines() == [f"{n}. {p}" for n, p in enumerate(s.points, 1)]


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
    assert parser.charts == len(KEYS) - 1 and parser.h2 == [s.title for s in deck]
    assert all(f"<li>{html.escape(p)}</li>" in doc for p in deck[-1].points)
    assert "<script src=\"http" not in doc and "Plotly.newPlot" in doc  # plotly.js embedded: opens offline


# --- a value labelled as the province's is the province's, under any filter ------------------
@pytest.fixture(scope="module")
def sample_fetch(tmp_path_factory):
    from ntm.store import Store
    con = load_database(Store(tmp_path_factory.mktemp("filtered-deck-store")).active())
    return lambda n, **p: queries.run(con, n, **p)


PHASES = ["2010-2015", "2016-2020"]


@pytest.mark.parametrize("districts, lang, lines, message", [
    # Đại Từ alone (/trinh-chieu?d=171): the province's 15,8% / 65,0%, Đại Từ's 7,1% / 78,6% labelled apart,
    # and a sentence about Đại Từ, not a comparison with itself.
    (["171"], "vi", {"Toàn tỉnh 2015: 15,8%", "Toàn tỉnh 2020: 65,0%", "Huyện đã chọn 2015: 7,1%",
                     "Huyện đã chọn 2020: 78,6%"}, "Huyện Đại Từ tăng từ 7,1% (2015) lên 78,6% (2020)"),
    (["171"], "en", {"Province 2015: 15.8%", "Province 2020: 65.0%", "Chosen districts 2015: 7.1%",
                     "Chosen districts 2020: 78.6%"}, "Huyện Đại Từ rose from 7.1% (2015) to 78.6% (2020)"),
    # two districts: compared; the chosen pair taken together is 4,8% / 57,1%
    (["170", "171"], "vi", {"Toàn tỉnh 2015: 15,8%", "Toàn tỉnh 2020: 65,0%", "Huyện đã chọn 2015: 4,8%",
                            "Huyện đã chọn 2020: 57,1%"},
     "Huyện Đại Từ tăng nhiều nhất (+71,4 điểm %); Huyện Võ Nhai thấp nhất năm 2020 (14,3%)"),
    (None, "vi", {"Toàn tỉnh 2015: 15,8%", "Toàn tỉnh 2020: 65,0%"},
     "Huyện Đại Từ tăng nhiều nhất (+71,4 điểm %); Huyện Võ Nhai thấp nhất năm 2020 (14,3%)"),
])
def test_slide_2_province_lines_and_message(sample_fetch, districts, lang, lines, message):
    deck = slides.build(sample_fetch, {"districts": districts}, PHASES, lang, "note")
    phases_slide = deck[1]
    assert phases_slide.key == "phases" and phases_slide.message == message
    # the province's targets (the illustrative plan: 15% by 2015, 70% by 2020) are drawn under any filter too
    targets = ({"Kế hoạch toàn tỉnh 2015: 15,0%", "Kế hoạch toàn tỉnh 2020: 70,0%"} if lang == "vi"
               else {"Province target 2015: 15.0%", "Province target 2020: 70.0%"})
    assert {d.name for d in phases_slide.figure.data if d.name and ":" in d.name} == lines | targets


def test_filtered_handouts_carry_the_province_values(sample_fetch):
    """The HTML report of /trinh-chieu?d=171 labels the province's values, and only those, as the province's."""
    deck = slides.build(sample_fetch, {"districts": ["171"]}, PHASES, "vi", "note")
    import json
    doc = report.html_bytes(deck, "vi", "Huyện Đại Từ").decode("utf-8")

    def has(text):  # as written in the page, or inside a chart's JSON
        return text in doc or json.dumps(text)[1:-1] in doc

    assert has("Toàn tỉnh 2015: 15,8%") and has("Toàn tỉnh 2020: 65,0%")
    assert not has("Toàn tỉnh 2015: 7,1%") and not has("Toàn tỉnh 2020: 78,6%")
    assert has("Huyện Đại Từ tăng từ 7,1% (2015) lên 78,6% (2020)")


def test_filtered_pptx_says_the_same(sample_fetch, browser):  # Kaleido renders with the system Chromium
    deck = slides.build(sample_fetch, {"districts": ["171"]}, PHASES, "vi", "note")
    prs = Presentation(io.BytesIO(report.pptx_bytes(deck[1:2], "vi", "Huyện Đại Từ")))
    texts = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert texts[1] == "Huyện Đại Từ tăng từ 7,1% (2015) lên 78,6% (2020)" and texts[1].count("Đại Từ") == 1


@pytest.mark.parametrize("districts, phases, lines", [
    (["D1"], ["P1", "P3"], {"Toàn tỉnh 2015: 25,0%", "Toàn tỉnh 2019: 100,0%", "Huyện đã chọn 2015: 50,0%",
                            "Huyện đã chọn 2019: 100,0%"}),
    (["D3"], ["P1", "P2", "P3"], {"Toàn tỉnh 2017: 50,0%", "Toàn tỉnh 2019: 100,0%", "Huyện đã chọn 2017: 0,0%",
                                  "Huyện đã chọn 2019: 100,0%"}),  # D3 has no data in P1: its slides start at P2
])
def test_slide_2_on_the_fixture(fixture_db, districts, phases, lines):
    deck = slides.build(lambda n, **p: queries.run(fixture_db, n, **p), {"districts": districts}, phases, "vi", "n")
    assert {d.name for d in deck[1].figure.data if d.name and ":" in d.name} == lines


def test_reference_lines_are_drawn_for_one_district(fixture_db):
    """With one district the lines still span the plot (a line between one category and itself has no length)."""
    deck = slides.build(lambda n, **p: queries.run(fixture_db, n, **p), {"districts": ["D1"]}, ["P1", "P3"], "vi", "n")
    lines = {(round(s.x0, 4), s.line.dash) for s in deck[1].figure.layout.shapes if s.x0 == s.x1 and s.yref != "y"}
    assert lines == {(0.25, "dot"), (1.0, "dot"), (0.5, "dash"), (1.0, "dash")}


def test_mobilisation_slide_from_the_last_phase_with_two_districts(tmp_path):
    """Models (the slide's role) have values in P1 and P2 only: with P3 chosen too, the slide plots
    P2 — 12 models over D1's two communes, 6 over D2's one (in 2017) — instead of leaving the slide
    out (P1 would give 3.5 and 1.5)."""
    from conftest import TABLES, write_dataset
    from ntm.store import Store

    indicators = [TABLES["indicators"][0] + ["role"]] + [
        row + ["models" if row[0] == "models" else ""] for row in TABLES["indicators"][1:]]
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src", {"indicators": indicators}), author="test", source="fixture")
    con = load_database(store.active())
    deck = slides.build(lambda n, **p: queries.run(con, n, **p), {}, ["P1", "P2", "P3"], "en", "fixture")
    slide = next(s for s in deck if s.key == "mobilisation")
    assert sorted(slide.figure.data[0].x) == [6, 6], slide.figure.data[0]
    assert "2016–2017" in slide.figure.layout.xaxis.title.text, slide.figure.layout.xaxis.title.text


@pytest.mark.parametrize("districts, area", [(["D1"], "Huyện A"), (["D1", "D2"], "Huyện A, Thành phố B"), (None, None)])
def test_every_slide_names_the_chosen_area(fixture_db, districts, area):
    """Each slide's title names the chosen districts; the messages about their own numbers (the
    headline, the criteria) start with them; the province's deck names none."""
    deck = slides.build(lambda n, **p: queries.run(fixture_db, n, **p), {"districts": districts}, ["P2", "P3"], "vi", "n")
    assert deck
    if area is None:
        assert not [s.title for s in deck if " — " in s.title]
        assert not deck[0].message.startswith("Huyện")
        return
    assert all(s.title.endswith(f" — {area}") for s in deck), [s.title for s in deck]
    about = {s.key: s.message for s in deck if s.key in ("headline", "criteria", "lagging")}
    assert set(about) == {"headline", "criteria", "lagging"}
    assert all(m.startswith(f"{area}: ") for m in about.values()), about
    assert deck[0].message.startswith(f"{area}: Giai đoạn 2018–2019 có thêm 1 xã đạt chuẩn")
