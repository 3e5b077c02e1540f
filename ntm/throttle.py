"""Sign-in throttling: failed attempts counted per name and per client, kept in the store.

Each attempt is counted *before* the password is checked (and taken back if it succeeds),
so attempts sent at the same moment cannot slip past the count. From a rule's ``free``-th
failure on, the name (or client) is locked for ``base`` seconds, doubling with every further
failure up to ``longest``; while locked, attempts are refused at once, without checking any
password. Failures older than ``forget`` seconds are forgotten; a successful sign-in clears
the name's count.

The counts live in the store: ``<data dir>/auth/throttle.sqlite3`` for the local folder
(SQLite, one short transaction per attempt), the table ``ntm_signin_failure`` when the store
is PostgreSQL (shared by every replica). They survive restarts and are shared by every
process using the same store. Names and client addresses are stored only as SHA-256 digests.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    free: int        # failures before the first lock
    base: float      # seconds of the first lock
    longest: float   # the longest lock
    forget: float    # seconds after the last failure when the count starts again

    def lock(self, failures: int) -> float:
        """Seconds locked after this many failures."""
        if failures < self.free:
            return 0.0
        return min(self.base * 2.0 ** min(failures - self.free, 64), self.longest)


# A person mistyping gets two free tries, then 2 s, 4 s, 8 s … up to 15 minutes.
NAME_RULE = Rule(free=3, base=2, longest=15 * 60, forget=60 * 60)
# One client (address) trying many names: more room, as an office may share one address.
CLIENT_RULE = Rule(free=10, base=2, longest=15 * 60, forget=60 * 60)


@dataclass
class Attempt:
    """An attempt let through (``wait == 0``) or refused because a name or client is locked."""
    wait: float = 0.0
    # key -> (lock before this attempt, lock this attempt set): to take the attempt back on success
    counted: dict[str, tuple[float, float]] = field(default_factory=dict)


def _digest(kind: str, text: str) -> str:
    return kind + ":" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def name_key(name: str) -> str:
    """The throttle key of a user name: the same for ``Lan``, ``lan `` and NFD ``lan``."""
    return _digest("name", unicodedata.normalize("NFC", name.strip()).casefold())


def client_key(client: str) -> str:
    return _digest("client", client)


class Throttle:
    # The statements, in SQLite's dialect (PostgresThrottle has PostgreSQL's).
    GET = "select failures, last, locked_until from failures where key = ?"
    PUT = "insert or replace into failures values (?, ?, ?, ?)"
    FORGET = "delete from failures where last < ?"
    CLEAR = "delete from failures where key = ?"
    TAKE_BACK = ("update failures set failures = max(failures - 1, 0), "
                 "locked_until = case when locked_until = ? then ? else locked_until end where key = ?")

    def __init__(self, root: Path | None = None, clock=time.time, name_rule: Rule = NAME_RULE,
                 client_rule: Rule = CLIENT_RULE):
        if root is None:
            from .store import data_dir
            root = data_dir()
        self.path = Path(root) / "auth" / "throttle.sqlite3"
        self.clock = clock
        self.rules = {"name": name_rule, "client": client_rule}

    # -- storage ----------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not self.path.exists():  # created private, before SQLite opens it
            with contextlib.suppress(FileExistsError):
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            con.execute("create table if not exists failures (key text primary key, failures integer not null, "
                        "last real not null, locked_until real not null)")
        except BaseException:
            con.close()
            raise
        return con

    @contextlib.contextmanager
    def _transaction(self):
        try:
            con = self._connect()
        except sqlite3.OperationalError:  # busy past the timeout, or not writable: refuse the sign-in
            raise
        except sqlite3.DatabaseError:
            # A damaged counts file: set it aside (counts start again) rather than block every sign-in.
            self.path.replace(self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}"))
            con = self._connect()
        try:
            con.execute("begin immediate")
            yield con
            con.execute("commit")
        except BaseException:
            if con.in_transaction:
                con.execute("rollback")
            raise
        finally:
            con.close()

    def _keys(self, name: str, client: str) -> list[tuple[str, Rule]]:
        keys = [(name_key(name), self.rules["name"])]
        if client:
            keys.append((client_key(client), self.rules["client"]))
        return keys

    def _row(self, con, key: str, rule: Rule, now: float) -> tuple[int, float]:
        """(failures still remembered, lock end) of one key."""
        row = con.execute(self.GET, (key,)).fetchone()
        if row is None or now - row[1] > rule.forget:
            return 0, 0.0
        return row[0], row[2]

    # -- the three steps of a sign-in -----------------------------------------------
    def wait(self, name: str, client: str = "") -> float:
        """Seconds until this name and client may try again (0: now)."""
        now = self.clock()
        with self._transaction() as con:
            return max([0.0] + [self._row(con, k, r, now)[1] - now for k, r in self._keys(name, client)])

    def begin(self, name: str, client: str = "") -> Attempt:
        """Refuse while the name or the client is locked; otherwise count the attempt as a failure."""
        now = self.clock()
        keys = self._keys(name, client)
        with self._transaction() as con:
            rows = {k: self._row(con, k, r, now) for k, r in keys}
            wait = max([0.0] + [locked - now for _, locked in rows.values()])
            if wait > 0:
                return Attempt(wait=wait)
            attempt = Attempt()
            for key, rule in keys:
                failures = rows[key][0] + 1
                locked = now + rule.lock(failures) if rule.lock(failures) else 0.0
                con.execute(self.PUT, (key, failures, now, locked))
                attempt.counted[key] = (rows[key][1], locked)
            longest = max(r.forget for r in self.rules.values())
            con.execute(self.FORGET, (now - longest,))
        return attempt

    def succeeded(self, attempt: Attempt, name: str) -> None:
        """A correct password: the name's count is cleared, the client's attempt taken back."""
        nkey = name_key(name)
        with self._transaction() as con:
            con.execute(self.CLEAR, (nkey,))
            for key, (before, ours) in attempt.counted.items():
                if key == nkey:
                    continue
                con.execute(self.TAKE_BACK, (ours, before, key))


class PostgresThrottle(Throttle):
    """The same counts in the shared PostgreSQL store, so every replica applies the same locks.
    Attempts are serialised by a transaction-scoped advisory lock, as SQLite's immediate
    transactions serialise them on one machine."""
    GET = "select failures, last, locked_until from ntm_signin_failure where key = %s"
    PUT = ("insert into ntm_signin_failure (key, failures, last, locked_until) values (%s, %s, %s, %s) "
           "on conflict (key) do update set failures = excluded.failures, last = excluded.last, "
           "locked_until = excluded.locked_until")
    FORGET = "delete from ntm_signin_failure where last < %s"
    CLEAR = "delete from ntm_signin_failure where key = %s"
    TAKE_BACK = ("update ntm_signin_failure set failures = greatest(failures - 1, 0), "
                 "locked_until = case when locked_until = %s then %s else locked_until end where key = %s")
    LOCK = int.from_bytes(hashlib.sha256(b"ntm-signin").digest()[:8], "big", signed=True)

    def __init__(self, url: str, clock=time.time, name_rule: Rule = NAME_RULE, client_rule: Rule = CLIENT_RULE):
        self.url = url
        self.clock = clock
        self.rules = {"name": name_rule, "client": client_rule}

    @contextlib.contextmanager
    def _transaction(self):
        import psycopg

        from .store.postgres import connect, unavailable
        try:
            with connect(self.url, autocommit=False) as con, con.transaction():
                con.execute("select pg_advisory_xact_lock(%s)", (self.LOCK,))
                yield con
        except psycopg.OperationalError as exc:  # the store unreachable: StoreUnavailable, nothing counted
            raise unavailable(exc, self.url) from None


def for_store(store) -> Throttle:
    """The throttle kept in `store` (a local folder or PostgreSQL)."""
    url = getattr(store, "url", None)
    return PostgresThrottle(url) if url else Throttle(store.root)
