"""Import benchmark: time ``flask directory import`` on a synthetic HSDS 3.0 package.

Run from the repository root (``make bench`` does this)::

    .venv/bin/python bench/import_bench.py [--services 50000] [--databases sqlite,postgresql]

For each database the app's own commands run in fresh child processes, with
cwd = repository root:

    python -m flask --app wsgi db upgrade                           (not timed)
    python -m flask --app wsgi directory import PACKAGE --replace   (timed)
    python -m flask --app wsgi search follow --once                 (timed apart)

The import leaves the search index's rebuild to the host's follower; the second command
is that rebuild, reported beside the import as "index s" (no goal: searches answer
from the index as it was until it is done).

Peak memory is the import process's maximum resident set size. It is taken
from the kernel's accounting for that one child: the parent reaps it with
``os.wait4(pid)``, whose rusage covers only that process (``ru_maxrss``, which
also folds in the largest of its own reaped children). A sampler thread
additionally reads ``/proc/<pid>/status`` (VmHWM) and the summed VmRSS of the
process tree every 0.2 s, so concurrent worker processes are counted too; the
figure reported is the largest of these. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import messy_hsds  # noqa: E402
import synthetic_hsds  # noqa: E402

GOAL_SECONDS = {'sqlite': 60.0, 'postgresql': 90.0}
#: A messy 1.x export's goal, on either database.
GOAL_MESSY_SECONDS = 60.0
GOAL_MEMORY_MB = 1024.0  # 1 GB
GOAL_SERVICES = 50_000   # the goals are stated for a package of this size
PG_ADMIN_URL = 'postgresql+psycopg://postgres@127.0.0.1:5432/postgres'
PG_BENCH_DB = 'navigator_bench'
SAMPLE_INTERVAL = 0.2
TAIL_LINES = 40


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# package
# --------------------------------------------------------------------------

def count_rows(package: pathlib.Path) -> dict[str, int]:
    """Data rows per CSV file of an existing package (official files missing count 0)."""
    counts = {}
    # Every CSV there: a messy package's files are named as 1.x exports name them.
    for path in sorted({*synthetic_hsds.COLUMNS, *(p.name for p in package.glob('*.csv'))}):
        f = package / path
        if not f.exists():
            counts[path] = 0
            continue
        with open(f, encoding='utf-8', newline='') as fh:
            counts[path] = max(0, sum(1 for _ in csv.reader(fh)) - 1)
    return counts


# --------------------------------------------------------------------------
# measuring a child process
# --------------------------------------------------------------------------

def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f'/proc/{pid}/status') as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def smaps_rollup(pid: int) -> dict[str, int]:
    """KiB of each figure of ``/proc/PID/smaps_rollup`` (Rss, Pss, Pss_Anon, ...)."""
    found = {}
    with open(f'/proc/{pid}/smaps_rollup') as fh:
        for line in fh:
            name, _, value = line.partition(':')
            if value.strip().endswith('kB'):
                found[name] = int(value.split()[0])
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared by forked processes are split between them,
    so the sum over a tree is the memory it really holds (the RSS sum counts a forked
    child's inherited pages again)."""
    try:
        return smaps_rollup(pid).get('Pss', 0)
    except (OSError, ValueError, IndexError):  # gone, or being torn down
        return 0


