"""Start the dashboard: ``python -m ntm.serve [streamlit run options]``.

The same as ``streamlit run app.py`` except that Streamlit's folder-based navigation is
off from the start, and a newer bundled sample is stored first if (and only if) the active
version is an untouched earlier sample (``Store.refresh_sample``). Because the project keeps its pages in ``pages/``, plain
``streamlit run`` serves a fresh server's first session with that older navigation
(a deep link then shows "Page not found") until ``st.navigation`` has run once.

A store that cannot be reached at start is no reason to exit: the server starts, serves the
version kept in its local cache if there is one, and keeps trying (see ``ntm.store.postgres``).

Health, for a load balancer, on its own port (``NTM_HEALTH_PORT``, default the Streamlit port
+ 1000; ``NTM_HEALTH_HOST``, default 0.0.0.0):

    GET /ready   503 "not ready"  no data version loaded yet
                 200 "ready"      a version loaded and the store reachable
                 200 "degraded"   serving a kept version while the store is unreachable
    GET /live    200 "ok"         the process answers
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .store import ROOT, Store, StoreUnavailable

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


def health_server(health: Health, port: int, host: str = "0.0.0.0") -> ThreadingHTTPServer:
    """The health endpoints on `host`:`port`, served by a daemon thread."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            path = self.path.split("?")[0]
            if path == "/live":
                code, body = 200, "ok"
            elif path == "/ready":
                code, body = health.ready()
            else:
                code, body = 404, "not found"
            data = body.encode()
            self.send_response(code)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # a check every few seconds: not in the log
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="ntm-health", daemon=True).start()
    return server


def health_port(argv: list[str]) -> int:
    """``NTM_HEALTH_PORT``, else the Streamlit port (``--server.port``, default 8501) + 1000."""
    if os.environ.get("NTM_HEALTH_PORT"):
        return int(os.environ["NTM_HEALTH_PORT"])
    port = int(os.environ.get("STREAMLIT_SERVER_PORT") or 8501)
    for i, arg in enumerate(argv):
        if arg == "--server.port" and i + 1 < len(argv):
            port = int(argv[i + 1])
        elif arg.startswith("--server.port="):
            port = int(arg.split("=", 1)[1])
    return port + 1000


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


def main() -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    health = Health()
    try:
        health_server(health, health_port(sys.argv[1:]), os.environ.get("NTM_HEALTH_HOST") or "0.0.0.0")
    except OSError as exc:  # the port taken: the dashboard still starts, without the endpoints
        log.warning("health endpoints not started: %s", exc)
    try:  # before the first visitor, as a server always did
        target, args = _warm, (health, *_resolve())
    except StoreUnavailable:  # not a reason to exit: the kept version, or tried again and again
        log.warning("store unreachable at start")
        target, args = _first_version, (health,)
    threading.Thread(target=target, args=args, name="ntm-prewarm", daemon=True).start()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
