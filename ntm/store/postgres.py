"""The store in PostgreSQL, shared by several app replicas (``NTM_STORE=postgresql://…``).

    ntm_blob      (sha256, data)        content-addressed bytes: datasets as Parquet, uploaded originals
    ntm_version   (id, manifest)        one row per version, as the local store's manifest.json
    ntm_active    (version_id)          the active pointer: one row
    ntm_analyst   (name, password_hash) analyst accounts, valid on every replica
    ntm_signin_failure                  sign-in throttling counts (see ``ntm.throttle``)

A version, its new blobs and the pointer switch are one transaction; writers are serialised
by an advisory lock, so two analysts on two replicas behave as two processes on one machine
do. Every replica keeps DuckDB in-process: a version's blobs are fetched once into a local
cache folder (checked against their hashes) and loaded from there. Replicas read the pointer
at most every ``NTM_POINTER_TTL`` seconds (default 2), so a commit anywhere is followed within
seconds; one page run reads the pointer once (see ``ntm.web``) and so sees one version.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from .base import DamagedVersion, Store, sha256

SCHEMA = """
create table if not exists ntm_blob (
    sha256 text primary key,
    data bytea not null
);
create table if not exists ntm_version (
    id integer primary key,
    manifest jsonb not null
);
create table if not exists ntm_active (
    one boolean primary key default true check (one),
    version_id integer not null references ntm_version (id)
);
create table if not exists ntm_analyst (
    name text primary key,
    password_hash text not null
);
create table if not exists ntm_signin_failure (
    key text primary key,
    failures integer not null,
    last double precision not null,
    locked_until double precision not null
);
"""
# Advisory lock key of the store's writers (any fixed 64-bit number; "ntm-writers").
WRITERS_LOCK = int.from_bytes(hashlib.sha256(b"ntm-writers").digest()[:8], "big", signed=True)

_ready: set[str] = set()                         # URLs whose tables exist (per process)
_pointer: dict[str, tuple[float, str | None]] = {}  # URL -> (read at, active id)
_manifests: dict[tuple[str, str], dict] = {}      # versions never change once written
_local = threading.local()


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def pointer_ttl() -> float:
    return float(os.environ.get("NTM_POINTER_TTL", "2"))


class PostgresStore(Store):
    def __init__(self, where=None):
        self.url = where or os.environ["NTM_STORE"]
        self.location, self.display = self.url, _redact(self.url)
        self._depth = 0
        self._lock_conn = None
        self.cache_dir = Path(os.environ.get("NTM_CACHE_DIR") or tempfile.gettempdir()) / (
            "ntm-blobs-" + hashlib.sha256(self.url.encode()).hexdigest()[:12])
        if self.url not in _ready:
            with psycopg.connect(self.url, autocommit=True) as con:
                con.execute("select pg_advisory_lock(%s)", (WRITERS_LOCK,))  # two replicas starting at once
                try:
                    con.execute(SCHEMA)
                finally:
                    con.execute("select pg_advisory_unlock(%s)", (WRITERS_LOCK,))
            _ready.add(self.url)

    def _conn(self) -> psycopg.Connection:
        """This thread's connection for reads (Streamlit runs each session's script in a thread)."""
        conns = getattr(_local, "conns", None)
        if conns is None:
            conns = _local.conns = {}
        con = conns.get(self.url)
        if con is None or con.closed or con.broken:
            con = conns[self.url] = psycopg.connect(self.url, autocommit=True)
        return con

    def _rows(self, sql: str, params=()) -> list[tuple]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except psycopg.OperationalError:  # a dropped connection: one fresh try
            _local.conns.pop(self.url, None)
            return self._conn().execute(sql, params).fetchall()

    # -- primitives -------------------------------------------------------------------
    def ids(self) -> list[str]:
        return [f"{i:06d}" for (i,) in self._rows("select id from ntm_version order by id")]

    def active_id(self) -> str | None:
        read_at, vid = _pointer.get(self.url, (0.0, None))
        if time.monotonic() - read_at > pointer_ttl():
            rows = self._rows("select version_id from ntm_active")
            vid = f"{rows[0][0]:06d}" if rows else None
            _pointer[self.url] = (time.monotonic(), vid)
        return vid

    def manifest(self, vid: str) -> dict:
        key = (self.url, vid)
        if key not in _manifests:
            if not (vid and vid.isdigit()):
                raise KeyError(vid)
            rows = self._rows("select manifest from ntm_version where id = %s", (int(vid),))
            if not rows:
                raise KeyError(vid)
            meta = rows[0][0]
            if not isinstance(meta, dict) or not isinstance(meta.get("files"), dict):
                raise DamagedVersion(vid, ["manifest: không đúng cấu trúc"])
            _manifests[key] = meta
        return _manifests[key]

    def _fetch(self, digest: str) -> bytes:
        rows = self._rows("select data from ntm_blob where sha256 = %s", (digest,))
        if not rows:
            raise KeyError(digest)
        return bytes(rows[0][0])

    def _cached(self, digest: str) -> Path:
        """The blob in this replica's cache folder, fetched once and checked against its hash."""
        path = self.cache_dir / digest
        if not path.is_file():
            try:
                data = self._fetch(digest)
            except KeyError:
                raise DamagedVersion("?", [f"thiếu dữ liệu {digest[:12]}"]) from None
            if sha256(data) != digest:
                raise DamagedVersion("?", [f"dữ liệu {digest[:12]} không khớp mã băm"])
            self.cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = self.cache_dir / f".tmp-{uuid.uuid4().hex}"
            tmp.write_bytes(data)
            os.replace(tmp, path)
        return path

    def _locate(self, vid: str, manifest: dict):
        files = manifest["files"]
        return lambda name: self._cached(files[name])

    def _blob_problems(self, vid: str, manifest: dict) -> list[str]:
        wanted = dict(manifest["files"])
        rows = dict(self._rows("select sha256, encode(sha256(data), 'hex') = sha256 from ntm_blob "
                               "where sha256 = any(%s)", (list(wanted.values()),)))
        return [f"{name}: thiếu dữ liệu" if digest not in rows else f"{name}: nội dung không khớp mã băm"
                for name, digest in wanted.items() if not rows.get(digest)]

    def lock(self):
        def acquire():
            self._lock_conn = psycopg.connect(self.url, autocommit=True)
            self._lock_conn.execute("select pg_advisory_lock(%s)", (WRITERS_LOCK,))

        def release():
            try:
                self._lock_conn.execute("select pg_advisory_unlock(%s)", (WRITERS_LOCK,))
            finally:
                self._lock_conn.close()
                self._lock_conn = None

        return self._reentrant(acquire, release)

    def _publish(self, manifest: dict, blobs: dict[str, bytes]) -> str:
        with psycopg.connect(self.url) as con, con.transaction():
            for digest, data in blobs.items():
                con.execute("insert into ntm_blob (sha256, data) values (%s, %s) on conflict do nothing",
                            (digest, data))
            (next_id,) = con.execute("select coalesce(max(id), 0) + 1 from ntm_version").fetchone()
            vid = f"{next_id:06d}"
            con.execute("insert into ntm_version (id, manifest) values (%s, %s)",
                        (next_id, json.dumps({"id": vid, **manifest}, ensure_ascii=False)))
            con.execute("insert into ntm_active (one, version_id) values (true, %s) "
                        "on conflict (one) do update set version_id = excluded.version_id", (next_id,))
            con.execute("select pg_notify('ntm_active', %s)", (vid,))
        _pointer[self.url] = (time.monotonic(), vid)
        return vid

    def attachment(self, version, rel: str) -> bytes:
        return self._fetch(version.manifest["attachments"][rel])

    def leftovers(self) -> list[str]:
        return []

    # -- analyst accounts (shared by every replica) ----------------------------------------
    shared_accounts = True

    def accounts(self) -> dict[str, str]:
        return dict(self._rows("select name, password_hash from ntm_analyst order by name"))

    def put_account(self, name: str, password_hash: str) -> None:
        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute("insert into ntm_analyst (name, password_hash) values (%s, %s) on conflict (name) "
                        "do update set password_hash = excluded.password_hash", (name, password_hash))
