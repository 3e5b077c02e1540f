"""The data store: immutable dataset versions and an atomically switched active pointer.

Layout under the data directory (``NTM_DATA_DIR``, default ``store/`` in the checkout):

    versions/000001/<dataset>.csv    one canonical CSV per dataset
    versions/000001/manifest.json    who, when, source, whether it is sample data
    ACTIVE                           the id of the active version
    .lock                            serialises writers (uploads, restores, seeding)

A version directory is written under a temporary name and renamed into place, and the
pointer is replaced with ``os.replace``: a crash at any moment leaves the previous or
the new version active, never a mix. Nothing here imports Streamlit.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .schema import DATASETS, LOAD_ORDER

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data"
QUERY_DIR = ROOT / "queries"
DERIVED_DIR = QUERY_DIR / "derived"
# The bundled sample's generated (illustrative) datasets; the other datasets are official lists.
ILLUSTRATIVE = ["criteria_status", "indicator_values"]


def data_dir() -> Path:
    return Path(os.environ.get("NTM_DATA_DIR") or ROOT / "store")


@dataclass(frozen=True)
class Version:
    id: str
    created_at: str
    author: str
    source: str
    note: str
    sample: bool
    path: Path

    @property
    def label(self) -> str:
        return f"v{int(self.id)} · {self.created_at[:10]}"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root else data_dir()
        self.versions_dir = self.root / "versions"
        self._depth = 0  # re-entrant lock depth within this Store

    # -- reading ---------------------------------------------------------
    def active_id(self) -> str | None:
        try:
            return (self.root / "ACTIVE").read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def manifest(self, vid: str) -> dict:
        return json.loads((self.versions_dir / vid / "manifest.json").read_text(encoding="utf-8"))

    def version(self, vid: str) -> Version:
        if not (vid.isdigit() and (self.versions_dir / vid / "manifest.json").is_file()):
            raise KeyError(vid)
        path = self.versions_dir / vid
        meta = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        return Version(vid, meta["created_at"], meta["author"], meta["source"], meta.get("note", ""),
                       bool(meta.get("sample")), path)

    def active(self) -> Version:
        """The active version, seeding the store from the bundled sample on first use."""
        vid = self.active_id()
        if vid is None:
            self.seed()
            vid = self.active_id()
        return self.version(vid)

    def versions(self) -> list[Version]:
        if not self.versions_dir.exists():
            return []
        ids = sorted(p.name for p in self.versions_dir.iterdir() if p.name.isdigit())
        return [self.version(v) for v in ids]

    # -- writing ---------------------------------------------------------
    @contextlib.contextmanager
    def lock(self):
        """Serialise writers across processes (an exclusive lock on ``.lock``); re-entrant."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            self._depth = 1
            try:
                yield
            finally:
                self._depth = 0
                fcntl.flock(fh, fcntl.LOCK_UN)

    def seed(self) -> None:
        """Create version 1 from the bundled sample data, unless a version is already active."""
        with self.lock():
            if self.active_id() is None:
                files = {name: SAMPLE_DIR / f"{name}.csv" for name in LOAD_ORDER}
                self._write_version(files, author="system", source="sample",
                                    note="Dữ liệu minh họa đi kèm", illustrative=ILLUSTRATIVE)

    def refresh_sample(self) -> Version | None:
        """If the active version is the bundled sample and the bundled files have changed
        (a newer release of the sample), store the new sample as a new version."""
        with self.lock():
            vid = self.active_id()
            if vid is None or not self.version(vid).sample:
                return None
            meta = json.loads((self.versions_dir / vid / "manifest.json").read_text(encoding="utf-8"))
            files = {name: SAMPLE_DIR / f"{name}.csv" for name in LOAD_ORDER}
            if all(meta["files"].get(n) == _sha256(p) for n, p in files.items()):
                return None
            return self._write_version(files, author="system", source="sample",
                                       note="Dữ liệu minh họa đi kèm (bản mới)", illustrative=ILLUSTRATIVE)

    def add_version(self, files: dict[str, Path], author: str, source: str, note: str = "",
                    illustrative: list[str] | None = None, extra: dict | None = None,
                    attachments: dict[str, bytes] | None = None) -> Version:
        """Store a complete set of dataset files as a new version and make it active.

        `illustrative` names the datasets that still hold sample (illustrative) rows; while
        any does, the version is labelled "Dữ liệu minh họa". `extra` goes into the manifest;
        `attachments` (relative path → bytes) are kept beside the datasets.
        """
        with self.lock():
            return self._write_version(files, author, source, note, illustrative, extra, attachments)

    def illustrative(self, vid: str) -> list[str]:
        return list(self.manifest(vid).get("illustrative", []))

    def _write_version(self, files, author, source, note, illustrative=None, extra=None,
                       attachments=None) -> Version:
        missing = [n for n in LOAD_ORDER if n not in files]
        if missing:
            raise ValueError(f"missing datasets: {', '.join(missing)}")
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        existing = [int(p.name) for p in self.versions_dir.iterdir() if p.name.isdigit()]
        vid = f"{max(existing, default=0) + 1:06d}"
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.versions_dir))
        for name in LOAD_ORDER:
            shutil.copyfile(files[name], tmp / f"{name}.csv")
        for rel, data in (attachments or {}).items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_bytes(data)
        manifest = {
            "id": vid, "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "author": author, "source": source, "note": note, "sample": bool(illustrative),
            "illustrative": sorted(illustrative or []),
            "files": {n: _sha256(tmp / f"{n}.csv") for n in LOAD_ORDER}, **(extra or {}),
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        for p in tmp.rglob("*"):
            if p.is_file():
                with open(p, "rb") as fh:
                    os.fsync(fh.fileno())
        os.rename(tmp, self.versions_dir / vid)
        _fsync_dir(self.versions_dir)
        self._point_to(vid)
        return self.version(vid)

    def _point_to(self, vid: str) -> None:
        tmp = self.root / f".ACTIVE.{os.getpid()}"
        tmp.write_text(vid, encoding="utf-8")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / "ACTIVE")
        _fsync_dir(self.root)


def load_database(version: Version, tables: list[str] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database holding every dataset of a version plus derived tables.

    Built once per version and shared read-only: callers take a ``cursor()`` per query.
    With `tables`, only those datasets are loaded and nothing is derived (for checking uploads).
    """
    con = duckdb.connect(":memory:")
    for name in tables or LOAD_ORDER:
        ds = DATASETS[name]
        rel = con.read_csv(str(version.path / f"{name}.csv"), header=True, dtype=ds.duckdb_types(),
                           all_varchar=False, auto_detect=False, columns=ds.duckdb_types())
        rel.create(name)
    # Derived tables every page reads, computed once per version (queries/derived/*.sql), and
    # table macros (files whose statement is a "create macro").
    for sql_file in sorted(DERIVED_DIR.glob("*.sql")) if tables is None else []:
        text = sql_file.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--")).strip()
        if body.lower().startswith("create macro"):
            con.execute(body)
        else:
            table = sql_file.stem.split("_", 1)[1]  # "10_commune_year.sql" -> "commune_year"
            con.sql(text).create(table)
    return con
