"""HTTP benchmark: the public search page served by gunicorn, loaded by wrk from a second process.

Run from the repository root (``make bench-http`` does this)::

    .venv/bin/python bench/http_bench.py [--sizes 2000,20000] [--cache on,off] [--duration 20s]

For each size N (service-at-locations) a SQLite database and search index are
prepared exactly as ``bench/search_bench.py`` does (its ``prepare()``: synthetic
package, ``flask db upgrade``, ``flask directory import --replace``, ``flask search
reindex``); with ``--keep DIR`` a workdir prepared by an earlier run is reused.
Then, for each results-cache setting, in child processes with cwd = repository root:

    python -m gunicorn -w 2 --worker-class sync -b 127.0.0.1:PORT wsgi:app
        (NAVIGATOR_ENV=production, a random NAVIGATOR_SECRET_KEY,
         NAVIGATOR_SEARCH_CACHE=1|0, database/index/instance dir in the workdir)
    wrk -t2 -c8 -d20s --latency -s urls.lua http://127.0.0.1:PORT

``urls.lua`` cycles through ~500 distinct ``/search?q=...&near=...`` URLs built from
the synthetic generator's vocabulary (one-word, three-word, typo; Spanish phrases on
``/es/search``) and North Carolina ZIP codes, and reports requests/s, p50/p95/p99
latency, non-2xx responses and socket errors from its ``done()``. Without wrk a
threaded Python client does the same, less efficiently. The page weight (a results
page plus every CSS and JS file it links, gzip level 6) and the static files'
Cache-Control header are checked too. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import html.parser
import http.client
import importlib.util
import json
import os
import pathlib
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import import_bench  # noqa: E402  (run_measured, flask_cmd, print_failure, _descendants)
import search_bench  # noqa: E402  (prepare, vocabulary, spanish_phrases, make_typo, ...)

#: Goals by corpus size (service-at-locations): (requests/s at least, p95 ms below).
GOALS = {2_000: (400.0, 40.0), 20_000: (150.0, 80.0)}
#: A results page and every CSS and JS file it links, gzip level 6, in bytes.
GOAL_PAGE_GZIP = 60 * 1024
#: ZIP codes the offline geocoder resolves (Durham, Chapel Hill, Raleigh).
NEAR = ('27701', '27703', '27705', '27707', '27713', '27514', '27601', '27603', '27609',
        '27516')
NO_NEAR_SHARE = 0.08  # of the URLs have no ``near``
KIND_SHARE = (('one-word', 0.35), ('three-word', 0.25), ('spanish', 0.2), ('typo', 0.2))
WEIGHT_URL = '/search?q=food&near=27701'
NOT_FOUND_MARKERS = ('Showing results everywhere.', 'Le mostramos resultados de todas partes.')
PREPARED = 'prepared.json'
READY_TIMEOUT = 90.0
#: Other processes using more than this many cores during a run get a warning.
OTHER_LOAD_WARN = 0.25


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------

def build_urls(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` distinct (kind, path) pairs, shuffled so every stretch of the cycle mixes
    the kinds; the words come from the generator's vocabulary as in search_bench."""
    rng = random.Random(seed)
    words, leaves = search_bench.vocabulary()
    known = set(words)
    long_words = [w for w in words if len(w) >= 5 and '-' not in w]
    leaves = [lf for lf in leaves if len(lf[2]) >= 3]
    spanish = search_bench.spanish_phrases()

    def text(kind: str) -> str:
        if kind == 'one-word':
            return rng.choice(words)
        if kind == 'three-word':
            return ' '.join(rng.sample(rng.choice(leaves)[2], 3))
        if kind == 'spanish':
            return rng.choice(spanish)
        return search_bench.make_typo(rng.choice(long_words), rng, known)

    seen, out = set(), []
    for kind, share in KIND_SHARE:
        want, tries = round(n * share), 0
        while want > 0 and tries < 50 * n:
            tries += 1
            params = [('q', text(kind))]
            if rng.random() >= NO_NEAR_SHARE:
                params.append(('near', rng.choice(NEAR)))
            base = '/es/search' if kind == 'spanish' else '/search'
            path = f'{base}?{urllib.parse.urlencode(params)}'
            if path not in seen:
                seen.add(path)
                out.append((kind, path))
                want -= 1
    rng.shuffle(out)
    return out


def lua_script(paths: list[str]) -> str:
    """wrk script: cycle through ``paths`` (each thread from its own offset), count
    non-2xx responses per thread, report everything from ``done()`` on BENCH lines."""
    items = ',\n'.join('  ' + json.dumps(p) for p in paths)  # JSON strings are Lua strings
    return f'''-- generated by bench/http_bench.py
local paths = {{
{items}
}}
local threads = {{}}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = #paths
  i = (id * 131) % n
  non2xx = 0
end

function request()
  i = i % n + 1
  return wrk.format("GET", paths[i])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d bytes=%d non2xx=%d\\n",
    summary.requests, summary.duration, summary.bytes, bad))
  io.write(string.format("BENCH connect=%d read=%d write=%d status=%d timeout=%d\\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("BENCH p50_us=%.0f p95_us=%.0f p99_us=%.0f mean_us=%.1f max_us=%.0f\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
'''


