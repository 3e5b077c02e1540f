"""A hall of N browsers opening a page at the same moment: ``python -m ntm.bench.load``.

    python -m ntm.bench.load --sessions 10,50,100,200 [--url http://127.0.0.1:8501/] [--page ""]

Each session speaks Streamlit's protocol as the browser does: a websocket to
``/_stcore/stream`` offering the subprotocols ``streamlit, <XSRF token>`` (the token from the
``_streamlit_xsrf`` cookie the health check sets), then a ``rerun_script`` BackMsg carrying the
page's name and query string, then ForwardMsgs read until ``script_finished``. All N sessions
of a round connect together, in one asyncio loop; a round waits until the previous round's
sessions have closed. Per session it records the time to the first ForwardMsg (``new_session``)
and to ``script_finished``, from the moment its websocket starts connecting. An error is a
session that raised, whose socket closed before the page finished, whose page was not found,
that showed an exception, or whose run did not finish successfully.

    sessions | completed | errors | first message p50 / p95 | page finished p50 / p95 | all done
             | server CPU per session | server RSS peak

The server's CPU time (user + system, all threads) is read from /proc before and after each
round, and its resident memory sampled during it: of ``--pid``, or of the
process listening on the URL's port (found through /proc/net/tcp); "—" when neither is found.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from websockets.asyncio.client import connect

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY,)


@dataclass
class Session:
    first_s: float | None = None  # the first ForwardMsg (new_session)
    finished_s: float | None = None  # script_finished
    messages: int = 0
    error: str | None = None


@dataclass
class Round:
    sessions: list[Session] = field(default_factory=list)
    rss_peak_mb: float | None = None
    cpu_s: float | None = None  # the server's CPU time (user + system) during the round
    wall_s: float = 0.0

    @property
    def completed(self) -> list[Session]:
        return [s for s in self.sessions if s.error is None and s.finished_s is not None]

    @property
    def errors(self) -> list[Session]:
        return [s for s in self.sessions if s.error is not None]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def xsrf_token(base: str) -> str:
    """The XSRF cookie the server's health check sets, as the browser reads it before connecting
    (the frontend offers PLACEHOLDER_AUTH_TOKEN when there is none)."""
    with urllib.request.urlopen(base.rstrip("/") + "/_stcore/health", timeout=30) as resp:
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == XSRF_COOKIE:
                return rest.split(";", 1)[0]
    return "PLACEHOLDER_AUTH_TOKEN"


def rerun_message(page: str, query: str, url: str) -> bytes:
    """The BackMsg the frontend sends on connecting: rerun the page named by the URL's path."""
    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.query_string = query
    rerun.page_script_hash = ""  # resolved by the server from page_name, as on a first load
    rerun.page_name = page
    rerun.context_info.timezone = "Asia/Ho_Chi_Minh"
    rerun.context_info.timezone_offset = -420
    rerun.context_info.locale = "vi-VN"
    rerun.context_info.url = url
    return msg.SerializeToString()


async def one_session(ws_url: str, token: str, origin: str, rerun: bytes, timeout: float,
                      close_after: int | None = None, page: str = "") -> Session:
    """Open one session, ask for the page, read until it has finished; `close_after` closes
    the socket after that many messages (a browser tab closed while the page loads)."""
    s = Session()
    t0 = time.perf_counter()
    try:
        async with asyncio.timeout(timeout):
            async with connect(ws_url, subprotocols=["streamlit", token],
                               additional_headers={"Origin": origin, "Cookie": f"{XSRF_COOKIE}={token}"},
                               max_size=None, open_timeout=None, ping_interval=None,
                               compression=None) as ws:
                await ws.send(rerun)
                async for raw in ws:
                    if s.first_s is None:
                        s.first_s = time.perf_counter() - t0
                    s.messages += 1
                    msg = ForwardMsg()
                    msg.ParseFromString(raw)
                    kind = msg.WhichOneof("type")
                    if kind == "page_not_found":
                        s.error = f"page not found: {msg.page_not_found.page_name or page!r}"
                    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element" \
                            and msg.delta.new_element.WhichOneof("type") == "exception":
                        s.error = s.error or f"exception shown: {msg.delta.new_element.exception.message}"
                    elif kind == "script_finished":
                        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            continue  # another run of the same page follows
                        s.finished_s = time.perf_counter() - t0
                        if msg.script_finished not in FINISHED_OK:
                            s.error = s.error or f"script finished with status {msg.script_finished}"
                        break
                    if close_after is not None and s.messages >= close_after:
                        break
                if s.finished_s is None and s.error is None:
                    s.error = f"socket closed after {s.messages} messages, before the page finished"
    except TimeoutError:
        s.error = s.error or f"no script_finished within {timeout:g} s"
    except Exception as exc:  # noqa: BLE001 - every failure of a session is one error of the round
        s.error = s.error or f"{type(exc).__name__}: {exc}"
    return s


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB, or None when it has gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (all its threads) so far, or None when it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def pid_listening(port: int) -> int | None:
    """The process with a listening TCP socket on `port` (through /proc/net/tcp{,6}), if any
    of this user's processes holds it."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{cols[9]}]")
    if not inodes:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(entry.name)
        except OSError:
            continue
    return None


async def sample_rss(pid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        mb = rss_mb(pid)
        if mb is not None:
            peak[0] = max(peak[0], mb)
        try:
            await asyncio.wait_for(stop.wait(), 0.1)
        except TimeoutError:
            pass


async def run_round(url: str, page: str, n: int, pid: int | list[int] | None = None, timeout: float = 300,
                    query: str = "", close_after: int | None = None) -> Round:
    """N sessions opening the page together; their times, and the server's CPU time and RSS peak.
    `url` may name several replicas, comma-separated: the sessions go to them in turn, as a
    round-robin balancer sends them; then `pid` lists their processes, the CPU time is theirs
    together and the RSS peak the largest replica's."""
    targets = []
    for one in [u.strip() for u in url.split(",") if u.strip()]:
        parts = urlsplit(one)
        origin = f"{parts.scheme}://{parts.netloc}"
        ws_url = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        try:
            token = await asyncio.to_thread(xsrf_token, one)
        except OSError as exc:  # the server is not there: every session of the round fails
            return Round([Session(error=f"server unreachable: {one}: {exc}") for _ in range(n)])
        page_url = f"{origin}{parts.path.rstrip('/')}/{page}" + (f"?{query}" if query else "")
        targets.append((ws_url, token, origin, rerun_message(page, query, page_url)))
    pids = [p for p in (pid if isinstance(pid, (list, tuple)) else [pid]) if p]
    peaks = {p: [0.0] for p in pids}
    stop = asyncio.Event()
    samplers = [asyncio.create_task(sample_rss(p, peaks[p], stop)) for p in pids]
    cpu0 = [cpu_seconds(p) for p in pids]
    t0 = time.perf_counter()
    sessions = await asyncio.gather(*(one_session(*targets[i % len(targets)], timeout, close_after, page)
                                      for i in range(n)))
    result = Round(list(sessions), wall_s=time.perf_counter() - t0)
    cpu1 = [cpu_seconds(p) for p in pids]
    if pids and None not in cpu0 + cpu1:
        result.cpu_s = sum(cpu1) - sum(cpu0)
    stop.set()
    for sampler in samplers:
        await sampler
    result.rss_peak_mb = max((peak[0] for peak in peaks.values()), default=0.0) or None
    return result


