"""Page render times in headless Chromium, beside a bare Streamlit page (the floor).

The floor is a Streamlit page showing the same number of Plotly charts from
precomputed data: what any Streamlit + Plotly page costs before our work.
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

BARE_PAGE = '''
import plotly.graph_objects as go
import streamlit as st

N = int(st.query_params.get("charts", "1"))
YEARS = list(range(2010, 2021))
VALUES = [0, 0, 3, 4, 15, 22, 34, 48, 59, 71, 89]
st.title("Bare page")
for i in range(N):
    st.plotly_chart(go.Figure(go.Scatter(x=YEARS, y=[v + i for v in VALUES])), key=f"c{i}")
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(script: Path, env: dict | None = None):
    """Run `streamlit run script` on a free port until the block ends; yield its URL."""
    port = free_port()
    # Our app starts through ntm.serve (as `make run` does); any other script through streamlit.
    launcher = ["-m", "ntm.serve"] if script == ROOT / "app.py" else ["-m", "streamlit", "run", str(script)]
    proc = subprocess.Popen(
        [sys.executable, *launcher, "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
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
    page.wait_for_function(
        """n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n
               && !document.querySelector('[data-testid=stStatusWidget]')
               && !document.querySelector('[data-testid=stSkeleton]')""",
        arg=charts, timeout=120_000)
    seconds = time.perf_counter() - t0
    errors = page.locator("[data-testid=stException]").count()
    page.close()
    if errors:
        raise RuntimeError(f"{url} shows an exception")
    return seconds


def compare_pages(pages: list[tuple[str, str, int]], repeats: int = 7, data_dir: str | None = None):
    """Median render seconds of each (label, path, charts) page and of the bare floor page.

    Our app and the floor run side by side and are measured alternately in one browser,
    so both see the same machine load. Returns rows (label, first load, ours, floor, ratio).
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_PAGE, encoding="utf-8")
        env = {"NTM_DATA_DIR": data_dir or str(Path(tmp) / "store")}
        with serve(ROOT / "app.py", env) as (ours, _), serve(bare) as (floor, _), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            rows = []
            for label, path, charts in pages:
                first = render_seconds(browser, ours + path, charts)
                render_seconds(browser, f"{floor}/?charts={charts}", charts)  # warm the floor too
                a, b = [], []
                for _ in range(repeats):
                    a.append(render_seconds(browser, ours + path, charts))
                    b.append(render_seconds(browser, f"{floor}/?charts={charts}", charts))
                med_a, med_b = statistics.median(a), statistics.median(b)
                rows.append((label, first, med_a, med_b, med_a / med_b))
            browser.close()
    return rows
