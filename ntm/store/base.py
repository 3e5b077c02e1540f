"""The store's contract, shared by every backend: immutable versions of the datasets,
content-addressed Parquet blobs, and one active pointer switched atomically.

A version is a manifest (who, when, why, and for each dataset the SHA-256 of its Parquet
bytes) plus the blobs it names; an unchanged dataset is one blob shared by many versions.
A backend supplies a few primitives (list versions, read a manifest, read and write blobs,
publish a version and switch the pointer in one step, a writers' lock); everything else —
seeding, the sample rule, integrity checks, choosing what to serve, "no change" — is here,
so both backends behave the same and one set of contract tests covers them.

Reading never writes, with one exception: an empty store is seeded from the bundled sample.
A damaged version (a blob missing or not matching its hash, an unreadable manifest) is never
served: readers fall back to the newest good version before it and say so; ``ntm check``
reports and a restore recovers. Nothing here imports Streamlit.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..schema import LOAD_ORDER

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE_DIR = ROOT / "data"
QUERY_DIR = ROOT / "queries"
DERIVED_DIR = QUERY_DIR / "derived"
# The bundled sample's generated (illustrative) datasets; the other datasets are official lists.
ILLUSTRATIVE = ["criteria_status", "indicator_values", "targets", "district_recognitions"]
# Layout of a version's manifest. 1: CSV files in the version's folder, no "schema_version";
# 2: the same with "schema_version"; 3: datasets as content-addressed Parquet blobs. A version
# of any earlier layout or schema still loads: datasets and optional columns it lacks are
# filled as the schema says (empty tables, null columns).
SCHEMA_VERSION = 3
SAMPLE_SOURCE, SYSTEM_AUTHOR = "sample", "system"


def data_dir() -> Path:
    return Path(os.environ.get("NTM_DATA_DIR") or ROOT / "store")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DamagedVersion(Exception):
    """A version that cannot be served as stored: what is wrong, for the message."""

    def __init__(self, vid: str, problems: list[str]):
        super().__init__(f"version {vid}: " + "; ".join(problems))
        self.vid, self.problems = vid, problems


class StoreUnavailable(Exception):
    """The shared store cannot be reached now (stopped, hung past the timeout, refusing
    connections). Nothing was written. The message is safe to show: no host, port or path;
    the details are in the log (logger "ntm")."""

    def __init__(self, message: str = "store unreachable"):
        super().__init__(message)


class StoreWriteFailed(Exception):
    """The store could not write a new version (the disk full, a file size limit, the folder
    read-only). Nothing of it was kept: the active version is the one before. The message is safe
    to show; the details are in the log (logger "ntm")."""

    def __init__(self, message: str = "store write failed"):
        super().__init__(message)


class NoChange(Exception):
    """A new version would hold exactly what the active version holds."""

    def __init__(self, active: "Version"):
        super().__init__(f"no change from version {active.id}")
        self.active = active


@dataclass(frozen=True)
class Blob:
    """A dataset already in the store, named by the SHA-256 of its Parquet bytes."""
    sha256: str


@dataclass(frozen=True)
class Version:
    id: str
    created_at: str
    author: str
    source: str
    note: str
    sample: bool
    files: dict = field(default_factory=dict, compare=False, repr=False)  # dataset -> sha256
    schema_version: int = 1
    manifest: dict = field(default_factory=dict, compare=False, repr=False)
    # Where a dataset's bytes are on this machine (Parquet blob, or an old version's CSV).
    locate: Callable[[str], Path | None] | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        """Short label: number, date and time (to the minute) and author."""
        when = self.created_at[:16].replace("T", " ")
        return f"v{int(self.id)} · {when} · {self.author}"

    @property
    def bundled_sample(self) -> bool:
        """Written by the system from the bundled sample (seeding or a newer release)."""
        return self.source == SAMPLE_SOURCE and self.author == SYSTEM_AUTHOR

    @property
    def illustrative(self) -> list[str]:
        return list(self.manifest.get("illustrative", []))

    def dataset_path(self, name: str) -> Path | None:
        """A local file holding the dataset (None when the version predates the dataset)."""
        return self.locate(name) if self.locate and name in self.files else None


@dataclass(frozen=True)
class Resolved:
    """What readers serve: a good version, and why it is not the one the pointer names, if so."""
    version: Version
    pointer: str | None
    damaged: tuple[str, ...] = ()  # ids of damaged versions skipped, newest first
    problems: tuple[str, ...] = ()


# The backends by URL scheme ("" for a local folder): each a loader returning its class, so that
# a backend's module (and its driver) is imported only when a store of its kind is opened. Filled
# by register_backend (the package registers its own in __init__); the base knows none of them.
BACKENDS: dict[str, Callable[[], type]] = {}


def register_backend(schemes: tuple[str, ...], loader: Callable[[], type]) -> None:
    for scheme in schemes:
        BACKENDS[scheme] = loader


class Store:
    """A store: ``Store()`` opens the one configured (``NTM_STORE``: a ``postgresql://`` URL,
    else the local folder ``NTM_DATA_DIR``); ``Store(path)`` a local folder;
    ``Store("postgresql://…")`` a PostgreSQL database."""

    location: str  # the folder or URL: Store(location) opens this store again
    display: str   # the same, safe to show (no password)

    def __new__(cls, where=None):
        if cls is Store:
            where = where if where is not None else os.environ.get("NTM_STORE") or None
            scheme = where.split("://", 1)[0] if isinstance(where, str) and "://" in where else ""
            if scheme not in BACKENDS:
                raise ValueError(f"no store backend for {scheme}:// (known: a folder, "
                                 + ", ".join(f"{k}://" for k in sorted(BACKENDS) if k) + ")")
            cls = BACKENDS[scheme]()
        return super().__new__(cls)

    # -- primitives a backend provides ------------------------------------------------
    def ids(self) -> list[str]:
        """Ids of the stored versions, oldest first (damaged ones included)."""
        raise NotImplementedError

    def active_id(self) -> str | None:
        """The id the pointer names, as written (None when missing or empty)."""
        raise NotImplementedError

    def manifest(self, vid: str) -> dict:
        """A version's manifest; DamagedVersion when unreadable, KeyError when absent."""
        raise NotImplementedError

    def lock(self):
        """Serialise writers across processes and replicas; re-entrant in one Store."""
        raise NotImplementedError

    def _locate(self, vid: str, manifest: dict) -> Callable[[str], Path | None]:
        raise NotImplementedError

    def _blob_problems(self, vid: str, manifest: dict) -> list[str]:
        """What is wrong with the bytes a manifest names ([] when all match their hashes)."""
        raise NotImplementedError

    def _publish(self, manifest: dict, blobs: dict[str, bytes]) -> str:
        """Store the blobs not yet stored, the version (with a new id) and make it active, all or
        nothing; return the id. Called under the lock."""
        raise NotImplementedError

    def clean_leftovers(self) -> list[str]:
        """Remove what a crashed writer left (temporary files); under the lock."""
        return []

    # Analyst accounts kept in the store itself (PostgreSQL, shared by replicas); the local
    # folder leaves them to the server's secrets file (see ``ntm.auth``).
    shared_accounts = False

    def accounts(self) -> dict[str, str]:
        return {}

    def put_account(self, name: str, password_hash: str) -> None:
        raise NotImplementedError

    def leftovers(self) -> list[str]:
        return []

    def last_resolved(self) -> Resolved | None:
        """The version this machine last served, for when the store cannot be reached
        (`StoreUnavailable`); None when there is none (a local folder is always reachable)."""
        return None

    @property
    def reachable(self) -> bool:
        """False while the store is known to be unreachable (a recent failure not yet retried)."""
        return True

    def close(self) -> None:
        """Close what this thread holds open (a connection), for a thread that ends."""

    # -- reading ------------------------------------------------------------------------
    def version(self, vid: str) -> Version:
        return self._version(vid, self.manifest(vid))

    def _version(self, vid: str, meta: dict) -> Version:
        return Version(vid, str(meta.get("created_at", "")), str(meta.get("author", "")),
                       str(meta.get("source", "")), str(meta.get("note", "")), bool(meta.get("sample")),
                       dict(meta["files"]), int(meta.get("schema_version", 1)), meta, self._locate(vid, meta))

    def verify(self, vid: str) -> list[str]:
        """What is wrong with a stored version: [] when every dataset matches its manifest."""
        try:
            meta = self.manifest(vid)
        except KeyError:
            return ["không có phiên bản này"]
        except DamagedVersion as exc:
            return exc.problems
        return self._blob_problems(vid, meta)

    def resolve(self, checked: Callable[[str], list[str]] | None = None) -> Resolved:
        """The version to serve: the one the pointer names if it is good, else the newest good
        one before it (or the newest good one at all when the pointer names nothing stored).

        Writes nothing, except seeding a store that holds no version at all. `checked(vid)` may
        replace `verify` (a cached check in a long-running server)."""
        checked = checked or self.verify
        pointer = self.active_id()
        if pointer is not None:
            try:
                if not checked(pointer):
                    return Resolved(self.version(pointer), pointer)
            except (KeyError, DamagedVersion):
                pass
        ids = self.ids()
        if not ids:
            self.seed()
            return Resolved(self.version(self.active_id()), self.active_id())
        problems = []
        if pointer is None:
            problems.append("con trỏ ACTIVE trống hoặc không đọc được")
        elif pointer not in ids:
            problems.append(f"con trỏ ACTIVE trỏ tới phiên bản {pointer} không tồn tại")
        damaged = []
        # Newest first, from the one the pointer names (from the newest when it names none).
        for vid in [i for i in reversed(ids) if pointer not in ids or i <= pointer]:
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
        """Readable versions, oldest first (one whose manifest is unreadable is left out; `check`
        lists it)."""
        out = []
        for vid in self.ids():
            try:
                out.append(self.version(vid))
            except (DamagedVersion, KeyError):
                continue
        return out

    def illustrative(self, vid: str) -> list[str]:
        return list(self.manifest(vid).get("illustrative", []))

    def check(self) -> dict:
        """A report of the whole store for ``ntm check``; changes nothing."""
        pointer = self.active_id()
        report = {"store": self.display, "active": pointer, "versions": [], "leftovers": self.leftovers(),
                  "problems": []}
        ids = self.ids()
        if ids and pointer not in ids:
            report["problems"].append(f"ACTIVE: {pointer!r} không phải một phiên bản đã lưu")
        for vid in ids:
            found = self.verify(vid)
            report["versions"].append({"version": vid, "ok": not found, "problems": found})
            report["problems"] += [f"v{int(vid)}: {p}" for p in found]
        return report

    def dataset_files(self, version: Version) -> dict[str, Blob | Path]:
        """Every dataset a version holds, to carry into a new version unchanged."""
        from .parquet import is_parquet_manifest
        if is_parquet_manifest(version.manifest):
            return {n: Blob(sha) for n, sha in version.files.items()}
        return {n: version.dataset_path(n) for n in version.files}

    # -- writing ------------------------------------------------------------------------
    def seed(self) -> None:
        """Create version 1 from the bundled sample data, unless the store holds a version."""
        with self.lock():
            if not self.ids():
                self._write(_sample_files(), author=SYSTEM_AUTHOR, source=SAMPLE_SOURCE,
                            note="Dữ liệu minh họa đi kèm", illustrative=ILLUSTRATIVE)

    def refresh_sample(self) -> Version | None:
        """Store a newer bundled sample as a new version, only while the active version is
        exactly an earlier bundled sample with nothing stored after it: the pointer names the
        newest version, that version was written by the system from the sample, and its
        datasets still match their hashes. Anything uploaded or restored is never replaced.
        Called when the server starts, never while serving a page."""
        from .parquet import empty_parquet, to_parquet
        with self.lock():
            ids, vid = self.ids(), self.active_id()
            if not ids or vid != ids[-1] or self.verify(vid):
                return None
            current = self.version(vid)
            if not current.bundled_sample:
                return None
            files = _sample_files()
            fresh = {n: sha256(to_parquet(n, files[n]) if n in files else empty_parquet(n)) for n in LOAD_ORDER}
            if current.files == fresh:
                return None
            return self._write(files, author=SYSTEM_AUTHOR, source=SAMPLE_SOURCE,
                               note="Dữ liệu minh họa đi kèm (bản mới)", illustrative=ILLUSTRATIVE)

    def add_version(self, files: dict[str, Path | Blob | bytes], author: str, source: str, note: str = "",
                    illustrative: list[str] | None = None, extra: dict | None = None,
                    attachments: dict[str, bytes] | None = None, digests: dict[str, str] | None = None) -> Version:
        """Store a complete set of datasets as a new version and make it active.

        Each dataset is a file (CSV as the schema describes it, or Parquet), Parquet bytes, or a
        `Blob` already stored. A dataset missing from `files` (a version written before the
        dataset existed) is stored empty. `illustrative` names the datasets that still hold
        sample rows; while any does, the version is labelled "Dữ liệu minh họa". `extra` goes
        into the manifest; `attachments` (relative path → bytes, e.g. the uploaded original) are
        kept as they are; `digests` may give the SHA-256 of an attachment the caller has already
        hashed (an upload's report names it). Raises `NoChange` when every dataset equals the
        active version's.
        """
        with self.lock():
            return self._write(files, author, source, note, illustrative, extra, attachments, if_changed=True,
                               digests=digests)

    def _write(self, files, author, source, note, illustrative=None, extra=None, attachments=None,
               if_changed=False, digests=None) -> Version:
        from .parquet import empty_parquet, to_parquet
        self.clean_leftovers()
        blobs: dict[str, bytes] = {}
        hashes: dict[str, str] = {}
        for name in LOAD_ORDER:
            item = files.get(name)
            if isinstance(item, Blob):
                hashes[name] = item.sha256
                continue
            data = (empty_parquet(name) if item is None else item if isinstance(item, bytes)
                    else to_parquet(name, Path(item)))
            hashes[name] = sha256(data)
            blobs[hashes[name]] = data
        if if_changed:
            vid = self.active_id()
            if vid in self.ids() and not self.verify(vid):
                current = self.version(vid)
                if current.files == hashes and sorted(illustrative or []) == current.illustrative:
                    raise NoChange(current)
        kept = {}
        for rel, data in (attachments or {}).items():
            kept[rel] = (digests or {}).get(rel) or sha256(data)
            blobs[kept[rel]] = data
        manifest = {
            "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "schema_version": SCHEMA_VERSION, "format": "parquet",
            "author": author, "source": source, "note": note, "sample": bool(illustrative),
            "illustrative": sorted(illustrative or []), "files": hashes, "attachments": kept, **(extra or {}),
        }
        vid = self._publish(manifest, blobs)
        return self._version(vid, {"id": vid, **manifest})  # as written (not read back: a report may be MBs)

    def attachment(self, version: Version, rel: str) -> bytes:
        """Bytes kept beside a version (the uploaded original)."""
        raise NotImplementedError

    @contextlib.contextmanager
    def _reentrant(self, acquire, release):
        """Run `acquire` on the outermost entry and `release` on its exit."""
        depth = getattr(self, "_depth", 0)
        self._depth = depth + 1
        try:
            if depth == 0:
                acquire()
            try:
                yield
            finally:
                if depth == 0:
                    release()
        finally:
            self._depth = depth


def _sample_files() -> dict[str, Path]:
    """The bundled sample's file of each dataset (a dataset without one is stored empty)."""
    return {name: SAMPLE_DIR / f"{name}.csv" for name in LOAD_ORDER if (SAMPLE_DIR / f"{name}.csv").is_file()}
