"""Crashes and concurrent writers: the store always opens at a whole version, nothing is lost."""
import os
import random
import signal
import subprocess
import sys
import time

from ntm.store import Store, load_database

HEAD = "year,commune_code,criterion_id,met\n"


def run_import(store_root, path, wait=True):
    env = dict(os.environ, NTM_DATA_DIR=str(store_root))
    proc = subprocess.Popen([sys.executable, "-m", "ntm", "import", "criteria_status", str(path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if wait:
        proc.wait(120)
    return proc


def big_file(tmp_path, year, rows=60_000):
    """A file large enough that an import takes a noticeable time (many fictitious years)."""
    path = tmp_path / f"status-{year}.csv"
    lines = [HEAD] + [f"{year + i // 95},C{1 + (i // 19) % 5},{1 + i % 19},{i % 2}\n" for i in range(rows)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_killed_imports_leave_a_whole_version(fixture_store, tmp_path):
    path = big_file(tmp_path, 2030)
    t0 = time.time()
    run_import(fixture_store.root, path)  # one full run to learn how long an import takes
    duration = time.time() - t0
    rng = random.Random(7)
    for _ in range(8):
        before = fixture_store.active_id()
        proc = run_import(fixture_store.root, path, wait=False)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = Store(fixture_store.root)
        after = store.active_id()
        assert after in (before, f"{int(before) + 1:06d}")
        version = store.active()
        db = load_database(version)  # every dataset of the active version is whole and readable
        assert len(db.table("criteria_status").df()) > 0
        for v in store.versions():
            assert set(store.manifest(v.id)["files"]) >= {"criteria_status", "communes"}


def test_two_imports_at_once_are_both_recorded(fixture_store, tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text(HEAD + "2040,C1,1,1\n", encoding="utf-8")
    b.write_text(HEAD + "2041,C2,2,1\n", encoding="utf-8")
    procs = [run_import(fixture_store.root, p, wait=False) for p in (a, b)]
    for p in procs:
        assert p.wait(120) == 0, p.stderr.read()
    store = Store(fixture_store.root)
    assert [v.id for v in store.versions()] == ["000001", "000002", "000003"]
    df = load_database(store.active()).table("criteria_status").df()
    assert {2040, 2041} <= set(df["year"])  # the second merge saw the first


def test_app_and_cli_write_through_the_same_lock(fixture_store, tmp_path):
    from ntm.ingest import commit
    b = tmp_path / "b.csv"
    b.write_text(HEAD + "2042,C3,3,1\n", encoding="utf-8")
    with fixture_store.lock():  # the app holds the lock: the CLI waits for it
        proc = run_import(fixture_store.root, b, wait=False)
        time.sleep(1.0)
        assert proc.poll() is None
        commit(fixture_store, "criteria_status", (HEAD + "2043,C1,4,1\n").encode(), "app.csv", author="lan")
    assert proc.wait(60) == 0
    df = load_database(Store(fixture_store.root).active()).table("criteria_status").df()
    assert {2042, 2043} <= set(df["year"])


def _limited_file_size(limit: int):
    """For a child process: files larger than `limit` bytes cannot be written (as on a full disk,
    the write fails with an error instead of the process being killed)."""
    import resource

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def _store_state(root) -> dict:
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*")) if p.is_file()
            and p.name != ".lock"}


def test_an_import_on_a_full_disk_says_so_in_one_line_and_changes_nothing(fixture_store, tmp_path):
    path = tmp_path / "status-2040s.csv"  # 60 years of every commune and criterion: a blob over the limit
    path.write_text(HEAD + "".join(f"{y},C{c},{k},{(y * c * k) % 3 % 2}\n" for y in range(2040, 2100)
                                   for c in range(1, 6) for k in range(1, 20)), encoding="utf-8")
    before, files = fixture_store.active_id(), _store_state(fixture_store.root)
    env = dict(os.environ, NTM_DATA_DIR=str(fixture_store.root), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-m", "ntm", "import", "criteria_status", str(path)], env=env,
                          capture_output=True, text=True, timeout=300, preexec_fn=_limited_file_size(4_000))
    assert done.returncode == 4, (done.returncode, done.stdout, done.stderr)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Không ghi được phiên bản mới" in lines[0], done.stderr
    assert "Traceback" not in done.stderr and str(fixture_store.root) not in done.stderr
    store = Store(fixture_store.root)
    assert store.active_id() == before
    assert _store_state(fixture_store.root) == files  # no blob, version or temporary file left behind
    assert store.leftovers() == []
    # With room again the same import goes in.
    again = run_import(fixture_store.root, path)
    assert again.returncode == 0, again.stderr.read()
    assert Store(fixture_store.root).active_id() == f"{int(before) + 1:06d}"
