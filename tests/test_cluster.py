"""`make cluster` (``python -m ntm.cluster``): HAProxy from deploy/haproxy.cfg in front of two
replicas sharing a throwaway PostgreSQL, driven through the balancer in Chromium: the page
served, the sticky cookie, the visitor's replica killed, PostgreSQL stopped and started, and
everything stopped by SIGTERM. Skipped without HAProxy unless NTM_REQUIRE_HAPROXY is set (CI)."""
from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, wait_idle
from ntm import cluster, pgtemp
from ntm.i18n import province, t

TITLE = t("app.title", "vi", province=province())
DISTRICT = "171"
DISTRICT_NAME = {r["district_code"]: r["district_name"]
                 for r in csv.DictReader(open(ROOT / "data" / "districts.csv", encoding="utf-8"))}[DISTRICT]


def _need_haproxy() -> str:
    binary = cluster.haproxy_binary()
    if not binary:
        reason = "HAProxy not installed: apt-get install haproxy (Debian package 'haproxy')"
        if os.environ.get("NTM_REQUIRE_HAPROXY"):
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


def _need_postgres() -> None:
    if not pgtemp.available():
        reason = "PostgreSQL not installed: apt-get install postgresql"
        if os.environ.get("NTM_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def _until(condition, what: str, timeout: float = 60):
    """Wait for condition() to be true (returning it); fail saying what was awaited."""
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"not {what} within {timeout} s")
        time.sleep(0.2)


class Launched:
    """A `python -m ntm.cluster` process and what it printed."""

    def __init__(self, args: list[str], env: dict):
        self.port = pgtemp.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "ntm.cluster", "--port", str(self.port),
                                      "--first-replica-port", "0", *args], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        _until(lambda: "Ctrl-C stops everything." in self.lines or self.proc.poll() is not None,
               "the cluster up", timeout=240)
        assert self.proc.poll() is None, "\n".join(self.lines)
        out = "\n".join(self.lines)
        self.replicas = {m[0]: {"port": int(m[1]), "health": m[2], "pid": int(m[3])} for m in
                         re.findall(r"replica (r\d+): http://127\.0\.0\.1:(\d+) \(health (\S+); pid (\d+)\)", out)}
        self.haproxy_pid = int(re.search(r"haproxy: \S+ \(pid (\d+)", out)[1])
        self.config = re.search(r"haproxy: (\S+) \(pid", out)[1]
        self.socket = re.search(r"runtime API (\S+)\)", out)[1]
        pg = re.search(r"store: postgresql://\S+:(\d+)/\S+ \(temporary PostgreSQL in (\S+)\)", out)
        self.pg = pgtemp.TempPostgres(port=int(pg[1]), folder=pg[2]) if pg else None

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def states(self) -> dict[str, str]:
        return cluster.server_states(self.socket)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(60)


@pytest.fixture(scope="module")
def launched(tmp_path_factory):
    """Two replicas behind HAProxy on the launcher's own throwaway PostgreSQL, checked as the
    repository's config does (GET /ready on each replica's health port)."""
    _need_haproxy()
    _need_postgres()
    env = {k: v for k, v in os.environ.items() if k not in ("NTM_STORE", "NTM_HEALTH_CHECK")}
    env.update(NTM_POINTER_TTL="1",
               NTM_SECRETS=str(tmp_path_factory.mktemp("cluster") / "secrets.toml"),
               NTM_CACHE_DIR=str(tmp_path_factory.mktemp("cluster-cache")))
    c = Launched(["--replicas", "2"], env)
    yield c
    c.stop()


# --- the configuration ------------------------------------------------------------------------


