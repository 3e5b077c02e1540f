"""Shared fixtures: a tiny hand-computed dataset, a store holding it, and its database."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ntm.store import Store, load_database

# Criteria met per commune and year (None: the commune is not in the programme that year).
# C4 leaves after 2016; district D3 (commune C5) has no data in phase P1; 2018 is missing.
CRITERIA_MET = {
    2014: {"C1": 10, "C2": 4, "C3": 15, "C4": 12},
    2015: {"C1": 19, "C2": 8, "C3": 16, "C4": 14},
    2016: {"C1": 19, "C2": 12, "C3": 18, "C4": 19},
    2017: {"C1": 19, "C2": 10, "C3": 19, "C5": 9},  # C2 at exactly 10: not "under 10"
    2019: {"C1": 19, "C2": 19, "C3": 19, "C5": 19},
}

TABLES = {
    "districts": [
        ["district_code", "district_name", "district_type", "lat", "lon"],
        ["D1", "Huyện A", "Huyện", "21.5", "105.8"],
        ["D2", "Thành phố B", "Thành phố", "", ""],
        ["D3", "Huyện C", "Huyện", "", ""],
    ],
    "communes": [
        ["commune_code", "commune_name", "district_code"],
        ["C1", "Xã Một", "D1"], ["C2", "Xã Hai", "D1"], ["C3", "Xã Ba", "D2"],
        ["C4", "Xã Bốn", "D2"], ["C5", "Xã Năm", "D3"],
    ],
    "criteria": [["criterion_id", "name_vi", "name_en", "group_id", "group_vi", "group_en"]]
    + [[str(k), f"Tiêu chí {k}", f"Criterion {k}", str(1 + (k - 1) // 4), f"Nhóm {1 + (k - 1) // 4}",
        f"Group {1 + (k - 1) // 4}"] for k in range(1, 20)],
    "phases": [
        ["phase_id", "name_vi", "name_en", "start_year", "end_year"],
        ["P1", "Giai đoạn 2014–2015", "Phase 2014–2015", "2014", "2015"],
        ["P2", "Giai đoạn 2016–2017", "Phase 2016–2017", "2016", "2017"],
        ["P3", "Giai đoạn 2018–2019", "Phase 2018–2019", "2018", "2019"],
    ],
    "indicators": [
        ["indicator_id", "name_vi", "name_en", "unit", "level", "aggregation", "higher_is_better"],
        ["contrib_money", "Nhân dân đóng góp tiền", "Cash", "tỷ đồng", "district", "sum", "1"],
        ["models", "Mô hình", "Models", "mô hình", "district", "last", "1"],
        ["poor", "Tỷ lệ hộ nghèo", "Poor rate", "%", "district", "mean", "0"],
        ["teams", "Tổ dân vận", "Teams", "tổ", "commune", "last", "1"],
    ],
    "indicator_values": [
        ["year", "area_code", "indicator_id", "value"],
        *[[str(y), "D1", "contrib_money", str(v)] for y, v in [(2014, 1), (2015, 2), (2016, 3), (2017, 4), (2019, 5)]],
        *[[str(y), "D2", "contrib_money", str(v)] for y, v in [(2014, 10), (2015, 20), (2016, 30)]],
        *[[str(y), "D1", "models", str(v)] for y, v in [(2014, 5), (2015, 7), (2016, 8), (2017, 12)]],
        *[[str(y), "D2", "models", str(v)] for y, v in [(2015, 3), (2017, 6)]],
        *[[str(y), "D1", "poor", str(v)] for y, v in [(2014, 10), (2015, 6), (2016, 4), (2017, 2)]],
        *[[str(y), "D2", "poor", str(v)] for y, v in [(2014, 20), (2015, 10)]],
        *[["2015", c, "teams", str(v)] for c, v in [("C1", 2), ("C2", 3), ("C3", 4)]],
    ],
}


def status_rows() -> list[list[str]]:
    """criteria_status rows: a commune meeting k criteria meets criteria 1..k."""
    rows = [["year", "commune_code", "criterion_id", "met"]]
    for year, communes in CRITERIA_MET.items():
        for commune, k in communes.items():
            rows += [[str(year), commune, str(c), "1" if c <= k else "0"] for c in range(1, 20)]
    return rows


def write_dataset(folder: Path, overrides: dict | None = None) -> dict[str, Path]:
    """Write the fixture tables (with optional replacements) as CSV files; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = dict(TABLES, criteria_status=status_rows(), **(overrides or {}))
    paths = {}
    for name, rows in tables.items():
        paths[name] = folder / f"{name}.csv"
        with open(paths[name], "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return paths


@pytest.fixture
def fixture_store(tmp_path, monkeypatch) -> Store:
    """A store under tmp_path whose active version is the hand-computed fixture."""
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src"), author="test", source="fixture")
    monkeypatch.setenv("NTM_DATA_DIR", str(store.root))
    return store


@pytest.fixture
def fixture_db(fixture_store):
    """The fixture's DuckDB database."""
    return load_database(fixture_store.active())


@pytest.fixture
def sample_store(tmp_path, monkeypatch) -> Store:
    """An empty store that seeds itself from the bundled sample on first use."""
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "sample-store"))
    return Store()


# --- browser tests -------------------------------------------------------------------
import os  # noqa: E402
import time  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright; skipped (or failed in CI) when missing."""
    if not Path(CHROMIUM).exists():
        reason = "Chromium not installed: apt-get install chromium (Debian package 'chromium')"
        if os.environ.get("NTM_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """The dashboard served on a free port over a fresh store seeded from the sample."""
    from ntm.bench.browser import serve
    with serve(ROOT / "app.py", {"NTM_DATA_DIR": str(tmp_path_factory.mktemp("served-store"))}) as (url, _):
        yield url


from ntm.bench.browser import wait_for_charts  # noqa: E402,F401  (one waiter for tests and the bench)


@pytest.fixture(autouse=True, scope="session")
def _not_a_server():
    """AppTest runs app.py in this process, which is no server: a server's start-up work
    (``ntm.startup.start``, seeding aside) is not done in it, whichever test's store comes first.
    The servers the tests start do it (tests/test_streamlit_run.py)."""
    from ntm import startup
    startup.not_a_server()


@pytest.fixture(autouse=True)
def _no_real_secrets(tmp_path_factory, monkeypatch):
    """Analyst accounts never come from (or go to) the checkout's secrets file in tests."""
    monkeypatch.setenv("NTM_SECRETS", str(tmp_path_factory.mktemp("secrets") / "secrets.toml"))
    monkeypatch.delenv("NTM_ANALYSTS", raising=False)


def wait_idle(page, timeout: float = 60) -> None:
    """Wait until Streamlit has finished the script run the last action started: no running
    indicator and no element left stale by the run (the indicator shows only after a delay, so
    a loaded machine could be read half-redrawn), and still so half a second later."""
    idle = ("() => !document.querySelector('[data-testid=stStatusWidget]')"
            " && !document.querySelector('[data-testid=stElementContainer][data-stale=true]')")
    time.sleep(0.3)
    for _ in range(2):
        page.wait_for_function(idle, timeout=timeout * 1000)
        time.sleep(0.5)
    page.wait_for_function(idle, timeout=timeout * 1000)


# --- PostgreSQL ----------------------------------------------------------------------
import pg  # noqa: E402


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL cluster for the session; skipped (or failed in CI) when not installed."""
    if not pg.available():
        reason = "PostgreSQL not installed: apt-get install postgresql"
        if os.environ.get("NTM_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    with pg.server() as new_database:
        yield new_database


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty PostgreSQL database."""
    return pg_server()
