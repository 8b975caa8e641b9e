"""How fast the outbox sends, with one or several workers sending at once, on SQLite and
PostgreSQL, to a real SMTP server (aiosmtpd) on 127.0.0.1 that takes each message in
``--delay`` ms; and that every message arrived exactly once.

    .venv/bin/python bench/outbox_bench.py --messages 1000 --workers 1,2,4

Each worker is an app instance of its own in a thread (as workers or hosts sharing the
database), calling ``navigator.outbox.send_due``. PostgreSQL: a throwaway database on
``--postgres`` (default: the test server), dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NAVIGATOR_INSTANCE_DIR", tempfile.mkdtemp(prefix="outbox-bench-"))
os.environ.setdefault("NAVIGATOR_SECRET_KEY", "outbox-bench")

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from navigator import create_app, outbox  # noqa: E402
from navigator.extensions import db  # noqa: E402


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server(delay: float):
    import asyncio

    from aiosmtpd.controller import Controller

    received: list[str] = []

    class Handler:
        async def handle_DATA(self, smtp, session, envelope):
            await asyncio.sleep(delay)
            received.extend(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=_port())
    controller.start()
    return controller, received


def _config(url: str, port: int) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "NAVIGATOR_NOTIFIER": "smtp",
            "NAVIGATOR_SMTP_HOST": "127.0.0.1", "NAVIGATOR_SMTP_PORT": port,
            "NAVIGATOR_SMTP_TLS": False, "NAVIGATOR_SMTP_FROM": "bench@example.org",
            "NAVIGATOR_INDEX_DIR": tempfile.mkdtemp(prefix="outbox-bench-index-")}


def run(url: str, messages: int, workers: int, delay: float) -> tuple[float, int, int]:
    """Seconds to send ``messages`` with ``workers``; how many arrived, how many twice."""
    controller, received = _server(delay)
    try:
        apps = [create_app(_config(url, controller.port)) for _ in range(workers)]
        with apps[0].app_context():
            from flask_migrate import upgrade

            upgrade()
            db.session.execute(outbox.OutboxMessage.__table__.delete())
            for n in range(messages):
                outbox.enqueue("bench", "email", f"person{n}@example.org", "Bench", "Hello.")
            db.session.commit()
        start_line = threading.Barrier(workers)

        def work(app):
            with app.app_context():
                start_line.wait()
                outbox.send_due(batch=20)

        threads = [threading.Thread(target=work, args=(app,)) for app in apps]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - began
        for app in apps:
            with app.app_context():
                db.engine.dispose()
        return seconds, len(set(received)), len(received) - len(set(received))
    finally:
        controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--delay", type=float, default=5.0, help="ms per message")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(f"{args.messages} messages, SMTP server {args.delay:g} ms per message")
    print(f"{'database':<11} {'workers':>7} {'seconds':>8} {'msg/s':>7} {'arrived':>8} "
          f"{'twice':>6}")
    for database in args.databases.split(","):
        dropped = None
        if database == "sqlite":
            url = f"sqlite:///{tempfile.mkdtemp(prefix='outbox-bench-')}/bench.db"
        else:
            server = make_url(args.postgres)
            name = f"outbox_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url, dropped = server.set(database=name).render_as_string(False), name
        try:
            for workers in (int(w) for w in args.workers.split(",")):
                seconds, arrived, twice = run(url, args.messages, workers, args.delay / 1000)
                print(f"{database:<11} {workers:>7} {seconds:>8.2f} "
                      f"{args.messages / seconds:>7.0f} {arrived:>8} {twice:>6}")
        finally:
            if dropped:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE "{dropped}" WITH (FORCE)'))
                admin.dispose()


if __name__ == "__main__":
    main()
