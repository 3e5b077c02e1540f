"""The store under restarts, damage and old versions: uploads are never undone, a damaged
version is never served, nothing is deleted, and a version of an earlier schema still loads."""
import json
import os
import shutil
import stat
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from journey_helpers import kpis
from ntm import queries
from ntm.ingest import commit, restore
from ntm.schema import LOAD_ORDER
from ntm.store import SAMPLE_DIR, DamagedVersion, NoChange, Store, load_database

FIXTURES = Path(__file__).parent / "fixtures"
# 2021 results for three communes of Phú Lương (district 168), criteria 1-19 met.
UPLOAD = ("year,commune_code,criterion_id,met\n"
          + "".join(f"2019,{c},{k},0\n" for c in ("05614", "05617", "05620") for k in range(1, 20))).encode()


def history(store: Store) -> list[tuple]:
    return [(v.id, v.source, v.author) for v in store.versions()]


def uploaded(store: Store) -> Store:
    store.active()  # seeded from the sample
    report, version = commit(store, "criteria_status", UPLOAD, "vo-nhai-2021.csv", author="an")
    assert version is not None, report.problems
    return store


def cli(store: Store, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, NTM_DATA_DIR=str(store.root))
    return subprocess.run([sys.executable, "-m", "ntm", *args], env=env, capture_output=True, text=True, timeout=120)


# -- 1. a server start never undoes an upload -------------------------------------------

def test_server_start_and_page_keep_an_upload_over_the_sample(sample_store):
    """Upload merged into the sample, then a real server start and a page opened."""
    from ntm.bench.browser import serve
    store = uploaded(sample_store)
    before = history(store)
    from streamlit.testing.v1 import AppTest
    with serve(Path(__file__).resolve().parent.parent / "app.py", {"NTM_DATA_DIR": str(store.root)}) as (url, _):
        page = urllib.request.urlopen(url + "/", timeout=30).read()
        assert page  # the server answered
    # Starting the server ran Store.refresh_sample(); running every page reads only.
    for name in ("overview", "phases", "data"):
        at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
        at.run()
        if name != "overview":
            at.switch_page(f"pages/{name}.py").run()
        assert not at.exception
    assert history(store) == before and store.active_id() == before[-1][0]


@pytest.mark.parametrize("damage", ["delete", "empty", "garbage"])
def test_a_lost_pointer_serves_the_newest_version_and_writes_nothing(sample_store, damage):
    store = uploaded(sample_store)
    before = history(store)
    pointer = store.root / "ACTIVE"
    if damage == "delete":
        pointer.unlink()
    else:
        pointer.write_text("" if damage == "empty" else "999999\n")
    resolved = store.resolve()
    assert resolved.version.id == before[-1][0] and resolved.problems
    assert store.refresh_sample() is None
    assert history(store) == before


def test_a_newer_sample_replaces_only_an_untouched_sample(sample_store, tmp_path, monkeypatch):
    import ntm.store as store_mod
    newer = tmp_path / "newer"
    shutil.copytree(SAMPLE_DIR, newer)
    with open(newer / "phases.csv", "a", encoding="utf-8") as fh:
        fh.write("2031-2035,Giai đoạn 2031–2035,Phase 2031–2035,2031,2035,51-2025\n")
    store = uploaded(sample_store)
    monkeypatch.setattr(store_mod, "SAMPLE_DIR", newer)
    assert store.refresh_sample() is None  # an upload on top: never replaced
    restore(store, "000001", author="an")  # the sample restored by a person: not "untouched"
    assert store.refresh_sample() is None


# -- 7. damaged versions ---------------------------------------------------------------

def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


