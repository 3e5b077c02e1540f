"""Datasets as Parquet: the stored form of every version since layout 3.

Any file a version is made from (a CSV as the schema describes it, or Parquet) becomes
canonical Parquet bytes: the schema's columns in the schema's order and types, optional
columns the file lacks filled with nulls. Equal data give equal bytes, so an unchanged
dataset has the same hash and is stored once.
"""
from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import duckdb

from ..schema import DATASETS, ident, literal


def is_parquet_manifest(manifest: dict) -> bool:
    return manifest.get("format") == "parquet"


def csv_header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


def relation(con: duckdb.DuckDBPyConnection, name: str, path: Path | None):
    """A relation of dataset `name` read from `path` (Parquet, or CSV as stored by layouts 1–2),
    typed as the schema says; None (no file) gives an empty relation of the schema's columns.
    Raises ValueError naming the required columns a file lacks."""
    ds = DATASETS[name]
    types = ds.duckdb_types()
    if path is None:
        cols = ", ".join(f"cast(null as {types[c]}) as {ident(c)}" for c in ds.column_names)
        return con.sql(f"select {cols} where false")
    with open(path, "rb") as fh:
        is_parquet = fh.read(4) == b"PAR1"
    if is_parquet:
        source = con.read_parquet(str(path))
        present = set(source.columns)
    else:
        header = csv_header(path)
        present = {c for c in header if c in types}
        source = con.read_csv(str(path), header=True, auto_detect=False,
                              columns={c: types.get(c, "VARCHAR") for c in header}) if header else None
    missing = [c for c in ds.columns if c.name not in present]
    if any(c.required and c.default is None for c in missing):
        raise ValueError(f"{name}: thiếu cột " + ", ".join(c.name for c in missing if c.required and c.default is None))
    # A column the version predates reads as its declared default (null when it declares none).
    absent = {c.name: literal(c.default) if c.default is not None else "null" for c in missing}
    select = ", ".join(f"cast({ident(c)} as {types[c]}) as {ident(c)}" if c in present
                       else f"cast({absent[c]} as {types[c]}) as {ident(c)}" for c in ds.column_names)
    return source.project(select)


def _write(rel) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "data.parquet"
        rel.to_parquet(str(out), compression="zstd")
        return out.read_bytes()


def canonical_parquet(name: str, rel) -> bytes:
    """Canonical Parquet bytes of dataset `name` held as a DuckDB relation with the schema's
    columns (the same bytes `to_parquet` makes of a file holding those rows)."""
    types = DATASETS[name].duckdb_types()
    return _write(rel.project(", ".join(f"cast({ident(c)} as {types[c]}) as {ident(c)}"
                                        for c in DATASETS[name].column_names)))


def to_parquet(name: str, path: Path) -> bytes:
    """Canonical Parquet bytes of a dataset file (CSV or Parquet)."""
    con = duckdb.connect(":memory:")
    con.execute("set preserve_insertion_order = true")
    try:
        return _write(relation(con, name, Path(path)))
    finally:
        con.close()


def empty_parquet(name: str) -> bytes:
    """Parquet bytes of an empty dataset (a version made before the dataset existed)."""
    con = duckdb.connect(":memory:")
    try:
        return _write(relation(con, name, None))
    finally:
        con.close()
