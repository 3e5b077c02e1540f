"""The readiness answer a load balancer uses (``GET /ready`` on the health port), and /live."""
import urllib.error
import urllib.request

import pytest

from ntm import serve, startup


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def endpoint():
    reachable = {"now": True}
    health = serve.Health(reachable=lambda: reachable["now"])
    server = serve.health_server(health, 0, "127.0.0.1")
    yield health, reachable, server.server_address[1]
    server.shutdown()
    server.server_close()


def test_not_ready_then_ready_then_degraded_then_ready(endpoint):
    health, reachable, port = endpoint
    assert _get(port, "/ready") == (503, "not ready")  # no version loaded yet
    assert _get(port, "/live") == (200, "ok")
    health.loaded.set()
    assert _get(port, "/ready") == (200, "ready")
    reachable["now"] = False  # serving its kept version while the store is unreachable
    assert _get(port, "/ready") == (200, "degraded")
    reachable["now"] = True
    assert _get(port, "/ready") == (200, "ready")
    assert _get(port, "/other")[0] == 404


def test_a_failing_store_check_is_degraded_not_an_error(endpoint):
    health, _, port = endpoint
    health._reachable = lambda: 1 / 0
    health.loaded.set()
    assert _get(port, "/ready") == (200, "degraded")


@pytest.mark.parametrize("argv, env, port", [
    ([], {}, 9501),
    (["--server.port", "8600"], {}, 9600),
    (["--server.port=8700", "--server.headless", "true"], {}, 9700),
    (["--server.port", "8600"], {"NTM_HEALTH_PORT": "7000"}, 7000),
])
def test_health_port(argv, env, port, monkeypatch):
    monkeypatch.delenv("NTM_HEALTH_PORT", raising=False)
    monkeypatch.delenv("STREAMLIT_SERVER_PORT", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert serve.health_port(argv) == port


def test_first_version_waits_for_a_store_that_answers(monkeypatch):
    """Started while the store is down with nothing kept: not ready, tried again, then ready."""
    from ntm.store import StoreUnavailable

    answers = iter([StoreUnavailable(), StoreUnavailable(), ("loc", "000003")])

    def resolve():
        got = next(answers)
        if isinstance(got, Exception):
            raise got
        return got

    class NoKept:
        location = "loc"

        def last_resolved(self):
            return None

    warmed, waits = [], []
    monkeypatch.setattr(startup, "_resolve", resolve)
    monkeypatch.setattr(startup, "Store", NoKept)
    monkeypatch.setattr(startup, "_prewarm", lambda loc, vid: warmed.append((loc, vid)))
    health = startup.Health(reachable=lambda: True)

    def wait(seconds):
        assert health.ready() == (503, "not ready")
        waits.append(seconds)

    startup._first_version(health, retry=wait)
    assert warmed == [("loc", "000003")] and len(waits) == 2 and health.ready() == (200, "ready")


def test_a_kept_version_is_served_at_once_and_the_store_tried_until_it_answers(monkeypatch):
    """Started during the outage with a version kept: degraded-ready at once; the sample rule
    (in `_resolve`) still runs once the store answers."""
    from ntm.store import StoreUnavailable

    answers = iter([StoreUnavailable(), StoreUnavailable(), ("loc", "000002")])
    resolved = []

    def resolve():
        got = next(answers)
        if isinstance(got, Exception):
            raise got
        resolved.append(got)
        return got

    class Kept:
        location = "loc"

        def last_resolved(self):
            return type("R", (), {"version": type("V", (), {"id": "000002"})})()

    warmed, waits = [], []
    monkeypatch.setattr(startup, "_resolve", resolve)
    monkeypatch.setattr(startup, "Store", Kept)
    monkeypatch.setattr(startup, "_prewarm", lambda loc, vid: warmed.append(vid))
    health = startup.Health(reachable=lambda: False)

    def wait(seconds):
        assert health.ready() == (200, "degraded")  # serving the kept version meanwhile
        waits.append(seconds)

    startup._first_version(health, retry=wait)
    assert resolved == [("loc", "000002")] and len(waits) == 2 and warmed[0] == "000002"
