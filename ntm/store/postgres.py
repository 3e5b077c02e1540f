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

An unreachable server is `StoreUnavailable`, never a driver error: every connection has a
connect and a statement timeout (``NTM_STORE_TIMEOUT`` seconds, default 3; writes
``NTM_STORE_WRITE_TIMEOUT``, default 60), so a hung server fails like a stopped one. After a
failure a replica does not try again from every page run: real connection attempts back off
(1 s, 2, 4 … ``NTM_STORE_RETRY_MAX``, default 30), and in between at most one cheap probe a
second (PostgreSQL's 8-byte SSL request, answered by the server with one byte) lets the next
run through as soon as the server answers again. The version last served is kept in the cache
folder (``last.json``) so a replica started during an outage can serve it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import socket
import struct
import tempfile
import contextlib
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from .base import DamagedVersion, Resolved, Store, StoreUnavailable, sha256

log = logging.getLogger("ntm")

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
_last: dict[str, tuple[str | None, str]] = {}     # URL -> (pointer, version id) last resolved here
_local = threading.local()


def _redact(url: str) -> str:
    """The URL with its password masked, in the address or as a `password=` parameter."""
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(":" + parts.password + "@", ":***@"))
    query = "&".join("password=***" if q.lower().startswith("password=") else q for q in parts.query.split("&"))
    return urlunsplit(parts._replace(query=query))


def _mask(text: str, url: str) -> str:
    """`text` (a driver's message) with the URL's passwords masked wherever they appear."""
    parts = urlsplit(url)
    passwords = [parts.password] + [q.split("=", 1)[1] for q in parts.query.split("&")
                                    if q.lower().startswith("password=")]
    for password in filter(None, passwords):
        text = text.replace(password, "***")
    return text


def pointer_ttl() -> float:
    return float(os.environ.get("NTM_POINTER_TTL", "2"))


def timeout() -> float:
    """Seconds a connection attempt or a read may take before the store counts as unreachable."""
    return float(os.environ.get("NTM_STORE_TIMEOUT") or 3)


def write_timeout() -> float:
    """Seconds a write (waiting for the writers' lock, storing a version) may take."""
    return float(os.environ.get("NTM_STORE_WRITE_TIMEOUT") or 60)


def retry_max() -> float:
    return float(os.environ.get("NTM_STORE_RETRY_MAX") or 30)


def _answers(host: str, port: int, wait: float) -> bool:
    """Whether a PostgreSQL server answers at host:port: its reply to an SSL request (one byte,
    written by the server itself; a hung server accepts the TCP connection but never answers)."""
    try:
        with socket.create_connection((host, port), timeout=wait) as s:
            s.settimeout(wait)
            s.sendall(struct.pack("!ii", 8, 80877103))
            return s.recv(1) in (b"S", b"N")
    except OSError:
        return False


class _Gate:
    """One server's reachability in this process: after a failure, real connection attempts
    wait a growing delay; a probe at most once a second ends the wait as soon as it answers."""

    def __init__(self, url: str):
        self.url, self.fails, self.retry_at, self.probed_at = url, 0, 0.0, 0.0
        self.lock = threading.Lock()
        self.address, self.options = None, ""
        try:
            info = psycopg.conninfo.conninfo_to_dict(url)
            self.options = str(info.get("options") or "")  # the URL's own, kept beside the timeout
            host = str(info.get("host") or info.get("hostaddr") or "")
            if host and not host.startswith("/") and "," not in host:
                self.address = (host, int(str(info.get("port") or 5432).split(",")[0]))
        except Exception:  # an odd URL: back-off alone
            self.address = None

    @property
    def down(self) -> bool:
        return self.fails > 0

    def before(self) -> None:
        """Raise StoreUnavailable at once while a recent failure stands; else return (try now)."""
        with self.lock:
            if not self.fails:
                return
            now = time.monotonic()
            if now >= self.retry_at:
                self.retry_at = now + timeout()  # the others fail at once while this attempt runs
                return
            # A probe at most once a second; none after a server that answered the probe still
            # refused the connection (a wrong password, too many clients): back-off alone then.
            probe = self.address is not None and now - self.probed_at >= 1.0
            if probe:
                self.probed_at = now
        if probe and _answers(*self.address, min(1.0, timeout())):
            with self.lock:
                self.probed_at = self.retry_at  # if this attempt fails, no probe before the next retry
            return
        raise StoreUnavailable()

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            self.fails += 1
            delay = min(retry_max(), 2.0 ** (self.fails - 1))
            self.retry_at = time.monotonic() + delay
        log.warning("store %s unreachable (%s failure(s), next attempt in %.0f s): %s", _redact(self.url),
                    self.fails, delay, _mask(str(exc).strip(), self.url))

    def succeeded(self) -> None:
        if self.fails:
            with self.lock:
                self.fails = 0
            log.warning("store %s reachable again", _redact(self.url))


_gates: dict[str, _Gate] = {}
_gates_lock = threading.Lock()


def gate(url: str) -> _Gate:
    with _gates_lock:
        if url not in _gates:
            _gates[url] = _Gate(url)
        return _gates[url]


def connect(url: str, autocommit: bool = True, statement_timeout: float | None = None) -> psycopg.Connection:
    """A connection with the store's timeouts, or StoreUnavailable (see `_Gate`)."""
    g = gate(url)
    g.before()
    wait, limit = timeout(), statement_timeout or timeout()
    try:
        con = psycopg.connect(url, autocommit=autocommit, connect_timeout=max(1, math.ceil(wait)),
                              options=f"{g.options} -c statement_timeout={int(limit * 1000)}".strip(),
                              keepalives=1, keepalives_idle=max(1, int(wait)), keepalives_interval=1,
                              keepalives_count=3, tcp_user_timeout=int(limit * 1000))
    except psycopg.OperationalError as exc:
        g.failed(exc)
        raise StoreUnavailable() from None
    g.succeeded()
    return con


