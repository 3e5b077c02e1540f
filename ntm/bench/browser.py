"""Page render times in headless Chromium, beside a bare Streamlit page (the floor).

The floor is a Streamlit page showing the same number of Plotly charts from
precomputed data: what any Streamlit + Plotly page costs before our work.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from ..pgtemp import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# The row of a page's own element messages sent unchanged by a bare page.
REPLAYED = "  its elements, sent unchanged by a bare page"
UNFILTERED = "  the same, its sidebar one select as the floor's"

BARE_PAGE = '''
import plotly.graph_objects as go
import streamlit as st

N = int(st.query_params.get("charts", "1"))
YEARS = list(range(2010, 2021))
VALUES = [0, 0, 3, 4, 15, 22, 34, 48, 59, 71, 89]
st.title("Bare page")
shift = st.sidebar.selectbox("Shift", [0, 1, 2], key="shift")
for i in range(N):
    st.plotly_chart(go.Figure(go.Scatter(x=YEARS, y=[v + i + shift for v in VALUES])), key=f"c{i}")
'''


@contextmanager
def serve(script: Path, env: dict | None = None):
    """Run `streamlit run script` on a free port until the block ends; yield its URL."""
    port = free_port()
    # Our app starts through ntm.serve (as `make run` does); any other script through streamlit.
    launcher = ["-m", "ntm.serve"] if script == ROOT / "app.py" else ["-m", "streamlit", "run", str(script)]
    proc = subprocess.Popen(
        [sys.executable, *launcher, "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=script.parent, env=dict(os.environ, **(env or {})),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(10)


def render_seconds(browser, url: str, charts: int, viewport=(1280, 720)) -> float:
    """Seconds from navigation until Streamlit is idle and `charts` Plotly charts have drawn."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    t0 = time.perf_counter()
    page.goto(url)
    wait_for_charts(page, charts, timeout=120)
    seconds = time.perf_counter() - t0
    errors = page.locator("[data-testid=stException]").count()
    page.close()
    if errors:
        raise RuntimeError(f"{url} shows an exception")
    return seconds


def _idle_after(page, action, charts: int, prepare=None) -> float:
    """Seconds from an action until Streamlit is idle and every chart has been redrawn.

    Charts present before the action are marked stale; a chart counts as updated when it is
    a new element or Plotly has redrawn it since (its plotly_afterplot event).
    """
    page.evaluate("""() => document.querySelectorAll('.js-plotly-plot').forEach(e => {
        e.dataset.stale = '1'; delete e.dataset.redrawn;
        if (e.on && !e.dataset.listening) { e.dataset.listening = '1'; e.on('plotly_afterplot', () => { e.dataset.redrawn = '1'; }); }
    })""")
    if prepare:
        prepare()  # opening a list and typing are the user's time, not the app's
    t0 = time.perf_counter()
    action()
    page.wait_for_function(
        """n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
                  return !document.querySelector('[data-testid=stStatusWidget]') && plots.length >= n
                      && plots.every(p => p.querySelector('.main-svg')
                                          && (p.dataset.stale !== '1' || p.dataset.redrawn === '1')); }""",
        arg=charts, timeout=120_000)
    return time.perf_counter() - t0


