"""One contract, two backends: the local folder and PostgreSQL pass the same tests."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ntm import queries
from ntm.ingest import commit, restore
from ntm.schema import LOAD_ORDER
from ntm.store import SAMPLE_DIR, Blob, NoChange, Store, load_database, read_dataset

from conftest import write_dataset

GOOD = "year,commune_code,criterion_id,met\n2021,C1,1,1\n2021,C2,1,0\n".encode()


@pytest.fixture(params=["local", "postgres"])
def any_store(request, tmp_path, monkeypatch):
    """An empty store of each backend, configured as the app's store."""
    if request.param == "local":
        monkeypatch.delenv("NTM_STORE", raising=False)
        monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "store"))
        return Store(tmp_path / "store")
    url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("NTM_STORE", url)
    monkeypatch.setenv("NTM_CACHE_DIR", str(tmp_path / "cache"))
    return Store(url)


@pytest.fixture
def with_fixture(any_store, tmp_path):
    """The store holding the hand-computed fixture as version 1."""
    any_store.add_version(write_dataset(tmp_path / "src"), author="test", source="fixture")
    return any_store


def env_of(store: Store) -> dict:
    key = "NTM_STORE" if store.location.startswith("postgres") else "NTM_DATA_DIR"
    env = {k: v for k, v in os.environ.items() if k not in ("NTM_STORE", "NTM_DATA_DIR")}
    return dict(env, **{key: store.location})


def test_store_opens_by_its_location(any_store):
    assert type(Store(any_store.location)) is type(any_store)
    assert type(Store()) is type(any_store)  # the configured one


def test_first_use_seeds_from_the_bundled_sample(any_store):
    assert any_store.ids() == []
    v = any_store.active()
    assert v.id == "000001" and v.bundled_sample and v.sample and v.schema_version == 3
    for name in LOAD_ORDER:  # a dataset without a bundled file is stored empty
        sample = SAMPLE_DIR / f"{name}.csv"
        rows = sum(1 for _ in open(sample, encoding="utf-8")) - 1 if sample.is_file() else 0
        assert len(read_dataset(v, name)) == rows
    assert any_store.active().id == "000001"  # seeded once


def test_unchanged_datasets_are_shared_between_versions(with_fixture, tmp_path):
    first = with_fixture.active()
    files = with_fixture.dataset_files(first)
    assert all(isinstance(f, Blob) for f in files.values())
    files["phases"] = write_dataset(tmp_path / "v2", {"phases": [
        ["phase_id", "name_vi", "name_en", "start_year", "end_year"], ["P1", "GĐ", "P", "2014", "2019"]]})["phases"]
    second = with_fixture.add_version(files, author="an", source="upload")
    assert second.id == "000002" and with_fixture.active_id() == "000002"
    same = {n for n in LOAD_ORDER if first.files[n] == second.files[n]}
    assert same == set(LOAD_ORDER) - {"phases"}
    assert queries.run(load_database(second), "phases")["phase_id"].tolist() == ["P1"]
    assert queries.run(load_database(first), "phases")["phase_id"].tolist() == ["P1", "P2", "P3"]


def test_nothing_new_stores_nothing(with_fixture):
    v = with_fixture.active()
    with pytest.raises(NoChange):
        with_fixture.add_version(with_fixture.dataset_files(v), author="an", source="upload")
    assert with_fixture.ids() == ["000001"]


def test_upload_keeps_the_original_bytes_and_restore_brings_back_the_rows(with_fixture):
    report, v2 = commit(with_fixture, "criteria_status", GOOD, "moi.csv", author="lan")
    assert v2 and report.new == 2
    assert with_fixture.attachment(v2, "upload/moi.csv") == GOOD
    assert 2021 in set(read_dataset(v2, "criteria_status")["year"])
    v3 = restore(with_fixture, "000001", author="lan")
    assert v3.files == with_fixture.version("000001").files and v3.source == "restore"
    assert with_fixture.active_id() == "000003"


def test_a_damaged_blob_is_never_served(with_fixture, tmp_path):
    first = with_fixture.active()
    report, v2 = commit(with_fixture, "criteria_status", GOOD, "moi.csv", author="lan")
    digest = v2.files["criteria_status"]
    if with_fixture.location.startswith("postgres"):
        import psycopg
        with psycopg.connect(with_fixture.location, autocommit=True) as con:
            con.execute("update ntm_blob set data = substring(data from 1 for 10) where sha256 = %s", (digest,))
    else:
        path = with_fixture.blob_path(digest)
        path.write_bytes(path.read_bytes()[:10])
    resolved = with_fixture.resolve()
    assert resolved.version.id == first.id and resolved.damaged == ("000002",)
    assert [v["ok"] for v in with_fixture.check()["versions"]] == [True, False]
    restore(with_fixture, first.id, author="lan")  # recovers; nothing deleted
    assert with_fixture.resolve().problems == () and with_fixture.ids() == ["000001", "000002", "000003"]


def test_the_sample_never_replaces_an_upload(any_store, monkeypatch, tmp_path):
    import shutil
    import ntm.store.base as base
    any_store.active()
    up = ("year,commune_code,criterion_id,met\n" + "".join(f"2019,05614,{k},0\n" for k in range(1, 20))).encode()
    assert commit(any_store, "criteria_status", up, "x.csv", author="an")[1]
    newer = tmp_path / "newer"
    shutil.copytree(SAMPLE_DIR, newer)
    with open(newer / "phases.csv", "a", encoding="utf-8") as fh:
        fh.write("2031-2035,Giai đoạn 2031–2035,Phase 2031–2035,2031,2035,51-2025\n")
    monkeypatch.setattr(base, "SAMPLE_DIR", newer)
    assert any_store.refresh_sample() is None and any_store.ids() == ["000001", "000002"]


