"""What a server does once, before its visitors are served, however it was started: ``make run``
(``python -m ntm.serve``, which calls `start` before Streamlit starts) or plain ``streamlit run
app.py`` (app.py calls it at the top of every page run; only the first call of the process works).

- The store is set up: an empty one seeded from the bundled sample, and a newer bundled sample
  stored if (and only if) the active version is an untouched earlier sample
  (``Store.refresh_sample``); both before any page reads the store.
- Pre-warmed in a thread of its own: the app's modules imported and the active version's DuckDB
  database built, in the caches the pages use, then frozen out of garbage collection.
- A store that cannot be reached is no reason to fail: the version kept in the local cache is
  served if there is one, and the store is tried again until it answers (``_first_version``).

`Health` records whether the first version is loaded; ``ntm.serve`` answers ``/ready`` from it.
"""
from __future__ import annotations

import gc
import logging
import threading
import time

from .store import Store, StoreUnavailable

log = logging.getLogger("ntm")


class Health:
    """What the readiness answer is made of: whether the first version is loaded, and a look
    at the store (`reachable()`: False while it cannot be reached)."""

    def __init__(self, reachable=None):
        self.loaded = threading.Event()
        self._reachable = reachable or _store_reachable

    def ready(self) -> tuple[int, str]:
        if not self.loaded.is_set():
            return 503, "not ready"
        try:
            ok = self._reachable()
        except Exception:  # a look that fails is an unreachable store, never a failed check
            log.exception("readiness: store check failed")
            ok = False
        return (200, "ready") if ok else (200, "degraded")


def _store_reachable() -> bool:
    """The pointer read (at most every few seconds, see ``NTM_POINTER_TTL``; at once while the
    store's back-off stands)."""
    store = Store()
    try:
        store.active_id()
    except StoreUnavailable:
        return False
    finally:
        store.close()  # each check runs in a thread of its own: no connection left behind
    return store.reachable


_lock = threading.Lock()
_started: Health | None = None


def start(health: Health | None = None) -> Health:
    """The start-up work, once per process (later calls return at once): the store set up now,
    the first version pre-warmed in the background. Returns the `Health` it reports to (`health`,
    or a new one). An error other than an unreachable store is raised, and the next call tries
    again."""
    global _started
    if _started is not None:
        return _started
    with _lock:  # sessions arriving together wait for the one doing the work
        if _started is not None:
            return _started
        health = health or Health()
        try:
            target, args = _warm, (health, *_resolve())
        except StoreUnavailable:  # not a reason to fail: the kept version, or tried again and again
            log.warning("store unreachable at start")
            target, args = _first_version, (health,)
        threading.Thread(target=target, args=args, name="ntm-prewarm", daemon=True).start()
        _started = health
        return health


def _prewarm(location: str, version_id: str) -> None:
    """Before the first visitor: the app's modules imported and the active version's DuckDB
    database built, in the same caches the pages use; then frozen out of garbage collection."""
    from . import web
    from .charts import base  # noqa: F401  (Plotly and the template)

    web.database(location, version_id)
    # What is loaded by now lives as long as the server: kept out of every later collection.
    gc.freeze()


def _resolve() -> tuple[str, str]:
    """The store's location and the id of the version to serve, a newer bundled sample stored
    first; StoreUnavailable when the store cannot be reached."""
    store = Store()
    store.resolve()  # seeds an empty store
    store.refresh_sample()
    return store.location, store.resolve().version.id


def _warm(health: Health, location: str, version_id: str) -> None:
    try:
        _prewarm(location, version_id)
    except StoreUnavailable:  # gone meanwhile, a blob not yet here: load it when it is back
        _first_version(health)
        return
    except Exception:  # warming is a head start only: the pages load the version themselves
        log.exception("pre-warming the first version failed")
    health.loaded.set()


def _first_version(health: Health, retry=time.sleep) -> None:
    """Find and load a version to serve while the store could not be reached at start: the
    store's own once it answers, or meanwhile the version kept in the local cache (if any);
    tried again every second (the store's back-off spaces the real attempts). Then the server is
    ready (or degraded); a kept version served, the store is still tried until it answers, so
    that a newer bundled sample is stored as at a normal start."""
    tried = 0
    while True:
        reached = True
        try:
            location, version_id = _resolve()
        except StoreUnavailable:
            reached, store = False, Store()
            kept = None if health.loaded.is_set() else store.last_resolved()
            location, version_id = store.location, kept.version.id if kept else None
        except Exception:
            log.exception("loading the first version failed")
            reached, version_id = False, None
        if version_id is not None:
            try:
                _prewarm(location, version_id)
                health.loaded.set()
            except StoreUnavailable:
                pass
        if reached and health.loaded.is_set():
            return
        if not tried:
            log.warning("store unreachable: trying again until it answers")
        tried += 1
        retry(1.0)  # cheap: the store's back-off decides when a real connection is tried


def not_a_server() -> None:
    """Say that this process serves no visitors (a test process running app.py through AppTest):
    app.py's call of `start` then does nothing here."""
    global _started
    with _lock:
        _started = _started or Health()
