"""A PostgreSQL outage in a real Chromium: the banner on every page, no traceback or address on
the page, sign-in refused, and the dashboard back by itself when the server is."""
import os
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, wait_for_charts, wait_idle
from ntm import auth
from ntm.bench.browser import free_port, serve
from ntm.i18n import t
from test_store_outage import cluster, until  # noqa: F401  (a server of the test's own)

pytestmark = pytest.mark.browser
BANNER = "Không kết nối được kho dữ liệu chung — đang hiển thị phiên bản"


def ready(port: int) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def _env(url: str, tmp_path, health: int) -> dict:
    return {"NTM_STORE": url, "NTM_STORE_TIMEOUT": "2", "NTM_CACHE_DIR": str(tmp_path / "cache"),
            "NTM_HEALTH_PORT": str(health), "NTM_HEALTH_HOST": "127.0.0.1",
            "NTM_ANALYSTS": f"lan:{auth.hash_password('matkhau123', 1000)}"}


def _no_leaks(page, port: int) -> None:
    text = page.locator("body").inner_text()
    for leak in ("Traceback", "psycopg", "127.0.0.1", str(port), "/work", ".py", "OperationalError"):
        assert leak not in text, (leak, text[:2000])
    assert page.locator("[data-testid=stException]").count() == 0


def test_an_outage_shows_the_banner_refuses_sign_in_and_ends_by_itself(browser, cluster, tmp_path):  # noqa: F811
    url, health = cluster.new_database(), free_port()
    with serve(ROOT / "app.py", _env(url, tmp_path, health)) as (app, _):
        assert until(lambda: ready(health) == (200, "ready"), timeout=120)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(app + "/")
        wait_for_charts(page, 2)
        signin = browser.new_page(viewport={"width": 1280, "height": 720})
        signin.goto(app + "/du-lieu")
        signin.get_by_label(t("data.signin.name")).fill("lan", timeout=90_000)  # the form, before the outage
        signin.get_by_label(t("data.signin.password")).fill("matkhau123")

        cluster.stop()
        page.reload()
        page.get_by_text(BANNER).wait_for(timeout=60_000)
        wait_for_charts(page, 2)  # the figures of the version it had: served from the local cache
        _no_leaks(page, cluster.port)
        page.get_by_role("link", name=t("page.phases")).click()
        page.get_by_text(BANNER).wait_for(timeout=60_000)
        wait_idle(page)
        _no_leaks(page, cluster.port)
        page.screenshot(path=str(tmp_path / "outage-banner.png"))
        if os.path.isdir("/work/notes"):
            page.screenshot(path="/work/notes/outage-banner.png")
        assert ready(health) == (200, "degraded")  # the balancer keeps sending visitors

        signin.get_by_role("button", name=t("data.signin.submit")).click()
        signin.get_by_text(t("store.down.refused")).first.wait_for(timeout=60_000)
        assert signin.get_by_text(t("data.signin.as", name="lan")).count() == 0
        _no_leaks(signin, cluster.port)

        cluster.start()  # no restart, no reload: the page notices and runs again
        page.get_by_text(BANNER).wait_for(state="detached", timeout=60_000)
        wait_for_charts(page, 2)
        assert until(lambda: ready(health) == (200, "ready"), timeout=60)
        signin.reload()
        signin.get_by_label(t("data.signin.name")).fill("lan", timeout=90_000)
        signin.get_by_label(t("data.signin.password")).fill("matkhau123")
        signin.get_by_role("button", name=t("data.signin.submit")).click()
        signin.get_by_text(t("data.signin.as", name="lan")).wait_for(timeout=60_000)
        page.close()
        signin.close()


def test_a_server_started_during_the_outage_waits_then_shows_the_dashboard(browser, cluster, tmp_path):  # noqa: F811
    url, health = cluster.new_database(), free_port()
    cluster.stop()
    with serve(ROOT / "app.py", _env(url, tmp_path, health)) as (app, proc):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(app + "/")
        page.get_by_text(t("store.down.page")).wait_for(timeout=60_000)
        _no_leaks(page, cluster.port)
        assert proc.poll() is None  # still serving
        assert ready(health) == (503, "not ready")  # nothing loaded: no visitors for this one yet

        cluster.start()
        page.locator("h1", has_text="Nông thôn mới Thái Nguyên").wait_for(timeout=90_000)
        wait_for_charts(page, 2)
        _no_leaks(page, cluster.port)
        assert until(lambda: ready(health) == (200, "ready"), timeout=60)
        page.close()
