"""Reports benchmark: a realistic year of the navigators' work, then every report timed.

Run from the repository root::

    .venv/bin/python bench/reports_bench.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/reports_bench.py --scale 0.1 --databases sqlite   # quick run

For each database (SQLite in a temp file; PostgreSQL in a fresh database on the server of
``--pg-url``, dropped at the end) it migrates, imports the Durham sample directory
(``directory_data/``) and generates, with Core inserts of dicts in batches, the year
before yesterday (``--scale`` 1): 20,000 residents (the optional self-described fields
partly filled, places over Durham's ZIP codes and neighborhoods), 30,000 needs, 60,000
referrals with their events, warm handoffs and follow-ups, 40,000 contacts (a quarter
with a crisis outcome) with theirs, and 200,000 search-log rows in English and Spanish
(common phrasings, a long tail, typos; some refined by filters), with the categories a
search logs (``navigator.search.log_categories``). A year kept with ``--keep`` from before
a column the reports read (a logged search's categories, the moment a follow-up follows,
a referral's connection) gets it from the migration that added it.

Then, in one process, each report section's ``tables(filters)`` for the whole year (every
section of ``navigator.reports.sections.SECTIONS``, whatever it returns), the first call
and the best of ``--repeat``; a category-filtered run of each; and, when the reports pages
exist (the ``reports`` blueprint), a GET of each page as a signed-in admin. Goal: under 1
second per report page on 2 cores, on both databases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, time as day_time, timedelta, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
GOAL_SECONDS = 1.0
BATCH = 5000
SIZES = {"residents": 20_000, "needs": 30_000, "referrals": 60_000, "encounters": 40_000,
         "searches": 200_000}
ZIPS = ("27701", "27703", "27704", "27705", "27707", "27712", "27713", "27709", "27514",
        "27560")
NEIGHBORHOODS = ("Walltown", "East Durham", "Old West Durham", "Hayti", "Lakewood",
                 "Northgate Park", "Braggtown")
TEAMS = ("HEART North", "HEART South", "Call diversion", "Care navigation")
HEAD = ("food", "food pantry", "shelter", "rent help", "help paying rent", "light bill",
        "detox", "suboxone", "counseling", "mental health", "dentist", "lawyer", "eviction",
        "bus pass", "id card", "job", "clothes", "diapers", "a place to sleep tonight",
        "domestic violence", "methadone", "snap", "medicaid", "free clinic", "childcare",
        "therapy", "laundry", "shower", "phone", "comida", "despensa de comida", "albergue",
        "ayuda con la renta", "abogado", "dentista", "trabajo", "ropa", "pañales",
        "clinica gratis", "desintoxicacion", "consejeria", "donde dormir esta noche",
        "violencia domestica", "ayuda con la luz")
WORDS = ("help", "free", "food", "rent", "bill", "housing", "shelter", "kids", "family",
         "women", "men", "veteran", "senior", "teen", "clinic", "doctor", "dental", "eye",
         "glasses", "insurance", "medicaid", "job", "training", "ged", "school", "car",
         "ride", "bus", "gas", "water", "power", "phone", "internet", "computer", "legal",
         "court", "record", "license", "id", "birth", "certificate", "immigration", "visa",
         "pregnant", "baby", "formula", "diapers", "crib", "furniture", "bed", "blanket",
         "coat", "shoes", "laundry", "shower", "haircut", "pet", "dog", "cat", "vet",
         "grief", "anxiety", "depression", "sober", "aa", "recovery", "pills", "alcohol",
         "ayuda", "gratis", "comida", "renta", "casa", "niños", "mujer", "trabajo", "escuela",
         "carro", "doctor", "dientes", "seguro", "abogado", "corte", "papeles", "bebe",
         "ropa", "cama", "luz", "agua", "telefono", "miedo", "tristeza")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Year:
    """Random times within the year before yesterday (UTC)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.end = date.today() - timedelta(days=1)
        self.start = self.end - timedelta(days=364)
        self.first = datetime.combine(self.start, day_time.min, tzinfo=timezone.utc)

    def moment(self) -> datetime:
        return self.first + timedelta(seconds=self.rng.randrange(365 * 86400))

    def after(self, moment: datetime, low_hours: float, high_hours: float) -> datetime:
        return moment + timedelta(hours=self.rng.uniform(low_hours, high_hours))


def _insert(table, rows: list[dict]) -> None:
    from navigator.extensions import db

    keys = set().union(*rows) if rows else set()
    rows = [{key: row.get(key) for key in keys} for row in rows]  # one shape for all
    for at in range(0, len(rows), BATCH):
        db.session.execute(table.insert(), rows[at:at + BATCH])
    db.session.commit()