# --------------------------------------------------------------------------
# preparing the database and index
# --------------------------------------------------------------------------

def index_fingerprint() -> str:
    """A hash of the code and data an index is built by (navigator/search, synonyms)."""
    import hashlib
    h = hashlib.sha256()
    files = sorted((REPO_ROOT / 'navigator' / 'search').rglob('*.py'))
    for f in (*files, search_bench.SYNONYMS_CSV):
        h.update(str(f.relative_to(REPO_ROOT)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def ensure_prepared(size: int, args, workdir: pathlib.Path) -> dict:
    """search_bench.prepare() unless ``workdir`` holds a finished one for the same size
    and seed (``--keep``; ``--fresh`` forces a new one). A reused one gets ``flask db
    upgrade``, and ``flask search reindex`` when the search code changed since its index
    was built. Returns its env and figures."""
    marker = workdir / PREPARED
    env = search_bench.workdir_env(workdir)
    if args.keep and not args.fresh and marker.exists() and (workdir / 'bench.db').exists() \
            and (workdir / 'index').is_dir():
        info = json.loads(marker.read_text())
        if info.get('size') == size and info.get('seed') == args.seed:
            log(f'[{size:,}] reusing {workdir} (prepared {info.get("prepared_at", "?")}); '
                'flask db upgrade ...')
            res = import_bench.run_measured(import_bench.flask_cmd('db', 'upgrade'), env,
                                            args.timeout)
            if res['rc'] != 0:
                import_bench.print_failure(f'{size:,}: flask db upgrade', res)
                raise SystemExit(1)
            if info.get('index_fingerprint') != index_fingerprint():
                log(f'[{size:,}] the search code changed since the index was built; '
                    'flask search reindex ...')
                res = import_bench.run_measured(import_bench.flask_cmd('search', 'reindex'),
                                                env, args.timeout)
                if res['rc'] != 0:
                    import_bench.print_failure(f'{size:,}: flask search reindex', res)
                    raise SystemExit(1)
                m = re.search(r'Indexed (\d+) listing', res['stdout'])
                info.update(documents=int(m.group(1)) if m else info.get('documents'),
                            index_fingerprint=index_fingerprint(),
                            reindexed_at=time.strftime('%Y-%m-%d %H:%M:%S'))
                marker.write_text(json.dumps(info))
                log(f'[{size:,}] flask search reindex: {res["seconds"]:.1f} s')
            return {'env': env, 'documents': info.get('documents'), 'reused': True}
    marker.unlink(missing_ok=True)
    for stale in ('bench.db', 'bench.db-wal', 'bench.db-shm'):
        (workdir / stale).unlink(missing_ok=True)
    shutil.rmtree(workdir / 'index', ignore_errors=True)
    built = search_bench.prepare(size, args, workdir)
    marker.write_text(json.dumps({
        'size': size, 'seed': args.seed, 'documents': built['documents'],
        'build_s': built['build_s'], 'index_fingerprint': index_fingerprint(),
        'prepared_at': time.strftime('%Y-%m-%d %H:%M:%S')}))
    return {'env': built['env'], 'documents': built['documents'], 'reused': False}


def clear_search_log(workdir: pathlib.Path) -> int:
    """Delete the search_log rows earlier runs wrote, so every run starts alike."""
    try:
        with sqlite3.connect(workdir / 'bench.db') as conn:
            return conn.execute('DELETE FROM search_log').rowcount
    except sqlite3.Error as exc:
        log(f'could not clear search_log: {exc}')
        return 0


# --------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in a child process, in its own process group."""

    def __init__(self, env: dict, args, worker_class: str, cache: bool, logfile: pathlib.Path):
        self.port = free_port()
        self.cmd = [sys.executable, '-m', 'gunicorn', '-c', 'python:navigator.gunicorn_conf',
                    '-w', str(args.workers),
                    '--worker-class', worker_class]
        if worker_class == 'gthread':
            self.cmd += ['--threads', str(args.threads_per_worker)]
        self.cmd += ['-b', f'127.0.0.1:{self.port}', '--log-level', 'warning', 'wsgi:app']
        self.env = dict(env)
        self.env.update(NAVIGATOR_ENV='production', NAVIGATOR_SECRET_KEY=secrets.token_hex(32),
                        NAVIGATOR_SEARCH_CACHE='1' if cache else '0')
        self.logfile = logfile
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self._log = open(self.logfile, 'wb')
        self.proc = subprocess.Popen(self.cmd, cwd=REPO_ROOT, env=self.env,
                                     stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f'gunicorn exited with status {self.proc.returncode}')
            try:
                status, _, _ = http_get(self.port, '/')
                if status == 200:
                    return
                last = f'HTTP {status}'
            except OSError as exc:
                last = f'{type(exc).__name__}: {exc}'
            time.sleep(0.2)
        raise RuntimeError(f'gunicorn did not answer within {timeout:.0f} s ({last})')

    def pids(self) -> list[int]:
        return [self.proc.pid, *import_bench._descendants(self.proc.pid)]

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.logfile.read_text(errors='replace').rstrip().splitlines()
        except OSError:
            return ''
        return '\n'.join(text[-lines:])

    def describe(self) -> str:
        shown = {k: ('<random>' if k == 'NAVIGATOR_SECRET_KEY' else v)
                 for k, v in sorted(self.env.items()) if k.startswith('NAVIGATOR_')}
        return ' '.join(f'{k}={shlex.quote(v)}' for k, v in shown.items()) + ' ' + \
            shlex.join(self.cmd)


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine spent so far (``/proc/stat``)."""
    with open('/proc/stat') as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf('SC_CLK_TCK')


def wait_idle(limit_s: float, label: str) -> tuple[float, float]:
    """Wait, at most ``limit_s`` seconds, until the machine's other processes use less
    than OTHER_LOAD_WARN cores over 2 s (the server is started and idle).
    Returns (seconds waited, cores last seen busy)."""
    t0, said = time.monotonic(), False
    while True:
        b0 = machine_busy_seconds()
        time.sleep(2.0)
        cores = (machine_busy_seconds() - b0) / 2.0
        waited = time.monotonic() - t0
        if cores < OTHER_LOAD_WARN or waited >= limit_s:
            if said:
                log(f'{label} waited {waited:.0f} s for a quiet machine (now {cores:.2f} cores '
                    'busy)')
            return waited, cores
        if not said:
            log(f'{label} the machine is busy ({cores:.2f} cores in use by other processes); '
                f'waiting up to {limit_s:.0f} s for it to quieten ...')
            said = True
        time.sleep(3.0)


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes (their reaped children not included)."""
    tick = os.sysconf('SC_CLK_TCK')
    total = 0
    for pid in pids:
        try:
            with open(f'/proc/{pid}/stat') as fh:
                stat = fh.read()
            fields = stat[stat.rindex(')') + 2:].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError, IndexError):
            pass
    return total / tick


# --------------------------------------------------------------------------
# HTTP clients
# --------------------------------------------------------------------------

def http_get(port: int, path: str, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    try:
        conn.request('GET', path)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


def python_load(port: int, paths: list[str], connections: int, duration: float | None = None,
                rounds: int | None = None, timeout: float = 10.0) -> dict:
    """Closed-loop load from ``connections`` threads: for ``duration`` seconds cycling
    through ``paths`` (each thread from its own offset), or ``rounds`` passes over them
    shared between the threads. Latencies in ms."""
    lock = threading.Lock()
    latencies: list[float] = []
    result = {'non2xx': 0, 'errors': 0, 'bytes': 0, 'statuses': {}}
    queue = [p for _ in range(rounds or 0) for p in paths]
    stop_at = time.perf_counter() + duration if duration else None

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
        i = (k * 131) % len(paths)
        mine: list[float] = []
        counts = {'non2xx': 0, 'errors': 0, 'bytes': 0}
        statuses: dict[int, int] = {}
        while True:
            if stop_at is not None:
                if time.perf_counter() >= stop_at:
                    break
                path = paths[i % len(paths)]
                i += 1
            else:
                with lock:
                    if not queue:
                        break
                    path = queue.pop()
            t = time.perf_counter()
            try:
                conn.request('GET', path)
                resp = conn.getresponse()
                body = resp.read()
                if resp.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                counts['errors'] += 1
                conn.close()
                continue
            mine.append((time.perf_counter() - t) * 1000.0)
            counts['bytes'] += len(body)
            statuses[resp.status] = statuses.get(resp.status, 0) + 1
            if not 200 <= resp.status <= 299:
                counts['non2xx'] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for key, value in counts.items():
                result[key] += value
            for key, value in statuses.items():
                result['statuses'][key] = result['statuses'].get(key, 0) + value

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,), daemon=True)
               for k in range(connections)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - t0
    return {**result, 'requests': len(latencies), 'seconds': seconds,
            'rps': len(latencies) / seconds if seconds else 0.0,
            'p50': search_bench.pct(latencies, 50), 'p95': search_bench.pct(latencies, 95),
            'p99': search_bench.pct(latencies, 99),
            'max': max(latencies) if latencies else float('nan')}


