"""Fresh search workers on one host: each one's first search and the memory they take
together.

Run from the repository root on a work folder of ``search_bench.py --keep DIR``::

    .venv/bin/python bench/worker_memory.py DIR/n100000 [--workers 2] [--queries 50] [--cold]

Starts ``--workers`` fresh processes one after the other, each like a web worker: it
creates the app on the folder's database and index, times its first search (opening
the index and loading what searches read), then runs ``--queries`` searches of each
kind of ``search_bench`` and waits. With all of them alive, each one's memory is read
from ``/proc/PID/smaps_rollup``: Rss (resident, shared pages counted in full), Pss
(shared pages divided among the processes mapping them: the sum over processes is
what the host spends) and its anonymous (own) pages. Then one listing's description is
changed and committed here (this process's index follows inline, as a follower would),
and each worker's next search is timed: it opens the changed index, reading only the
segment the change wrote.

``--cold`` first drops the index folder's files and the database file from the
operating system's page cache (``posix_fadvise(DONTNEED)`` on each, after writing back
any dirty pages; no root needed), as when other work has reused the cache: the first
worker then reads from disk what its first search needs, the next ones find the pages
it read. What stayed resident is checked with util-linux ``fincore`` (when installed)
and printed, with what the first worker's search brought back in.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

BENCH_DIR = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import import_bench  # noqa: E402  (smaps_rollup)
import search_bench  # noqa: E402  (queries, environment)


def cached_files(workdir: pathlib.Path) -> list[pathlib.Path]:
    """The files a worker reads from disk: every file of the index folder (its
    generations, column files and vectors) and the SQLite database's."""
    env = search_bench.workdir_env(workdir)
    index = pathlib.Path(env['NAVIGATOR_INDEX_DIR'])
    database = pathlib.Path(env['NAVIGATOR_DATABASE_URL'].removeprefix('sqlite:///'))
    files = [path for path in sorted(index.rglob('*')) if path.is_file()]
    return files + [path for path in (database, database.with_name(database.name + '-wal'))
                    if path.is_file()]