def _new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128)))


def _follow_up(id_: str, resident_id: str, since, done_at, by: int, outcome: str | None,
               **link: str) -> dict:
    """A follow-up due two days after ``since`` (its contact or its referral's sending),
    done at ``done_at`` (None: not yet) by ``by``; ``link``: its referral or contact."""
    return {"id": id_, "resident_id": resident_id, "due_at": since + timedelta(days=2),
            "created_at": since, "follows_since": since, "done_at": done_at,
            "done_by": by if done_at is not None else None, "notes": "", "outcome": outcome,
            **link}


def _people(rng: random.Random, year: Year, sizes: dict) -> tuple[list[int], list[str]]:
    from sqlalchemy import select

    from navigator.auth.models import User
    from navigator.extensions import db
    from navigator.workflow.models import Resident
    from navigator.workflow.profile import ETHNICITIES, HOUSEHOLDS, RACES

    users = [{"email": f"navigator{n}@example.org", "password_hash": "-", "role": "navigator",
              "team": TEAMS[n % len(TEAMS)], "active": True} for n in range(40)]
    _insert(User.__table__, users)
    user_ids = list(db.session.scalars(select(User.id).where(User.role == "navigator")))
    residents = []
    for n in range(sizes["residents"]):
        place = (rng.choice(ZIPS) if rng.random() < 0.7 else rng.choice(NEIGHBORHOODS)
                 if rng.random() < 0.67 else None)
        residents.append({
            "id": _new_id(rng), "name": f"Generated Person {n}",
            "name_key": f"generated person {n}", "preferred_contact": "phone",
            "language": "es" if rng.random() < 0.2 else "en", "place": place,
            "birth_year": rng.randrange(1940, 2008),
            "household": rng.choice(HOUSEHOLDS) if rng.random() < 0.4 else None,
            "gender": rng.choice(("woman", "man", "non-binary", "prefer_not_to_say"))
            if rng.random() < 0.45 else None,
            "race": rng.sample(RACES, rng.choice((1, 1, 1, 2))) if rng.random() < 0.4 else None,
            "ethnicity": rng.choice(ETHNICITIES) if rng.random() < 0.4 else None,
            "notes": "", "created_by": rng.choice(user_ids), "created_at": year.moment()})
    _insert(Resident.__table__, residents)
    return user_ids, [r["id"] for r in residents]


