"""Every analysis page in AppTest: both languages, selections that leave no data."""
import pytest

from journey_helpers import header
from test_app import dataframes, html_texts, kpis, run

PAGES = ["pages/overview.py", "pages/phases.py", "pages/criteria.py", "pages/communes.py", "pages/mobilisation.py"]
CHARTS = {"pages/overview.py": 2, "pages/phases.py": 1, "pages/criteria.py": 2, "pages/communes.py": 2,
          "pages/mobilisation.py": 3}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_on_the_sample(sample_store, page, lang):
    at = run({"lang": lang}, page)
    assert len(at.get("plotly_chart")) == CHARTS[page]
    badge = "Dữ liệu minh họa" if lang == "vi" else "Illustrative data"
    assert badge in header(at)[1]


@pytest.mark.parametrize("page", PAGES)
def test_page_on_the_fixture_with_three_phases(fixture_store, page):
    at = run({}, page)
    assert at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES[2:])
def test_district_without_data_in_the_phase(fixture_store, page):
    at = run({"d": "D3", "p": "P1"}, page)  # D3 has no data in P1
    charts = at.get("plotly_chart")
    infos = " ".join(i.value for i in at.info)
    assert "Không có dữ liệu" in infos or page == "pages/communes.py"
    if page == "pages/communes.py":  # the commune page reads a year, not a phase: D3 has 2017 and 2019
        assert charts


@pytest.mark.parametrize("page", PAGES)
def test_no_phase_chosen_never_breaks(fixture_store, page):
    at = run({}, page)
    at.multiselect[1].set_value([]).run()
    assert not at.exception


def test_phases_page_ranks_and_changes(fixture_store):
    at = run({"p": ["P1", "P3"]}, "pages/phases.py")
    table = dataframes(at)[0]
    # share meeting: D1 50% → 100%, D2 0% → 100%, D3 none → 100%; sorted by change
    assert list(table.iloc[:, 1]) == ["Thành phố B", "Huyện A", "Huyện C"]
    assert list(table.iloc[:, 4]) == ["+100,0 điểm %", "+50,0 điểm %", "–"]


def test_phases_page_any_indicator(fixture_store):
    at = run({}, "pages/phases.py")
    at.selectbox(key="phases_measure").set_value("ind:contrib_money").run()
    assert not at.exception
    table = dataframes(at)[0]
    assert dict(zip(table.iloc[:, 1], table.iloc[:, 2])) == {"Huyện A": "3,0", "Thành phố B": "30,0", "Huyện C": "–"}


def test_criteria_group_filter(fixture_store):
    at = run({"g": "5"}, "pages/criteria.py")
    assert at.selectbox(key="w_group").value == 5
    assert "Nhóm 5" in header(at)[1]


def test_commune_profile(fixture_store):
    at = run({}, "pages/communes.py")
    at.selectbox(key="communes_district").set_value("D1").run()
    at.selectbox(key="communes_commune").set_value("C2").run()
    assert [m.value for m in kpis(at)][:2] == ["2019", "19/19"]


# --- one definition of every measure, on the pages ------------------------------------------
import json  # noqa: E402
import re  # noqa: E402

from conftest import TABLES, write_dataset  # noqa: E402
from ntm.store import Store  # noqa: E402


def _figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _store(tmp_path, monkeypatch, overrides: dict) -> Store:
    """A store whose active version is the fixture with some tables replaced."""
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src", overrides), author="test", source="fixture")
    monkeypatch.setenv("NTM_DATA_DIR", str(store.root))
    return store


def test_overview_cards_with_phases_1_and_3(fixture_store):
    """Each card's change is from phase 1 (the previous chosen phase), as the query says."""
    at = run({"p": ["P1", "P3"]}, "pages/overview.py")
    got = [(m.value, m.delta) for m in kpis(at)[:4]]
    # P1 (2015): 1/4, 25%, 14,25, 1 under 10; P3 (2019): 4/4, 100%, 19,0, 0 under 10
    assert got == [("4", "+3"), ("100,0%", "+75,0 điểm %"), ("19,0", "+4,8"), ("0", "-1")]
    assert "tăng 4,8 so với 2015" in " ".join(html_texts(at))