def wrk_cmd(wrk: str, args, script: pathlib.Path, port: int) -> list[str]:
    return [wrk, f'-t{args.threads}', f'-c{args.connections}', f'-d{args.duration}',
            '--latency', '-s', str(script), f'http://127.0.0.1:{port}']


def wrk_load(cmd: list[str], duration_s: float) -> dict:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=duration_s + 120,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f'wrk failed (status {proc.returncode}):\n{proc.stdout}\n{proc.stderr}')
    fields = {}
    for line in proc.stdout.splitlines():
        if line.startswith('BENCH '):
            for item in line.split()[1:]:
                key, _, value = item.partition('=')
                fields[key] = float(value)
    if 'requests' not in fields or 'p95_us' not in fields:
        raise RuntimeError(f'no BENCH lines in wrk output:\n{proc.stdout}\n{proc.stderr}')
    seconds = fields['duration_us'] / 1e6
    return {
        'requests': int(fields['requests']), 'seconds': seconds,
        'rps': fields['requests'] / seconds if seconds else 0.0,
        'p50': fields['p50_us'] / 1000.0, 'p95': fields['p95_us'] / 1000.0,
        'p99': fields['p99_us'] / 1000.0, 'max': fields['max_us'] / 1000.0,
        'non2xx': int(fields['non2xx']), 'bytes': int(fields['bytes']),
        'errors': int(sum(fields[k] for k in ('connect', 'read', 'write', 'timeout'))),
        'error_detail': {k: int(fields[k]) for k in ('connect', 'read', 'write', 'timeout')},
        'stdout': proc.stdout,
    }