def test_an_untouched_sample_takes_a_newer_release(any_store, monkeypatch, tmp_path):
    import shutil
    import ntm.store.base as base
    any_store.active()
    newer = tmp_path / "newer"
    shutil.copytree(SAMPLE_DIR, newer)
    with open(newer / "phases.csv", "a", encoding="utf-8") as fh:
        fh.write("2031-2035,Giai đoạn 2031–2035,Phase 2031–2035,2031,2035,51-2025\n")
    monkeypatch.setattr(base, "SAMPLE_DIR", newer)
    v2 = any_store.refresh_sample()
    assert v2.id == "000002" and v2.bundled_sample
    assert v2.files["criteria_status"] == any_store.version("000001").files["criteria_status"]


def _import(store: Store, path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ntm", "import", "criteria_status", str(path)],
                            env=env_of(store), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_concurrent_writers_are_serialised_and_nothing_is_lost(with_fixture, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_POINTER_TTL", "0")  # read the pointer the other processes moved, now
    files = []
    for i in range(4):
        path = tmp_path / f"up{i}.csv"
        path.write_text("year,commune_code,criterion_id,met\n" + "".join(
            f"{2030 + i},C{c},{k},1\n" for c in (1, 2, 3) for k in range(1, 20)), encoding="utf-8")
        files.append(path)
    procs = [_import(with_fixture, p) for p in files]
    assert [p.wait(180) for p in procs] == [0, 0, 0, 0], [p.stderr.read() for p in procs]
    assert with_fixture.ids() == [f"{i:06d}" for i in range(1, 6)]
    years = set(read_dataset(with_fixture.active(), "criteria_status")["year"])
    assert {2030, 2031, 2032, 2033} <= years  # every writer's rows are in the last version


def test_another_replica_follows_a_commit_within_seconds(with_fixture):
    """A second process (a replica) holding the store open sees a commit made elsewhere."""
    code = ("import sys, time\nfrom ntm.store import Store\ns = Store()\nprint(s.active_id(), flush=True)\n"
            "sys.stdin.readline()\nt0 = time.time()\n"
            "while s.active_id() != '000002' and time.time() - t0 < 10: time.sleep(0.1)\n"
            "print(s.active_id(), round(time.time() - t0, 1), flush=True)\n")
    replica = subprocess.Popen([sys.executable, "-c", code], env=dict(env_of(with_fixture), NTM_POINTER_TTL="1"),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert replica.stdout.readline().strip() == "000001"
    commit(with_fixture, "criteria_status", GOOD, "moi.csv", author="lan")
    replica.stdin.write("\n")
    replica.stdin.flush()
    seen, seconds = replica.stdout.readline().split()
    replica.wait(20)
    assert seen == "000002" and float(seconds) <= 3


def test_a_replica_fetches_each_blob_once(pg_url, tmp_path, monkeypatch):
    from ntm.store.postgres import PostgresStore
    monkeypatch.setenv("NTM_CACHE_DIR", str(tmp_path / "cache"))
    store = Store(pg_url)
    store.add_version(write_dataset(tmp_path / "src"), author="test", source="fixture")
    fetched = []
    real = PostgresStore._fetch
    monkeypatch.setattr(PostgresStore, "_fetch", lambda self, d: fetched.append(d) or real(self, d))
    load_database(store.active())
    load_database(Store(pg_url).active())
    assert len(fetched) == len(set(fetched)) == len(LOAD_ORDER)


def test_an_analyst_added_once_signs_in_on_every_replica(pg_url, monkeypatch, tmp_path):
    """`ntm add-analyst` writes to the shared store; another process (replica) signs in with it,
    and the secrets file of the machine is not used."""
    from ntm import auth
    monkeypatch.setenv("NTM_STORE", pg_url)
    env = dict(os.environ, NTM_STORE=pg_url)
    added = subprocess.run([sys.executable, "-m", "ntm", "add-analyst", "lan", "--password-stdin"], env=env,
                           input="matkhau123\n", capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    assert not auth.secrets_path().exists()
    code = ("from ntm import auth\nprint(bool(auth.sign_in('lan', 'matkhau123', client='a')), "
            "bool(auth.sign_in('lan', 'sai-mat-khau', client='a')))")
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert other.stdout.split() == ["True", "False"], other.stderr
    assert list(auth.analysts()) == ["lan"]


def test_sign_in_throttling_is_shared_by_replicas(pg_url, monkeypatch):
    """Failures counted by one replica lock the name on another."""
    from ntm import auth
    from ntm.throttle import PostgresThrottle, Rule
    monkeypatch.setenv("NTM_STORE", pg_url)
    Store(pg_url).put_account("lan", auth.hash_password("matkhau123", 1000))
    rule = Rule(free=3, base=600, longest=600, forget=3600)
    one, two = (PostgresThrottle(pg_url, name_rule=rule, client_rule=rule) for _ in range(2))
    for _ in range(3):
        assert not auth.sign_in("lan", "sai", client="x", throttle=one)
    refused = auth.sign_in("lan", "matkhau123", client="y", throttle=two)
    assert not refused and refused.wait > 500