def test_criteria_change_view_with_phases_1_and_3(fixture_store):
    at = run({"p": ["P1", "P3"]}, "pages/criteria.py")
    at.segmented_control(key="criteria_view").set_value("change").run()
    import base64

    import numpy as np
    heat = next(d for d in _figures(at)[0]["data"] if d["type"] == "heatmap")
    z = heat["z"]  # a typed array: {"dtype", "bdata", "shape"}
    z = np.frombuffer(base64.b64decode(z["bdata"]), z["dtype"]).reshape([int(n) for n in z["shape"].split(",")])
    cell = dict(zip(heat["x"], z[heat["y"].index("Thành phố B")]))
    # D2, 2015: C3 16, C4 14 criteria; 2019: C3 19 (C4 has left)
    assert (cell["10"], cell["15"], cell["19"]) == (0.0, 0.5, 1.0)


@pytest.mark.parametrize("query, expected", [
    # no district chosen: the province's lines only
    ({"p": ["P1", "P3"]}, {"Toàn tỉnh 2015: 25,0%", "Toàn tỉnh 2019: 100,0%"}),
    # D1 chosen: the province's lines stay the province's; the choice gets lines of its own
    ({"p": ["P1", "P3"], "d": "D1"}, {"Toàn tỉnh 2015: 25,0%", "Toàn tỉnh 2019: 100,0%",
                                      "Huyện đã chọn 2015: 50,0%", "Huyện đã chọn 2019: 100,0%"}),
])
def test_phases_page_reference_lines(fixture_store, query, expected):
    at = run(query, "pages/phases.py")
    names = {d.get("name") for d in _figures(at)[0]["data"]}
    assert {n for n in names if n and ":" in n} == expected


# Indicators with other ids: found by their role.
RENAMED = [["indicator_id", "name_vi", "name_en", "unit", "level", "aggregation", "higher_is_better", "role"],
           ["tien", "Tiền dân góp", "Cash", "tỷ đồng", "district", "sum", "1", "contrib_money"],
           ["von", "Tổng vốn", "Investment", "tỷ đồng", "district", "sum", "1", "investment_total"],
           ["mh", "Mô hình", "Models", "mô hình", "district", "last", "1", "models"],
           ["ngheo", "Tỷ lệ hộ nghèo", "Poor rate", "%", "district", "mean", "0", ""]]
RENAMED_VALUES = [["year", "area_code", "indicator_id", "value"]] + [
    [str(y), d, ind, str(v)] for y in (2014, 2015, 2016, 2017, 2019) for d, k in (("D1", 1), ("D2", 2), ("D3", 3))
    for ind, v in (("tien", k * (y - 2013)), ("von", 10 * k * (y - 2013)), ("mh", k + y - 2014), ("ngheo", 20 - k))]


@pytest.mark.parametrize("page, charts", [("pages/overview.py", 2), ("pages/mobilisation.py", 3),
                                          ("pages/present.py", 1)])
def test_indicators_are_found_by_role(tmp_path, monkeypatch, page, charts):
    _store(tmp_path, monkeypatch, {"indicators": RENAMED, "indicator_values": RENAMED_VALUES})
    at = run({}, page)
    assert len(at.get("plotly_chart")) == charts
    if page == "pages/overview.py":  # the contributions card: P3 (2019) is 1 × 6 + 2 × 6 + 3 × 6
        assert kpis(at)[4].label == "Dân đóng góp (tỷ đồng)" and kpis(at)[4].value == "36"
    if page == "pages/mobilisation.py":
        assert at.selectbox(key="mob_indicator").value == "tien" and at.selectbox(key="mob_x").value == "mh"
    if page == "pages/present.py":  # the mobilisation slide is there
        titles = []
        for n in range(6):
            titles.append(html_texts(at)[0])
            at.session_state["slide"] = n + 2
            at.run()
        assert any("Dân vận và tiến bộ" in x for x in titles)


