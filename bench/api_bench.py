"""HSDS API benchmark: full pages of services under load, and the ndjson stream of all of them.

Run from the repository root (``make bench-api`` does this)::

    .venv/bin/python bench/api_bench.py [--size 20000] [--duration 20s] [--keep DIR]

The database and index are prepared as ``bench/http_bench.py`` prepares them (its
``ensure_prepared``: synthetic package, migrate, import, reindex; ``--keep DIR`` reuses
an earlier one). The site is served by gunicorn (``http_bench.Server``: production
settings, ``NAVIGATOR_API_RATE_LIMIT=off`` so the load is not refused), then:

1. ``wrk`` (or the Python client) cycles through every page of
   ``/api/services?per_page=50&full=true&page=N``: requests/s and latency percentiles;
2. ``/api/services?format=ndjson`` is read once, in 64 KiB pieces: total time, time to
   the first byte, lines and bytes, and the serving worker's resident memory before
   and at its peak (sampled every 20 ms): a stream holds one batch, not the answer.
"""

from __future__ import annotations

import argparse
import http.client
import json
import pathlib
import sys
import tempfile
import threading
import time

BENCH_DIR = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import http_bench as hb  # noqa: E402  (ensure_prepared, Server, loads, log)
import import_bench  # noqa: E402  (_status_kb)

PAGE = "/api/services?per_page=50&full=true&page={}"
STREAM = "/api/services?format=ndjson"
#: Goals at 20,000 services: full pages (requests/s at least, p95 ms below) and the
#: stream (seconds below, worker memory growth in MB below).
GOALS = {"rps": 50.0, "p95_ms": 250.0, "stream_s": 60.0, "stream_growth_mb": 150.0}


class WorkerMemory(threading.Thread):
    """The largest resident memory of each gunicorn worker while it runs."""

    def __init__(self, pids: list[int], interval: float = 0.02):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.start_kb = {pid: import_bench._status_kb(pid, "VmRSS:") for pid in pids}
        self.peak_kb = dict(self.start_kb)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.pids:
                self.peak_kb[pid] = max(self.peak_kb[pid], import_bench._status_kb(pid, "VmRSS:"))
            self.stop.wait(self.interval)

    def growth_mb(self) -> tuple[float, float, float]:
        """(start, peak, growth) in MB of the worker that grew most."""
        pid = max(self.pids, key=lambda p: self.peak_kb[p] - self.start_kb[p])
        start, peak = self.start_kb[pid] / 1024, self.peak_kb[pid] / 1024
        return start, peak, peak - start