def _descendants(root: int) -> list[int]:
    """pids of all descendants of ``root`` (scan of /proc; cheap at 5 Hz)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(')') + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for c in children.get(todo.pop(), ()):
            out.append(c)
            todo.append(c)
    return out


class _Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.stop = threading.Event()
        self.hwm_kb = 0    # VmHWM of the main process
        self.tree_kb = 0   # largest summed VmRSS of the process tree seen
        self.pss_kb = 0    # largest summed PSS of the process tree seen

    def run(self) -> None:
        while not self.stop.is_set():
            self.hwm_kb = max(self.hwm_kb, _status_kb(self.pid, 'VmHWM:'))
            tree, pss = _status_kb(self.pid, 'VmRSS:'), _pss_kb(self.pid)
            for child in _descendants(self.pid):
                tree += _status_kb(child, 'VmRSS:')
                pss += _pss_kb(child)
            self.tree_kb = max(self.tree_kb, tree)
            self.pss_kb = max(self.pss_kb, pss)
            self.stop.wait(SAMPLE_INTERVAL)


def run_measured(cmd: list[str], env: dict, timeout: float) -> dict:
    """Run ``cmd``; return rc, wall seconds, peak RSS (MB), stdout and stderr text."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL)
        sampler = _Sampler(proc.pid)
        sampler.start()
        expired = threading.Event()

        def on_timeout() -> None:
            expired.set()
            proc.kill()

        killer = threading.Timer(timeout, on_timeout)
        killer.start()
        try:
            _, status, rusage = os.wait4(proc.pid, 0)
        except BaseException:  # e.g. Ctrl-C: do not leave the child running
            proc.kill()
            proc.wait()
            raise
        finally:
            seconds = time.perf_counter() - t0
            killer.cancel()
            sampler.stop.set()
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not Popen
        timed_out = expired.is_set()
        out.seek(0)
        err.seek(0)
        peak_kb = max(rusage.ru_maxrss, sampler.hwm_kb, sampler.tree_kb)  # Linux: KiB
        return {
            'rc': proc.returncode,
            'seconds': seconds,
            # user + system CPU of the import and the children it reaped: on a shared
            # machine it says more than the wall-clock time.
            'cpu': rusage.ru_utime + rusage.ru_stime,
            'peak_mb': peak_kb / 1024.0,
            'pss_mb': sampler.pss_kb / 1024.0,
            'stdout': out.read().decode('utf-8', 'replace'),
            'stderr': err.read().decode('utf-8', 'replace'),
            'timed_out': timed_out,
        }


def print_failure(what: str, result: dict) -> None:
    reason = 'timed out' if result.get('timed_out') else f'exit status {result["rc"]}'
    print(f'\nFAILED: {what} ({reason})', file=sys.stderr)
    for name in ('stdout', 'stderr'):
        lines = result[name].rstrip().splitlines()
        if lines:
            print(f'--- {name} (last {min(len(lines), TAIL_LINES)} lines) ---', file=sys.stderr)
            print('\n'.join(lines[-TAIL_LINES:]), file=sys.stderr)
    sys.stderr.flush()


# --------------------------------------------------------------------------
# databases
# --------------------------------------------------------------------------

def _libpq_url(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace('postgresql+psycopg://', 'postgresql://', 1)


def _with_database(url: str, dbname: str) -> str:
    base, _, _ = url.rpartition('/')
    return f'{base}/{dbname}'


def pg_recreate(admin_url: str, dbname: str, create: bool = True) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_libpq_url(admin_url), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL('DROP DATABASE IF EXISTS {} WITH (FORCE)').format(
            sql.Identifier(dbname)))
        if create:
            conn.execute(sql.SQL('CREATE DATABASE {}').format(sql.Identifier(dbname)))


def flask_cmd(*args: str) -> list[str]:
    return [sys.executable, '-m', 'flask', '--app', 'wsgi', *args]