# --- names from data shown as written --------------------------------------------------------
HOSTILE = {
    "district": "**Huyện A** <b>đậm</b>",
    "district2": "[Thành phố B](http://example.com) $x$",
    "commune": "![Xã](http://example.com/x.png)",
    "criterion": "<i>Quy hoạch</i> :streamlit: %{y}",
    "indicator": "<a href='http://example.com'>Tiền</a> _dân_",
    "unit": "<br>tỷ %{x}",
    "phase": "Giai đoạn **2018–2019** <script>x</script>",
}


def _hostile_tables() -> dict:
    t = {k: [list(r) for r in v] for k, v in TABLES.items()}
    t["districts"][1][1], t["districts"][2][1] = HOSTILE["district"], HOSTILE["district2"]
    t["communes"][1][1] = HOSTILE["commune"]
    t["criteria"][17][1] = HOSTILE["criterion"]  # criterion 17, the hardest
    t["indicators"] = [t["indicators"][0] + ["role"]] + [r + [""] for r in t["indicators"][1:]]
    t["indicators"][1][1], t["indicators"][1][3], t["indicators"][1][7] = HOSTILE["indicator"], HOSTILE["unit"], \
        "contrib_money"
    t["indicators"][2][7] = "models"
    t["phases"][3][1] = HOSTILE["phase"]
    return t


def _raw_in_figure(fig: dict, raw: list[str]) -> list[str]:
    """Strings Plotly would render that hold a name unescaped (customdata is rendered only where a
    hover template names it)."""
    found = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "customdata":
                    walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")
        elif isinstance(node, str):
            found.extend(f"{path}: {node[:80]!r}" for r in raw if r in node)

    walk(fig, "")
    for i, trace in enumerate(fig.get("data", [])):
        for j in map(int, re.findall(r"%\{customdata\[(\d+)\]", trace.get("hovertemplate") or "")):
            cells = trace.get("customdata") or []
            flat = [c for row in cells for c in (row if cells and isinstance(row[0], list) else [row])]
            found += [f"data[{i}].customdata[*][{j}] shown: {c[j]!r}" for c in flat
                      if isinstance(c, list) and any(r in str(c[j]) for r in raw)]
    return found


@pytest.mark.parametrize("page, query", [
    ("pages/overview.py", {}), ("pages/phases.py", {"d": ["D1", "D2"]}), ("pages/mobilisation.py", {}),
    ("pages/criteria.py", {}), ("pages/communes.py", {}), ("pages/present.py", {}),
])
def test_names_from_data_show_as_written(tmp_path, monkeypatch, page, query):
    from ntm.text import md_literal

    _store(tmp_path, monkeypatch, _hostile_tables())
    at = run(query, page)
    problems = []
    # Plotly: no name with markup, LaTeX or a template field reaches a chart unescaped.
    plotly_raw = [v for v in HOSTILE.values() if re.search(r"<|\$|%\{", v)]
    for fig in _figures(at):
        problems += _raw_in_figure(fig, plotly_raw)
    # Markdown: a name appears only escaped (md_literal) in Markdown text, and without raw markup
    # in an HTML block (whose text Markdown does not read).
    if page != "pages/criteria.py" and page != "pages/communes.py":  # captions there are the lead's
        shown = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.html
                                                                                  if "<style" not in e.value]
        for text in shown:
            html_block = text.lstrip().startswith("<")
            for raw in HOSTILE.values():
                if html_block and raw in text and "<" in raw:
                    problems.append(f"raw markup in an HTML block: {text[:100]!r}")
                if not html_block and raw in text:
                    problems.append(f"name read as Markdown: {text[:100]!r}")
        if page == "pages/phases.py":
            assert any(md_literal(HOSTILE["district"]) in c.value for c in at.caption)
            assert HOSTILE["district"] in header(at)[1]  # the header's filters line: the name as written
    assert not problems, "\n".join(problems)