def unavailable(exc: BaseException, url: str) -> StoreUnavailable:
    """A failure while talking to a connected server (dropped, timed out): counted, and turned
    into StoreUnavailable for the caller to raise ``from None``."""
    gate(url).failed(exc)
    return StoreUnavailable()


class PostgresStore(Store):
    def __init__(self, where=None):
        self.url = where or os.environ["NTM_STORE"]
        self.location, self.display = self.url, _redact(self.url)
        self._depth = 0
        self._lock_conn = None
        self.cache_dir = Path(os.environ.get("NTM_CACHE_DIR") or tempfile.gettempdir()) / (
            "ntm-blobs-" + hashlib.sha256(self.url.encode()).hexdigest()[:12])
        # The tables are created on the first connection (not here: opening a store never fails).

    def _connect(self, autocommit: bool = True, statement_timeout: float | None = None) -> psycopg.Connection:
        con = connect(self.url, autocommit, statement_timeout)
        if self.url not in _ready:
            try:
                with connect(self.url, True, write_timeout()) as setup:
                    setup.execute("select pg_advisory_lock(%s)", (WRITERS_LOCK,))  # two replicas starting at once
                    try:
                        setup.execute(SCHEMA)
                    finally:
                        setup.execute("select pg_advisory_unlock(%s)", (WRITERS_LOCK,))
            except psycopg.OperationalError as exc:
                con.close()
                raise unavailable(exc, self.url) from None
            except BaseException:  # StoreUnavailable from the setup's own connect, or anything else
                con.close()
                raise
            _ready.add(self.url)
        return con

    @property
    def reachable(self) -> bool:
        return not gate(self.url).down

    def _conn(self) -> psycopg.Connection:
        """This thread's connection for reads (Streamlit runs each session's script in a thread)."""
        conns = getattr(_local, "conns", None)
        if conns is None:
            conns = _local.conns = {}
        con = conns.get(self.url)
        if con is None or con.closed or con.broken:
            con = conns[self.url] = self._connect()
        return con

    def _rows(self, sql: str, params=()) -> list[tuple]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except psycopg.OperationalError:  # a dropped connection: one fresh try
            self._drop()
        try:
            return self._conn().execute(sql, params).fetchall()
        except psycopg.OperationalError as exc:
            self._drop()
            raise unavailable(exc, self.url) from None

    def close(self) -> None:
        self._drop()

    def _drop(self) -> None:
        con = getattr(_local, "conns", {}).pop(self.url, None)
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()

    # -- the version last served, for an outage -------------------------------------------
    def resolve(self, checked=None) -> Resolved:
        resolved = super().resolve(checked)
        if _last.get(self.url) != (resolved.pointer, resolved.version.id):
            _last[self.url] = (resolved.pointer, resolved.version.id)
            self._remember(resolved)
        return resolved

    def _remember(self, resolved: Resolved) -> None:
        """Keep the version served (its manifest) in the cache folder, for a replica started
        while the store is unreachable; its blobs are there already."""
        try:
            self.cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            tmp = self.cache_dir / f".tmp-{uuid.uuid4().hex}"
            tmp.write_text(json.dumps({"pointer": resolved.pointer, "version": resolved.version.id,
                                       "manifest": resolved.version.manifest}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.cache_dir / "last.json")
        except OSError as exc:
            log.warning("could not keep the version served in the cache folder: %s", exc)

    def last_resolved(self) -> Resolved | None:
        """The version last served here (this process, else the cache folder), if its datasets
        are all in the local cache."""
        vid = (_last.get(self.url) or (None, None))[1]
        meta = _manifests.get((self.url, vid)) if vid else None
        if meta is None:
            try:
                kept = json.loads((self.cache_dir / "last.json").read_text(encoding="utf-8"))
                vid, meta = str(kept["version"]), kept["manifest"]
                if not isinstance(meta.get("files"), dict):
                    return None
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                return None
            _manifests.setdefault((self.url, vid), meta)
        if not all((self.cache_dir / d).is_file() for d in meta["files"].values()):
            return None
        return Resolved(self._version(vid, meta), vid)

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
            con = self._connect(statement_timeout=write_timeout())
            try:
                con.execute("select pg_advisory_lock(%s)", (WRITERS_LOCK,))
            except psycopg.OperationalError as exc:
                con.close()
                raise unavailable(exc, self.url) from None
            self._lock_conn = con

        def release():
            try:
                self._lock_conn.execute("select pg_advisory_unlock(%s)", (WRITERS_LOCK,))
            except psycopg.OperationalError:  # the server is gone: so is the lock, with the session
                pass
            finally:
                self._lock_conn.close()
                self._lock_conn = None

        return self._reentrant(acquire, release)

    def _publish(self, manifest: dict, blobs: dict[str, bytes]) -> str:
        try:  # one transaction: a failure anywhere stores nothing
            with self._connect(autocommit=False, statement_timeout=write_timeout()) as con, con.transaction():
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
        except psycopg.OperationalError as exc:
            raise unavailable(exc, self.url) from None
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
        try:
            with self._connect() as con:
                con.execute("insert into ntm_analyst (name, password_hash) values (%s, %s) on conflict (name) "
                            "do update set password_hash = excluded.password_hash", (name, password_hash))
        except psycopg.OperationalError as exc:
            raise unavailable(exc, self.url) from None
