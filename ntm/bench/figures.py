"""The charts each page draws, recorded from a real run of the page, for a bare page to draw alone.

A page's load time splits into what its charts cost the browser (the same figures drawn by a
bare Streamlit page) and what the rest of the page adds; the bench reports both.
"""
from __future__ import annotations

import json
from pathlib import Path

# Shown by `streamlit run`: the figures recorded for ?page=… (the page's filtered state when the
# sidebar select is moved), built once per server, drawn with the arguments our pages use. With
# ?frame=1 the page also has our sidebar's widgets (a district chosen in the multiselect draws the
# filtered state) and a navigation of as many pages as ours: the frame every page of ours carries.
FIGURES_PAGE = '''
import json
import os

import plotly.io as pio
import streamlit as st


@st.cache_resource
def recorded():
    with open(os.environ["NTM_BENCH_FIGURES"], encoding="utf-8") as f:
        return json.load(f)


@st.cache_resource
def figures(name):
    return [(pio.from_json(c["spec"]), json.loads(c["config"]), c["points"]) for c in recorded()[name]]


def charts():
    st.title("Bare page")
    name = st.query_params.get("page", "/") + ("+filter" if filtered else "")
    for i, (fig, config, points) in enumerate(figures(name)):
        select = dict(on_select="rerun", selection_mode="points") if points else {}
        st.plotly_chart(fig, theme=None, width="stretch", config=config, key=f"c{i}", **select)


if st.query_params.get("frame") == "1":
    with st.sidebar:
        st.segmented_control("Language", ["vi", "en"], default="vi", key="lang")
        filtered = st.multiselect("Districts", recorded()["_districts"], key="districts")
        st.multiselect("Phases", ["2010–2015", "2016–2020"], key="phases")
        st.selectbox("Group", ["*", "1", "2", "3", "4", "5"], key="group")
    others = [st.Page(lambda: None, title=title, url_path=f"p{i}") for i, title in enumerate(recorded()["_pages"][1:])]
    st.navigation([st.Page(charts, title=recorded()["_pages"][0], default=True), *others]).run()
else:
    filtered = st.sidebar.selectbox("Shift", [0, 1, 2], key="shift")
    charts()
'''


def _charts(at) -> list[dict]:
    return [{"spec": e.proto.spec, "config": e.proto.config, "points": bool(len(e.proto.selection_mode))}
            for e in at.get("plotly_chart")]


def record(app: str, pages: list[tuple[str, str]], district_code: str, out: Path, districts: list[str],
           titles: list[str]) -> Path:
    """Write {url path: [chart, …]} for `pages` ((url path, page file)) in their default state,
    "/+filter" for the first page with `district_code` chosen, and the frame's district names and
    page titles; return the file."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(app, default_timeout=300)
    at.run()
    recorded = {}
    for path, page_file in pages:
        at.switch_page(page_file).run()
        recorded[path] = _charts(at)
    filtered = AppTest.from_file(app, default_timeout=300)
    filtered.query_params["d"] = district_code
    filtered.run()
    filtered.switch_page(pages[0][1]).run()
    recorded[pages[0][0] + "+filter"] = _charts(filtered)
    recorded |= {"_districts": districts, "_pages": titles}
    out.write_text(json.dumps(recorded), encoding="utf-8")
    return out
