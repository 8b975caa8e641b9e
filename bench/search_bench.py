"""Search benchmark: index build time, index size and query latency on synthetic corpora.

Run from the repository root::

    .venv/bin/python bench/search_bench.py [--sizes 2000,20000,100000] [--queries 200]

For each size N the bench writes a synthetic HSDS 3.0 package with N services
(``bench/synthetic_hsds.py``, one location each, so N service-at-locations),
then, in child processes with cwd = repository root and a fresh SQLite database,
index dir and instance dir in a temp dir:

    python -m flask --app wsgi db upgrade                            (not timed)
    python -m flask --app wsgi directory import PACKAGE --replace    (not timed; also indexes)
    python -m flask --app wsgi search reindex     (vectors deleted first: timed, "embedding")
    python -m flask --app wsgi search reindex     (vectors kept: timed, "index build")

The index size is the bytes of every file under the index dir. Queries then run
in this process: ``create_app`` pointed at that database and index, an app
context, one match-everything search and 10 queries of each kind to warm up,
then ``navigator.search.search(SearchQuery(...), log_search=False)`` timed with
``time.perf_counter`` for ``--queries`` different queries of each kind:

    one-word    one content word of the generator's vocabulary
    3w+tax      three words from one taxonomy term's name/phrase/keywords, filtered
                by that term's parent category (a term with a parent and children
                when the taxonomy has such; the synthetic taxonomy has two levels, so
                the top-level category of the words' term)
    3w+tax+10km the same within 10 km of Durham (35.994, -78.899), place_for(lat, lon)
    spanish     a Spanish phrase of directory_data/synonyms.csv, locale "es"
    typo        a vocabulary word of 5+ letters with one edit after its first letter

The same queries go through ``app.test_client().get('/api/search?...')``
(p95 reported; the endpoint also records each search in search_log, as it does
in production). Exactness: for the first ``--check`` queries of each kind the
engine's first page and total are compared with the engine's ranking fed by a
reference that scores every match by stepping a raw Whoosh matcher (no collector,
no block-quality pruning); ties in (score, distance, name) may swap.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import gc
import math
import os
import pathlib
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(REPO_ROOT))

import import_bench  # noqa: E402  (run_measured, flask_cmd, print_failure)
import synthetic_hsds  # noqa: E402

KINDS = ('one-word', '3w+tax', '3w+tax+10km', 'spanish', 'typo')
DURHAM = (35.994, -78.899)
RADIUS_KM = 10.0
#: p95 goals in ms by corpus size (service-at-locations); other sizes: no goal.
GOAL_P95_MS = {20_000: 30.0, 100_000: 100.0}
GOAL_BUILD_S = {20_000: 15.0}
#: Embedding every listing for the semantic stage, from no kept vectors.
GOAL_EMBED_S = {20_000: 600.0}
WARMUP_PER_KIND = 10
SYNONYMS_CSV = REPO_ROOT / 'directory_data' / 'synonyms.csv'

_STOP = {'a', 'an', 'and', 'the', 'for', 'of', 'to', 'in', 'on', 'or', 'with', 'from', 'up',
         'after', 'by', 'at', 'as', 'is', 'be', 'one', 'free', 'help', 'need', 'find', 'get'}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# queries
# --------------------------------------------------------------------------

def _content_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z'\-]*[a-z]", text.lower())
            if len(w) >= 3 and w not in _STOP and "'" not in w]


def vocabulary() -> tuple[list[str], list[tuple[str, str, list[str]]]]:
    """(single words, [(top code, term code, words of the term)]) from the generator."""
    pool: set[str] = set()
    leaves = []
    for _top, top_code, children in synthetic_hsds._TAXONOMY:
        for name, phrase, keywords in children:
            ws = []
            for chunk in (name, phrase, *keywords):
                for w in _content_words(chunk):
                    if w not in ws:
                        ws.append(w)
            pool.update(ws)
            leaves.append((top_code, f'{top_code}.{synthetic_hsds._slug(name)}', ws))
    for chunk in (*synthetic_hsds._POP_PHRASES, *synthetic_hsds._POPULATIONS,
                  *synthetic_hsds._SERVICE_SUFFIXES, *synthetic_hsds._ORG_NOUNS_GENERAL,
                  *(n for nouns in synthetic_hsds._ORG_NOUNS for n in nouns),
                  *synthetic_hsds._SENTENCES):
        pool.update(w for w in _content_words(re.sub(r'\{\w+\}', ' ', chunk)))
    return sorted(pool), leaves


def spanish_phrases() -> list[str]:
    with open(SYNONYMS_CSV, encoding='utf-8-sig', newline='') as fh:
        return sorted({r['phrase'].strip() for r in csv.DictReader(fh)
                       if (r.get('language') or '').strip() == 'es' and r['phrase'].strip()})


def make_typo(word: str, rng: random.Random, known: set[str]) -> str:
    letters = 'abcdefghijklmnopqrstuvwxyz'
    for _ in range(50):
        i = rng.randrange(1, len(word))  # keep the first letter (corrector prefix=1)
        op = rng.randrange(4)
        if op == 0:
            typo = word[:i] + word[i + 1:]
        elif op == 1 and i < len(word) - 1:
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif op == 2:
            typo = word[:i] + rng.choice(letters) + word[i + 1:]
        else:
            typo = word[:i] + rng.choice(letters) + word[i:]
        if typo != word and typo not in known and typo.isalpha():
            return typo
    return word[:-1]


def build_queries(n: int, seed: int, term_ids: dict[str, str], filter_of: dict[str, str]):
    """``n`` queries of each kind: {kind: [dict(text, terms, place, locale, label)]}."""
    rng = random.Random(seed)
    words, leaves = vocabulary()
    known = set(words)
    long_words = [w for w in words if len(w) >= 5 and '-' not in w]
    spanish = spanish_phrases()
    leaves = [lf for lf in leaves if len(lf[2]) >= 3 and lf[1] in filter_of]
    out = {k: [] for k in KINDS}
    for i in range(n):
        out['one-word'].append({'text': rng.choice(words)})
        top_code, term_code, ws = rng.choice(leaves)
        three = ' '.join(rng.sample(ws, 3))
        terms = (filter_of[term_code],)
        out['3w+tax'].append({'text': three, 'terms': terms})
        top_code, term_code, ws = rng.choice(leaves)
        out['3w+tax+10km'].append({'text': ' '.join(rng.sample(ws, 3)),
                                   'terms': (filter_of[term_code],), 'geo': True})
        out['spanish'].append({'text': rng.choice(spanish), 'locale': 'es'})
        out['typo'].append({'text': make_typo(rng.choice(long_words), rng, known)})
    return out


def pick_filters(session) -> tuple[dict[str, str], dict[str, str]]:
    """(code -> id, leaf code -> id of the "mid-level" term used to filter its queries)."""
    from sqlalchemy import select
    from navigator.directory.models import TaxonomyTerm

    rows = session.execute(select(TaxonomyTerm.id, TaxonomyTerm.code,
                                  TaxonomyTerm.parent_id)).all()
    by_id = {r.id: r for r in rows}
    has_children = {r.parent_id for r in rows if r.parent_id}
    ids = {r.code: r.id for r in rows if r.code}
    filter_of = {}
    for r in rows:
        if not r.code or r.id in has_children:
            continue
        # nearest ancestor that has children and, if any exists, a parent of its own
        chain, cur = [], by_id.get(r.parent_id)
        while cur is not None and cur.id not in [c.id for c in chain]:
            chain.append(cur)
            cur = by_id.get(cur.parent_id)
        mid = [c for c in chain if c.parent_id] or chain
        if mid:
            filter_of[r.code] = mid[0].id
    return ids, filter_of


def search_query(spec: dict):
    from navigator.search import SearchQuery, place_for
    place = place_for(lat=DURHAM[0], lon=DURHAM[1]) if spec.get('geo') else None
    return SearchQuery(text=spec['text'], place=place,
                       radius_km=RADIUS_KM if spec.get('geo') else None,
                       taxonomy_term_ids=tuple(spec.get('terms', ())),
                       locale=spec.get('locale', 'en'))


def api_url(spec: dict) -> str:
    params = [('q', spec['text'])]
    params += [('taxonomy_term_id', t) for t in spec.get('terms', ())]
    if spec.get('geo'):
        params += [('lat', str(DURHAM[0])), ('lon', str(DURHAM[1])),
                   ('radius_km', str(RADIUS_KM))]
    return '/api/search?' + urllib.parse.urlencode(params)


# --------------------------------------------------------------------------
# exactness reference
# --------------------------------------------------------------------------

def exhaustive_matches(snapshot, query, allowed=None):
    """Every live match (among ``allowed``, a boolean mask) with its score from Whoosh's
    own raw matcher: no collector, no pruning. (document numbers, scores) arrays."""
    import numpy as np
    if query is None:
        live = np.array([d is not None for d in snapshot.data])
        docs = np.flatnonzero(live if allowed is None else live & allowed)
        return docs, np.zeros(len(docs))
    searcher = snapshot.searcher
    context = searcher.context(needs_current=True)
    out = []
    for sub, offset in searcher.leaf_searchers():
        m = query.matcher(sub, context)
        while m.is_active():
            n = offset + m.id()
            if snapshot.data[n] is not None and (allowed is None or allowed[n]):
                out.append((n, m.score()))
            m.next()
    out.sort()
    return (np.array([n for n, _ in out], dtype=np.int64),
            np.array([score for _, score in out], dtype=np.float64))


def check_exact(spec: dict, results) -> str:
    """'ok', 'tie' (same keys, tied items swapped), 'DIFF', or 'n/a'."""
    from navigator import search as face
    from navigator.search import engine
    if not hasattr(engine, '_matches'):
        return 'n/a'
    original, called = engine._matches, []

    def reference(snapshot, query, allowed=None):
        # allowed: the engine's prefilter, a boolean mask over document numbers
        called.append(1)
        return exhaustive_matches(snapshot, query, allowed)

    engine._matches = reference
    try:
        ref = face.search(search_query(spec), log_search=False)
    except Exception as exc:  # the engine's internals changed shape: no verdict
        log(f'exactness check skipped: {type(exc).__name__}: {exc}')
        return 'n/a'
    finally:
        engine._matches = original
    if not called:
        return 'n/a'

    def ids(r):
        return [(h.service_id, h.service_at_location_id) for h in r.hits]

    def keys(r):
        return [(h.score, h.distance_km, h.name) for h in r.hits]

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-12)

    if results.total == ref.total and ids(results) == ids(ref):
        return 'ok'
    if results.total == ref.total and (keys(results) == keys(ref) or all(
            close(a.rank_score, b.rank_score) for a, b in zip(results.hits, ref.hits))):
        # Items whose scores differ only in the last bits of a float (the order in
        # which a document's term scores are added) may swap.
        return 'tie'
    first = next((i for i, (a, b) in enumerate(zip(results.hits, ref.hits))
                  if (a.service_id, a.service_at_location_id)
                  != (b.service_id, b.service_at_location_id)), None)
    detail = f'totals {results.total} vs {ref.total}'
    if first is not None:
        a, b = results.hits[first], ref.hits[first]
        detail += (f'; rank {first + 1}: {a.name!r} {a.rank_score!r} vs '
                   f'{b.name!r} {b.rank_score!r}')
    log(f'exactness DIFF for {spec.get("text")!r}: {detail}')
    return 'DIFF'


# --------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------

def pct(values: list[float], p: float) -> float:
    if not values:
        return float('nan')
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def du_bytes(path: pathlib.Path) -> int:
    return sum(f.stat().st_size for f in path.rglob('*') if f.is_file())


def workdir_env(workdir: pathlib.Path) -> dict:
    """The environment of the flask commands (and servers) working on ``workdir``'s
    database, index and instance folder."""
    env = dict(os.environ)
    env.pop('FLASK_APP', None)
    env['PYTHONUNBUFFERED'] = '1'
    env['NAVIGATOR_INDEX_DIR'] = str(workdir / 'index')
    env['NAVIGATOR_INSTANCE_DIR'] = str(workdir / 'instance')
    env['NAVIGATOR_DATABASE_URL'] = f'sqlite:///{workdir / "bench.db"}'
    return env


def prepare(size: int, args, workdir: pathlib.Path) -> dict:
    """Package, database, import, timed reindex. Returns env and build figures."""
    package = workdir / 'package'
    if not (package / 'datapackage.json').exists():
        log(f'[{size:,}] generating package ...')
        synthetic_hsds.write_package(package, size, args.seed)
    env = workdir_env(workdir)
    steps = [('db upgrade', ('db', 'upgrade')),
             ('directory import', ('directory', 'import', str(package), '--replace')),
             ('search reindex, embedding every listing', ('search', 'reindex')),
             ('search reindex', ('search', 'reindex'))]
    out = {'env': env}
    if getattr(args, 'reuse', False) and (workdir / 'bench.db').exists():
        # The directory imported by an earlier run: only the timed index build again
        # (it writes the index with the code under test).
        steps = steps[-1:]
        out['search reindex, embedding every listing'] = {'seconds': math.nan,
                                                          'peak_mb': math.nan}
    for label, cmd in steps:
        if label.startswith('search reindex,'):
            # The import embedded the listings: forget their vectors to time that.
            shutil.rmtree(workdir / 'index' / 'vectors', ignore_errors=True)
        log(f'[{size:,}] flask {label} ...')
        res = import_bench.run_measured(import_bench.flask_cmd(*cmd), env, args.timeout)
        if res['rc'] != 0:
            import_bench.print_failure(f'{size:,}: flask {label}', res)
            raise SystemExit(1)
        log(f'[{size:,}] flask {label}: {res["seconds"]:.1f} s, peak {res["peak_mb"]:.0f} MB')
        out[label] = res
    m = re.search(r'Indexed (\d+) listing\(s\) in ([\d.]+) s', out['search reindex']['stdout'])
    out['documents'] = int(m.group(1)) if m else None
    out['rebuild_s'] = float(m.group(2)) if m else None  # rebuild() alone, no start-up
    out['build_s'] = out['search reindex']['seconds']
    out['embed_s'] = out['search reindex, embedding every listing']['seconds']
    out['embed_mb'] = out['search reindex, embedding every listing']['peak_mb']
    out['build_mb'] = out['search reindex']['peak_mb']
    out['index_bytes'] = du_bytes(workdir / 'index')
    out['vector_bytes'] = du_bytes(workdir / 'index' / 'vectors')
    return out


def memory_mb() -> dict:
    """This process's resident memory now (MB): all of it, its own (anonymous) pages,
    and pages of mapped files (the listing vectors among them), which every worker of
    a host shares."""
    fields = {}
    with open('/proc/self/status') as status:
        for line in status:
            name, _, value = line.partition(':')
            if name in ('VmRSS', 'RssAnon', 'RssFile'):
                fields[name] = int(value.split()[0]) / 1024
    return fields


def measure(size: int, args, workdir: pathlib.Path, built: dict) -> dict:
    """In-process latency per kind, through search() and through /api/search."""
    from sqlalchemy.orm import Session
    from navigator import create_app
    from navigator import search as face
    from navigator.extensions import db

    env = built['env']
    # The per-minute results cache is off: every timed query is really run.
    app = create_app({'SQLALCHEMY_DATABASE_URI': env['NAVIGATOR_DATABASE_URL'],
                      'NAVIGATOR_INDEX_DIR': env['NAVIGATOR_INDEX_DIR'], 'TESTING': True,
                      'NAVIGATOR_SEARCH_CACHE': False, 'NAVIGATOR_API_RATE_LIMIT': 'off'})
    result = {'kinds': {}}
    with app.app_context():
        with Session(db.engine) as session:
            _ids, filter_of = pick_filters(session)
        queries = build_queries(args.queries, args.seed * 1000 + size, _ids, filter_of)
        state = app.extensions['navigator.search']
        t0 = time.perf_counter()
        face.search(face.SearchQuery(), log_search=False)  # opens the index, parses all hours
        result['first_search_s'] = time.perf_counter() - t0
        for kind in KINDS:
            for spec in queries[kind][:WARMUP_PER_KIND]:
                face.search(search_query(spec), log_search=False)
        client = app.test_client()
        for kind in KINDS:
            times, totals = [], []
            for spec in queries[kind]:
                sq = search_query(spec)
                t = time.perf_counter()
                res = face.search(sq, log_search=False)
                times.append((time.perf_counter() - t) * 1000.0)
                totals.append(res.total)
            api = []
            for spec in queries[kind]:
                url = api_url(spec)
                t = time.perf_counter()
                resp = client.get(url)
                api.append((time.perf_counter() - t) * 1000.0)
                if resp.status_code != 200:
                    raise RuntimeError(f'{url}: HTTP {resp.status_code} {resp.get_data()[:200]}')
            log(f'[{size:,}] {kind:<12} p50 {pct(times, 50):7.1f}  p95 {pct(times, 95):7.1f}  '
                f'max {max(times):7.1f}  api p95 {pct(api, 95):7.1f} ms  '
                f'median total {statistics.median(totals):,.0f}')
            verdicts = []
            for spec in queries[kind][:args.check]:
                verdicts.append(check_exact(spec, face.search(search_query(spec),
                                                              log_search=False)))
                if verdicts[-1] == 'n/a':
                    break
            if verdicts:
                log(f'[{size:,}] {kind:<12} exact ranking: {verdicts.count("ok")} same, '
                    f'{verdicts.count("tie")} tied, {verdicts.count("DIFF")} different, '
                    f'{verdicts.count("n/a")} n/a')
            slow = sorted(zip(times, totals, (s['text'] for s in queries[kind])),
                          reverse=True)[:3]
            result['kinds'][kind] = {
                'p50': pct(times, 50), 'p95': pct(times, 95), 'max': max(times),
                'api_p50': pct(api, 50), 'api_p95': pct(api, 95),
                'matches_median': statistics.median(totals) if totals else 0,
                'exact': verdicts, 'slowest': slow,
                'example': queries[kind][0],
            }
        result['memory'] = memory_mb()
        result['semantic'] = state.semantic.embedder.name if state.semantic else 'off'
        if args.profile:
            result['profile'] = profile_kind(args, queries, result)
        state.index.close()
    del app
    gc.collect()
    return result


def profile_kind(args, queries, result) -> str:
    """Profile the slowest kind (by p95) with pyinstrument, or cProfile without it."""
    from navigator import search as face
    kind = args.profile if args.profile in KINDS else max(
        result['kinds'], key=lambda k: result['kinds'][k]['p95'])
    specs = [search_query(s) for s in queries[kind]]
    try:
        from pyinstrument import Profiler
    except ImportError:
        import cProfile
        import io
        import pstats
        prof = cProfile.Profile()
        prof.enable()
        for sq in specs:
            face.search(sq, log_search=False)
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats('cumulative').print_stats(30)
        return f'cProfile of {kind!r} ({len(specs)} queries)\n' + buf.getvalue()
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for sq in specs:
        face.search(sq, log_search=False)
    profiler.stop()
    return f'pyinstrument of {kind!r} ({len(specs)} queries)\n' + profiler.output_text(
        unicode=False, color=False, show_all=False)


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------

def fmt_table(header, rows, right) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells):
        return '  '.join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(header), '  '.join('-' * w for w in widths), *(line(r) for r in rows)]


def report(size: int, built: dict, measured: dict) -> bool:
    goal_ms = GOAL_P95_MS.get(size)
    ok_all = True
    print()
    docs = f'{built["documents"]:,}' if built['documents'] is not None else '?'
    print(f'== {size:,} services -> {docs} search documents ==')

    def seconds_goal(seconds: float, goal: float | None) -> str:
        nonlocal ok_all
        if goal is None:
            return 'goal -  -'
        if math.isnan(seconds):
            return 'not run (--reuse)'
        ok_all &= seconds < goal
        return f'goal < {goal:.0f} s  {"PASS" if seconds < goal else "MISS"}'

    print(f'index build (flask search reindex, wall incl. start-up): {built["build_s"]:.1f} s '
          f'[rebuild() alone {built["rebuild_s"] or float("nan"):.1f} s]  '
          f'{seconds_goal(built["build_s"], GOAL_BUILD_S.get(size))};  peak RSS '
          f'{built["build_mb"]:.0f} MB')
    print(f'semantic stage: {measured["semantic"]};  index build embedding every listing '
          f'(flask search reindex with no vectors kept, wall): {built["embed_s"]:.1f} s, peak '
          f'RSS {built["embed_mb"]:.0f} MB;  '
          f'{seconds_goal(built["embed_s"], GOAL_EMBED_S.get(size))}')
    print(f'index size on disk: {built["index_bytes"] / 2**20:.1f} MB (vectors '
          f'{built["vector_bytes"] / 2**20:.1f} MB);  first search in a '
          f'fresh process (open + load stored data): {measured["first_search_s"] * 1000:.0f} ms')
    memory = measured['memory']
    print(f'memory of the searching process after all queries: {memory.get("VmRSS", 0):.0f} MB '
          f'resident, of which {memory.get("RssFile", 0):.0f} MB mapped files (shared by '
          f'workers: the vectors, libraries) and {memory.get("RssAnon", 0):.0f} MB its own')
    rows = []
    for kind, k in measured['kinds'].items():
        exact = k['exact']
        ex = ('-' if not exact else 'n/a' if 'n/a' in exact else
              f'{sum(v != "DIFF" for v in exact)}/{len(exact)}')
        exact_ok = not exact or all(v in ('ok', 'tie') for v in exact) or 'n/a' in exact
        if goal_ms is None:
            verdict = '-' if exact_ok else 'MISS (ranking)'
        else:
            reasons = [x for x, ok in (('search', k['p95'] < goal_ms),
                                       ('api', k['api_p95'] < goal_ms),
                                       ('ranking', exact_ok)) if not ok]
            verdict = 'PASS' if not reasons else 'MISS (' + ', '.join(reasons) + ')'
            ok_all &= not reasons
        rows.append((kind, f'{k["p50"]:.1f}', f'{k["p95"]:.1f}', f'{k["max"]:.1f}',
                     f'{k["api_p95"]:.1f}', f'< {goal_ms:.0f}' if goal_ms else '-',
                     f'{k["matches_median"]:,.0f}', ex, verdict))
    for line in fmt_table(('query', 'p50 ms', 'p95 ms', 'max ms', 'api p95 ms', 'goal p95',
                           'median total', 'exact', 'result'), rows, {1, 2, 3, 4, 6, 7}):
        print(line)
    for kind, k in measured['kinds'].items():
        print(f'  slowest {kind}: ' + '; '.join(f'{t:.0f} ms {q!r} ({n:,} results)'
                                               for t, n, q in k['slowest']))
    if goal_ms is None:
        print(f'note: goals are stated for {", ".join(f"{s:,}" for s in GOAL_P95_MS)} '
              'documents; none apply to this size.')
    sys.stdout.flush()
    return ok_all


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sizes', default='2000,20000,100000',
                    help='comma-separated service counts (default %(default)s)')
    ap.add_argument('--queries', type=int, default=200,
                    help='timed queries per kind (default %(default)s)')
    ap.add_argument('--check', type=int, default=20,
                    help='queries per kind checked against an exhaustive ranking '
                         '(default %(default)s; 0 = none)')
    ap.add_argument('--seed', type=int, default=1, help='generator and query seed')
    ap.add_argument('--keep', type=pathlib.Path, metavar='DIR',
                    help='work in DIR and keep it (packages, databases, indexes); '
                         'packages already there are reused')
    ap.add_argument('--reuse', action='store_true',
                    help='with --keep: reuse the database an earlier run imported (only '
                         'the timed index build runs again)')
    ap.add_argument('--workers', type=int, default=2,
                    help='fresh worker processes whose first search and memory together '
                         'are measured after the queries (default %(default)s; 0 = none)')
    ap.add_argument('--profile', nargs='?', const='slowest', metavar='KIND',
                    help='profile one kind (default: the slowest by p95) after timing')
    ap.add_argument('--timeout', type=float, default=3600.0,
                    help='kill a child command after this many seconds')
    ap.add_argument('--strict', action='store_true', help='exit 1 when a goal is missed')
    args = ap.parse_args(argv)
    sizes = [int(s.replace('_', '')) for s in args.sizes.split(',') if s.strip()]

    root = (args.keep.resolve() if args.keep
            else pathlib.Path(tempfile.mkdtemp(prefix='navigator-search-bench-')))
    root.mkdir(parents=True, exist_ok=True)
    # navigator.config reads the instance dir when first imported: keep repo instance/ clean.
    os.environ['NAVIGATOR_INSTANCE_DIR'] = str(root / 'instance')
    os.environ.pop('NAVIGATOR_DATABASE_URL', None)
    os.environ.pop('NAVIGATOR_INDEX_DIR', None)
    all_ok = True
    try:
        for size in sizes:
            workdir = root / f'n{size}'
            workdir.mkdir(exist_ok=True)
            built = prepare(size, args, workdir)
            measured = measure(size, args, workdir, built)
            all_ok &= report(size, built, measured)
            if args.workers:
                import worker_memory
                worker_memory.report(worker_memory.measure(workdir, args.workers,
                                                           seed=args.seed))
            if measured.get('profile'):
                print()
                print(measured['profile'])
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
    finally:
        if args.keep:
            log(f'kept {root}')
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if args.strict and not all_ok else 0


if __name__ == '__main__':
    sys.exit(main())
