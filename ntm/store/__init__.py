"""The data store: immutable dataset versions and an atomically switched active pointer,
in a local folder (default) or in PostgreSQL shared by several app replicas.

``Store()`` opens the configured store (``NTM_STORE=postgresql://…``, else the folder
``NTM_DATA_DIR``). Everything that reads or writes stored data goes through it; see
``base`` for the contract, ``local`` and ``postgres`` for the backends.
"""
from importlib import import_module

from .base import (DERIVED_DIR, ILLUSTRATIVE, QUERY_DIR, ROOT, SAMPLE_DIR, SCHEMA_VERSION, Blob,
                   DamagedVersion, NoChange, Resolved, Store, StoreUnavailable, StoreWriteFailed, Version,
                   data_dir, register_backend)
from .database import dataset_csv, load_database, read_dataset
from .parquet import canonical_parquet

register_backend(("",), lambda: import_module(".local", __name__).LocalStore)
register_backend(("postgresql", "postgres"), lambda: import_module(".postgres", __name__).PostgresStore)

__all__ = ["DERIVED_DIR", "ILLUSTRATIVE", "QUERY_DIR", "ROOT", "SAMPLE_DIR", "SCHEMA_VERSION", "Blob",
           "canonical_parquet", "DamagedVersion", "NoChange", "Resolved", "Store", "StoreUnavailable", "StoreWriteFailed", "Version", "data_dir", "dataset_csv", "load_database",
           "read_dataset"]