def filter_change_seconds(browser, url: str, charts: int, option: str, bare: bool) -> float:
    """Seconds for one filter change: a district added on our overview, the selectbox on the floor page."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(url)
    wait_for_charts(page, charts)

    def prepare():
        if bare:
            page.get_by_label("Shift").first.click()
        else:
            page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()
            page.keyboard.type(option)
        page.get_by_role("option", name=option, exact=True).wait_for()

    def act():
        page.get_by_role("option", name=option, exact=True).click()
    seconds = _idle_after(page, act, charts, prepare)
    page.close()
    return seconds


def wait_for_charts(page, charts: int, timeout: float = 120) -> float:
    """Wait until Streamlit is idle and `charts` Plotly charts have drawn; return seconds."""
    t0 = time.perf_counter()
    page.wait_for_function(
        """n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n
               && !document.querySelector('[data-testid=stStatusWidget]')
               && !document.querySelector('[data-testid=stSkeleton]')""", arg=charts, timeout=timeout * 1000)
    return time.perf_counter() - t0


def memory_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident memory of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    field = {line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith("Vm")}
    return int(field["VmRSS"]) / 1024, int(field["VmHWM"]) / 1024


def session_memory(browser, url: str, pid: int, sessions: int, paths=("/", "/so-sanh-giai-doan", "/theo-tieu-chi")):
    """Peak server memory after `sessions` browser sessions have each opened the pages."""
    pages = []
    for _ in range(sessions):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        pages.append(context.new_page())
    for path in paths:
        for p in pages:
            p.goto(url + path, wait_until="commit")
        for p in pages:
            wait_for_charts(p, 1)
    rss, peak = memory_mb(pid)
    for p in pages:
        p.context.close()
    return peak


def browser_measures(data_dir: str, pages: list[tuple[str, str, str, int]], district: str, district_code: str,
                     districts: list[str], repeats: int = 5):
    """Rows (measure, ours, floor) for one dataset: page loads, a filter change, server memory.

    Our app and the floor page run side by side and are measured alternately in one browser,
    so both see the same machine load. Times are medians of `repeats` fresh sessions (3 × `repeats`
    for the filter change). Beside
    each page load and the filter change, the same figures drawn alone by a bare page (recorded
    from our pages): what the charts cost, apart from the rest of the page; and that bare page
    with our sidebar's widgets and a navigation of as many pages: the frame every page carries;
    and every element message of our page sent unchanged by a bare page: what Streamlit's
    drawing of the page costs, apart from all our code does to make it; and the same with the
    sidebar's one select only, as the floor page has (page loads only): what drawing the other
    filters (the language switch, the districts and phases) takes of it. The filter change is
    also timed with districts no session has chosen before (built anew).
    """
    from playwright.sync_api import sync_playwright

    from .figures import FIGURES_PAGE, record

    if pages[0][1] != "/":
        raise ValueError("the first page is the overview: the filter change is measured there")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_PAGE, encoding="utf-8")
        alone = Path(tmp) / "figures.py"
        alone.write_text(FIGURES_PAGE, encoding="utf-8")
        os.environ["NTM_DATA_DIR"] = data_dir
        recorded = record(str(ROOT / "app.py"), [(path, file) for _, path, file, _ in pages], district_code,
                          Path(tmp) / "figures.json", districts, [label for label, *_ in pages])
        # The floor runs with the project's own config (theme, fonts), as our app does.
        (Path(tmp) / ".streamlit").mkdir()
        (Path(tmp) / ".streamlit" / "config.toml").write_bytes((ROOT / ".streamlit" / "config.toml").read_bytes())
        with serve(ROOT / "app.py", {"NTM_DATA_DIR": data_dir}) as (ours, proc), serve(bare) as (floor, fproc), \
                serve(alone, {"NTM_BENCH_FIGURES": str(recorded)}) as (figs, _), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            first = render_seconds(browser, ours + "/", 2)
            rows.append(("first load after start (overview)", first, render_seconds(browser, floor + "/?charts=2", 2)))
            for label, path, _, charts in pages:
                render_seconds(browser, ours + path, charts)  # warm this page's query cache
                render_seconds(browser, f"{floor}/?charts={charts}", charts)
                render_seconds(browser, f"{figs}/?page={path}", charts)
                render_seconds(browser, f"{figs}/?page={path}&frame=1", charts)
                # At the page's own address, as ours is opened: Streamlit's browser side tries the
                # address as the server's base before the root (about 50 ms more than at /).
                replayed = f"{figs}{path}?page={path}&replay=1"
                render_seconds(browser, replayed, charts)
                render_seconds(browser, replayed + "&filters=0", charts)
                a, b, c, d, e, u = [], [], [], [], [], []
                for _ in range(repeats):
                    a.append(render_seconds(browser, ours + path, charts))
                    b.append(render_seconds(browser, f"{floor}/?charts={charts}", charts))
                    c.append(render_seconds(browser, f"{figs}/?page={path}", charts))
                    d.append(render_seconds(browser, f"{figs}/?page={path}&frame=1", charts))
                    e.append(render_seconds(browser, replayed, charts))
                    u.append(render_seconds(browser, replayed + "&filters=0", charts))
                rows.append((f"page load: {label}", statistics.median(a), statistics.median(b)))
                rows.append(("  its charts alone on a bare page", statistics.median(c), statistics.median(b)))
                rows.append(("  its charts + our sidebar widgets, navigation", statistics.median(d), statistics.median(b)))
                rows.append((REPLAYED, statistics.median(e), statistics.median(b)))
                rows.append((UNFILTERED, statistics.median(u), statistics.median(b)))
            filter_change_seconds(browser, figs + "/?page=/", 2, "1", bare=True)  # its figures built once
            filter_change_seconds(browser, figs + "/?page=/&frame=1", 2, district, bare=False)
            filter_change_seconds(browser, figs + "/?page=/&replay=1", 2, district, bare=False)
            # The same district each time: after the first, its overview is built and shared. Beside
            # it, a district no session has chosen yet, whose overview is built during the change.
            # A change takes a tenth of a page load, so one late frame moves it by more: its medians
            # take three times as many samples.
            others = [d for d in districts if d != district][:repeats]
            a, b, c, d, e, r = [], [], [], [], [], []
            for i in range(3 * repeats):
                a.append(filter_change_seconds(browser, ours + "/", 2, district, bare=False))
                b.append(filter_change_seconds(browser, floor + "/?charts=2", 2, str(1 + i % 2), bare=True))
                c.append(filter_change_seconds(browser, figs + "/?page=/", 2, str(1 + i % 2), bare=True))
                d.append(filter_change_seconds(browser, figs + "/?page=/&frame=1", 2, district, bare=False))
                r.append(filter_change_seconds(browser, figs + "/?page=/&replay=1", 2, district, bare=False))
                if i < len(others):
                    e.append(filter_change_seconds(browser, ours + "/", 2, others[i], bare=False))
            rows.append(("filter change (overview, +1 district)", statistics.median(a), statistics.median(b)))
            rows.append(("  its charts alone on a bare page", statistics.median(c), statistics.median(b)))
            rows.append(("  its charts + our sidebar widgets, navigation", statistics.median(d), statistics.median(b)))
            rows.append((REPLAYED, statistics.median(r), statistics.median(b)))
            if e:
                rows.append(("  ours, a district not chosen before", statistics.median(e), statistics.median(b)))
            one = session_memory(browser, ours, proc.pid, 1)
            ten = session_memory(browser, ours, proc.pid, 10)
            rows.append(("server peak MB, 10 sessions vs 1", ten, one))
            browser.close()
    return rows