def test_the_repository_config_and_the_rendered_one_are_valid_haproxy(tmp_path):
    """deploy/haproxy.cfg passes `haproxy -c` as it is (a user copies it) and as rendered for
    three replicas in both health-check modes; it carries sticky cookies, websockets, checks."""
    binary = _need_haproxy()
    template = cluster.TEMPLATE.read_text()
    for needed in ("cookie SERVERID insert indirect nocache", "timeout tunnel", "option httpchk GET /ready",
                   "http-check expect status 200", "check port 9601", "option redispatch"):
        assert needed in template, needed
    assert "option httpclose" not in template.replace("do not use\n    # `option httpclose`", "")
    (tmp_path / "as-is.cfg").write_text(template)
    replicas = [cluster.Replica(f"r{i}", 9000 + i, 10000 + i) for i in (1, 2, 3)]
    for check in ("ready", "streamlit"):
        text = cluster.render(template, 18000, replicas, check, str(tmp_path / "s.sock"))
        (tmp_path / f"{check}.cfg").write_text(text)
        servers = [line.split("#")[0].strip() for line in text.splitlines() if line.strip().startswith("server ")]
        if check == "ready":
            assert servers == [f"server r{i} 127.0.0.1:{9000 + i} check port {10000 + i} cookie r{i}" for i in (1, 2, 3)]
            assert "option httpchk GET /ready" in text
        else:
            assert servers == [f"server r{i} 127.0.0.1:{9000 + i} check cookie r{i}" for i in (1, 2, 3)]
            assert "option httpchk GET /_stcore/health" in text
        assert "bind :18000" in text
    for name in ("as-is", "ready", "streamlit"):
        done = subprocess.run([binary, "-c", "-f", str(tmp_path / f"{name}.cfg")], capture_output=True, text=True)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    for needed in ("ip_hash", "proxy_set_header Upgrade $http_upgrade", "proxy_set_header Connection",
                   "proxy_read_timeout", "proxy_http_version 1.1"):
        assert needed in nginx, needed


# --- through the balancer, in Chromium --------------------------------------------------------


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    return context, context.new_page()


def _shows_data(page, what: str, district: str | None = None, timeout: float = 90) -> str:
    """Wait until the overview shows its title and a KPI value (and the district in its
    scope line); return the page's text, checked free of tracebacks and driver errors."""
    page.wait_for_function(
        """([title, district]) => {
            const h = document.querySelector('h1');
            const kpi = document.querySelector('.ntm-kpi-value');
            const scope = document.querySelector('.ntm-scope');
            return h && h.innerText.includes(title) && kpi && /\\d/.test(kpi.innerText)
                && (!district || (scope && scope.innerText.includes(district)))
                && !document.querySelector('[data-testid=stStatusWidget]'); }""",
        arg=[TITLE, district], timeout=timeout * 1000)
    wait_idle(page)
    return _clean(page, what)


def _clean(page, what: str) -> str:
    body = page.locator("body").inner_text()
    assert page.locator("[data-testid=stException]").count() == 0, (what, body[:600])
    assert "Traceback" not in body and "psycopg" not in body, (what, body[:600])
    return body


def _serverid(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == "SERVERID"), None)


@pytest.mark.browser
def test_the_overview_is_served_through_haproxy_with_a_sticky_cookie(launched, browser):
    assert {n: s.split()[0] for n, s in launched.states().items()} == {"r1": "UP", "r2": "UP"}
    context, page = _open(browser, launched.url)
    try:
        page.goto(launched.url + "/")
        _shows_data(page, "overview through the balancer")
        cookie = next(c for c in context.cookies() if c["name"] == "SERVERID")
        assert cookie["value"] in launched.replicas and cookie["httpOnly"], cookie
        # Sticky: every later request of this visitor goes to the replica its cookie names
        # (`indirect`: the replica never sees the cookie, and each answer says who served it).
        page.reload()
        _shows_data(page, "overview reloaded")
        assert _serverid(context) == cookie["value"]
    finally:
        context.close()


@pytest.mark.browser
def test_the_visitors_replica_killed_the_page_comes_back_from_another_with_its_filters(launched, browser):
    context, page = _open(browser, launched.url)
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws) if "/_stcore/stream" in ws.url else None)
    try:
        page.goto(f"{launched.url}/?d={DISTRICT}")
        _shows_data(page, "overview of one district", DISTRICT_NAME)
        victim = _serverid(context)
        assert victim in launched.replicas
        before = len(sockets)
        os.kill(launched.replicas[victim]["pid"], signal.SIGKILL)
        # Streamlit's page reconnects by itself: a new websocket, which HAProxy sends to another
        # replica (it ignores the cookie of a replica that is down, or redispatches the refused
        # connection); there the page runs again from its URL, filters included.
        try:
            # (page.evaluate lets Playwright deliver the websocket events meanwhile)
            _until(lambda: page.evaluate("1") and len(sockets) > before and not sockets[-1].is_closed(),
                   "a new websocket", 30)
            _shows_data(page, "after the replica died, reconnected", DISTRICT_NAME, timeout=30)
            how = "reconnected"
        except AssertionError as e:  # the visitor reloads, as one would
            print(f"no reconnection ({e}); reloading")
            page.reload()
            _shows_data(page, "after the replica died, reloaded", DISTRICT_NAME)
            how = "reloaded"
        print(f"visitor of {victim}: {how}")
        _until(lambda: launched.states()[victim].startswith("DOWN"), f"{victim} down at HAProxy", 30)
        assert f"d={DISTRICT}" in page.url, page.url
        page.reload()  # a fresh request: the cookie now names the replica that serves the visitor
        _shows_data(page, "reloaded on the other replica", DISTRICT_NAME)
        assert _serverid(context) not in (None, victim), _serverid(context)
        _until(lambda: any(f"replica {victim} " in line and "exited" in line for line in launched.lines),
               "the launcher reporting the replica gone", 10)
    finally:
        context.close()


