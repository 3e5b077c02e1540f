"""Import of a national criteria_status file through the real ingest path, beside DuckDB's own read."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

DUCKDB_READ = ("import duckdb, sys; con = duckdb.connect(); "
               "con.read_csv(sys.argv[1]).create('t'); print(con.execute('select count(*) from t').fetchall())")


def _timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds (user + system, every thread) of one child
    process: its own, from wait4 (not RUSAGE_CHILDREN, which reports the largest peak of every
    child waited for so far). CPU time varies less than wall time on a machine others share."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=dict(os.environ, **(env or {})), stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def compare(store_root: Path, csv_path: Path) -> dict:
    """Seconds and peak MB to validate and commit the file (a full replace) and for DuckDB to read it.

    The writes of the bench's own set-up (the stores it has just made) are flushed first: the
    import writes and syncs its version, and would otherwise wait for them too."""
    python = sys.executable
    os.sync()
    duck_s, duck_mb, duck_cpu = _timed([python, "-c", DUCKDB_READ, str(csv_path)])
    ours_s, ours_mb, ours_cpu = _timed([python, "-m", "ntm", "import", "criteria_status", str(csv_path), "--mode",
                                        "replace"], {"NTM_DATA_DIR": str(store_root)})
    startup_s, _, _ = _timed([python, "-c", "import ntm.ingest"])
    return {"ours_s": ours_s, "ours_mb": ours_mb, "duckdb_s": duck_s, "duckdb_mb": duck_mb, "startup_s": startup_s,
            "ours_cpu_s": ours_cpu, "duckdb_cpu_s": duck_cpu}
