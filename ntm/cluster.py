"""Several replicas behind HAProxy on one machine: ``python -m ntm.cluster`` (``make cluster``).

Starts a throwaway PostgreSQL store in a temporary folder (unless ``NTM_STORE`` names one),
``--replicas N`` replicas (``python -m ntm.serve``; default: one per core, or ``REPLICAS``)
sharing it, and Debian's HAProxy on ``--port`` (default ``PORT`` or 8501) with the
repository's ``deploy/haproxy.cfg``: cookie-sticky sessions, websockets, health checks.
Waits until HAProxy answers and every replica is healthy, prints the addresses, and on
Ctrl-C or SIGTERM stops everything it started and removes its folders.

The health check (``NTM_HEALTH_CHECK``): ``ready`` (default) checks ``GET /ready`` on each
replica's health port (``NTM_HEALTH_PORT``, set to its Streamlit port + 1000); ``streamlit``
checks Streamlit's own ``GET /_stcore/health`` on the Streamlit port. In ``ready`` mode, replicas
that do not answer on their health port get the ``streamlit`` check, with a warning.
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import pgtemp

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "haproxy.cfg"
CHECKS = {"ready": "/ready", "streamlit": "/_stcore/health"}
MARK = "# (make cluster)"


@dataclass
class Replica:
    name: str
    port: int
    health_port: int
    proc: subprocess.Popen | None = None
    log: Path | None = None


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if os.access(p, os.X_OK)), None)


def render(template: str, port: int, replicas: list[Replica], check: str, socket_path: str) -> str:
    """deploy/haproxy.cfg with its "(make cluster)" lines rewritten: the frontend's port, the
    runtime socket, the health check's path and one server line per replica."""
    if check not in CHECKS:
        raise ValueError(f"NTM_HEALTH_CHECK must be one of {', '.join(CHECKS)}, not {check!r}")
    out, servers_done = [], False
    for line in template.splitlines():
        if not line.rstrip().endswith(MARK):
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        word = line.split()[0]
        if word == "bind":
            out.append(f"{indent}bind :{port}    {MARK}")
        elif word == "stats":
            out.append(f"{indent}stats socket {socket_path} mode 600 level admin    {MARK}")
        elif word == "option":
            out.append(f"{indent}option httpchk GET {CHECKS[check]}    {MARK}")
        elif word == "server":
            if not servers_done:
                for r in replicas:
                    health = f" port {r.health_port}" if check == "ready" else ""
                    out.append(f"{indent}server {r.name} 127.0.0.1:{r.port} check{health} cookie {r.name}    {MARK}")
                servers_done = True
        else:
            raise ValueError(f"unknown line marked {MARK!r} in the template: {line.strip()}")
    return "\n".join(out) + "\n"


def server_states(socket_path: str) -> dict[str, str]:
    """Each replica's state as HAProxy sees it ("UP", "DOWN", …), from its runtime API."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(socket_path)
        s.sendall(b"show stat\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    rows = list(csv.reader(data.decode().lstrip("# ").splitlines()))
    head = rows[0]
    return {r[head.index("svname")]: r[head.index("status")] for r in rows[1:]
            if len(r) == len(head) and r[head.index("pxname")] == "ntm" and r[head.index("svname")] not in ("BACKEND",)}


def _http_status(url: str, timeout: float = 2) -> int | None:
    """The HTTP status of a GET, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, ValueError):
        return None


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind: TIME_WAIT is no obstacle
        try:
            s.bind(("0.0.0.0", port))
            return True
        except OSError:
            return False