def evict(files: list[pathlib.Path]) -> None:
    """Drop the files' pages from the page cache (pages some process maps stay)."""
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fdatasync(fd)  # dirty pages are not dropped: write them back first
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def resident_bytes(files: list[pathlib.Path]) -> int | None:
    """Bytes of the files in the page cache (util-linux ``fincore``; None without it)."""
    try:
        out = subprocess.run(['fincore', '--json', '--bytes', *map(str, files)],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return sum(int(row['res']) for row in json.loads(out)['fincore'])


def smaps_rollup(pid: int) -> dict[str, float]:
    """MB of Rss, Pss, Pss_Anon and Pss_File of process ``pid``."""
    found = import_bench.smaps_rollup(pid)
    return {name: found[name] / 1024 for name in ('Rss', 'Pss', 'Pss_Anon', 'Pss_File',
                                                   'Anonymous') if name in found}


def worker() -> None:
    """One worker (a child): reads its queries on stdin, answers with its timing, then
    waits for a line on stdin before it exits."""
    from navigator import create_app
    from navigator import search as face

    env = json.loads(sys.stdin.readline())
    specs = env.pop('queries')
    app = create_app({'SQLALCHEMY_DATABASE_URI': env['NAVIGATOR_DATABASE_URL'],
                      'NAVIGATOR_INDEX_DIR': env['NAVIGATOR_INDEX_DIR'], 'TESTING': True,
                      'NAVIGATOR_SEARCH_CACHE': False, 'NAVIGATOR_API_RATE_LIMIT': 'off'})
    with app.app_context():
        t0 = time.perf_counter()
        face.search(face.SearchQuery(), log_search=False)
        first = time.perf_counter() - t0
        print(json.dumps({'first_search_s': first, 'navigator': face.__file__}), flush=True)
        sys.stdin.readline()  # the parent has looked at the page cache
        t0 = time.perf_counter()
        for spec in specs:
            face.search(search_bench.search_query(spec), log_search=False)
        rest = time.perf_counter() - t0
        print(json.dumps({'queries_s': rest}), flush=True)
        while sys.stdin.readline().strip() == 'search':  # after a change: the next one
            t0 = time.perf_counter()
            face.search(face.SearchQuery(), log_search=False)
            print(json.dumps({'search_s': time.perf_counter() - t0}), flush=True)


def measure(workdir: pathlib.Path, workers: int = 2, queries: int = 50,
            seed: int = 1, cold: bool = False) -> dict:
    """Start the workers one by one; their first searches and memory, all alive. With
    ``cold``, the index and database files are dropped from the page cache first."""
    env = search_bench.workdir_env(workdir)
    # navigator.config reads the instance folder when first imported.
    os.environ['NAVIGATOR_INSTANCE_DIR'] = env['NAVIGATOR_INSTANCE_DIR']
    from navigator import create_app
    from navigator.extensions import db
    from sqlalchemy.orm import Session

    size = int(workdir.name.lstrip('n'))
    app = create_app({'SQLALCHEMY_DATABASE_URI': env['NAVIGATOR_DATABASE_URL'],
                      'NAVIGATOR_INDEX_DIR': env['NAVIGATOR_INDEX_DIR'], 'TESTING': True})
    with app.app_context(), Session(db.engine) as session:
        ids, filter_of = search_bench.pick_filters(session)
    specs = search_bench.build_queries(queries, seed * 1000 + size, ids, filter_of)
    mixed = [spec for kind in search_bench.KINDS for spec in specs[kind]]
    started, answers, cache = [], [], {}
    files: list[pathlib.Path] = []
    if cold:
        files = cached_files(workdir)
        cache['total'] = sum(path.stat().st_size for path in files)
        cache['before'] = resident_bytes(files)
        evict(files)
        cache['evicted'] = resident_bytes(files)
    try:
        for n in range(workers):
            child = subprocess.Popen([sys.executable, __file__, '--worker'], env=env,
                                     cwd=search_bench.REPO_ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
            started.append(child)
            child.stdin.write(json.dumps({**env, 'queries': mixed}) + '\n')
            child.stdin.flush()
            answers.append(json.loads(child.stdout.readline()))
            if cold and n == 0:
                cache['first_read'] = resident_bytes(files)
            child.stdin.write('\n')
            child.stdin.flush()
            answers[-1].update(json.loads(child.stdout.readline()))
        memory = [smaps_rollup(child.pid) for child in started]
        step_s = change_one_listing(app)
        after = []
        for child in started:
            child.stdin.write('search\n')
            child.stdin.flush()
            after.append(json.loads(child.stdout.readline())['search_s'])
    finally:
        for child in started:
            try:
                child.stdin.write('\n')
                child.stdin.close()
            except OSError:
                pass
            child.wait(timeout=60)
    return {'workers': workers, 'queries': len(mixed), 'answers': answers, 'memory': memory,
            'pss_total_mb': sum(m.get('Pss', 0) for m in memory), 'step_s': step_s,
            'after_change_s': after, 'cache': cache}


#: Marks the listing the bench changes (added, then removed on the next run).
MARK = ' (bench)'


def change_one_listing(app) -> float:
    """Change one listing's description and commit, as an editor would; this process's
    index follows inline (one host on SQLite), as a follower would. Returns the seconds
    from the commit to the index having it."""
    from sqlalchemy import select

    from navigator.directory.models import Service
    from navigator.extensions import db

    with app.app_context():
        service = db.session.scalars(select(Service).order_by(Service.id).limit(1)).one()
        text = service.description or ''
        service.description = text[:-len(MARK)] if text.endswith(MARK) else text + MARK
        t0 = time.perf_counter()
        db.session.commit()  # the commit's hook applies the change to the index
        return time.perf_counter() - t0


def report(result: dict) -> None:
    cache = result.get('cache')
    if cache:
        mb = {k: 'n/a (no fincore)' if v is None else f'{v / 2**20:.1f} MB'
              for k, v in cache.items()}
        print(f'cold: index and database files {mb["total"]}; in the page cache '
              f'{mb["before"]} before eviction, {mb["evicted"]} after it, '
              f'{mb["first_read"]} after worker 1\'s first search')
    print(f'workers import navigator from {result["answers"][0]["navigator"]}')
    for n, (answer, memory) in enumerate(zip(result['answers'], result['memory']), 1):
        print(f'worker {n}: first search {answer["first_search_s"] * 1000:.0f} ms, then '
              f'{result["queries"]} searches in {answer["queries_s"]:.1f} s;  Rss '
              f'{memory.get("Rss", 0):.0f} MB, Pss {memory.get("Pss", 0):.0f} MB (own '
              f'{memory.get("Pss_Anon", 0):.0f}, files {memory.get("Pss_File", 0):.0f})')
    print(f'host total (sum of Pss) with {result["workers"]} workers: '
          f'{result["pss_total_mb"]:.0f} MB')
    print(f'one listing changed: the index had it {result["step_s"] * 1000:.0f} ms after the '
          f'commit; each worker\'s next search (reopening the index): '
          + ', '.join(f'{s * 1000:.0f} ms' for s in result['after_change_s']))
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:] == ['--worker']:
        worker()
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('workdir', type=pathlib.Path, help='a size folder of search_bench --keep')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--queries', type=int, default=50, help='searches per kind per worker')
    ap.add_argument('--cold', action='store_true',
                    help="drop the index's and the database's files from the page cache "
                         'before the first worker starts')
    args = ap.parse_args(argv)
    report(measure(args.workdir.resolve(), args.workers, args.queries, cold=args.cold))
    return 0


if __name__ == '__main__':
    sys.exit(main())
