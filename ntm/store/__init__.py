"""The data store: immutable dataset versions and an atomically switched active pointer,
in a local folder (default) or in PostgreSQL shared by several app replicas.

``Store()`` opens the configured store (``NTM_STORE=postgresql://…``, else the folder
``NTM_DATA_DIR``). Everything that reads or writes stored data goes through it; see
``base`` for the contract, ``local`` and ``postgres`` for the backends.
"""
from .base import (DERIVED_DIR, ILLUSTRATIVE, QUERY_DIR, ROOT, SAMPLE_DIR, SCHEMA_VERSION, Blob,
                   DamagedVersion, NoChange, Resolved, Store, StoreUnavailable, StoreWriteFailed, Version,
                   data_dir)
from .database import dataset_csv, load_database, read_dataset
from .parquet import canonical_parquet

__all__ = ["DERIVED_DIR", "ILLUSTRATIVE", "QUERY_DIR", "ROOT", "SAMPLE_DIR", "SCHEMA_VERSION", "Blob",
           "canonical_parquet", "DamagedVersion", "NoChange", "Resolved", "Store", "StoreUnavailable", "StoreWriteFailed", "Version", "data_dir", "dataset_csv", "load_database",
           "read_dataset"]