def run_round_sync(*args, **kwargs) -> Round:
    """`run_round` from synchronous code, in a thread of its own: the caller's thread may already
    run an event loop (Playwright's synchronous API leaves one)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, run_round(*args, **kwargs)).result()


def row(n: int, r: Round) -> str:
    done = r.completed
    first = [s.first_s for s in r.sessions if s.first_s is not None]
    finished = [s.finished_s for s in done]
    rss = f"{r.rss_peak_mb:7.0f} MB" if r.rss_peak_mb else f"{'—':>10}"
    cpu = f"{r.cpu_s / n:7.3f} s" if r.cpu_s is not None and n else f"{'—':>9}"
    return (f"| {n:8} | {len(done):9} | {len(r.errors):6} | {percentile(first, 50):7.2f} s {percentile(first, 95):7.2f} s"
            f" | {percentile(finished, 50):7.2f} s {percentile(finished, 95):7.2f} s | {r.wall_s:7.2f} s | {cpu} | {rss} |")


HEADER = (f"| {'sessions':8} | {'completed':9} | {'errors':6} | {'first msg p50 / p95':19} "
          f"| {'page finished p50 / p95':19} | {'all done':9} | {'CPU/sess.':9} | {'RSS peak':10} |\n" + "|---" * 8 + "|")


async def bench(url: str, page: str, counts: list[int], pid: int | list[int] | None, timeout: float, query: str = "",
                warmup: bool = True, out=sys.stdout) -> list[Round]:
    if warmup:  # one session a server first, so the rounds do not measure a server's first page run
        w = await run_round(url, page, len([u for u in url.split(",") if u.strip()]), None, timeout, query)
        if w.errors:
            print(f"warm-up failed: {w.errors[0].error}", file=out)
    print(HEADER, file=out)
    rounds = []
    for n in counts:
        r = await run_round(url, page, n, pid, timeout, query)
        rounds.append(r)
        print(row(n, r), file=out, flush=True)
        for message in sorted({s.error for s in r.errors})[:3]:
            print(f"|   error: {message}", file=out)
        await asyncio.sleep(1)  # the sessions' disconnects handled before the next round
    return rounds


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", default="10,50,100,200", help="comma-separated session counts, one round each")
    ap.add_argument("--url", default="http://127.0.0.1:8501/",
                    help="the server (or balancer) address; several, comma-separated, take the sessions in turn")
    ap.add_argument("--page", default="", help="the page's URL path, e.g. '' (overview) or 'xa'")
    ap.add_argument("--query", default="", help="the page's query string, without '?'")
    ap.add_argument("--pid", help="the server process(es) whose CPU and RSS to read, comma-separated "
                    "(default: the processes listening on the URLs' ports)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds a session may take")
    ap.add_argument("--no-warmup", action="store_true")
    a = ap.parse_args(argv)
    counts = [int(x) for x in a.sessions.split(",") if x.strip()]
    if a.pid:
        pids = [int(p) for p in a.pid.split(",")]
    else:
        ports = [urlsplit(u.strip()).port or (443 if u.strip().startswith("https") else 80)
                 for u in a.url.split(",") if u.strip()]
        pids = [p for p in map(pid_listening, ports) if p]
    print(f"machine: {os.cpu_count()} cores; server {a.url} page {a.page!r}; "
          f"CPU and RSS of {'pid ' + ','.join(map(str, pids)) if pids else '— (no pid found)'}")
    rounds = asyncio.run(bench(a.url, a.page, counts, pids, a.timeout, a.query, not a.no_warmup))
    if any(r.errors for r in rounds):
        sys.exit(1)


if __name__ == "__main__":
    main()
