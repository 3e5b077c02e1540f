"""A throwaway PostgreSQL server: Debian's `postgresql` package, a cluster in a temporary
folder listening on 127.0.0.1, run as user `postgres` when the caller is root (PostgreSQL
refuses to run as root). Used by `make cluster` (``python -m ntm.cluster``) and the tests."""
from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def available() -> bool:
    return bool(_bin("initdb") and _bin("pg_ctl"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class TempPostgres:
    """A cluster in its own temporary folder: `start()` creates and starts it, `stop()` and
    `start()` again restart it on the same port, `remove()` stops it and deletes the folder.
    With `folder` and `port`: a handle on a cluster already made there (to stop or restart it)."""

    def __init__(self, port: int | None = None, folder: str | Path | None = None):
        self.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="ntm-pg-"))
        self.data = self.folder / "data"
        self.port = port or free_port()
        self.base = f"postgresql://postgres@127.0.0.1:{self.port}"
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.folder, pw.pw_uid, pw.pw_gid)
            os.chmod(self.folder, 0o755)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(_as_postgres([*args]), check=check, capture_output=True)

    def start(self) -> TempPostgres:
        if not self.data.exists():
            self._run(_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                      "-E", "UTF8", "--locale=C")
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off "
                  "-c synchronous_commit=off -c full_page_writes=off", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run(_bin("pg_ctl"), "-D", str(self.data), "status", check=False).returncode == 0

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def remove(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # a server a test hung (SIGSTOP) first goes on
            os.kill(self.postmaster_pid(), signal.SIGCONT)
        if self.data.exists():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_database(self, name: str | None = None) -> str:
        """Create a database (a fresh random name unless given); return its URL."""
        import psycopg
        from psycopg import sql
        name = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.base + "/postgres", autocommit=True) as con:
            con.execute(sql.SQL("create database {}").format(sql.Identifier(name)))
        return f"{self.base}/{name}"


@contextlib.contextmanager
def server():
    """Start a cluster; yield a function that creates a fresh database and returns its URL."""
    pg = TempPostgres()
    try:
        pg.start()
        yield pg.new_database
    finally:
        pg.remove()