# Rendered in Chromium: what md_literal and plotly_literal produce shows exactly as written.
LITERALS = ["**Huyện A**", "![Xã](http://example.com/x.png)", "[Tiền](http://example.com)", "<b>đậm</b> & <br>",
            ":streamlit: :+1: :blue[xanh] :material/home:", "$x^2$ và 5$", "a -> b >= c", "`mã` _nghiêng_ ~~gạch~~",
            "# Tiêu đề", "- mục", "1. mục", "Huyện\\Xã | cột", "%{y} %{customdata[0]}", "www.example.com"]
LITERAL_PAGE = '''
import json, sys
import plotly.graph_objects as go
import streamlit as st
sys.path.insert(0, {root!r})
from ntm.text import md_literal, plotly_literal
names = json.loads({names!r})
for i, n in enumerate(names):
    st.markdown(md_literal(n), help=None)
    st.caption("Tên: " + md_literal(n))
fig = go.Figure(go.Bar(x=[plotly_literal(n) for n in names], y=list(range(1, len(names) + 1)),
                       text=[plotly_literal(n) for n in names], textposition="outside",
                       hovertemplate="%{{x}}: " + plotly_literal(names[-2]) + "<extra></extra>"))
fig.update_layout(title=plotly_literal(names[3]), height=900, margin=dict(b=400))
st.plotly_chart(fig, key="c")
'''


@pytest.mark.browser
def test_literals_render_as_written(browser, tmp_path):
    from conftest import ROOT, wait_for_charts
    from ntm.bench.browser import serve

    script = tmp_path / "literals.py"
    script.write_text(LITERAL_PAGE.format(root=str(ROOT), names=json.dumps(LITERALS)), encoding="utf-8")
    with serve(script) as (url, _):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        wait_for_charts(page, 1)
        blocks = page.eval_on_selector_all("[data-testid=stMarkdownContainer]", "els => els.map(e => e.innerText)")
        captions = page.eval_on_selector_all("[data-testid=stCaptionContainer]", "els => els.map(e => e.innerText)")
        made = page.eval_on_selector_all(
            "[data-testid=stMarkdownContainer] :is(img, a, strong, em, del, code, h1, ul, ol, li, span.katex), "
            "[data-testid=stCaptionContainer] :is(img, a, strong, em, del, code, span.katex)",
            "els => els.map(e => e.outerHTML.slice(0, 80))")
        ticks = page.eval_on_selector_all(".js-plotly-plot .xtick text", "els => els.map(e => e.textContent)")
        title = page.eval_on_selector(".js-plotly-plot .gtitle", "e => e.textContent")
        texts = page.eval_on_selector_all(".js-plotly-plot .bartext", "els => els.map(e => e.textContent)")
        page.close()
    wj = "\u2060"  # the invisible word joiner md_literal may add
    assert [b.replace(wj, "") for b in blocks] == LITERALS
    assert [c.replace(wj, "") for c in captions] == ["Tên: " + n for n in LITERALS]
    assert made == []
    assert ticks == LITERALS and sorted(texts) == sorted(LITERALS) and title == LITERALS[3]


@pytest.mark.parametrize("phases, columns, values", [
    # one phase: its values and ranks (the two ends are the same phase, so no second column)
    (["P2"], ["Hạng", "Huyện", "2016–2017"], {"Thành phố B": "100,0%", "Huyện A": "50,0%", "Huyện C": "0,0%"}),
    (["P1", "P3"], ["Hạng", "Huyện", "2014–2015", "2018–2019", "Thay đổi", "Thay đổi hạng"],
     {"Thành phố B": "0,0%", "Huyện A": "50,0%", "Huyện C": "–"}),
])
def test_phases_page_table_columns(fixture_store, phases, columns, values):
    at = run({"p": phases}, "pages/phases.py")
    table = dataframes(at)[0]
    assert list(table.columns) == columns
    assert dict(zip(table.iloc[:, 1], table.iloc[:, 2])) == values


