"""The outbox (``navigator.outbox``) against a real SMTP server and the test database:
each message sent once however many workers send at once, a refusal tried again later and
never lost, a message given up after its last attempt shown to admins, and the web app and
``flask mail`` sending it."""

from __future__ import annotations

import re
import socket
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from navigator import create_app, outbox
from navigator.directory.models.base import utcnow
from navigator.extensions import db
from navigator.outbox import OutboxMessage

SENDER = "navigator@durham.example.org"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1: refuses the first ``refuse`` messages
    with a 451 (``refuse=None``: all of them), takes each in ``delay`` seconds."""

    def __init__(self, port: int | None = None):
        from aiosmtpd.controller import Controller

        self.refuse: int | None = 0
        self.delay = 0.0
        self.tries = 0
        self.received = []
        server = self

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                import asyncio

                await asyncio.sleep(server.delay)
                server.tries += 1
                if server.refuse is None or server.tries <= server.refuse:
                    return "451 4.3.0 Try again later"
                server.received.append(envelope)
                return "250 Message accepted for delivery"

        self.port = port or _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def recipients(self) -> list[str]:
        return sorted(to for envelope in self.received for to in envelope.rcpt_tos)


@pytest.fixture
def mail_server():
    server = MailServer()
    server.controller.start()
    yield server
    server.controller.stop()


def _smtp_settings(port: int) -> dict:
    return {"NAVIGATOR_NOTIFIER": "smtp", "NAVIGATOR_SMTP_HOST": "127.0.0.1",
            "NAVIGATOR_SMTP_PORT": port, "NAVIGATOR_SMTP_TLS": False,
            "NAVIGATOR_SMTP_FROM": SENDER, "NAVIGATOR_SMTP_USER": None}


@pytest.fixture
def sending(app, staff, monkeypatch, mail_server):
    """The test app sends through ``mail_server``; the outbox is empty before and after."""
    for name, value in _smtp_settings(mail_server.port).items():
        monkeypatch.setitem(app.config, name, value)
    return mail_server


def _queue(app, count: int = 1, kind: str = "invite") -> list[int]:
    with app.app_context():
        rows = [outbox.enqueue(kind, "email", f"person{n}@example.org", f"Hello {n}",
                               f"Message number {n}.") for n in range(count)]
        db.session.commit()
        return [row.id for row in rows]


def _rows(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return rows


def _come_due(app) -> None:
    """Time passes: every waiting message is due now."""
    with app.app_context():
        db.session.execute(update(OutboxMessage).where(OutboxMessage.status == "pending")
                           .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def _send_due(app) -> outbox.Sent:
    with app.app_context():
        return outbox.send_due()


@pytest.fixture
def workers(app, sending):
    """Two more instances of the app on the test database, as two workers (or hosts)."""
    made = [create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "NAVIGATOR_INDEX_DIR": app.config["NAVIGATOR_INDEX_DIR"],
        "SECRET_KEY": app.config["SECRET_KEY"], **_smtp_settings(sending.port)})
        for _ in range(2)]
    yield made
    for each in made:
        with each.app_context():
            db.engine.dispose()


def test_two_workers_sending_at_once_send_each_message_once(app, workers, sending):
    ids = _queue(app, 40)
    sending.delay = 0.02  # each message takes a while: the workers' claims interleave
    start = threading.Barrier(len(workers))
    results, errors = [], []

    def work(instance):
        try:
            with instance.app_context():
                start.wait()
                results.append(outbox.send_due(batch=3))
        except Exception as error:  # shown by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(each,)) for each in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sending.recipients() == sorted(f"person{n}@example.org" for n in range(40))
    assert sum(done.sent for done in results) == 40 and sending.tries == 40
    assert all(done.sent for done in results), results  # both took their share
    rows = _rows(app)
    assert [row.id for row in rows] == ids
    assert {(row.status, row.attempts, row.recipient, row.body) for row in rows} \
        == {("sent", 1, "", "")}


def test_a_claim_takes_no_more_than_asked(app, workers, sending):
    ids = _queue(app, 5)
    first, second = workers
    with first.app_context():
        assert outbox.claim(limit=2) == ids[:2]
    with second.app_context():
        assert outbox.claim(limit=2) == ids[2:4]
        assert outbox.claim(limit=2, ids=ids[:3]) == []  # each taken already
        assert outbox.claim(limit=9) == ids[4:]


def test_a_claimed_message_is_not_claimed_again_until_its_lease_ends(app, workers, sending):
    [id_] = _queue(app)
    first, second = workers
    with first.app_context():
        assert outbox.claim() == [id_]
    with second.app_context():
        assert outbox.claim() == []
        # The first worker died with its claim: once the lease ends, another takes it.
        db.session.execute(update(OutboxMessage).values(
            claimed_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert outbox.claim() == [id_]
        assert outbox.send_claimed([id_]) == {id_: "sent"}
    [row] = _rows(app)
    assert row.status == "sent" and row.attempts == 2
    assert sending.recipients() == ["person0@example.org"]


def test_a_refused_message_is_tried_again_later_then_sent(app, sending, caplog):
    sending.refuse = 2
    [id_] = _queue(app)
    before = utcnow()
    assert _send_due(app) == outbox.Sent(retry=1)
    [row] = _rows(app)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "SMTPDataError 451")
    wait = row.next_attempt_at - before
    assert timedelta(seconds=59) < wait < timedelta(seconds=62)
    assert _send_due(app) == outbox.Sent()  # not due yet: the server is not asked
    assert sending.tries == 1

    _come_due(app)
    before = utcnow()
    assert _send_due(app) == outbox.Sent(retry=1)
    [row] = _rows(app)
    assert row.attempts == 2 and \
        timedelta(seconds=119) < row.next_attempt_at - before < timedelta(seconds=122)

    _come_due(app)
    assert _send_due(app) == outbox.Sent(sent=1)
    [row] = _rows(app)
    assert (row.status, row.attempts, row.recipient, row.body) == ("sent", 3, "", "")
    assert row.sent_at is not None and row.last_error == "SMTPDataError 451"  # its history
    assert sending.recipients() == ["person0@example.org"]
    assert "Message number 0." in sending.received[0].content.decode()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert f"outbox message {id_} (invite) not sent, attempt 1 of 8" in logged
    assert "person0" not in logged


def test_a_server_that_is_down_loses_nothing(app, staff, monkeypatch):
    port = _free_port()  # nobody listens there yet
    for name, value in _smtp_settings(port).items():
        monkeypatch.setitem(app.config, name, value)
    _queue(app)
    assert _send_due(app) == outbox.Sent(retry=1)
    [row] = _rows(app)
    assert row.status == "pending" and row.last_error == "ConnectionRefusedError"
    server = MailServer(port)
    server.controller.start()
    try:
        _come_due(app)
        assert _send_due(app) == outbox.Sent(sent=1)
        assert server.recipients() == ["person0@example.org"]
    finally:
        server.controller.stop()


def test_the_last_attempt_fails_the_message_for_admins_to_see(app, staff, sending,
                                                              monkeypatch):
    sending.refuse = None
    monkeypatch.setitem(app.config, "NAVIGATOR_MAIL_ATTEMPTS", 3)
    monkeypatch.setitem(app.config, "NAVIGATOR_MAIL_RETRY_SECONDS", 0)
    _queue(app, kind="summary")
    assert _send_due(app) == outbox.Sent(retry=2, failed=1)
    assert sending.tries == 3
    [row] = _rows(app)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.recipient == "person0@example.org"  # kept, to be sent again

    staff.user("admin@example.org", "admin")
    client = staff.client()
    staff.sign_in(client, "admin@example.org")
    assert "1 message failed" in client.get("/admin").get_data(as_text=True)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert re.search("A resident(&#39;|')s summary", page) and "SMTPDataError 451" in page
    assert "person0" not in page and "Message number" not in page
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    sending.refuse = 0
    with client.post("/admin/outbox/retry", data={"csrf_token": token}) as answer:
        assert answer.status_code == 302
    # Sent by the answer's own request once its response was out (closed).
    assert "1 failed message will be sent again." in client.get("/admin/outbox").get_data(
        as_text=True)
    assert sending.recipients() == ["person0@example.org"]
    [row] = _rows(app)
    assert (row.status, row.attempts) == ("sent", 1)


def test_the_retry_form_needs_its_token(app, staff, sending):
    staff.user("admin@example.org", "admin")
    client = staff.client()
    staff.sign_in(client, "admin@example.org")
    assert client.post("/admin/outbox/retry").status_code == 400


def test_a_reset_link_is_sent_after_the_response(app, staff, sending):
    staff.user()
    client = staff.client()
    page = client.get("/password/forgot").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]
    with client.post("/password/forgot", data={
            "csrf_token": token, "email": "navigator@example.org"}) as answer:
        assert answer.status_code == 200
        assert sending.recipients() == []  # not while the answer is being sent
    assert sending.recipients() == ["navigator@example.org"]
    assert "/password/set/" in sending.received[0].content.decode()
    [row] = _rows(app)
    assert row.kind == "reset" and row.status == "sent" and "/password/set/" not in row.body


def test_flask_mail_send_status_and_retry(app, sending, monkeypatch):
    runner = app.test_cli_runner()
    sending.refuse = None
    monkeypatch.setitem(app.config, "NAVIGATOR_MAIL_ATTEMPTS", 1)
    _queue(app, 2)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "0 sent, 0 to try again, 2 failed." in result.output
    result = runner.invoke(args=["mail", "status"])
    assert "2 failed" in result.output and "person" not in result.output
    assert "2 failed message(s)" in runner.invoke(args=["mail", "retry"]).output
    sending.refuse = 0
    assert "2 sent" in runner.invoke(args=["mail", "send"]).output
    assert sending.recipients() == ["person0@example.org", "person1@example.org"]


def test_the_log_notifier_keeps_messages_and_never_sends(app, staff, mail_server,
                                                         monkeypatch):
    for name, value in {**_smtp_settings(mail_server.port),
                        "NAVIGATOR_NOTIFIER": "log"}.items():
        monkeypatch.setitem(app.config, name, value)
    with app.app_context():
        outbox.enqueue("invite", "email", "kept@example.org", "Kept", "Only kept.", keep=True)
        db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["mail", "send"]).exit_code == 1  # this server does not send
    assert _send_due(app) == outbox.Sent()
    shown = runner.invoke(args=["mail", "show"]).output
    assert "To: kept@example.org" in shown and "Only kept." in shown
    assert mail_server.tries == 0 and _rows(app)[0].status == "kept"


def test_sending_with_the_database_down_says_so_and_serves(app, sending, caplog):
    """The web app's sending runs after responses: it logs, it never raises."""
    from navigator.outbox import drain

    broken = create_app({"TESTING": True, **_smtp_settings(sending.port),
                         "SQLALCHEMY_DATABASE_URI":
                             f"sqlite:///{app.instance_path}/missing/none.db"})
    drain.send_quietly(broken)
    assert "the outbox could not be sent" in caplog.text


def test_a_message_lives_and_dies_with_its_work(app, sending):
    """Written in the session of the work that causes it: rolled back with it."""
    from navigator.auth.accounts import invite_user
    from navigator.auth.mailout import send_link

    with app.test_request_context():
        user = invite_user("rolled-back@example.org", "navigator")
        send_link(user.email, "http://localhost/password/set/x", "invite")
        db.session.rollback()
    assert _rows(app) == [] and _send_due(app) == outbox.Sent()
    with app.test_request_context():
        user = invite_user("kept@example.org", "navigator")
        send_link(user.email, "http://localhost/password/set/y", "invite")
        db.session.commit()
    assert _send_due(app) == outbox.Sent(sent=1)
    assert sending.recipients() == ["kept@example.org"]
