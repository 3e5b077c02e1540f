"""Start the dashboard: ``python -m ntm.serve [streamlit run options]``.

``streamlit run app.py`` with health endpoints for a load balancer, Streamlit's folder-based
navigation off from the start, and the start-up work (``ntm.startup``: the store set up, the
newer bundled sample stored, the first version pre-warmed) done before Streamlit starts instead of
at the first page run. Because the project keeps its pages in ``pages/``, plain ``streamlit run``
serves a fresh server's first session with that older navigation until ``st.navigation`` has run
once (a deep link as the very first visit then shows "Page not found" once); here it never does.

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

import logging
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .startup import Health, start
from .store import ROOT

log = logging.getLogger("ntm")


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


def main() -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    health = Health()
    try:
        health_server(health, health_port(sys.argv[1:]), os.environ.get("NTM_HEALTH_HOST") or "0.0.0.0")
    except OSError as exc:  # the port taken: the dashboard still starts, without the endpoints
        log.warning("health endpoints not started: %s", exc)
    start(health)  # before the first visitor; app.py's own call then finds it done
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
