"""The shared store unreachable (PostgreSQL stopped or hung) is a degraded mode, not an error:
`StoreUnavailable` within the timeout, the last version still served, writes refused whole,
the CLI in one line, and everything back by itself when the server is."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import pg
from conftest import write_dataset
from ntm.store import Store, StoreUnavailable
from ntm.store import postgres


def until(condition, timeout: float = 20.0, step: float = 0.1):
    """Wait for `condition()` to be truthy; return it (fails the test after `timeout` s)."""
    deadline = time.monotonic() + timeout
    while True:
        got = condition()
        if got:
            return got
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {condition}")
        time.sleep(step)


def _forget_process_state():
    postgres._gates.clear()
    postgres._pointer.clear()
    postgres._last.clear()
    postgres._manifests.clear()
    for con in getattr(postgres._local, "conns", {}).values():
        con.close()
    postgres._local.conns = {}


@pytest.fixture
def cluster(monkeypatch, tmp_path):
    """A PostgreSQL server of this test's own (stopped, hung and started again), reads timing
    out after 2 s, the pointer read on every resolve, the blob cache under tmp_path."""
    if not pg.available():
        pytest.skip("PostgreSQL not installed: apt-get install postgresql")
    monkeypatch.setenv("NTM_STORE_TIMEOUT", "2")
    monkeypatch.setenv("NTM_POINTER_TTL", "0")
    monkeypatch.setenv("NTM_CACHE_DIR", str(tmp_path / "cache"))
    _forget_process_state()
    c = pg.Cluster()
    c.start()
    try:
        yield c
    finally:
        c.remove()
        _forget_process_state()


@pytest.fixture
def served(cluster, tmp_path, monkeypatch):
    """A store holding the fixture as version 2 (after the seeded sample), served once."""
    url = cluster.new_database()
    monkeypatch.setenv("NTM_STORE", url)
    store = Store(url)
    store.resolve()
    store.add_version(write_dataset(tmp_path / "src"), author="test", source="fixture")
    resolved = store.resolve()
    for name in resolved.version.files:  # its datasets in the local cache, as a page run leaves them
        resolved.version.dataset_path(name)
    return store


def _probe(store) -> float:
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailable):
        store.resolve()
    return time.monotonic() - t0


def test_stopped_server_is_store_unavailable_and_the_last_version_is_still_served(served, cluster):
    from ntm import web

    assert web.begin_run().version.id == "000002" and not web.store_down()
    cluster.stop()
    assert _probe(served) < 5
    assert _probe(served) < 2  # remembered: no new attempt from every run (well under the timeout)
    resolved = web.begin_run()  # the web layer serves what it served before, and says so
    assert resolved.version.id == "000002" and web.store_down()
    assert not served.reachable
    db = web.database(served.location, resolved.version.id)  # its data are local
    assert db.execute("select count(*) from communes").fetchone()[0] == 5


def test_hung_server_fails_within_the_timeout_and_recovers(served, cluster):
    pid = cluster.postmaster_pid()
    _forget_process_state()  # a new session: no connection to reuse, so a new one is needed
    os.kill(pid, signal.SIGSTOP)
    try:
        store = Store(served.location)
        assert _probe(store) < 10  # NTM_STORE_TIMEOUT=2: not the 45 s+ of no timeout
    finally:
        os.kill(pid, signal.SIGCONT)
    # Back: the next runs read fresh, within seconds (the probe ends the back-off).
    assert until(lambda: _resolves(store)).version.id == "000002"


def _resolves(store):
    try:
        return store.resolve()
    except StoreUnavailable:
        return None


def test_restarted_server_gives_fresh_reads_without_a_restart(served, cluster, tmp_path):
    cluster.stop()
    assert _probe(served) < 5
    cluster.start()
    t0 = time.monotonic()
    until(lambda: _resolves(served), timeout=10)
    assert time.monotonic() - t0 < 5  # quick once it is back, even after a failed attempt or two
    other = Store(served.location)  # another replica writes; this one sees it
    other.add_version(write_dataset(tmp_path / "src3", {"districts": [
        ["district_code", "district_name", "district_type", "lat", "lon"], ["D1", "Huyện Mới", "Huyện", "", ""],
        ["D2", "Thành phố B", "Thành phố", "", ""], ["D3", "Huyện C", "Huyện", "", ""]]}),
        author="test", source="fixture")
    assert served.resolve().version.id == "000003"


def test_a_write_during_the_outage_is_refused_and_leaves_nothing(served, cluster, tmp_path):
    before = served.ids()
    cluster.stop()
    files = write_dataset(tmp_path / "src2", {"communes": [["commune_code", "commune_name", "district_code"],
                                                           ["C1", "Xã Một", "D1"]]})
    with pytest.raises(StoreUnavailable):
        served.add_version(files, author="test", source="fixture")
    with pytest.raises(StoreUnavailable):
        served.put_account("lan", "x")
    cluster.start()
    store = Store(served.location)
    assert until(lambda: _resolves(store)).version.id == before[-1]
    assert store.ids() == before and store.accounts() == {}
    assert not store.check()["problems"]


def test_a_write_cut_off_midway_stores_nothing(served, cluster, tmp_path, monkeypatch):
    """The server going away between the blobs and the pointer: the transaction is lost whole."""
    before = served.ids()
    real = postgres.PostgresStore._connect

    def dying(self, autocommit=True, statement_timeout=None):
        con = real(self, autocommit, statement_timeout)
        if not autocommit:  # the publishing transaction: the server stops after the first statement
            execute = con.execute
            calls = []

            def execute_then_stop(*a, **k):
                calls.append(1)
                if len(calls) == 2:
                    cluster.stop()
                return execute(*a, **k)
            con.execute = execute_then_stop
        return con

    monkeypatch.setattr(postgres.PostgresStore, "_connect", dying)
    files = write_dataset(tmp_path / "src2", {"communes": [["commune_code", "commune_name", "district_code"],
                                                           ["C1", "Xã Một", "D1"]]})
    with pytest.raises(StoreUnavailable):
        served.add_version(files, author="test", source="fixture")
    monkeypatch.undo()
    cluster.start()
    store = Store(served.location)
    until(lambda: _resolves(store))
    assert store.ids() == before and store.active_id() == before[-1]


def _cli(*args, url, cache):
    env = dict(os.environ, NTM_STORE=url, NTM_STORE_TIMEOUT="2", NTM_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-m", "ntm", *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("args", [["history"], ["check"], ["import", "communes", "FILE"]])
def test_cli_during_the_outage_says_one_line(served, cluster, tmp_path, args):
    (tmp_path / "communes.csv").write_text("commune_code,commune_name,district_code\nC1,Xã Một,D1\n", encoding="utf-8")
    args = [str(tmp_path / "communes.csv") if a == "FILE" else a for a in args]
    cluster.stop()
    out = _cli(*args, url=served.location, cache=tmp_path / "cache")
    text = out.stdout + out.stderr
    assert out.returncode != 0
    assert len(text.strip().splitlines()) == 1, text
    assert "kho dữ liệu chung" in text
    for leak in ("Traceback", "psycopg", "127.0.0.1", str(cluster.port), "/", ".py"):
        assert leak not in text.replace("NTM_STORE", ""), (leak, text)


def test_a_fresh_process_serves_the_kept_version(served, cluster, tmp_path):
    """The version served is kept in the cache folder: a process started during the outage finds it."""
    kept = json.loads((served.cache_dir / "last.json").read_text(encoding="utf-8"))
    assert kept["version"] == "000002"
    cluster.stop()
    code = ("from ntm.store import Store, StoreUnavailable\n"
            "s = Store()\n"
            "try:\n    s.resolve(); print('reachable?')\n"
            "except StoreUnavailable:\n    r = s.last_resolved(); print(r.version.id, r.version.author)\n")
    env = dict(os.environ, NTM_STORE=served.location, NTM_STORE_TIMEOUT="2", NTM_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["000002", "test"], out.stderr
    # With no cache, nothing to serve (and no traceback: StoreUnavailable, handled by the caller).
    env["NTM_CACHE_DIR"] = str(tmp_path / "empty-cache")
    out = subprocess.run([sys.executable, "-c", code.replace("r.version.id, r.version.author", "r")],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.stdout.split() == ["None"], out.stderr


def test_a_down_server_is_not_tried_from_every_run(served, cluster, monkeypatch):
    cluster.stop()
    calls = []
    real = postgres.psycopg.connect
    monkeypatch.setattr(postgres.psycopg, "connect", lambda *a, **k: calls.append(1) or real(*a, **k))
    t0 = time.monotonic()
    for _ in range(20):
        with pytest.raises(StoreUnavailable):
            served.resolve()
    # One real attempt, then one more at most per second of back-off gone by (1 s, 2, 4 …): the
    # other runs fail at once. Without the back-off every run would try (20).
    assert 1 <= len(calls) <= 1 + int(time.monotonic() - t0), calls


def test_back_off_grows_to_its_cap_and_the_log_masks_the_password(monkeypatch, caplog):
    monkeypatch.setenv("NTM_STORE_RETRY_MAX", "30")
    g = postgres._Gate("postgresql://lan:s3cret@127.0.0.1:1/ntm")
    delays = []
    with caplog.at_level("WARNING", logger="ntm"):
        for _ in range(7):
            g.failed(Exception("connection to postgresql://lan:s3cret@127.0.0.1:1/ntm failed"))
            delays.append(round(g.retry_at - time.monotonic()))
    assert delays == [1, 2, 4, 8, 16, 30, 30]
    assert "s3cret" not in caplog.text and "lan:***@" in caplog.text
    with pytest.raises(StoreUnavailable):  # within the delay, nothing answering at port 1: at once
        g.before()
    g.succeeded()
    g.before()  # reachable again: the next attempt goes through


def test_a_statement_past_the_timeout_is_store_unavailable(served, cluster):
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailable):
        served._rows("select pg_sleep(30)")
    assert time.monotonic() - t0 < 10  # NTM_STORE_TIMEOUT=2, twice (one fresh try)
    # A write waits longer than a read (NTM_STORE_WRITE_TIMEOUT): the lock's connection allows it.
    with served.lock():
        assert served._lock_conn.execute("show statement_timeout").fetchone()[0] == "1min"