@pytest.mark.browser
def test_postgresql_stopped_and_started_behind_the_balancer(launched, browser):
    """While the shared store is down the balancer and the page keep answering, with the
    outage banner and without a traceback; once it is back the page shows data again."""
    assert launched.pg, "the launcher started its own PostgreSQL"
    context, page = _open(browser, launched.url)
    banner = t("store.down.banner", "vi", version="").split(" — ")[0]
    try:
        page.goto(launched.url + "/")
        _shows_data(page, "overview before the outage")
        launched.pg.stop()
        try:
            assert _status(launched.url + "/_stcore/health") == 200, "the balancer answers"
            time.sleep(1.5)  # past NTM_POINTER_TTL, so the next run asks the store (not an assertion)
            page.reload()
            page.wait_for_function("() => document.querySelector('h1') || document.querySelector('[data-testid=stException]')",
                                   timeout=60_000)
            wait_idle(page)
            page.get_by_text(banner).first.wait_for(timeout=60_000)
            _clean(page, "overview while PostgreSQL is down")
        finally:
            launched.pg.start()
        assert _status(launched.url + "/_stcore/health") == 200
        page.reload()
        body = _shows_data(page, "overview after PostgreSQL is back")
        page.wait_for_function("t => !document.body.innerText.includes(t)", arg=banner, timeout=60_000)
        assert banner not in page.locator("body").inner_text(), body[:600]
    finally:
        context.close()


def _has_readiness_endpoint(launched) -> bool:
    """Whether ntm.serve answers GET /live on the NTM_HEALTH_PORT the launcher gave a running replica."""
    for r in launched.replicas.values():
        try:
            env = Path(f"/proc/{r['pid']}/environ").read_bytes().split(b"\0")
            port = int(next(e for e in env if e.startswith(b"NTM_HEALTH_PORT=")).split(b"=", 1)[1])
        except (OSError, StopIteration, ValueError):
            continue
        if _status(f"http://127.0.0.1:{r['port']}/_stcore/health") == 200:
            return _status(f"http://127.0.0.1:{port}/live") == 200
    return False


def test_ready_mode_checks_each_replicas_ready_endpoint(launched, tmp_path):
    """The default health check (`ready`): HAProxy asks GET /ready on each replica's health port.
    """
    assert _has_readiness_endpoint(launched), "ntm.serve answers GET /live on its NTM_HEALTH_PORT"
    env = dict(os.environ, NTM_STORE=launched.pg.base + "/ntm", NTM_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("NTM_HEALTH_CHECK", None)
    c = Launched(["--replicas", "1"], env)
    try:
        config = Path(c.config).read_text()
        assert "option httpchk GET /ready" in config
        assert re.search(r"server r1 127\.0\.0\.1:\d+ check port \d+ cookie r1", config), config
        assert c.states()["r1"].startswith("UP")
        assert c.replicas["r1"]["health"].endswith("/ready")
        assert _status(c.replicas["r1"]["health"]) == 200
        assert _status(c.url + "/_stcore/health") == 200
    finally:
        assert c.stop() == 0


def test_sigterm_stops_everything_the_launcher_started(launched):
    """Last: SIGTERM stops the replicas, HAProxy and the temporary PostgreSQL, and removes
    its folders."""
    pids = [r["pid"] for r in launched.replicas.values()] + [launched.haproxy_pid]
    work = Path(launched.config).parent
    assert launched.stop() == 0, "\n".join(launched.lines)
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text(), pid
    assert not launched.pg.folder.exists() and not work.exists()
    assert _status(launched.url + "/_stcore/health") is None
