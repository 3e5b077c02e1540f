"""The data store: immutable dataset versions and an atomically switched active pointer.

Layout under the data directory (``NTM_DATA_DIR``, default ``store/`` in the checkout):

    versions/000001/<dataset>.csv    one canonical CSV per dataset
    versions/000001/manifest.json    who, when, source, whether it is sample data
    ACTIVE                           the id of the active version
    .lock                            serialises writers (uploads, restores, seeding)

A version directory is written under a temporary name and renamed into place, and the
pointer is replaced with ``os.replace``: a crash at any moment leaves the previous or
the new version active, never a mix. Nothing here imports Streamlit.

Reading never writes, with one exception: an empty store (no version at all) is seeded
from the bundled sample. A damaged version (a file missing, truncated or not matching its
manifest hash, an unreadable manifest) is never served: readers fall back to the newest
good version before it and say so; ``ntm check`` reports and a restore recovers.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .schema import DATASETS, LOAD_ORDER

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data"
QUERY_DIR = ROOT / "queries"
DERIVED_DIR = QUERY_DIR / "derived"
# The bundled sample's generated (illustrative) datasets; the other datasets are official lists.
ILLUSTRATIVE = ["criteria_status", "indicator_values"]
# Layout of a version's manifest. 1: written before the field existed (no "schema_version").
# A version of any earlier schema still loads: datasets and optional columns it lacks are
# filled as the schema says (empty tables, null columns).
SCHEMA_VERSION = 2
SAMPLE_SOURCE, SYSTEM_AUTHOR = "sample", "system"


class DamagedVersion(Exception):
    """A version that cannot be served as stored: what is wrong, for the message."""

    def __init__(self, vid: str, problems: list[str]):
        super().__init__(f"version {vid}: " + "; ".join(problems))
        self.vid, self.problems = vid, problems


class NoChange(Exception):
    """A new version would hold exactly what the active version holds."""

    def __init__(self, active: "Version"):
        super().__init__(f"no change from version {active.id}")
        self.active = active


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
    files: dict = field(default_factory=dict, compare=False, repr=False)  # dataset -> sha256
    schema_version: int = 1

    @property
    def label(self) -> str:
        """Short label: number, date and time (to the minute) and author."""
        when = self.created_at[:16].replace("T", " ")
        return f"v{int(self.id)} · {when} · {self.author}"

    @property
    def bundled_sample(self) -> bool:
        """Written by the system from the bundled sample (seeding or a newer release)."""
        return self.source == SAMPLE_SOURCE and self.author == SYSTEM_AUTHOR


@dataclass(frozen=True)
class Resolved:
    """What readers serve: a good version, and why it is not the one ACTIVE names, if so."""
    version: Version
    pointer: str | None
    damaged: tuple[str, ...] = ()  # ids of damaged versions skipped, newest first
    problems: tuple[str, ...] = ()


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
        """The id ACTIVE names, as written (None when missing or empty)."""
        try:
            return (self.root / "ACTIVE").read_text(encoding="utf-8").strip() or None
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None

    def ids(self) -> list[str]:
        """Ids of the stored versions, oldest first (damaged ones included)."""
        if not self.versions_dir.is_dir():
            return []
        return sorted(p.name for p in self.versions_dir.iterdir() if p.name.isdigit() and p.is_dir())

    def manifest(self, vid: str) -> dict:
        try:
            meta = json.loads((self.versions_dir / vid / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DamagedVersion(vid, [f"manifest.json: {type(exc).__name__}"]) from None
        if not isinstance(meta, dict) or not isinstance(meta.get("files"), dict):
            raise DamagedVersion(vid, ["manifest.json: không đúng cấu trúc"])
        return meta

    def version(self, vid: str) -> Version:
        if not (vid and vid.isdigit() and (self.versions_dir / vid).is_dir()):
            raise KeyError(vid)
        meta = self.manifest(vid)
        return Version(vid, str(meta.get("created_at", "")), str(meta.get("author", "")),
                       str(meta.get("source", "")), str(meta.get("note", "")), bool(meta.get("sample")),
                       self.versions_dir / vid, dict(meta["files"]), int(meta.get("schema_version", 1)))

    def verify(self, vid: str) -> list[str]:
        """What is wrong with a stored version: [] when every file matches its manifest."""
        try:
            v = self.version(vid)
        except KeyError:
            return ["không có phiên bản này"]
        except DamagedVersion as exc:
            return exc.problems
        problems = []
        for name, digest in v.files.items():
            path = v.path / f"{name}.csv"
            if not path.is_file():
                problems.append(f"{name}.csv: thiếu tệp")
            elif _sha256(path) != digest:
                problems.append(f"{name}.csv: nội dung không khớp mã băm (hỏng hoặc bị sửa)")
        return problems

    def resolve(self, checked=None) -> Resolved:
        """The version to serve: the one ACTIVE names if it is good, else the newest good one
        before it (or the newest good one at all when ACTIVE names nothing that exists).

        Writes nothing, except seeding a store that holds no version at all. `checked(vid)`
        may replace `verify` (a cached check in a long-running server)."""
        checked = checked or self.verify
        ids = self.ids()
        if not ids:
            self.seed()
            ids = self.ids()
        pointer = self.active_id()
        # Newest first, from the one ACTIVE names (from the newest when it names none).
        candidates = [i for i in reversed(ids) if pointer not in ids or i <= pointer]
        damaged, problems = [], []
        if pointer is not None and pointer not in ids:
            problems.append(f"ACTIVE trỏ tới phiên bản {pointer} không tồn tại")
        elif pointer is None:
            problems.append("ACTIVE trống hoặc không đọc được")
        for vid in candidates:
            found = checked(vid)
            if not found:
                return Resolved(self.version(vid), pointer, tuple(damaged), tuple(problems))
            damaged.append(vid)
            problems += [f"v{int(vid)}: {p}" for p in found]
        raise DamagedVersion(pointer or "?", problems or ["không có phiên bản nào dùng được"])

    def active(self) -> Version:
        """The version to serve (see `resolve`)."""
        return self.resolve().version

    def versions(self) -> list[Version]:
        """Readable versions, oldest first (a version whose manifest is unreadable is left out;
        `check` lists it)."""
        out = []
        for vid in self.ids():
            try:
                out.append(self.version(vid))
            except DamagedVersion:
                continue
        return out

    def check(self) -> dict:
        """A report of the whole store for ``ntm check``; changes nothing."""
        pointer = self.active_id()
        report = {"root": str(self.root), "active": pointer, "versions": [], "leftovers": [], "problems": []}
        ids = self.ids()
        if ids and pointer not in ids:
            report["problems"].append(f"ACTIVE: {pointer!r} không phải một phiên bản đã lưu")
        for vid in ids:
            found = self.verify(vid)
            report["versions"].append({"version": vid, "ok": not found, "problems": found})
            report["problems"] += [f"v{int(vid)}: {p}" for p in found]
        if self.versions_dir.is_dir():
            report["leftovers"] = sorted(p.name for p in self.versions_dir.iterdir() if p.name.startswith(".tmp-"))
        return report

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
        """Create version 1 from the bundled sample data, unless the store holds a version."""
        with self.lock():
            if not self.ids():
                self._write_version(_sample_files(), author=SYSTEM_AUTHOR, source=SAMPLE_SOURCE,
                                    note="Dữ liệu minh họa đi kèm", illustrative=ILLUSTRATIVE)

    def refresh_sample(self) -> Version | None:
        """Store a newer bundled sample as a new version, only while the active version is
        exactly an earlier bundled sample with nothing stored after it: the pointer names the
        newest version, that version was written by the system from the sample, and its files
        still match their hashes. Anything uploaded or restored is never replaced. Called
        when the server starts, never while serving a page."""
        with self.lock():
            ids, vid = self.ids(), self.active_id()
            if not ids or vid != ids[-1] or self.verify(vid):
                return None
            current = self.version(vid)
            if not current.bundled_sample:
                return None
            files = _sample_files()
            if all(current.files.get(n) == _sha256(p) for n, p in files.items()):
                return None
            return self._write_version(files, author=SYSTEM_AUTHOR, source=SAMPLE_SOURCE,
                                       note="Dữ liệu minh họa đi kèm (bản mới)", illustrative=ILLUSTRATIVE)

    def add_version(self, files: dict[str, Path], author: str, source: str, note: str = "",
                    illustrative: list[str] | None = None, extra: dict | None = None,
                    attachments: dict[str, bytes] | None = None) -> Version:
        """Store a complete set of dataset files as a new version and make it active.

        `illustrative` names the datasets that still hold sample (illustrative) rows; while
        any does, the version is labelled "Dữ liệu minh họa". `extra` goes into the manifest;
        `attachments` (relative path → bytes) are kept beside the datasets. A dataset missing
        from `files` (a version written before the dataset existed) is stored empty. Raises
        `NoChange` when every dataset equals the active version's.
        """
        with self.lock():
            vid = self.active_id()
            if vid in self.ids() and not self.verify(vid):
                current = self.version(vid)
                same = all(current.files.get(n) == (_sha256(files[n]) if n in files else None)
                           for n in LOAD_ORDER)
                if same and sorted(illustrative or []) == self.illustrative(vid):
                    raise NoChange(current)
            return self._write_version(files, author, source, note, illustrative, extra, attachments)

    def illustrative(self, vid: str) -> list[str]:
        return list(self.manifest(vid).get("illustrative", []))

    def dataset_files(self, version: Version) -> dict[str, Path]:
        """The stored file of each dataset the version holds (older versions may lack some)."""
        return {n: version.path / f"{n}.csv" for n in LOAD_ORDER if n in version.files}

    def clean_leftovers(self) -> list[str]:
        """Remove temporary folders and pointer files a crashed writer left; under the lock."""
        removed = []
        with self.lock():
            if self.versions_dir.is_dir():
                for p in self.versions_dir.iterdir():
                    if p.name.startswith(".tmp-"):
                        shutil.rmtree(p, ignore_errors=True)
                        removed.append(p.name)
            for p in self.root.glob(".ACTIVE.*"):
                p.unlink(missing_ok=True)
                removed.append(p.name)
        return removed

    def _write_version(self, files, author, source, note, illustrative=None, extra=None,
                       attachments=None) -> Version:
        self.clean_leftovers()
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        existing = [int(p.name) for p in self.versions_dir.iterdir() if p.name.isdigit()]
        vid = f"{max(existing, default=0) + 1:06d}"
        # mkdir (not mkdtemp, which makes it 0700): readable by the server's user under the umask.
        tmp = self.versions_dir / f".tmp-{uuid.uuid4().hex}"
        tmp.mkdir()
        for name in LOAD_ORDER:
            if name in files:
                shutil.copyfile(files[name], tmp / f"{name}.csv")
            else:
                _write_empty(name, tmp / f"{name}.csv")
        for rel, data in (attachments or {}).items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_bytes(data)
        manifest = {
            "id": vid, "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "schema_version": SCHEMA_VERSION,
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
        path = version.path / f"{name}.csv"
        _load_dataset(con, name, path if path.is_file() else None)
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


def _sample_files() -> dict[str, Path]:
    return {name: SAMPLE_DIR / f"{name}.csv" for name in LOAD_ORDER}


def _write_empty(name: str, path: Path) -> None:
    path.write_text(",".join(DATASETS[name].column_names) + "\n", encoding="utf-8")


def _load_dataset(con, name: str, path: Path | None) -> None:
    """Create table `name` from a stored CSV, typed as the schema says. A dataset or an optional
    column the file lacks (written under an earlier schema) is filled with nulls."""
    from .queries import ident

    ds = DATASETS[name]
    types = ds.duckdb_types()
    header: list[str] = []
    if path is not None:
        with open(path, encoding="utf-8-sig") as fh:
            header = next(csv.reader([fh.readline()]), [])
    missing = [c for c in ds.columns if c.name not in header]
    if any(c.required for c in missing) and header:
        raise DamagedVersion(path.parent.name, [f"{name}.csv: thiếu cột " + ", ".join(c.name for c in missing)])
    present = {c: types[c] for c in header if c in types}
    if present:
        rel = con.read_csv(str(path), header=True, auto_detect=False, columns={c: present.get(c, "VARCHAR")
                                                                               for c in header})
        con.register("_stored", rel)
        select = ", ".join(ident(c) if c in present else f"cast(null as {types[c]}) as {ident(c)}"
                           for c in ds.column_names)
        con.sql(f"select {select} from _stored").create(name)
        con.unregister("_stored")
    else:  # a dataset this version predates: an empty table of the schema's columns
        cols = ", ".join(f"cast(null as {types[c]}) as {ident(c)}" for c in ds.column_names)
        con.sql(f"select {cols} where false").create(name)