@pytest.mark.parametrize("note, lines", [
    ("Phiên bản dữ liệu v1 · 2026-11-28 12:09 · system · DỮ LIỆU MINH HỌA",
     ["Phiên bản dữ liệu v1 · 2026-11-28 12:09 · system", "DỮ LIỆU MINH HỌA"]),
    ("Data version v12 · 2026-11-28 12:09 · an.nguyen · ILLUSTRATIVE DATA",
     ["Data version v12 · 2026-11-28 12:09 · an.nguyen", "ILLUSTRATIVE DATA"]),
    ("Phiên bản dữ liệu v3 · 2026-11-28 12:09 · system", ["Phiên bản dữ liệu v3 · 2026-11-28 12:09 · system"]),
])
def test_a_long_footnote_takes_a_second_line_under_the_chart_and_one_on_a_slide(note, lines):
    """Under a half-width chart the footnote (the sample badge included) stays whole on two lines,
    the bottom margin grown by the second; a slide, as wide as the screen, has it on one line."""
    import plotly.graph_objects as go

    from ntm.charts.base import NOTE_LINE, finish, for_projection

    fig = finish(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), "Title", note, "vi")
    footnote = next(a for a in fig.layout.annotations if a.name == "footnote")
    assert footnote.text.split("<br>") == lines
    assert fig.layout.margin.b == 92 + NOTE_LINE * (len(lines) - 1)
    slide = for_projection(fig, 500)
    assert next(a for a in slide.layout.annotations if a.name == "footnote").text == note


@pytest.mark.parametrize("targets, top", [(None, 22 * 1.15), ([[2020, 30]], 30 * 1.15)])
def test_the_standard_line_leaves_room_above_its_highest_label(targets, top):
    """The last point's label ("22") or the highest target's label sits inside the plot, also
    without targets (a single district's slide drew "22" on the plot's edge)."""
    import pandas as pd

    from ntm.charts.overview import standard_line

    yearly = pd.DataFrame({"year": [2015, 2020], "meeting": [2, 22], "communes": [28, 28], "share_meeting": [0.07, 0.79]})
    phases = pd.DataFrame({"phase_id": ["P2"], "start_year": [2016], "end_year": [2020], "phase_order": [2]})
    marks = pd.DataFrame(targets or [], columns=["target_year", "target"])
    fig = standard_line(yearly, phases, "vi", "note", "Title", marks if targets else None)
    assert fig.layout.yaxis.range == pytest.approx((0, top))


def test_indicator_leader_named_in_the_last_phase_with_a_value(fixture_store):
    """Models have values in P1 and P2 only (D1: 7 then 12, D2: 3 then 6, the last year counts):
    with P3 chosen too, the chart's title names P2's leader, not an empty P3."""
    import json

    from streamlit.testing.v1 import AppTest

    from test_app import APP
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(p=["P1", "P2", "P3"])
    at.run()
    at.switch_page("pages/mobilisation.py").run()
    at.selectbox(key="mob_indicator").set_value("models").run()
    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert "Huyện A" in title and "2016–2017" in title and "12" in title, title