# Damage to version 2, whose phases dataset (and only that) differs from version 1's.
DAMAGE = {
    "file missing": lambda s, v: s.blob_path(v.files["phases"]).unlink(),
    "file truncated": lambda s, v: _truncate(s.blob_path(v.files["phases"])),
    "file edited": lambda s, v: s.blob_path(v.files["phases"]).write_bytes(
        s.blob_path(v.files["phases"]).read_bytes().replace(b"P1", b"P9")),
    "manifest unreadable": lambda s, v: (s.versions_dir / v.id / "manifest.json").write_text("{not json"),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_a_damaged_active_version_is_refused_and_the_last_good_one_served(fixture_store, tmp_path, name):
    from conftest import write_dataset
    changed = write_dataset(tmp_path / "v2", {"phases": [["phase_id", "name_vi", "name_en", "start_year", "end_year"],
                                                           ["P1", "GĐ 1", "P 1", "2014", "2019"]]})
    v2 = fixture_store.add_version(changed, author="an", source="upload")
    DAMAGE[name](fixture_store, v2)
    resolved = fixture_store.resolve()
    assert resolved.version.id == "000001" and resolved.damaged == ("000002",)
    assert any("v2" in p for p in resolved.problems)
    load_database(resolved.version)  # the good one loads
    report = json.loads(cli(fixture_store, "check", "--json").stdout)
    assert [v["ok"] for v in report["versions"]] == [True, False]
    assert cli(fixture_store, "check").returncode == 1
    # history still lists what it can; a restore recovers, deleting nothing
    assert cli(fixture_store, "history").returncode == 0
    new = restore(fixture_store, "000001", author="an")
    assert fixture_store.resolve().version.id == new.id and not fixture_store.resolve().problems
    assert (fixture_store.versions_dir / v2.id).exists()


def test_leftovers_of_a_crashed_write_are_cleaned_at_the_next_write(fixture_store, tmp_path):
    from conftest import write_dataset
    (fixture_store.versions_dir / ".tmp-crashed").mkdir()
    (fixture_store.versions_dir / ".tmp-crashed" / "criteria_status.csv").write_text("half")
    assert fixture_store.check()["leftovers"] == ["versions/.tmp-crashed"]
    changed = write_dataset(tmp_path / "v2", {"phases": [["phase_id", "name_vi", "name_en", "start_year", "end_year"],
                                                           ["P1", "GĐ 1", "P 1", "2014", "2019"]]})
    fixture_store.add_version(changed, author="an", source="upload")
    assert not fixture_store.check()["leftovers"]


def test_new_versions_are_readable_by_other_users(fixture_store, tmp_path):
    from conftest import write_dataset
    changed = write_dataset(tmp_path / "v2", {"phases": [["phase_id", "name_vi", "name_en", "start_year", "end_year"],
                                                           ["P1", "GĐ 1", "P 1", "2014", "2019"]]})
    old = os.umask(0o022)
    try:
        v = fixture_store.add_version(changed, author="an", source="upload")
    finally:
        os.umask(old)
    for path in [fixture_store.versions_dir / v.id, *(fixture_store.versions_dir / v.id).iterdir(),
                 *(fixture_store.blob_path(d) for d in v.files.values())]:
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o044 == 0o044, (path, oct(os.stat(path).st_mode))


# -- 8. versions people can tell apart ---------------------------------------------------

def test_a_file_that_changes_nothing_creates_no_version(sample_store):
    store = uploaded(sample_store)
    before = history(store)
    report, version = commit(store, "criteria_status", UPLOAD, "again.csv", author="an")
    assert version is None and report.no_change and report.new == report.changed == 0
    with pytest.raises(NoChange):
        restore(store, store.active_id(), author="an")
    assert history(store) == before


def test_version_labels_name_date_time_and_author(fixture_store):
    label = fixture_store.active().label
    assert label.startswith("v1 · ") and label.endswith(" · test")
    assert len(label.split(" · ")[1]) == len("2026-11-28 09:15")


# -- 11. versions written under an earlier schema ----------------------------------------

def test_a_version_written_before_schema_changes_loads_and_restores(tmp_path, monkeypatch):
    """tests/fixtures/store-v1 was written by the store as it was before manifests carried a
    schema version; datasets and optional columns added since are filled as the schema says."""
    root = tmp_path / "old"
    shutil.copytree(FIXTURES / "store-v1", root)
    monkeypatch.setenv("NTM_DATA_DIR", str(root))
    store = Store(root)
    v = store.active()
    assert v.schema_version == 1 and not store.verify(v.id)
    con = load_database(v)
    for name in LOAD_ORDER:
        assert con.execute(f"select count(*) from {queries.ident(name)}").fetchone()[0] >= 0
    assert queries.run(con, "phase_results")["communes"].notna().any()
    # One dataset removed from the old version's files, as if it had been added to the schema later.
    older = tmp_path / "older"
    shutil.copytree(root, older)
    m = json.loads((older / "versions" / v.id / "manifest.json").read_text())
    del m["files"]["indicator_values"]
    (older / "versions" / v.id / "manifest.json").write_text(json.dumps(m))
    (older / "versions" / v.id / "indicator_values.csv").unlink()
    old_store = Store(older)
    con = load_database(old_store.active())
    assert con.execute("select count(*) from indicator_values").fetchone()[0] == 0
    from conftest import write_dataset
    later = old_store.add_version(write_dataset(tmp_path / "later"), author="an", source="upload")
    back = restore(old_store, v.id, author="an")
    assert back.schema_version == 3 and later.id < back.id
    assert load_database(back).execute("select count(*) from indicator_values").fetchone()[0] == 0


def test_a_damaged_store_never_reaches_a_page(fixture_store, tmp_path):
    """A page opened while the newest version is damaged shows the last good one, with a warning."""
    from streamlit.testing.v1 import AppTest
    from conftest import write_dataset
    changed = write_dataset(tmp_path / "v2", {"phases": [["phase_id", "name_vi", "name_en", "start_year", "end_year"],
                                                           ["P1", "GĐ 1", "P 1", "2014", "2019"]]})
    v2 = fixture_store.add_version(changed, author="an", source="upload")
    DAMAGE["file truncated"](fixture_store, v2)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert any("v1" in w.value and "v2" in w.value for w in at.warning)
    assert kpis(at)[0].value == "4"  # version 1's 2019 figure


def test_damaged_version_error_names_it(fixture_store):
    (fixture_store.versions_dir / "000001" / "manifest.json").write_text("[]")
    with pytest.raises(DamagedVersion) as exc:
        fixture_store.resolve()
    assert "000001" in str(exc.value) or "v1" in str(exc.value)
