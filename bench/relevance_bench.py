"""Relevance yardstick: nDCG@10 of search, by group of cases, on two directories.

Run from the repository root::

    .venv/bin/python bench/relevance_bench.py [--details] [--directories durham,riverbend]

Each directory of ``tests/search/relevance_cases.py`` (Durham's sample, and the fictional
Riverbend directory in ``tests/search/other_city/``) is imported into a fresh app: a new
SQLite database, index folder and instance folder in a temp dir, migrated and loaded with
the app's own commands (``flask db upgrade``, ``flask directory import``). Every case is
then searched with ``navigator.search.search`` — 10 results, a fixed time (a Monday
morning), the case's ZIP code as the place, nothing logged — and scored:

- nDCG@10: DCG = sum over the first 10 results of (2^grade - 1) / log2(rank + 1), a
  service counted once (a second location of the same service gains nothing); the ideal
  DCG orders the case's judged grades best first. Unjudged results gain 0.
- A ``nothing_fits`` case (no relevant service) scores 1.0 when the search returns
  nothing (``results.total == 0``), else 0.

The table shows, per directory, the mean nDCG@10 of each group and its number of cases,
the mean over all cases, and the mean of the group means. ``--details`` lists every
case: its nDCG@10, total results and the first three names.

The search is used only through ``navigator.search`` (the app, the CLI and
``navigator.extensions.db`` aside), so the yardstick measures what residents get.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path.insert(0, str(REPO_ROOT / "tests" / "search"))
sys.path.insert(0, str(REPO_ROOT))

from relevance_cases import CASES, DIRECTORIES, GROUPS, Case  # noqa: E402

K = 10
#: A Monday morning: the results do not depend on when the yardstick runs.
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=ZoneInfo("America/New_York"))


@dataclass(frozen=True)
class Scored:
    case: Case
    ndcg: float
    total: int
    names: tuple[str, ...]  # the first K results' service names, in order


def dcg(grades: list[int]) -> float:
    return sum((2 ** grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, 1))


def ndcg(case: Case, names: list[str], total: int) -> float:
    """nDCG@10 of one case's results (service names in rank order)."""
    if not case.relevant:
        return 1.0 if total == 0 else 0.0
    seen: set[str] = set()
    gains = []
    for name in names[:K]:
        gains.append(case.relevant.get(name, 0) if name not in seen else 0)
        seen.add(name)
    ideal = dcg(sorted(case.relevant.values(), reverse=True)[:K])
    return dcg(gains) / ideal


def score_cases(cases: list[Case], now: datetime = NOW) -> list[Scored]:
    """Search every case in the current app (its directory imported) and score it."""
    from navigator.search import SearchQuery, place_for, search

    scored = []
    for case in cases:
        place = place_for(near=case.near) if case.near else None
        if case.near and place is None:
            raise ValueError(f"{case.near!r} (case {case.text!r}) is not a known place")
        results = search(SearchQuery(text=case.text, place=place, per_page=K, now=now),
                         log_search=False)
        names = [hit.name for hit in results.hits[:K]]
        scored.append(Scored(case, ndcg(case, names, results.total), results.total,
                             tuple(names)))
    return scored


def by_group(scored: list[Scored]) -> dict[str, tuple[float, int]]:
    """Group -> (mean nDCG@10, number of cases); also "all" and "mean of groups"."""
    out = {}
    for group in GROUPS:
        values = [s.ndcg for s in scored if s.case.group == group]
        if values:
            out[group] = (sum(values) / len(values), len(values))
    out["all"] = (sum(s.ndcg for s in scored) / len(scored), len(scored))
    means = [out[g][0] for g in GROUPS if g in out]
    out["mean of groups"] = (sum(means) / len(means), len(means))
    return out


def fresh_app(workdir: Path):
    """An app on a new SQLite database and index in ``workdir``, migrated."""
    from navigator import create_app

    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'navigator.db'}",
        "NAVIGATOR_INDEX_DIR": str(workdir / "index"),
        "SECRET_KEY": "relevance-bench",
    })
    run_command(app, "db", "upgrade")
    return app


def run_command(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.output}"
                           + (f"\n{result.exception!r}" if result.exception else ""))
    return result.output


def measure(name: str, workdir: Path) -> list[Scored]:
    """Import directory ``name`` into a fresh app in ``workdir`` and score its cases."""
    from navigator.extensions import db

    workdir.mkdir(parents=True, exist_ok=True)
    app = fresh_app(workdir)
    run_command(app, "directory", "import", str(DIRECTORIES[name]))
    run_command(app, "search", "follow", "--once")  # the rebuild the import left
    with app.app_context():
        try:
            return score_cases(CASES[name])
        finally:
            db.session.remove()
            db.engine.dispose()


def table(results: dict[str, list[Scored]]) -> str:
    names = list(results)
    summaries = {name: by_group(scored) for name, scored in results.items()}
    rows = [*GROUPS, "all", "mean of groups"]
    head = f"{'group':<16}" + "".join(f"{name:>14}{'n':>5}" for name in names)
    lines = [f"nDCG@{K} by group", head, "-" * len(head)]
    for row in rows:
        if row == "all":
            lines.append("-" * len(head))
        cells = []
        for name in names:
            value, count = summaries[name].get(row, (math.nan, 0))
            cells.append(f"{value:>14.3f}{count:>5d}")
        lines.append(f"{row:<16}" + "".join(cells))
    return "\n".join(lines)


def details(name: str, scored: list[Scored]) -> str:
    lines = [f"\n{name}: every case (nDCG@{K}, total results, first three results)"]
    for group in GROUPS:
        for s in (s for s in scored if s.case.group == group):
            near = f" near {s.case.near}" if s.case.near else ""
            lines.append(f"  {s.ndcg:5.3f}  {group:<12} {s.case.text!r}{near}  "
                         f"[{s.total} results]")
            for rank, hit in enumerate(s.names[:3], 1):
                grade = s.case.relevant.get(hit)
                lines.append(f"           {rank}. {hit}" + (f"  (grade {grade})" if grade
                                                           else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--directories", default=",".join(CASES),
                        help=f"comma-separated, of: {', '.join(CASES)}")
    parser.add_argument("--details", action="store_true",
                        help="every case's nDCG@10 and first three results")
    args = parser.parse_args(argv)
    chosen = [d.strip() for d in args.directories.split(",") if d.strip()]
    unknown = [d for d in chosen if d not in CASES]
    if unknown:
        parser.error(f"unknown directories: {', '.join(unknown)}")

    with tempfile.TemporaryDirectory(prefix="navigator-relevance-") as tmp:
        root = Path(tmp)
        # Set before navigator is imported: the instance folder is read at import.
        os.environ["NAVIGATOR_INSTANCE_DIR"] = str(root / "instance")
        for name in ("NAVIGATOR_DATABASE_URL", "NAVIGATOR_INDEX_DIR"):
            os.environ.pop(name, None)
        results = {name: measure(name, root / name) for name in chosen}

    print(table(results))
    if args.details:
        for name, scored in results.items():
            print(details(name, scored))
    return 0


if __name__ == "__main__":
    sys.exit(main())