def test_a_phase_without_values_is_named_not_drawn(fixture_store):
    """Models have values in P1 and P2 only: with P3 chosen too, the bars are P1's and P2's, the
    districts sorted by P2 (D1: 12, D2: 6), and the caption under the chart names P3; the scatter
    against progress is P2's, with P3 named under it."""
    import json

    from streamlit.testing.v1 import AppTest

    from journey_helpers import decode
    from test_app import APP
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(p=["P1", "P2", "P3"], lang="en")
    at.run()
    at.switch_page("pages/mobilisation.py").run()
    at.selectbox(key="mob_indicator").set_value("models").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [trace["name"] for trace in spec["data"]] == ["2014–2015", "2016–2017"], [d["name"] for d in spec["data"]]
    assert spec["data"][1]["x"][:2] == ["A", "B"], spec["data"][1]["x"]  # D1 (12) before D2 (6)
    captions = " ".join(c.value for c in at.caption)
    assert "No values of this indicator yet for 2018–2019." in captions, captions
    # Cash against progress: P2, the last phase with two districts to compare — 3 + 4 over D1's two
    # communes, 30 over D2's one (in 2017) — not "no data" for P3, where D1 alone has a value (P1
    # would give 1.5 and 15).
    scatter = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert sorted(decode(scatter["data"][0]["x"])) == [3.5, 30], scatter["data"][0]
    assert "2016–2017" in scatter["layout"]["xaxis"]["title"]["text"], scatter["layout"]["xaxis"]
    assert "2018–2019: fewer than two districts with values to compare yet." in captions, captions


def test_resource_mix_names_a_phase_without_values(tmp_path, monkeypatch):
    """People's cash (role contrib_money) has values in every phase, the total investment in P1 and
    P2 only: the mix draws P1 (people 1 + 2 + 10 + 20 = 33 of 300) and P2 (3 + 4 + 30 = 37 of 100)
    and names P3 under the chart."""
    import json

    from streamlit.testing.v1 import AppTest

    from conftest import TABLES, write_dataset
    from journey_helpers import decode
    from ntm.store import Store
    from test_app import APP

    roles = {"contrib_money": "contrib_money", "total": "investment_total"}
    indicators = [TABLES["indicators"][0] + ["role"]] + [
        row + [roles.get(row[0], "")] for row in TABLES["indicators"][1:]]
    indicators.append(["total", "Tổng vốn", "Total investment", "tỷ đồng", "district", "sum", "1",
                       "investment_total"])
    values = TABLES["indicator_values"] + [["2014", "D1", "total", "100"], ["2015", "D2", "total", "200"],
                                           ["2016", "D1", "total", "100"]]
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src", {"indicators": indicators, "indicator_values": values}),
                      author="test", source="fixture")
    monkeypatch.setenv("NTM_DATA_DIR", str(store.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(p=["P1", "P2", "P3"], lang="en")
    at.run()
    at.switch_page("pages/mobilisation.py").run()
    mix = json.loads(at.get("plotly_chart")[1].proto.spec)
    people, other = (decode(trace["y"]) for trace in mix["data"])
    assert mix["data"][0]["x"] == ["2014–2015", "2016–2017"], mix["data"][0]["x"]
    assert (people, other) == ([33, 37], [267, 63]), (people, other)
    captions = " ".join(c.value for c in at.caption)
    assert "2018–2019: no people's contributions and total investment values yet." in captions, captions


@pytest.mark.parametrize("phases", [["2010-2015", "2016-2020"], ["2016-2020"]])
def test_the_ranking_table_reads_in_the_order_of_its_rank(sample_store, phases):
    """Its first column, "Hạng", goes 1, 2, 3 … down the table (ties share a rank)."""
    at = run({"p": phases}, "pages/phases.py")
    table = dataframes(at)[0]
    assert table.columns[0] == "Hạng"
    ranks = [int(r) for r in table.iloc[:, 0] if str(r).strip() not in ("", "–")]
    assert len(ranks) >= 9 and ranks == sorted(ranks) and ranks[0] == 1, ranks


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/mobilisation.py", "pages/phases.py"])
def test_money_is_in_english_on_the_english_pages(sample_store, page):
    """The data writes its unit "tỷ đồng"; the English pages say "billion VND"."""
    import json

    from journey_helpers import figures

    at = run({"lang": "en"}, page)
    if page == "pages/phases.py":
        at.selectbox(key="phases_measure").set_value("ind:contrib_money").run()
    shown = json.dumps(figures(at), ensure_ascii=False) + " ".join(html_texts(at)) + " ".join(k.label for k in kpis(at))
    i = shown.find("tỷ đồng")
    assert i < 0 and "billion VND" in shown, shown[max(0, i - 300):i + 30]