def bench_database(db: str, package: pathlib.Path, args, workdir: pathlib.Path) -> dict:
    """Fresh database, ``db upgrade``, timed ``directory import``. Returns a result row."""
    env = dict(os.environ)
    env.pop('FLASK_APP', None)
    env['PYTHONUNBUFFERED'] = '1'
    env['NAVIGATOR_INDEX_DIR'] = str(workdir / 'index')
    env['NAVIGATOR_INSTANCE_DIR'] = str(workdir / 'instance')  # keep repo instance/ untouched
    if db == 'sqlite':
        env['NAVIGATOR_DATABASE_URL'] = f'sqlite:///{workdir / "bench.db"}'
    elif db == 'postgresql':
        pg_recreate(args.pg_admin_url, args.pg_database)
        env['NAVIGATOR_DATABASE_URL'] = _with_database(args.pg_admin_url, args.pg_database)
    else:
        raise ValueError(f'unknown database {db!r} (use sqlite, postgresql)')

    log(f'[{db}] db upgrade ...')
    up = run_measured(flask_cmd('db', 'upgrade'), env, args.timeout)
    if up['rc'] != 0:
        print_failure(f'{db}: flask db upgrade', up)
        return {'db': db, 'ok': False}
    log(f'[{db}] db upgrade done in {up["seconds"]:.1f} s; directory import ...')
    flags = ('--replace', '--skip-invalid') if args.messy else ('--replace',)
    imp = run_measured(flask_cmd('directory', 'import', str(package), *flags), env,
                       args.timeout)
    if imp['rc'] != 0:
        print_failure(f'{db}: flask directory import', imp)
        return {'db': db, 'ok': False, 'seconds': imp['seconds'], 'peak_mb': imp['peak_mb']}
    log(f'[{db}] import done in {imp["seconds"]:.1f} s, peak {imp["peak_mb"]:.0f} MB '
        f'(PSS {imp["pss_mb"]:.0f} MB); the follower\'s rebuild ...')
    if args.verbose and imp['stdout'].strip():
        log(imp['stdout'].rstrip())
    # The import leaves the index's rebuild to the host's follower: timed apart, as the
    # time from the import's end until searches find what it brought.
    follow = run_measured(flask_cmd('search', 'follow', '--once'), env, args.timeout)
    if follow['rc'] != 0:
        print_failure(f'{db}: flask search follow --once', follow)
        return {'db': db, 'ok': False, 'seconds': imp['seconds'], 'peak_mb': imp['peak_mb']}
    log(f'[{db}] index rebuilt in {follow["seconds"]:.1f} s, peak {follow["peak_mb"]:.0f} MB '
        f'(PSS {follow["pss_mb"]:.0f} MB)')
    return {'db': db, 'ok': True, 'seconds': imp['seconds'], 'cpu': imp['cpu'],
            'peak_mb': imp['peak_mb'], 'pss_mb': imp['pss_mb'],
            'index_s': follow['seconds'], 'index_mb': follow['peak_mb'],
            'index_pss_mb': follow['pss_mb']}


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def print_table(rows: list[dict], services: int, total_rows: int) -> bool:
    """Print the results table; return True when every goal was met."""
    # peak MB (the goal): the largest RSS summed over the import and its index writers;
    # PSS MB: the same with shared pages counted once (what the machine really gave).
    # index s / MB: the follower's rebuild after the import (no goal: searches answer
    # from the index as it was meanwhile).
    header = ('database', 'services', 'rows', 'seconds', 'cpu s', 'goal s', 'services/s',
              'peak MB', 'PSS MB', 'goal MB', 'result', 'index s', 'index MB', 'index PSS')
    lines = []
    all_pass = True
    for r in rows:
        if not r['ok']:
            lines.append((r['db'], f'{services:,}', f'{total_rows:,}',
                          f'{r["seconds"]:.1f}' if 'seconds' in r else '-', '-',
                          f'< {GOAL_SECONDS[r["db"]]:.0f}', '-',
                          f'{r["peak_mb"]:.0f}' if 'peak_mb' in r else '-', '-',
                          f'< {GOAL_MEMORY_MB:.0f}', 'FAILED', '-', '-', '-'))
            all_pass = False
            continue
        t_ok = r['seconds'] < GOAL_SECONDS[r['db']]
        m_ok = r['peak_mb'] < GOAL_MEMORY_MB
        verdict = 'PASS' if t_ok and m_ok else 'MISS (' + ', '.join(
            x for x, ok in (('time', t_ok), ('memory', m_ok)) if not ok) + ')'
        all_pass &= t_ok and m_ok
        lines.append((r['db'], f'{services:,}', f'{total_rows:,}', f'{r["seconds"]:.1f}',
                      f'{r["cpu"]:.1f}', f'< {GOAL_SECONDS[r["db"]]:.0f}',
                      f'{services / r["seconds"]:,.0f}' if r['seconds'] > 0 else '-',
                      f'{r["peak_mb"]:.0f}', f'{r["pss_mb"]:.0f}', f'< {GOAL_MEMORY_MB:.0f}',
                      verdict, f'{r["index_s"]:.1f}', f'{r["index_mb"]:.0f}',
                      f'{r["index_pss_mb"]:.0f}'))
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    right = {1, 2, 3, 4, 6, 7, 8, 11, 12, 13}

    def fmt(cells):
        return '  '.join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    print(fmt(header))
    print('  '.join('-' * w for w in widths))
    for line in lines:
        print(fmt(line))
    if services != GOAL_SERVICES:
        print(f'note: the goals are stated for {GOAL_SERVICES:,} services; this run used '
              f'{services:,}, so PASS/MISS is only indicative.')
    return all_pass


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--services', type=int, default=GOAL_SERVICES,
                    help='services in the generated package (default %(default)s)')
    ap.add_argument('--seed', type=int, default=1, help='generator seed (default 1)')
    ap.add_argument('--package', type=pathlib.Path,
                    help='package directory: reused if it holds datapackage.json, '
                         'otherwise generated there (default: a temp dir)')
    ap.add_argument('--databases', default='sqlite,postgresql',
                    help='comma-separated: sqlite, postgresql (default %(default)s)')
    ap.add_argument('--pg-admin-url', default=PG_ADMIN_URL,
                    help='server/maintenance database used to (re)create the bench database')
    ap.add_argument('--pg-database', default=PG_BENCH_DB,
                    help='name of the throw-away PostgreSQL database (default %(default)s)')
    ap.add_argument('--timeout', type=float, default=1800.0,
                    help='kill a child command after this many seconds (default %(default)s)')
    ap.add_argument('--strict', action='store_true',
                    help='also exit non-zero when a goal is missed')
    ap.add_argument('--keep', action='store_true', help='keep temp dirs (package, databases)')
    ap.add_argument('-v', '--verbose', action='store_true', help="show the import's output")
    ap.add_argument('--messy', action='store_true',
                    help='a package shaped like a real 211 export (bench/messy_hsds.py: '
                         'HSDS 1.x, values left out, mojibake, missing organizations), '
                         'imported with --skip-invalid')
    args = ap.parse_args(argv)
    if args.messy:
        GOAL_SECONDS.update(dict.fromkeys(GOAL_SECONDS, GOAL_MESSY_SECONDS))

    databases = [d.strip().lower() for d in args.databases.split(',') if d.strip()]
    for d in databases:
        if d not in GOAL_SECONDS:
            ap.error(f'unknown database {d!r}; choose from {", ".join(GOAL_SECONDS)}')

    tmp_root = pathlib.Path(tempfile.mkdtemp(prefix='navigator-bench-'))
    rows: list[dict] = []
    exit_code = 0
    try:
        if args.package and (args.package / 'datapackage.json').exists():
            package = args.package.resolve()
            counts = count_rows(package)
            log(f'reusing package {package}')
        else:
            package = (args.package or tmp_root / 'package').resolve()
            log(f'generating {args.services:,} services (seed {args.seed}) into {package} ...')
            t0 = time.perf_counter()
            if args.messy:
                written = messy_hsds.write_package(package, args.services, args.seed)
                counts = {f'{name}.csv': rows for name, rows in written.items()}
            else:
                counts = synthetic_hsds.write_package(package, args.services, args.seed)
            log(f'generated {sum(counts.values()):,} rows in {time.perf_counter() - t0:.1f} s')
        services = counts.get('services.csv', 0)
        total_rows = sum(counts.values())

        for db in databases:
            workdir = tmp_root / db
            workdir.mkdir()
            try:
                row = bench_database(db, package, args, workdir)
            except Exception as exc:  # setup problem (e.g. PostgreSQL unreachable)
                print(f'\nFAILED: {db}: {type(exc).__name__}: {exc}', file=sys.stderr)
                row = {'db': db, 'ok': False}
            finally:
                if db == 'postgresql' and not args.keep:
                    try:
                        pg_recreate(args.pg_admin_url, args.pg_database, create=False)
                    except Exception as exc:
                        log(f'[postgresql] could not drop {args.pg_database}: {exc}')
            rows.append(row)

        print()
        print(f'Navigator import benchmark: {services:,} services, {total_rows:,} rows '
              f'({package})')
        all_pass = print_table(rows, services, total_rows)
        if any(not r['ok'] for r in rows):
            exit_code = 1
        elif args.strict and not all_pass:
            exit_code = 1
    finally:
        if args.keep:
            log(f'kept {tmp_root}')
        else:
            shutil.rmtree(tmp_root, ignore_errors=True)
    return exit_code


if __name__ == '__main__':
    sys.exit(main())
