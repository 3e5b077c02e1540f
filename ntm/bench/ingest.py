"""Import of a national criteria_status file through the real ingest path, beside DuckDB's own read."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

DUCKDB_READ = ("import duckdb, sys; con = duckdb.connect(); "
               "con.read_csv(sys.argv[1]).create('t'); print(con.execute('select count(*) from t').fetchall())")


def _timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one child process: its own peak, from wait4 (not
    RUSAGE_CHILDREN, which reports the largest of every child waited for so far)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=dict(os.environ, **(env or {})), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return seconds, usage.ru_maxrss / 1024


def compare(store_root: Path, csv_path: Path) -> dict:
    """Seconds and peak MB to validate and commit the file (a full replace) and for DuckDB to read it."""
    python = sys.executable
    duck_s, duck_mb = _timed([python, "-c", DUCKDB_READ, str(csv_path)])
    ours_s, ours_mb = _timed([python, "-m", "ntm", "import", "criteria_status", str(csv_path), "--mode", "replace"],
                             {"NTM_DATA_DIR": str(store_root)})
    startup_s, _ = _timed([python, "-c", "import ntm.ingest"])
    return {"ours_s": ours_s, "ours_mb": ours_mb, "duckdb_s": duck_s, "duckdb_mb": duck_mb, "startup_s": startup_s}