def _work(rng: random.Random, year: Year, sizes: dict, user_ids: list[int],
          resident_ids: list[str]) -> dict[str, int]:
    """Needs, referrals with their events, handoffs and follow-ups, contacts."""
    from sqlalchemy import select

    from navigator.directory.models import Service, TaxonomyTerm
    from navigator.extensions import db
    from navigator.workflow.models import (
        CRISIS_OUTCOMES, Encounter, FollowUp, Handoff, Need, Referral, ReferralEvent)

    terms = list(db.session.scalars(select(TaxonomyTerm.id).where(
        TaxonomyTerm.parent_id.is_not(None))))
    services = db.session.execute(select(Service.id, Service.organization_id)).all()
    needs = [{"id": _new_id(rng),
              "resident_id": rng.choice(resident_ids), "taxonomy_term_id": rng.choice(terms),
              "urgency": rng.choice(("today", "this_week", "when_possible")), "own_words": "",
              "status": rng.choices(("open", "met", "closed"), (4, 4, 2))[0],
              "created_by": rng.choice(user_ids), "created_at": year.moment()}
             for _ in range(sizes["needs"])]
    referrals, events, handoffs, follow_ups = [], [], [], []
    outcomes = ("draft", "pending", "accepted", "declined", "connected", "not_connected",
                "cancelled")
    for _ in range(sizes["referrals"]):
        need = rng.choice(needs) if rng.random() < 0.8 else None
        service_id, organization_id = rng.choice(services)
        created, by = year.moment(), rng.choice(user_ids)
        status = rng.choices(outcomes, (5, 8, 10, 15, 40, 15, 7))[0]
        referral = {"id": _new_id(rng),
                    "resident_id": need["resident_id"] if need else rng.choice(resident_ids),
                    "service_id": service_id, "organization_id": organization_id,
                    "need_id": need["id"] if need else None, "created_by": by,
                    "created_at": created, "status": status, "part2": False,
                    "resident_choice": rng.choice((True, True, False, None))}
        referrals.append(referral)
        if status == "draft":
            continue
        sent = year.after(created, 0, 48)
        referral["sent_at"] = sent
        chain = [("pending", None, sent)]
        answer = year.after(sent, 1, 120)
        if status in ("accepted", "connected", "not_connected"):
            chain.append(("accepted", None, answer))
            if status != "accepted":
                chain.append((status, None if status == "connected" else rng.choice(
                    ("no_show", "no_longer_interested", "referred_elsewhere")),
                    year.after(answer, 24, 480)))
                if status == "connected":
                    referral["connected_at"] = chain[-1][2]
            if rng.random() < 0.4:
                handoffs.append({
                    "id": _new_id(rng), "referral_id": referral["id"],
                    "method": "three_way_call", "contact_person": "Intake desk",
                    "happened_at": year.after(answer, 0, 48), "resident_present": True,
                    "outcome": rng.choice(("connected", "intake_scheduled", "message_left")),
                    "notes": "", "recorded_by": by, "recorded_at": answer})
        elif status == "declined":
            chain.append(("declined", rng.choices(
                ("no_capacity", "not_eligible", "could_not_contact", "other"), (5, 3, 1, 1))[0],
                answer))
        elif status == "cancelled":
            chain.append(("cancelled", None, answer))
        before = "draft"
        for to, reason, when in chain:
            events.append({"referral_id": referral["id"], "user_id": by, "occurred_at": when,
                           "from_status": before, "to_status": to, "reason": reason,
                           "note": ""})
            before = to
        referral["status_reason"] = chain[-1][1]
        done = rng.random() < 0.75
        follow_ups.append(_follow_up(
            _new_id(rng), referral["resident_id"], sent,
            year.after(sent, 2, 150) if done else None, by,
            rng.choice(("connected", "waiting", "needs_more_help", "not_reached"))
            if done else None, referral_id=referral["id"]))
    encounters = []
    for _ in range(sizes["encounters"]):
        when, by = year.moment(), rng.choice(user_ids)
        encounter = {"id": _new_id(rng),
                     "resident_id": rng.choice(resident_ids),
                     "kind": rng.choice(("in_person", "phone_call", "text_or_email")),
                     "happened_at": when, "notes": "", "recorded_by": by, "recorded_at": when,
                     "crisis_outcome": rng.choice(CRISIS_OUTCOMES) if rng.random() < 0.25
                     else None}
        encounters.append(encounter)
        done = rng.random() < 0.7
        follow_ups.append(_follow_up(
            _new_id(rng), encounter["resident_id"], when,
            year.after(when, 1, 100) if done else None, by,
            "connected" if done else None, encounter_id=encounter["id"]))
    for table, rows in ((Need, needs), (Referral, referrals), (ReferralEvent, events),
                        (Handoff, handoffs), (Encounter, encounters), (FollowUp, follow_ups)):
        _insert(table.__table__, rows)
    return {"needs": len(needs), "referrals": len(referrals), "referral_events": len(events),
            "handoffs": len(handoffs), "encounters": len(encounters),
            "follow_ups": len(follow_ups)}


def _typo(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    return text[:at] + text[at + 1:]


def _searches(rng: random.Random, year: Year, count: int, term_ids: list[str]) -> int:
    from navigator.search import SearchLog, log_categories

    filter_kinds = ({"language": ["es"]}, {"open_now": True}, {"cost": ["free"]},
                    {"accepting_referrals": True}, None)
    rows = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.55:
            terms, zero = HEAD[min(int(rng.paretovariate(0.9)) - 1, len(HEAD) - 1)], 0.03
        elif kind < 0.85:
            terms, zero = " ".join(rng.sample(WORDS, rng.choice((1, 2, 2, 3)))), 0.35
        elif kind < 0.97:
            terms, zero = _typo(rng, rng.choice(HEAD)), 0.3
        else:
            terms, zero = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(6)), 1.0
        chosen = {}
        if rng.random() < 0.2:
            extra = rng.choice(filter_kinds) or {"taxonomy_term_id": [rng.choice(term_ids)]}
            chosen.update(extra)
            zero = min(1.0, zero + 0.15)
        place = rng.random()
        rows.append({"searched_on": year.moment().date(), "terms": terms,
                     "filters": json.dumps(chosen),
                     "zip_code": rng.choice(ZIPS) if place < 0.75 else None,
                     "result_count": 0 if rng.random() < zero else rng.randrange(1, 60),
                     "locale": "es" if rng.random() < 0.2 else "en"})
    # The categories each search was for, read as a search logs them.
    read = log_categories((row["terms"], row["filters"]) for row in rows)
    for row in rows:
        row["categories"] = read[(row["terms"], row["filters"])]
    _insert(SearchLog.__table__, rows)
    return len(rows)


