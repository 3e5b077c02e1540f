"""The in-memory DuckDB database of a version: every dataset, then the derived tables and
macros of ``queries/derived/`` (built once per version and shared read-only)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from ..schema import LOAD_ORDER
from .base import DERIVED_DIR, DamagedVersion, Version
from .parquet import relation


# What the checks of an upload read beside the datasets (they depend on dimensions only).
UPLOAD_DERIVED = ("07_units", "08_set_criteria", "09_set_in_force")


def load_database(version: Version, tables: list[str] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database holding every dataset of a version plus derived tables.

    Built once per version and shared read-only: callers take a ``cursor()`` per query.
    With `tables`, only those datasets are loaded, and of the derived only UPLOAD_DERIVED (for
    checking uploads).
    """
    con = duckdb.connect(":memory:")
    for name in tables or LOAD_ORDER:
        try:
            relation(con, name, version.dataset_path(name)).create(name)
        except (ValueError, duckdb.Error) as exc:
            raise DamagedVersion(version.id, [f"{name}: {exc}"]) from None
    # Derived tables every page reads, computed once per version (queries/derived/*.sql), and
    # table macros (files whose statement is a "create macro").
    files = sorted(DERIVED_DIR.glob("*.sql"))
    if tables is not None:
        files = [f for f in files if f.stem in UPLOAD_DERIVED and {"communes", "criteria", "phases"} <= set(tables)]
    for sql_file in files:
        text = sql_file.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--")).strip()
        if body.lower().startswith("create macro"):
            con.execute(body)
        else:
            table = sql_file.stem.split("_", 1)[1]  # "10_commune_year.sql" -> "commune_year"
            con.sql(text).create(table)
    return con


def read_dataset(version: Version, name: str) -> pd.DataFrame:
    """One dataset of a version as a DataFrame, typed as the schema says."""
    con = duckdb.connect(":memory:")
    try:
        return relation(con, name, version.dataset_path(name)).df()
    finally:
        con.close()


def dataset_csv(version: Version, name: str) -> bytes:
    """One dataset of a version as CSV bytes (header, then rows as stored; booleans true/false)."""
    con = duckdb.connect(":memory:")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / f"{name}.csv"
            relation(con, name, version.dataset_path(name)).write_csv(str(out), header=True)
            return out.read_bytes()
    finally:
        con.close()