def _tail(path: Path | None, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except (OSError, AttributeError):
        return ""


class Cluster:
    def __init__(self, replicas: int, port: int, first_replica_port: int, check: str, out=sys.stdout):
        self.n, self.port, self.first, self.check = replicas, port, first_replica_port, check
        self.out = out
        self.work = Path(tempfile.mkdtemp(prefix="ntm-cluster-"))
        self.pg: pgtemp.TempPostgres | None = None
        self.store_url = ""
        self.replicas: list[Replica] = []
        self.haproxy: subprocess.Popen | None = None
        self.config = self.work / "haproxy.cfg"
        self.socket = str(self.work / "haproxy.sock")

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    # -- start -------------------------------------------------------------------------
    def start(self) -> None:
        binary = haproxy_binary()
        if not binary:
            raise SystemExit("HAProxy not installed: apt-get install haproxy (Debian package 'haproxy')")
        self._ports()
        self._store()
        for r in self.replicas:
            self._start_replica(r)
        for r in self.replicas:
            self._wait_streamlit(r)
        if self.check == "ready" and not self._health_endpoints():
            self.say("warning: the replicas answer nothing on their health port (NTM_HEALTH_PORT); "
                     "HAProxy checks Streamlit's /_stcore/health instead")
            self.check = "streamlit"
        self.config.write_text(render(TEMPLATE.read_text(), self.port, self.replicas, self.check, self.socket))
        test = subprocess.run([binary, "-c", "-q", "-f", str(self.config)], capture_output=True, text=True)
        if test.returncode:
            raise SystemExit(f"HAProxy refuses {self.config}:\n{test.stdout}{test.stderr}")
        log = open(self.work / "haproxy.log", "wb")
        self.haproxy = subprocess.Popen([binary, "-db", "-f", str(self.config)], stdout=log, stderr=log,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_balancer()

    def _ports(self) -> None:
        for i in range(1, self.n + 1):
            if self.first:
                port = self.first + i - 1
                health = port + 1000
                for p in (port, health):
                    if not _port_free(p):
                        raise SystemExit(f"port {p} is in use (choose others with --first-replica-port)")
            else:
                port, health = pgtemp.free_port(), pgtemp.free_port()
            self.replicas.append(Replica(f"r{i}", port, health))
        if not _port_free(self.port):
            raise SystemExit(f"port {self.port} is in use (choose another with PORT=… or --port)")

    def _store(self) -> None:
        self.store_url = os.environ.get("NTM_STORE", "")
        if not self.store_url:
            if not pgtemp.available():
                raise SystemExit("PostgreSQL not installed: apt-get install postgresql "
                                 "(or set NTM_STORE=postgresql://… to use a running server)")
            self.pg = pgtemp.TempPostgres().start()
            self.store_url = self.pg.new_database("ntm")
        # Created and seeded once here, so the replicas start on a store that holds a version.
        from .store import Store
        Store(self.store_url).resolve()

    def _start_replica(self, r: Replica) -> None:
        env = dict(os.environ, NTM_STORE=self.store_url, NTM_HEALTH_PORT=str(r.health_port))
        r.log = self.work / f"replica-{r.name}.log"
        log = open(r.log, "ab")
        r.proc = subprocess.Popen(
            [sys.executable, "-m", "ntm.serve", "--server.port", str(r.port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)

    def _wait_streamlit(self, r: Replica, timeout: float = 300) -> None:
        end = time.monotonic() + timeout
        while _http_status(f"http://127.0.0.1:{r.port}/_stcore/health") != 200:
            if r.proc.poll() is not None:
                raise SystemExit(f"replica {r.name} (port {r.port}) exited:\n{_tail(r.log)}")
            if time.monotonic() > end:
                raise SystemExit(f"replica {r.name} (port {r.port}) not up within {timeout:.0f} s:\n{_tail(r.log)}")
            time.sleep(0.2)

    def _health_endpoints(self, timeout: float = 20) -> bool:
        """Whether every replica answers on its health port; waits for them to be ready (200)."""
        end = time.monotonic() + timeout
        answered: set[str] = set()
        while time.monotonic() < end:
            status = {r.name: _http_status(f"http://127.0.0.1:{r.health_port}/ready") for r in self.replicas}
            answered |= {n for n, s in status.items() if s is not None}
            if all(s == 200 for s in status.values()):
                return True
            if answered and len(answered) == len(self.replicas):
                end = max(end, time.monotonic() + 1)  # they answer: wait for them to be ready
            time.sleep(0.3)
        if answered:  # some answer but stay not ready: use /ready anyway, HAProxy waits for them
            return True
        return False

    def _wait_balancer(self, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while True:
            if self.haproxy.poll() is not None:
                raise SystemExit(f"HAProxy exited:\n{_tail(self.work / 'haproxy.log')}")
            try:
                states = server_states(self.socket)
            except OSError:
                states = {}
            if (states and all(s.startswith("UP") for s in states.values())
                    and _http_status(f"http://127.0.0.1:{self.port}/_stcore/health") == 200):
                return
            if time.monotonic() > end:
                raise SystemExit(f"HAProxy's replicas not all up within {timeout:.0f} s: {states}")
            time.sleep(0.3)

    def report(self) -> None:
        self.say(f"NTM cluster: http://localhost:{self.port}")
        for r in self.replicas:
            health = (f"health http://127.0.0.1:{r.health_port}/ready" if self.check == "ready"
                      else f"health http://127.0.0.1:{r.port}/_stcore/health")
            self.say(f"  replica {r.name}: http://127.0.0.1:{r.port} ({health}; pid {r.proc.pid})")
        if self.pg:
            self.say(f"  store: {self.store_url} (temporary PostgreSQL in {self.pg.folder})")
        else:
            self.say("  store: NTM_STORE")
        self.say(f"  haproxy: {self.config} (pid {self.haproxy.pid}; runtime API {self.socket})")
        self.say("Ctrl-C stops everything.")

    # -- run and stop ------------------------------------------------------------------
    def watch(self) -> int:
        """Until a signal: report a replica that exits (HAProxy sends its visitors elsewhere)."""
        gone: set[str] = set()
        while True:
            if self.haproxy.poll() is not None:
                self.say(f"HAProxy exited:\n{_tail(self.work / 'haproxy.log')}")
                return 1
            for r in self.replicas:
                if r.name not in gone and r.proc.poll() is not None:
                    gone.add(r.name)
                    self.say(f"replica {r.name} (port {r.port}) exited with {r.proc.returncode}; "
                             "HAProxy sends its visitors to the others")
            time.sleep(0.5)

    def stop(self) -> None:
        procs = [p for p in [self.haproxy, *(r.proc for r in self.replicas)] if p is not None]
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        if self.pg:
            self.pg.remove()
        shutil.rmtree(self.work, ignore_errors=True)


def _stop_on_signal(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ntm.cluster", description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS") or os.cpu_count() or 2),
                    help="number of replicas (default: REPLICAS, else one per core)")
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8501),
                    help="HAProxy's port (default: PORT, else 8501)")
    ap.add_argument("--first-replica-port", type=int, default=None,
                    help="the first replica's Streamlit port, the next ones follow (default: port + 100); "
                         "0: any free ports")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")
    first = args.port + 100 if args.first_replica_port is None else args.first_replica_port
    check = os.environ.get("NTM_HEALTH_CHECK", "ready")
    if check not in CHECKS:
        ap.error(f"NTM_HEALTH_CHECK must be one of {', '.join(CHECKS)}, not {check!r}")
    cluster = Cluster(args.replicas, args.port, first, check)
    # Also SIGINT: a launcher started in the background of a script inherits it ignored.
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    code = 0
    try:
        cluster.start()
        cluster.report()
        code = cluster.watch()
    except KeyboardInterrupt:
        pass
    except SystemExit as e:
        if e.code not in (None, 0):
            print(e.code if isinstance(e.code, str) else f"exit {e.code}", file=sys.stderr, flush=True)
            code = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        cluster.say("stopping the replicas, HAProxy and the temporary PostgreSQL …")
        cluster.stop()
    return code


if __name__ == "__main__":
    sys.exit(main())