def generate(app, sizes: dict, seed: int) -> dict[str, int]:
    """The year's records; how many of each were made."""
    from sqlalchemy import select

    from navigator.directory.models import TaxonomyTerm
    from navigator.extensions import db

    rng = random.Random(seed)
    year = Year(rng)
    with app.app_context():
        user_ids, resident_ids = _people(rng, year, sizes)
        made = {"residents": len(resident_ids)}
        made.update(_work(rng, year, sizes, user_ids, resident_ids))
        term_ids = list(db.session.scalars(select(TaxonomyTerm.id)))
        made["search_log"] = _searches(rng, year, sizes["searches"], term_ids)
        if db.engine.dialect.name == "postgresql":
            # What autovacuum has long done on a year-old database: statistics, and the
            # visibility map that index-only scans need.
            with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
    return made


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    found = call()
    return time.perf_counter() - started, found


def _cpu(call) -> float:
    """The CPU seconds this process spent on ``call()``: on a busy machine, what SQLite
    (which runs in the process) and Python cost, without the wait for a core."""
    started = time.process_time()
    call()
    return time.process_time() - started


def time_sections(app, repeat: int, category: str | None) -> list[dict]:
    """Each section's tables for the year: first call, best of ``repeat``, tables, rows."""
    from navigator.extensions import db
    from navigator.reports.period import Filters
    from navigator.reports.sections import SECTIONS

    year = Year(random.Random(0))
    filters = Filters(start=year.start, end=year.end, category=category)
    results = []
    for section in SECTIONS:
        with app.test_request_context("/"):
            first, tables = _timed(lambda: section.tables(filters))
            best = min([first] + [_timed(lambda: section.tables(filters))[0]
                                  for _ in range(repeat - 1)])
            cpu = _cpu(lambda: section.tables(filters))
            db.session.rollback()
        results.append({"section": section.key, "first": first, "best": best, "cpu": cpu,
                        "tables": len(tables), "rows": sum(len(t.rows) for t in tables)})
    return results


def time_pages(app, repeat: int) -> list[dict]:
    """GET each report page as a signed-in admin, when the pages exist."""
    if "reports" not in app.blueprints:
        return []

    from sqlalchemy import select

    from navigator.auth.accounts import create_user
    from navigator.auth.models import User
    from navigator.extensions import db, limiter
    from navigator.reports.sections import SECTIONS

    password = "bench-harbor-lantern-47"
    with app.app_context():  # a year kept with --keep has the account from its first run
        if db.session.scalar(select(User.id).where(
                User.email == "bench-admin@example.org")) is None:
            create_user("bench-admin@example.org", password, "admin")
            db.session.commit()
    limiter.reset()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    client.post("/login", data={"csrf_token": token, "email": "bench-admin@example.org",
                                "password": password})
    year = Year(random.Random(0))
    query = f"?start={year.start.isoformat()}&end={year.end.isoformat()}"
    results = []
    for section in SECTIONS:
        url = f"/admin/reports/{section.key}{query}"
        times, status = [], None
        for _ in range(repeat):
            spent, response = _timed(lambda: client.get(url))
            times.append(spent)
            status = response.status_code
        results.append({"section": section.key, "first": times[0], "best": min(times),
                        "status": status})
    return results


def make_app(url: str, work: Path, fresh: bool = True):
    """An app on ``url``, migrated, with the Durham sample directory imported (when
    ``fresh``)."""
    from flask_migrate import upgrade

    from navigator import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "NAVIGATOR_INDEX_DIR": str(work / "index"), "TESTING": True,
                      "NAVIGATOR_PASSWORD_HASH": "fast", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        upgrade()
        if fresh:
            for args in (["directory", "import", str(REPO_ROOT / "directory_data")],
                         ["search", "follow", "--once"]):  # the rebuild the import left
                result = app.test_cli_runner().invoke(args=args)
                if result.exit_code != 0:
                    raise RuntimeError(result.output[-2000:])
    return app


