"""``make bench``: province (bundled sample) and national scale; prints one table.

    measure | ours | floor | ratio

The floor of a page load or filter change is a bare Streamlit page with the same number of
Plotly charts from precomputed data; the floor of an import is DuckDB's own read of the file.
The floor of a hall of sessions opening the overview together (``ntm.bench.load``) is the same
sessions opened one after another (for the time to the first message, the target: 1 s). That
server, as every one the bench starts and as the repository's config says, watches no source
files (``server.fileWatcherType none``); to measure a server as it is deployed, run
``python -m ntm.bench.load --url …`` against it.
"""
import argparse
import logging
import os
import platform
import statistics
import warnings

from ..store import SAMPLE_DIR, read_dataset
from . import browser, datasets, ingest, load, pagequeries

PAGES = [("Tổng quan", "/", "pages/overview.py", 2), ("So sánh giai đoạn", "/so-sanh-giai-doan", "pages/phases.py", 1),
         ("Theo tiêu chí", "/theo-tieu-chi", "pages/criteria.py", 2), ("Xã", "/xa", "pages/communes.py", 2),
         ("Bản đồ", "/ban-do", "pages/map.py", 1), ("Dân vận & nguồn lực", "/dan-van-nguon-luc", "pages/mobilisation.py", 3),
         ("Số liệu công bố", "/so-lieu-cong-bo", "pages/published.py", 7), ("Trình chiếu", "/trinh-chieu", "pages/present.py", 1)]
# Targets (province, national) of each kind of browser measure, as ratios to the floor.
TARGETS = {"page load": (1.10, 1.10), "filter change": (1.4, 1.4), "first load": (1.3, 1.3)}


def _row(scale, measure, ours, floor, unit="s", target=None, note=""):
    ratio = ours / floor if floor else float("nan")
    verdict = "" if target is None else ("ok" if ratio <= target else f"MISS (> {target}×{note})")
    print(f"| {scale:9} | {measure:44} | {ours:9.3f} {unit:2} | {floor:9.3f} {unit:2} | {ratio:6.2f} | {verdict}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--load-sessions", type=int, default=20, help="sessions of the load round")
    ap.add_argument("--scales", default="province,national", help="browser measures of these scales")
    a = ap.parse_args()
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)  # the recorded page runs' warnings (run outside a server) say nothing here
    from streamlit import logger
    logger.set_log_level(logging.ERROR)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    national = datasets.national_files()
    stores = {"province": datasets.store_with(SAMPLE_DIR, "province-store"),
              "national": datasets.store_with(national, "national-store")}
    print(f"| {'scale':9} | {'measure':44} | {'ours':>12} | {'floor':>12} | {'ratio':>6} | target")
    print("|" + "---|" * 6)
    # Into a fresh store without commune results, so the import checks, compares and stores every
    # row; medians of three runs, ours and DuckDB's alternating (one run moves by ±20 % here).
    runs = [ingest.compare(datasets.store_with(national, "import-store", without=("criteria_status",)).root,
                           national / "criteria_status.csv") for _ in range(3)]
    imp = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    _row("national", "import criteria_status (2.7M rows), time", imp["ours_s"], imp["duckdb_s"], "s", 3.0)
    _row("national", "import criteria_status, CPU time", imp["ours_cpu_s"], imp["duckdb_cpu_s"], "s")
    _row("national", "import criteria_status, peak memory", imp["ours_mb"], imp["duckdb_mb"], "MB", 2.0)
    app = str(datasets.ROOT / "app.py")
    for scale, store in stores.items():
        os.environ["NTM_DATA_DIR"] = str(store.root)
        for page in pagequeries.PAGES:
            calls = pagequeries.record(app, page)
            cold, warm = pagequeries.time_page(store, calls)
            _row(scale, f"queries of {page.split('/')[-1]} ({len(calls)}), cold", cold * 1000, 100, "ms")
            _row(scale, f"queries of {page.split('/')[-1]} ({len(calls)}), warm", warm * 1000, 100, "ms",
                 1.0 if scale == "national" else None)
    if not a.skip_load:
        _load_rows(stores["province"], a.load_sessions)
    if a.skip_browser:
        return
    for scale, store in [(s, stores[s]) for s in a.scales.split(",")]:
        districts = read_dataset(store.active(), "districts")
        district, code = districts["district_name"].iloc[-1], districts["district_code"].iloc[-1]  # as the option reads
        # The generated national data has no published figures: that page draws no chart there.
        pages = [p for p in PAGES if scale == "province" or p[1] != "/so-lieu-cong-bo"]
        rows = browser.browser_measures(str(store.root), pages, district, code, list(districts["district_name"]),
                                        a.repeats)
        for group in _groups(rows):
            _print_group(scale, group)


def _load_rows(store, n: int) -> None:
    """One server over the province store: one session alone (after a warm-up), then n at once."""
    with browser.serve(datasets.ROOT / "app.py", {"NTM_DATA_DIR": str(store.root)}) as (url, proc):
        alone = load.run_round_sync(url, "", 1)  # warm-up: the server's first page run
        alone = load.run_round_sync(url, "", 1, pid=proc.pid)
        hall = load.run_round_sync(url, "", n, pid=proc.pid)
    one = alone.sessions[0].finished_s or float("nan")
    finished = [s.finished_s for s in hall.completed]
    first = [s.first_s for s in hall.sessions if s.first_s is not None]
    _row("province", f"{n} sessions open overview at once, {len(hall.errors)} errors: p95",
         load.percentile(finished, 95), n * one, "s", 1.0)
    _row("province", "  the same, first message p95 (floor: 1 s)", load.percentile(first, 95), 1.0, "s", 1.0)
    if hall.rss_peak_mb:
        _row("province", "  the same, server RSS peak (floor: one alone)", hall.rss_peak_mb,
             alone.rss_peak_mb or float("nan"), "MB")


def _groups(rows: list) -> list[list]:
    """The rows of each measure with the rows that explain it (indented ones follow their measure)."""
    groups: list[list] = []
    for row in rows:
        if row[0].startswith("  ") and groups:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def _print_group(scale: str, group: list) -> None:
    (measure, page, floor), parts = group[0], group[1:]
    if measure.startswith("server peak"):
        _row(scale, measure, page, floor, "MB", 1.5)
        return
    kind = "page load" if measure.startswith("page load") else "filter change" \
        if measure.startswith("filter") else "first load"
    target = TARGETS[kind][0 if scale == "province" else 1]
    alone = {m: ours / base for m, ours, base in parts if m in (browser.REPLAYED, browser.UNFILTERED)}
    # A miss names what the same element messages cost sent by a bare page: when that is above the
    # target too, Streamlit's own drawing of what the page shows misses it, whatever our code does;
    # and what they cost with one select in the sidebar, as the floor has: what our other filters
    # take of it.
    note = ""
    if browser.REPLAYED in alone and page / floor > target:
        note = f"; its elements alone {alone[browser.REPLAYED]:.2f}×" + (
            f", {alone[browser.UNFILTERED]:.2f}× with the floor's one select for filters"
            if browser.UNFILTERED in alone else "")
    _row(scale, measure, page, floor, "s", target, note)
    for m, ours, base in parts:
        _row(scale, m, ours, base, "s")
        if m == browser.REPLAYED or m.startswith("  its charts +"):
            _row(scale, "  the page beside them", page, ours, "s")
        elif m.startswith("  its charts"):  # what the same figures cost alone, and what the rest adds
            _row(scale, "  the page beside its charts alone", page, ours, "s")


if __name__ == "__main__":
    main()
