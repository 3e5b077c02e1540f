"""A throwaway PostgreSQL server for the tests: Debian's `postgresql` package, a cluster in a
temporary folder on 127.0.0.1, run as user `postgres` when the tests run as root."""
from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def server():
    """Start a cluster; yield a function that creates a fresh database and returns its URL."""
    folder = Path(tempfile.mkdtemp(prefix="ntm-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        os.chmod(folder, 0o755)
    port = _free_port()
    subprocess.run(_as_postgres([_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync",
                                 "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
    subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                                 f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off "
                                 "-c synchronous_commit=off -c full_page_writes=off", "start"]),
                   check=True, capture_output=True)
    base = f"postgresql://postgres@127.0.0.1:{port}"

    def new_database() -> str:
        import psycopg
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(base + "/postgres", autocommit=True) as con:
            con.execute(f"create database {name}")
        return f"{base}/{name}"

    try:
        yield new_database
    finally:
        subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


class Cluster:
    """A cluster of its own for a test that stops, hangs and starts the server (an outage)."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ntm-pg-"))
        self.data = self.folder / "data"
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.folder, pw.pw_uid, pw.pw_gid)
            os.chmod(self.folder, 0o755)
        self.port = _free_port()
        subprocess.run(_as_postgres([_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                                     "--no-sync", "-E", "UTF8", "--locale=C"]), check=True, capture_output=True)
        self.base = f"postgresql://postgres@127.0.0.1:{self.port}"

    def start(self) -> None:
        subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-w",
                                     "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
                                     "-c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"]),
                       check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       check=True, capture_output=True)

    def postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def new_database(self) -> str:
        import psycopg
        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.base + "/postgres", autocommit=True) as con:
            con.execute(f"create database {name}")
        return f"{self.base}/{name}"

    def remove(self) -> None:
        import signal
        with contextlib.suppress(Exception):
            os.kill(self.postmaster_pid(), signal.SIGCONT)
        subprocess.run(_as_postgres([_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)