def run(url: str, work: Path, sizes: dict, seed: int = 1, repeat: int = 3) -> dict:
    """Set up ``url``, generate the year (unless ``work`` holds ``made.json`` from a run
    kept with ``--keep``: then the database is reused), time every section and page."""
    marker = work / "made.json"
    if marker.exists():
        app, spent = make_app(url, work, fresh=False), 0.0
        made = json.loads(marker.read_text())
        log(f"  reused: {made}")
    else:
        app = make_app(url, work)
        spent, made = _timed(lambda: generate(app, sizes, seed))
        log(f"  generated in {spent:.1f} s: {made}")
        marker.write_text(json.dumps(made))
    from sqlalchemy import select

    from navigator.directory.models import TaxonomyTerm
    from navigator.extensions import db

    with app.app_context():
        food = db.session.scalar(select(TaxonomyTerm.id).where(TaxonomyTerm.code == "food"))
    return {"made": made, "generate_s": spent,
            "sections": time_sections(app, repeat, None),
            "filtered": time_sections(app, repeat, food),
            "pages": time_pages(app, repeat)}


def _postgres(admin_url: str, keep: Path | None, reuse: bool):
    """A database on the server of ``admin_url``: (url, drop, made anew). Kept (``keep``,
    the work folder), it has the same name for the same folder each time and ``drop`` is
    None; ``reuse`` keeps what it holds when it is there."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    # Named after the folder: two people's kept years on one server are two databases.
    suffix = (re.sub(r"[^a-z0-9]+", "_", keep.resolve().name.lower())[:30] if keep
              else str(os.getpid()))
    name = f"navigator_reports_bench_{suffix}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        there = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": name}).first() is not None
        anew = not (reuse and there)
        if anew:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def drop():
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    if keep:
        engine.dispose()
        return url, None, anew
    return url, drop, anew


def _verdict(seconds: float) -> str:
    return "PASS" if seconds < GOAL_SECONDS else "MISS"


def report(database: str, result: dict) -> None:
    print(f"\n## {database}: {result['made']} (generated in {result['generate_s']:.0f} s)")
    print(f"{'section':<12} {'tables':>6} {'rows':>6} {'first s':>8} {'best s':>8} "
          f"{'cpu s':>6} {'food: first':>11} {'best':>6} {'cpu':>6}  goal < {GOAL_SECONDS:g} s")
    for plain, food in zip(result["sections"], result["filtered"]):
        worst = max(plain["first"], food["first"])
        print(f"{plain['section']:<12} {plain['tables']:>6} {plain['rows']:>6} "
              f"{plain['first']:>8.3f} {plain['best']:>8.3f} {plain['cpu']:>6.3f} "
              f"{food['first']:>11.3f} {food['best']:>6.3f} {food['cpu']:>6.3f}  "
              f"{_verdict(worst)}")
    print("(first: in a fresh process; best: of --repeat; cpu: this process's CPU seconds "
          "for one more call, without waiting for a core)")
    if not result["pages"]:
        print("(no report pages in this build: the reports blueprint is not registered)")
    for page in result["pages"]:
        print(f"page /admin/reports/{page['section']:<10} HTTP {page['status']} "
              f"first {page['first']:.3f} s, best {page['best']:.3f} s  "
              f"{_verdict(page['first']) if page['status'] == 200 else 'FAIL'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("NAVIGATOR_BENCH_PG_URL", PG_URL),
                        help="a PostgreSQL server (its admin database; default %(default)s)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="every size times this (default 1: a city's year)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep the databases: a later run reuses them")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    sizes = {k: max(1, int(v * args.scale)) for k, v in SIZES.items()}
    work = args.keep or Path(tempfile.mkdtemp(prefix="navigator-reports-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["NAVIGATOR_INSTANCE_DIR"] = str(work / "instance")
    os.environ.pop("NAVIGATOR_DATABASE_URL", None)
    sys.path.insert(0, str(REPO_ROOT))
    print(f"cores: {os.cpu_count()}; sizes: {sizes}")
    missed = False
    for database in args.databases.split(","):
        log(f"{database}: preparing")
        drop = None
        try:
            (work / database).mkdir(exist_ok=True)
            if database == "sqlite":
                url = f"sqlite:///{work / database / 'bench.db'}"
                if not args.keep:
                    (work / database / "made.json").unlink(missing_ok=True)
            else:
                url, drop, anew = _postgres(args.pg_url, args.keep,
                                            (work / database / "made.json").exists())
                if anew:
                    (work / database / "made.json").unlink(missing_ok=True)
            result = run(url, work / database, sizes, args.seed, args.repeat)
        except Exception as error:  # a server that is not there: said, and the next one
            print(f"\n## {database}: could not run ({type(error).__name__}: {error})")
            missed = True
            continue
        finally:
            if drop is not None:
                drop()
        report(database, result)
        times = [s["first"] for s in result["sections"] + result["filtered"]]
        times += [p["first"] for p in result["pages"]]
        missed |= any(t >= GOAL_SECONDS for t in times)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
