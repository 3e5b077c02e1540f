"""The charts each page draws, recorded from a real run of the page, for a bare page to draw alone.

A page's load time splits into what its charts cost the browser (the same figures drawn by a
bare Streamlit page) and what the rest of the page adds; the bench reports both. Each page's
whole output (every element message of the run, sidebar included, and its navigation) is
recorded too, for a bare page to send unchanged: what Streamlit charges for drawing those
elements, apart from everything our code does to make them.
"""
from __future__ import annotations

import base64
import json
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

# Shown by `streamlit run`: the figures recorded for ?page=… (the page's filtered state when the
# sidebar select is moved), built once per server, drawn with the arguments our pages use. With
# ?frame=1 the page also has our sidebar's widgets (a district chosen in the multiselect draws the
# filtered state) and a navigation of as many pages as ours: the frame every page of ours carries.
# With ?replay=1 it sends the page's recorded element messages unchanged, under the same navigation
# (the same page addresses; a second run in a session, after a district was chosen, sends the
# filtered state's); with &filters=0 too, the sidebar's widgets but its select are left out (empty
# in their place): its sidebar then holds one select, as the floor's does.
FIGURES_PAGE = '''
import base64
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


def replay(part):
    """Send the recorded element messages of this page run (`part`: "app" or "page") unchanged."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner import enqueue_message

    name = st.query_params.get("page", "/") + ("+filter" if st.session_state.get("runs", 0) > 1 else "")
    no_filters = part == "app" and st.query_params.get("filters") == "0"
    for raw in recorded()["_elements"][name][part]:
        msg = ForwardMsg()
        msg.ParseFromString(base64.b64decode(raw))
        if (no_filters and msg.metadata.delta_path[:1] == [1] and msg.delta.WhichOneof("type") == "new_element"
                and msg.delta.new_element.WhichOneof("type") != "selectbox"):
            msg.delta.new_element.Clear()  # a widget of the sidebar (its container 1): nothing drawn
            msg.delta.new_element.empty.SetInParent()
        enqueue_message(msg)


if st.query_params.get("replay") == "1":
    # The first run of a session draws the page; a later one (a district chosen) its filtered state.
    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    replay("app")
    pages = [st.Page(lambda: replay("page"), title=p["title"], icon=p["icon"] or None, url_path=p["url"],
                     default=i == 0) for i, p in enumerate(recorded()["_navigation"])]
    st.navigation(pages).run()
elif st.query_params.get("frame") == "1":
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


@contextmanager
def _messages():
    """Keep the messages of each AppTest run: `last` holds those of the latest."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    last: list = []
    original = LocalScriptRunner.run

    def run(self, *args, **kwargs):
        tree = original(self, *args, **kwargs)
        last[:] = list(self.forward_msgs())
        return tree
    with mock.patch.object(LocalScriptRunner, "run", run):
        yield last


def _elements(messages: list) -> dict:
    """A run's element messages, split into those app.py sends (first) and the page's own."""
    deltas = [m for m in messages if m.WhichOneof("type") == "delta"]
    app_hash = deltas[0].metadata.active_script_hash if deltas else ""
    parts: dict = {"app": [], "page": []}
    for m in deltas:
        parts["app" if m.metadata.active_script_hash == app_hash else "page"].append(
            base64.b64encode(m.SerializeToString()).decode())
    return parts


def _navigation(messages: list) -> list[dict]:
    nav = [m.navigation for m in messages if m.WhichOneof("type") == "navigation"][-1]
    return [{"title": p.page_name, "icon": p.icon, "url": p.url_pathname} for p in nav.app_pages]


def _charts(at) -> list[dict]:
    return [{"spec": e.proto.spec, "config": e.proto.config, "points": bool(len(e.proto.selection_mode))}
            for e in at.get("plotly_chart")]


def record(app: str, pages: list[tuple[str, str]], district_code: str, out: Path, districts: list[str],
           titles: list[str]) -> Path:
    """Write {url path: [chart, …]} for `pages` ((url path, page file)) in their default state,
    "/+filter" for the first page with `district_code` chosen, the frame's district names and
    page titles, and under "_elements" and "_navigation" every element message of those runs and
    the navigation's pages (titles, icons, addresses); return the file."""
    from streamlit.testing.v1 import AppTest

    recorded, elements = {}, {}
    with _messages() as last:
        at = AppTest.from_file(app, default_timeout=300)
        at.run()
        for path, page_file in pages:
            at.switch_page(page_file).run()
            recorded[path], elements[path] = _charts(at), _elements(last)
        navigation = _navigation(last)
        filtered = AppTest.from_file(app, default_timeout=300)
        filtered.query_params["d"] = district_code
        filtered.run()
        filtered.switch_page(pages[0][1]).run()
        recorded[pages[0][0] + "+filter"], elements[pages[0][0] + "+filter"] = _charts(filtered), _elements(last)
    recorded |= {"_districts": districts, "_pages": titles, "_elements": elements, "_navigation": navigation}
    out.write_text(json.dumps(recorded), encoding="utf-8")
    return out
