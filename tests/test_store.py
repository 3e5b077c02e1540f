"""The store: seeding, versions, the active pointer and the typed database."""
import json

from ntm.schema import DATASETS, LOAD_ORDER
from ntm.store import SAMPLE_DIR, Store, load_database
from ntm import queries

from conftest import write_dataset


def test_first_use_seeds_from_the_bundled_sample(sample_store):
    assert sample_store.active_id() is None
    v = sample_store.active()
    assert v.id == "000001" and v.sample and v.source == "sample"
    for name in LOAD_ORDER:
        assert (v.path / f"{name}.csv").read_bytes() == (SAMPLE_DIR / f"{name}.csv").read_bytes()
    manifest = json.loads((v.path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(LOAD_ORDER)
    assert sample_store.active().id == "000001"  # seeding happens once


def test_new_version_switches_the_pointer_and_keeps_the_old(fixture_store, tmp_path):
    first = fixture_store.active()
    changed = write_dataset(tmp_path / "again")
    changed["criteria_status"].write_text(changed["criteria_status"].read_text().replace("2014,C1,1,1", "2014,C1,1,0"))
    second = fixture_store.add_version(changed, author="an", source="upload")
    assert second.id == "000002" and fixture_store.active_id() == "000002"
    assert [v.id for v in fixture_store.versions()] == ["000001", "000002"]
    assert first.path.exists() and not first.sample and second.author == "an"
    assert not [p for p in fixture_store.versions_dir.iterdir() if p.name.startswith(".tmp")]


def test_codes_stay_text_with_leading_zeros(sample_store):
    con = load_database(sample_store.active())
    communes = queries.run(con, "standard_by_district_year")
    assert "05485" in set(con.sql("select commune_code from communes").df()["commune_code"])
    assert communes["district_code"].map(type).eq(str).all()
    types = dict(con.sql("describe criteria_status").df()[["column_name", "column_type"]].values)
    assert types == {c.name: t for c, t in zip(DATASETS["criteria_status"].columns,
                                               ["INTEGER", "VARCHAR", "INTEGER", "BOOLEAN"])}


def test_data_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "elsewhere"))
    assert Store().root == tmp_path / "elsewhere"


def test_a_newer_bundled_sample_replaces_an_untouched_sample(sample_store, tmp_path, monkeypatch):
    import ntm.store as store_mod
    first = sample_store.active()
    assert sample_store.refresh_sample() is None  # unchanged: nothing new
    newer = tmp_path / "newer-sample"
    newer.mkdir()
    for name in LOAD_ORDER:
        (newer / f"{name}.csv").write_bytes((SAMPLE_DIR / f"{name}.csv").read_bytes())
    with open(newer / "phases.csv", "a", encoding="utf-8") as fh:
        fh.write("2021-2025,Giai đoạn 2021–2025,Phase 2021–2025,2021,2025\n")
    monkeypatch.setattr(store_mod, "SAMPLE_DIR", newer)
    second = sample_store.refresh_sample()
    assert second.id == "000002" and second.sample and first.path.exists()


def test_uploaded_data_is_never_replaced_by_the_sample(fixture_store, monkeypatch, tmp_path):
    assert fixture_store.refresh_sample() is None
    assert fixture_store.active_id() == "000001"