def read_stream(port: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", STREAM)
    response = conn.getresponse()
    first = None
    size = lines = 0
    ids: set[str] = set()
    tail = b""
    while True:
        piece = response.read(65536)
        if not piece:
            break
        if first is None:
            first = time.perf_counter() - started
        size += len(piece)
        parts = (tail + piece).split(b"\n")
        tail = parts.pop()
        for line in parts:
            if line:
                lines += 1
                ids.add(json.loads(line)["id"])
    conn.close()
    return {"status": response.status, "seconds": time.perf_counter() - started,
            "first_byte_s": first or 0.0, "bytes": size, "lines": lines,
            "distinct": len(ids), "chunked": response.getheader("Transfer-Encoding")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=20_000, help="services (default %(default)s)")
    ap.add_argument("--duration", default="20s", help="load of the pages (default %(default)s)")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    ap.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wait-idle", type=float, default=120.0, metavar="S",
                    help="wait up to S seconds for other processes to quieten before the "
                         "load (0: do not wait)")
    ap.add_argument("--keep", type=pathlib.Path, metavar="DIR",
                    help="work in DIR and keep it (reused by later runs)")
    ap.add_argument("--fresh", action="store_true", help="with --keep: prepare again")
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = ap.parse_args(argv)
    args.duration_s = hb.parse_duration(args.duration)
    args.threads_per_worker = 1
    workdir = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="navigator-api-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    prepared = hb.ensure_prepared(args.size, args, workdir)
    env = dict(prepared["env"], NAVIGATOR_API_RATE_LIMIT="off")
    wrk = hb.find_wrk(args.client)
    server = hb.Server(env, args, "sync", True, workdir / "gunicorn-api.log")
    server.start()
    try:
        server.wait_ready()
        status, _, body = hb.http_get(server.port, PAGE.format(1), timeout=60)
        if status != 200:
            hb.log(f"{PAGE.format(1)} answered {status}: {body[:300]!r}")
            return 1
        total = json.loads(body)["total_items"]
        paths = [PAGE.format(n) for n in range(1, -(-total // 50) + 1)]
        hb.log(f"[{args.size:,}] {total:,} services, {len(paths)} pages; warming up ...")
        hb.python_load(server.port, paths[:50], connections=args.connections, rounds=1)
        busy = hb.wait_idle(args.wait_idle, f"[{args.size:,}]")[1] if args.wait_idle > 0 \
            else float("nan")
        if wrk:
            script = workdir / "api_pages.lua"
            script.write_text(hb.lua_script(paths))
            cmd = hb.wrk_cmd(wrk, args, script, server.port)
            hb.log("$ " + " ".join(cmd))
            pages = hb.wrk_load(cmd, args.duration_s)
        else:
            pages = hb.python_load(server.port, paths, args.connections,
                                   duration=args.duration_s)
        workers = import_bench._descendants(server.proc.pid)
        memory = WorkerMemory(workers)
        memory.start()
        stream = read_stream(server.port)
        memory.stop.set()
        memory.join()
    finally:
        server.stop()
    start_mb, peak_mb, growth_mb = memory.growth_mb()
    rows = [
        ("full pages: requests/s", f"{pages['rps']:.1f}", f">= {GOALS['rps']:g}",
         pages["rps"] >= GOALS["rps"]),
        ("full pages: p50 / p95 / p99 ms",
         f"{pages['p50']:.1f} / {pages['p95']:.1f} / {pages['p99']:.1f}",
         f"p95 < {GOALS['p95_ms']:g}", pages["p95"] < GOALS["p95_ms"]),
        ("full pages: requests, non-2xx, errors",
         f"{pages['requests']} / {pages['non2xx']} / {pages['errors']}", "0 non-2xx",
         pages["non2xx"] == 0 and pages["errors"] == 0),
        ("ndjson: total s (first byte s)",
         f"{stream['seconds']:.2f} ({stream['first_byte_s']:.3f})",
         f"< {GOALS['stream_s']:g}", stream["seconds"] < GOALS["stream_s"]),
        ("ndjson: lines, distinct ids, MB",
         f"{stream['lines']} / {stream['distinct']} / {stream['bytes'] / 1e6:.1f}",
         f"= {total}", stream["lines"] == stream["distinct"] == total),
        ("ndjson: worker RSS start -> peak MB (growth)",
         f"{start_mb:.0f} -> {peak_mb:.0f} ({growth_mb:+.0f})",
         f"growth < {GOALS['stream_growth_mb']:g}", growth_mb < GOALS["stream_growth_mb"]),
    ]
    print(f"\nHSDS API at {args.size:,} services ({prepared['documents']} index documents), "
          f"gunicorn -w {args.workers} sync, {'wrk' if wrk else 'Python client'} "
          f"-c{args.connections} for {args.duration}; transfer: {stream['chunked']}; other "
          f"processes used {busy:.2f} cores just before the load")
    width = max(len(r[0]) for r in rows)
    for label, value, goal, ok in rows:
        print(f"  {label:<{width}}  {value:>24}  {goal:<14} {'PASS' if ok else 'MISS'}")
    print(f"server: {server.describe()}")
    missed = [r for r in rows if not r[3]]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