def parse_duration(text: str) -> float:
    m = re.fullmatch(r'\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*', text)
    if not m:
        raise argparse.ArgumentTypeError(f'not a duration: {text!r} (e.g. 20s, 2m)')
    return float(m.group(1)) * {'': 1, 's': 1, 'm': 60, 'h': 3600}[m.group(2)]


# --------------------------------------------------------------------------
# what one page shows and weighs
# --------------------------------------------------------------------------

class _Assets(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'link' and 'stylesheet' in (a.get('rel') or '').lower().split() and a.get('href'):
            self.found.append(a['href'])
        elif tag == 'script' and a.get('src'):
            self.found.append(a['src'])


def _text(fragment: str) -> str:
    return ' '.join(html.unescape(re.sub(r'<[^>]+>', ' ', fragment)).split())


def sample(port: int, path: str) -> dict:
    """What a results page shows: status, hits, the count line and the first names."""
    status, _headers, body = http_get(port, path)
    page = body.decode('utf-8', 'replace')
    count = re.search(r'<p class="result-count"[^>]*>(.*?)</p>', page, re.S)
    h1 = re.search(r'<h1>(.*?)</h1>', page, re.S)
    names = re.findall(r'<li class="hit">\s*<h2><a [^>]*>(.*?)</a>', page, re.S)
    return {'path': path, 'status': status, 'hits': page.count('class="hit"'),
            'count': _text(count.group(1)) if count else '?',
            'h1': _text(h1.group(1)) if h1 else '?',
            'names': [_text(n) for n in names[:3]],
            'place_unknown': any(m in page for m in NOT_FOUND_MARKERS)}


def page_weight(port: int, path: str) -> dict:
    """The page and every stylesheet and script it links: raw and gzip (level 6) bytes,
    and the Cache-Control header of each linked file."""
    status, headers, body = http_get(port, path)
    parser = _Assets()
    parser.feed(body.decode('utf-8', 'replace'))
    files = [{'url': path, 'status': status, 'raw': len(body),
              'gz': len(gzip.compress(body, compresslevel=6)),
              'cache_control': headers.get('cache-control', '')}]
    for url in dict.fromkeys(parser.found):
        parts = urllib.parse.urlsplit(url)
        if parts.netloc and parts.netloc != f'127.0.0.1:{port}':
            files.append({'url': url, 'status': 'external', 'raw': 0, 'gz': 0,
                          'cache_control': ''})
            continue
        target = parts.path + (f'?{parts.query}' if parts.query else '')
        st, hd, data = http_get(port, target)
        files.append({'url': target, 'status': st, 'raw': len(data),
                      'gz': len(gzip.compress(data, compresslevel=6)),
                      'cache_control': hd.get('cache-control', ''), 'static': True})
    for f in files:
        m = re.search(r'max-age=(\d+)', f['cache_control'])
        f['max_age'] = int(m.group(1)) if m else None
    static = [f for f in files if f.get('static')]
    return {'files': files, 'raw': sum(f['raw'] for f in files),
            'gz': sum(f['gz'] for f in files),
            'cache_ok': bool(static) and all((f['max_age'] or 0) > 0 for f in static),
            'all_200': all(f['status'] == 200 for f in files)}


# --------------------------------------------------------------------------
# one configuration
# --------------------------------------------------------------------------

def run_config(size: int, prepared: dict, args, workdir: pathlib.Path, urls: list[str],
               cache: bool, worker_class: str, wrk: str | None, script: pathlib.Path,
               first: bool) -> dict:
    label = f'[{size:,} cache {"on" if cache else "off"} {worker_class}]'
    removed = clear_search_log(workdir)
    if removed:
        log(f'{label} cleared {removed:,} search_log rows of earlier runs')
    server = Server(prepared['env'], args, worker_class, cache,
                    workdir / f'gunicorn-{"on" if cache else "off"}-{worker_class}.log')
    out = {'size': size, 'cache': cache, 'worker_class': worker_class,
           'server_cmd': server.describe()}
    log(f'{label} starting gunicorn on 127.0.0.1:{server.port} ...')
    server.start()
    try:
        t0 = time.perf_counter()
        server.wait_ready()
        out['ready_s'] = time.perf_counter() - t0
        log(f'{label} answering after {out["ready_s"]:.1f} s; warming up '
            f'({args.warmup_rounds} passes over {len(urls)} URLs, {args.connections} '
            'connections) ...')
        if first:
            out['sample'] = sample(server.port, args.sample_url or urls[0])
            out['weight'] = page_weight(server.port, WEIGHT_URL)
            out['near_check'] = {}
            for z in NEAR:
                s = sample(server.port, f'/search?q=food&near={z}')
                out['near_check'][z] = not s['place_unknown'] and s['status'] == 200
        if args.wait_idle > 0:
            out['waited_s'], out['busy_before'] = wait_idle(args.wait_idle, label)
        t0 = time.perf_counter()
        warm = python_load(server.port, urls, args.connections, rounds=args.warmup_rounds)
        out['warmup'] = {'requests': warm['requests'], 'seconds': time.perf_counter() - t0,
                         'non2xx': warm['non2xx'], 'errors': warm['errors'],
                         'statuses': warm['statuses'], 'p95': warm['p95']}
        log(f'{label} warm-up: {warm["requests"]:,} requests in {out["warmup"]["seconds"]:.1f} s '
            f'(p95 {warm["p95"]:.1f} ms, non-2xx {warm["non2xx"]}, errors {warm["errors"]})')
        pids = server.pids()
        killer = None
        if args.kill_worker_at is not None and len(pids) > 1:
            # A worker dying mid-load (OOM, a crash): gunicorn starts another; only its
            # in-flight request may fail.
            victim = pids[1]
            killer = threading.Timer(args.kill_worker_at, os.kill, (victim, signal.SIGKILL))
            killer.daemon = True
            killer.start()
            out['killed'] = {'pid': victim, 'at_s': args.kill_worker_at}
            log(f'{label} killing worker {victim} after {args.kill_worker_at:g} s of load')
        cpu0, w0 = cpu_seconds(pids), time.perf_counter()
        busy0, own0 = machine_busy_seconds(), os.times()
        if wrk:
            cmd = wrk_cmd(wrk, args, script, server.port)
            out['client'] = 'wrk'
            out['client_cmd'] = shlex.join(cmd)
            log(f'{label} load: {out["client_cmd"]}')
            res = wrk_load(cmd, args.duration_s)
        else:
            out['client'] = 'python'
            out['client_cmd'] = (f'python_load(connections={args.connections}, '
                                 f'duration={args.duration_s:g} s) in this process')
            log(f'{label} load: {out["client_cmd"]}')
            res = python_load(server.port, urls, args.connections, duration=args.duration_s)
        wall = time.perf_counter() - w0
        if killer is not None:
            killer.cancel()
        cpu = cpu_seconds(pids) - cpu0
        own1 = os.times()
        busy = machine_busy_seconds() - busy0
        # this process and its reaped children (wrk): the load generator
        client_cpu = sum(b - a for a, b in zip(own0[:4], own1[:4]))
        res['client_cpu_share'] = client_cpu / wall if wall else float('nan')
        res['other_cpu_share'] = max(0.0, busy - cpu - client_cpu) / wall if wall else 0.0
        res['server_cpu_s'] = cpu
        res['server_cpu_share'] = cpu / wall if wall else float('nan')  # in cores
        res['server_cpu_ms_per_req'] = cpu * 1000.0 / res['requests'] if res['requests'] else 0
        out['load'] = res
        log(f'{label} {res["requests"]:,} requests, {res["rps"]:.0f}/s, p50 {res["p50"]:.1f} '
            f'p95 {res["p95"]:.1f} p99 {res["p99"]:.1f} ms, non-2xx {res["non2xx"]}, '
            f'socket errors {res["errors"]}; CPU: server {res["server_cpu_share"]:.2f}, '
            f'load generator {res["client_cpu_share"]:.2f}, other processes '
            f'{res["other_cpu_share"]:.2f} cores')
    except Exception as exc:
        out['error'] = f'{type(exc).__name__}: {exc}'
        log(f'{label} FAILED: {out["error"]}')
    finally:
        server.stop()
        tail = server.log_tail()
        if tail and ('error' in out or re.search(r'Traceback|\[ERROR\]|database is locked',
                                                 tail)):
            out['server_log'] = tail
    return out


# --------------------------------------------------------------------------
# profile (optional): where a worker spends its time, in process
# --------------------------------------------------------------------------

def profile_child(urls_file: str, requests: int) -> int:
    """Run in a child with the server's env: the Flask test client over the URLs under
    pyinstrument (each URL once to warm up first); print the profile."""
    sys.path.insert(0, str(REPO_ROOT))
    from wsgi import app
    paths = json.loads(pathlib.Path(urls_file).read_text())
    client = app.test_client()
    for p in paths:
        client.get(p)
    todo = [paths[i % len(paths)] for i in range(requests)]
    t0 = time.perf_counter()
    for p in todo:
        client.get(p)
    plain_ms = (time.perf_counter() - t0) * 1000.0 / len(todo)
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import io
        import pstats
        prof = cProfile.Profile()
        prof.enable()
        for p in todo:
            client.get(p)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats('cumulative').print_stats(40)
        print(f'cProfile of {len(todo)} search pages through the test client '
              f'({plain_ms:.1f} ms each unprofiled)')
        print(buf.getvalue())
        return 0
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for p in todo:
        client.get(p)
    profiler.stop()
    print(f'pyinstrument of {len(todo)} search pages through the test client '
          f'({plain_ms:.1f} ms each unprofiled, one process)')
    print(profiler.output_text(unicode=False, color=False, show_all=False))
    return 0


def run_profile(size: int, prepared: dict, args, workdir: pathlib.Path, urls: list[str],
                cache: bool) -> str:
    urls_file = workdir / 'urls.json'
    urls_file.write_text(json.dumps(urls))
    env = dict(prepared['env'])
    env.update(NAVIGATOR_ENV='production', NAVIGATOR_SECRET_KEY=secrets.token_hex(32),
               NAVIGATOR_SEARCH_CACHE='1' if cache else '0')
    cmd = [sys.executable, str(pathlib.Path(__file__).resolve()), '--profile-child',
           str(urls_file), '--profile-requests', str(args.profile_requests)]
    log(f'[{size:,}] profiling {args.profile_requests} requests in process ...')
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=args.timeout, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        return f'profile failed (status {proc.returncode}):\n{proc.stderr[-3000:]}'
    return proc.stdout


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------

def verdict(row: dict) -> tuple[str, bool, bool]:
    """(text, failed, missed)."""
    if 'error' in row or 'load' not in row:
        return 'FAIL (did not run)', True, False
    res = row['load']
    bad = [x for x, n in (('non-2xx', res['non2xx']), ('socket errors', res['errors'])) if n]
    if bad:
        return 'FAIL (' + ', '.join(bad) + ')', True, False
    goal = GOALS.get(row['size'])
    if goal is None:
        return '-', False, False
    reasons = [x for x, ok in (('req/s', res['rps'] >= goal[0]), ('p95', res['p95'] < goal[1]))
               if not ok]
    return ('PASS', False, False) if not reasons else \
        ('MISS (' + ', '.join(reasons) + ')', False, True)


def report(rows: list[dict], prepared: dict[int, dict], args, wrk: str | None) -> tuple[bool, bool]:
    failed = missed = False
    print()
    print(f'== HTTP search page: gunicorn -w {args.workers}, {args.connections} connections, '
          f'{args.threads} client threads, {args.duration} per run ==')
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'
    model = '?'
    try:
        model = next(line.split(':', 1)[1].strip() for line in open('/proc/cpuinfo')
                     if line.startswith('model name'))
    except (OSError, StopIteration):
        pass
    print(f'CPUs: os.cpu_count() = {os.cpu_count()}, usable = {affinity} ({model}); '
          'the load generator shares them with the server.')
    if not wrk:
        print('load generator: the Python client (wrk not found: apt-get install -y wrk); '
              'its own CPU use lowers the figures.')
    table, busy_elsewhere = [], 0.0
    for row in rows:
        text, f, m = verdict(row)
        failed |= f
        missed |= m
        goal = GOALS.get(row['size'])
        docs = prepared[row['size']].get('documents')
        res = row.get('load')
        cells = [f'{row["size"]:,}', f'{docs:,}' if docs else '?',
                 'on' if row['cache'] else 'off', row['worker_class']]
        if res:
            cells += [f'{res["rps"]:.0f}', f'{res["p50"]:.1f}', f'{res["p95"]:.1f}',
                      f'{res["p99"]:.1f}', f'{res["non2xx"]}', f'{res["errors"]}',
                      f'{res["server_cpu_ms_per_req"]:.1f}',
                      f'{res["server_cpu_share"]:.2f}/{res["client_cpu_share"]:.2f}/'
                      f'{res["other_cpu_share"]:.2f}']
            busy_elsewhere = max(busy_elsewhere, res['other_cpu_share'])
        else:
            cells += ['-'] * 8
        cells += [f'>= {goal[0]:.0f}/s, p95 < {goal[1]:.0f}' if goal else '-', text]
        table.append(cells)
    for line in search_bench.fmt_table(
            ('size', 'documents', 'cache', 'worker', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms',
             'non-2xx', 'sock err', 'server CPU ms/req', 'cores srv/load/other', 'goal',
             'result'),
            table, {1, 4, 5, 6, 7, 8, 9, 10, 11}):
        print(line)
    print('cores srv/load/other: CPU used during the load, in cores, by gunicorn (master and '
          'workers), the load generator, and every other process of the machine.')
    if busy_elsewhere > OTHER_LOAD_WARN:
        print(f'WARNING: other processes used up to {busy_elsewhere:.2f} cores during a run; '
              'the figures are lower than on an idle machine. Run again when it is quiet.')
    if any(r['size'] not in GOALS for r in rows):
        print(f'note: goals are stated for {", ".join(f"{s:,}" for s in GOALS)} '
              'service-at-locations; none apply to other sizes.')

    for row in rows:
        if 'sample' in row:
            s = row['sample']
            print(f'\nsample [{row["size"]:,}]: GET {s["path"]} -> HTTP {s["status"]}, '
                  f'{s["hits"]} class="hit" on the page; "{s["h1"]}"; "{s["count"]}"')
            for name in s['names']:
                print(f'  - {name}')
            unresolved = [z for z, ok in row['near_check'].items() if not ok]
            print(f'  near= ZIP codes resolved by the offline geocoder: '
                  f'{len(NEAR) - len(unresolved)}/{len(NEAR)}'
                  + (f' (NOT found: {", ".join(unresolved)})' if unresolved else ''))
            if unresolved:
                failed = True
        if 'weight' in row:
            w = row['weight']
            ok = w['gz'] < GOAL_PAGE_GZIP and w['all_200']
            missed |= not ok
            print(f'page weight [{row["size"]:,}]: GET {WEIGHT_URL} and the files it links '
                  '(gzip level 6):')
            wt = [(f['url'], str(f['status']), f'{f["raw"]:,}', f'{f["gz"]:,}',
                   f['cache_control'] or '-') for f in w['files']]
            wt.append(('total', '', f'{w["raw"]:,}', f'{w["gz"]:,}', ''))
            for line in search_bench.fmt_table(('file', 'HTTP', 'raw B', 'gzip B', 'Cache-Control'),
                                               wt, {2, 3}):
                print('  ' + line)
            print(f'  total gzip {w["gz"] / 1024:.1f} KB, goal < {GOAL_PAGE_GZIP // 1024} KB: '
                  f'{"PASS" if ok else "MISS"};  static files with a Cache-Control max-age: '
                  f'{"PASS" if w["cache_ok"] else "MISS"}')
            missed |= not w['cache_ok']
    print('\ncommands (cwd = repository root):')
    for row in rows:
        print(f'  [{row["size"]:,} cache {"on" if row["cache"] else "off"} '
              f'{row["worker_class"]}]')
        for key in ('server_cmd', 'client_cmd'):
            if row.get(key):
                print(f'    {row[key]}')
    print(f'  warm-up before each run: {args.warmup_rounds} passes over the URLs with '
          f'{args.connections} Python client threads')
    for row in rows:
        w = row.get('warmup')
        if w and (w['non2xx'] or w['errors']):
            failed = True
            print(f'  warm-up [{row["size"]:,} cache {"on" if row["cache"] else "off"} '
                  f'{row["worker_class"]}]: non-2xx {w["non2xx"]}, errors {w["errors"]}, '
                  f'statuses {w["statuses"]}')
        if row.get('error'):
            print(f'\nFAILED [{row["size"]:,} cache {"on" if row["cache"] else "off"} '
                  f'{row["worker_class"]}]: {row["error"]}')
        if row.get('load', {}).get('error_detail') and row['load']['errors']:
            print(f'  socket errors: {row["load"]["error_detail"]}')
        if row.get('server_log'):
            print(f'--- gunicorn log [{row["size"]:,} cache {"on" if row["cache"] else "off"} '
                  f'{row["worker_class"]}] ---\n{row["server_log"]}')
    sys.stdout.flush()
    return failed, missed


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def find_wrk(choice: str) -> str | None:
    wrk = shutil.which('wrk') or ('/usr/bin/wrk' if os.access('/usr/bin/wrk', os.X_OK) else None)
    if choice == 'python':
        return None
    if wrk is None:
        log('wrk is not installed (/usr/bin/wrk missing). Install it with '
            '`apt-get install -y wrk`; falling back to the threaded Python client, which '
            'needs more CPU per request and so lowers the figures.')
    return wrk


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sizes', default='2000,20000',
                    help='comma-separated service counts (default %(default)s)')
    ap.add_argument('--cache', default='on,off',
                    help='results cache settings to run: on, off or on,off (default %(default)s)')
    ap.add_argument('--duration', default='20s',
                    help='load per run, e.g. 20s, 1m (default %(default)s)')
    ap.add_argument('--connections', type=int, default=8,
                    help='open connections (default %(default)s)')
    ap.add_argument('--threads', type=int, default=2, help='wrk threads (default %(default)s)')
    ap.add_argument('--workers', type=int, default=2, help='gunicorn workers (default %(default)s)')
    ap.add_argument('--worker-class', default='sync',
                    help='gunicorn worker classes to run, comma-separated: sync, gthread '
                         '(default %(default)s)')
    ap.add_argument('--threads-per-worker', type=int, default=4,
                    help='gthread threads per worker (default %(default)s)')
    ap.add_argument('--urls', type=int, default=500, help='distinct URLs (default %(default)s)')
    ap.add_argument('--warmup-rounds', type=int, default=2,
                    help='passes over the URLs before each run (default %(default)s)')
    ap.add_argument('--wait-idle', type=float, default=120.0, metavar='S',
                    help='before each load, wait up to S seconds for other processes to use '
                         'less than %g cores (default %%(default)s; 0: do not wait)'
                         % OTHER_LOAD_WARN)
    ap.add_argument('--client', choices=('auto', 'wrk', 'python'), default='auto',
                    help='load generator: wrk when installed (auto), or the Python client')
    ap.add_argument('--kill-worker-at', type=float, metavar='S',
                    help='SIGKILL one gunicorn worker S seconds into the load')
    ap.add_argument('--sample-url', help='the URL whose results are printed (default: the first)')
    ap.add_argument('--seed', type=int, default=1, help='generator and URL seed')
    ap.add_argument('--keep', type=pathlib.Path, metavar='DIR',
                    help='work in DIR and keep it; a database and index prepared there by an '
                         'earlier run for the same size and seed are reused')
    ap.add_argument('--fresh', action='store_true',
                    help='with --keep: prepare the database and index again')
    ap.add_argument('--profile', action='store_true',
                    help='after the runs, pyinstrument of the search page in process '
                         '(Flask test client, the last size, results cache off)')
    ap.add_argument('--profile-requests', type=int, default=300)
    ap.add_argument('--profile-child', help=argparse.SUPPRESS)
    ap.add_argument('--timeout', type=float, default=3600.0,
                    help='kill a preparing command after this many seconds')
    ap.add_argument('--strict', action='store_true', help='exit 1 when a goal is missed')
    args = ap.parse_args(argv)
    if args.profile_child:
        return profile_child(args.profile_child, args.profile_requests)
    args.duration_s = parse_duration(args.duration)
    sizes = [int(s.replace('_', '')) for s in args.sizes.split(',') if s.strip()]
    caches = []
    for c in args.cache.split(','):
        c = c.strip().lower()
        if c not in ('on', 'off'):
            ap.error(f'--cache takes on, off or on,off, not {c!r}')
        caches.append(c == 'on')
    worker_classes = [w.strip() for w in args.worker_class.split(',') if w.strip()]

    if importlib.util.find_spec('gunicorn') is None:
        log("gunicorn is not installed in this venv: .venv/bin/pip install -e '.[bench]'")
        return 1
    wrk = find_wrk(args.client)
    if args.client == 'wrk' and not wrk:
        return 1

    root = (args.keep.resolve() if args.keep
            else pathlib.Path(tempfile.mkdtemp(prefix='navigator-http-bench-')))
    root.mkdir(parents=True, exist_ok=True)
    for name in ('NAVIGATOR_DATABASE_URL', 'NAVIGATOR_INDEX_DIR', 'NAVIGATOR_SEARCH_CACHE',
                 'NAVIGATOR_ENV', 'NAVIGATOR_SECRET_KEY'):
        os.environ.pop(name, None)
    os.environ['NAVIGATOR_INSTANCE_DIR'] = str(root / 'instance')

    spec = build_urls(args.urls, args.seed)
    urls = [p for _, p in spec]
    script = root / 'urls.lua'
    script.write_text(lua_script(urls))
    kinds = {k: sum(1 for kk, _ in spec if kk == k) for k, _ in KIND_SHARE}
    log(f'{len(urls)} distinct URLs ({", ".join(f"{n} {k}" for k, n in kinds.items())}; '
        f'{sum("near=" not in p for p in urls)} without near=); wrk script {script}')

    rows, prepared, profiles = [], {}, []
    try:
        for size in sizes:
            workdir = root / f'n{size}'
            workdir.mkdir(exist_ok=True)
            prepared[size] = ensure_prepared(size, args, workdir)
            first = True
            for cache in caches:
                for wc in worker_classes:
                    rows.append(run_config(size, prepared[size], args, workdir, urls, cache, wc,
                                           wrk, script, first))
                    first = False
            if args.profile and size == sizes[-1]:
                profiles.append(run_profile(size, prepared[size], args, workdir, urls, False))
        failed, missed = report(rows, prepared, args, wrk)
        for text in profiles:
            print()
            print(text)
    finally:
        if args.keep:
            log(f'kept {root}')
        else:
            shutil.rmtree(root, ignore_errors=True)
    if failed:
        return 1
    return 1 if args.strict and missed else 0


if __name__ == '__main__':
    sys.exit(main())
