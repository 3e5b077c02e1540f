"""The local store: typed database, data directory. (The contract of both backends: test_store_contract.py.)"""
import json
from pathlib import Path

import pytest

from ntm.schema import DATASETS, LOAD_ORDER
from ntm.store import SAMPLE_DIR, Store, load_database
from ntm import queries

from conftest import write_dataset


def test_codes_stay_text_with_leading_zeros(sample_store):
    con = load_database(sample_store.active())
    communes = queries.run(con, "standard_by_district_year")
    assert "05485" in set(con.sql("select commune_code from communes").df()["commune_code"])
    assert communes["district_code"].map(type).eq(str).all()
    types = dict(con.sql("describe criteria_status").df()[["column_name", "column_type"]].values)
    assert types == {c.name: t for c, t in zip(DATASETS["criteria_status"].columns,
                                               ["INTEGER", "VARCHAR", "INTEGER", "BOOLEAN", "VARCHAR"])}


def test_data_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "elsewhere"))
    assert Store().root == tmp_path / "elsewhere"


def test_uploaded_data_is_never_replaced_by_the_sample(fixture_store, monkeypatch, tmp_path):
    assert fixture_store.refresh_sample() is None
    assert fixture_store.active_id() == "000001"


def test_the_store_base_knows_no_backend_and_opens_them_by_scheme(tmp_path):
    # No import circle: the contract imports neither backend; the package registers them by scheme.
    import ast

    from ntm.store import base

    tree = ast.parse(Path(base.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"local", "postgres", "ntm.store.local", "ntm.store.postgres"}
    assert type(Store(tmp_path)).__name__ == "LocalStore"
    assert set(base.BACKENDS) >= {"", "postgresql", "postgres"}
    with pytest.raises(ValueError, match="no store backend for mysql://"):
        Store("mysql://somewhere/ntm")
