"""The resident's summary: open referrals in their language, printable, and sent by the
notifier (kept in the outbox, or a real SMTP server), with audit events that hold no
content and application logs without the resident's address."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
import uuid
from datetime import datetime, time, timezone

import pytest
from sqlalchemy import select

from navigator.audit import AuditEvent
from navigator.directory.models import (
    Address, Location, Phone, RequiredDocument, Schedule, ServiceAtLocation)
from navigator.extensions import db
from navigator.workflow import notify, referrals, services
from navigator.workflow.models import Handoff, Resident

from tests.outbox_messages import outbox_messages
from tests.workflow.consent_factory import plain_consent
from tests.workflow.directory_factory import make_directory

EMAIL, PHONE = "ana.lopez@example.org", "919-555-0177"
SHELTER_PHONE, SHELTER_ADDRESS = "919-555-0300", "300 Main St"
SECRET_ADDRESS = "12 Hidden Lane"


def _id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def setup(app, staff):
    """A shelter with a phone, a public and a confidential place, hours and a document;
    a resident with a sent referral to it (with a scheduled intake) and a draft one."""
    staff.user()
    with app.app_context():
        made = make_directory()
        shelter, otp = made["shelter"], made["otp"]
        db.session.add_all([
            Phone(id=_id(), service_id=shelter.id, number=SHELTER_PHONE),
            RequiredDocument(id=_id(), service_id=shelter.id, document="Photo ID"),
            Schedule(id=_id(), service_id=shelter.id, freq="WEEKLY", byday="MO,TU,WE,TH,FR",
                     opens_at=time(9), closes_at=time(17)),
        ])
        for street, confidential in ((SHELTER_ADDRESS, False), (SECRET_ADDRESS, True)):
            location = Location(id=_id(), location_type="physical", name=street,
                                confidential=confidential)
            db.session.add(location)
            db.session.flush()
            db.session.add_all([
                Address(id=_id(), location_id=location.id, address_1=street, city="Durham",
                        state_province="NC", postal_code="27701", country="US",
                        address_type="physical"),
                ServiceAtLocation(id=_id(), service_id=shelter.id, location_id=location.id)])
        resident = services.create_resident(name="Ana Lopez", phone=PHONE, email=EMAIL,
                                            language="en", preferred_contact="email")
        plain_consent(resident, [shelter.organization_id])
        sent = referrals.create_referral(resident, shelter)
        referrals.send(sent)
        db.session.add(Handoff(referral=sent, method="scheduled_intake",
                               contact_person="Intake desk",
                               happened_at=datetime(2026, 3, 4, 15, tzinfo=timezone.utc),
                               appointment_at=datetime(2031, 3, 4, 15, tzinfo=timezone.utc),
                               resident_present=True, outcome="intake_scheduled"))
        referrals.create_referral(resident, otp)  # a draft: not in the summary
        db.session.commit()
        return {"resident": resident.id, "shelter": shelter.name, "otp": otp.name}


@pytest.fixture
def navigator(staff):
    client = staff.client()
    staff.sign_in(client)
    return client


def _set(app, resident_id, **fields):
    with app.app_context():
        resident = db.session.get(Resident, resident_id)
        for name, value in fields.items():
            setattr(resident, name, value)
        db.session.commit()


def _send(staff, client, resident_id, channel):
    path = f"/navigator/residents/{resident_id}/summary"
    token = staff.csrf(client, path)
    response = client.post(f"{path}/send", data={"csrf_token": token, "channel": channel})
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _actions(app):
    with app.app_context():
        return [(e.action, e.entity_type, e.entity_id)
                for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_summary_shows_open_referrals_only(app, setup, navigator):
    response = navigator.get(f"/navigator/residents/{setup['resident']}/summary")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert setup["shelter"] in page and "shelter org" in page
    assert f'href="tel:{SHELTER_PHONE}"' in page
    assert SHELTER_ADDRESS in page and SECRET_ADDRESS not in page
    assert "Photo ID" in page and "Monday" in page and "9:00" in page
    assert "2031" in page and "2026" not in page  # the appointment, not the handoff
    assert setup["otp"] not in page  # the draft
    assert "Your referrals" in page and 'lang="en"' in page
    assert 'href="/static/css/print.css' in page and 'media="print"' in page
    assert ("resident.summary.view", "resident", setup["resident"]) in _actions(app)


def test_summary_is_in_spanish_for_a_spanish_speaker(app, setup, navigator):
    _set(app, setup["resident"], language="es")
    page = navigator.get(f"/navigator/residents/{setup['resident']}/summary").get_data(
        as_text=True)
    assert "Sus remisiones" in page and "Your referrals" not in page
    assert 'lang="es"' in page and "lunes" in page and "Qué debe llevar" in page
    # The navigator's own part of the page stays in the navigator's language.
    assert "Send by email" in page


def test_other_languages_get_english(app, setup, navigator):
    _set(app, setup["resident"], language="vi")
    page = navigator.get(f"/navigator/residents/{setup['resident']}/summary").get_data(
        as_text=True)
    assert "Your referrals" in page


def test_log_backend_keeps_each_message_in_the_outbox(app, setup, staff, navigator,
                                                      monkeypatch, caplog):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    _set(app, setup["resident"], language="es")
    with caplog.at_level(logging.DEBUG):
        page = _send(staff, navigator, setup["resident"], "email")
        # Only kept in the outbox: the navigator is not told it was sent.
        assert "Written to the outbox (development)" in page and "Sent" not in page
        _send(staff, navigator, setup["resident"], "text")
    texts = outbox_messages(app, "kept")
    assert len(texts) == 2 and len(outbox_messages(app)) == 2
    by_email = next(t for t in texts if "Channel: email" in t)
    by_text = next(t for t in texts if "Channel: text" in t)
    assert f"To: {EMAIL}\n" in by_email and f"To: {PHONE}\n" in by_text
    assert "Subject: Sus remisiones de Durham Navigator" in by_email
    for body in (by_email, by_text):
        assert setup["shelter"] in body and SHELTER_PHONE in body and SHELTER_ADDRESS in body
        assert SECRET_ADDRESS not in body and setup["otp"] not in body
        assert "Sus remisiones" in body and "Photo ID" in body
    # The application log names neither the address nor the content.
    logged = _application_log(caplog)
    assert EMAIL not in logged and PHONE not in logged and SHELTER_ADDRESS not in logged
    assert "summary queued" in logged
    events = [a for a in _actions(app) if a[0].startswith("resident.summary.")]
    assert ("resident.summary.email", "resident", setup["resident"]) in events
    assert ("resident.summary.text", "resident", setup["resident"]) in events


def _application_log(caplog) -> str:
    """What the application logged (the test's own SMTP server logs as "mail.log")."""
    return "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_smtp(**options):
    """A real SMTP server on 127.0.0.1, in a background thread, and its envelopes."""
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 Message accepted for delivery"

    controller = Controller(Handler(), hostname="127.0.0.1", port=_free_port(), **options)
    controller.start()
    return controller, received


@pytest.fixture
def smtp_server():
    controller, received = _start_smtp()
    try:
        yield controller, received
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (made by the openssl command) and its key."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture
def tls_smtp(app, monkeypatch, certificate):
    """A server that takes mail only after STARTTLS, and the settings to reach it."""
    import ssl

    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller, received = _start_smtp(tls_context=context, require_starttls=True)
    for name, value in {"NOTIFIER": "smtp", "SMTP_HOST": "127.0.0.1",
                        "SMTP_PORT": controller.port, "SMTP_TLS": True,
                        "SMTP_CA_FILE": str(cert), "SMTP_USER": None,
                        "SMTP_FROM": "navigator@durham.example.org"}.items():
        monkeypatch.setitem(app.config, f"NAVIGATOR_{name}", value)
    try:
        yield received
    finally:
        controller.stop()


def test_starttls_with_a_verified_certificate(app, setup, staff, navigator, tls_smtp):
    assert "Sent by email." in _send(staff, navigator, setup["resident"], "email")
    assert [e.rcpt_tos for e in tls_smtp] == [[EMAIL]]


@pytest.mark.parametrize("settings", [
    {"NAVIGATOR_SMTP_CA_FILE": None},  # an unknown CA: the certificate is not trusted
    {"NAVIGATOR_SMTP_TLS": False},  # in the clear: the server refuses
])
def test_no_mail_without_verified_tls(app, setup, staff, navigator, tls_smtp, monkeypatch,
                                      settings):
    for name, value in settings.items():
        monkeypatch.setitem(app.config, name, value)
    page = _send(staff, navigator, setup["resident"], "email")
    assert "did not take the message" in page and "Sent" not in page
    assert tls_smtp == []


@pytest.fixture
def smtp_settings(app, monkeypatch, smtp_server):
    controller, received = smtp_server
    for key, value in {"NOTIFIER": "smtp", "SMTP_HOST": "127.0.0.1",
                       "SMTP_PORT": controller.port, "SMTP_TLS": False,
                       "SMTP_FROM": "navigator@durham.example.org", "SMTP_USER": None,
                       "SMS_GATEWAY": None}.items():
        monkeypatch.setitem(app.config, f"NAVIGATOR_{key}", value)
    return received


def test_smtp_backend_sends_to_a_real_server(app, setup, staff, navigator, smtp_settings,
                                             caplog):
    with caplog.at_level(logging.DEBUG):
        page = _send(staff, navigator, setup["resident"], "email")
    assert "Sent by email." in page
    assert len(smtp_settings) == 1
    envelope = smtp_settings[0]
    assert envelope.rcpt_tos == [EMAIL]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["To"] == EMAIL and message["From"] == "navigator@durham.example.org"
    assert message["Subject"] == "Your referrals from Durham Navigator"
    body = message.get_content()
    assert setup["shelter"] in body and SHELTER_PHONE in body and SHELTER_ADDRESS in body
    assert EMAIL not in _application_log(caplog)


def test_texts_over_smtp_need_a_gateway(app, setup, staff, navigator, smtp_settings,
                                        monkeypatch):
    page = _send(staff, navigator, setup["resident"], "text")
    assert "no email-to-SMS gateway" in page and "Sent" not in page
    assert smtp_settings == []
    assert not [a for a in _actions(app) if a[0] == "resident.summary.text"]

    monkeypatch.setitem(app.config, "NAVIGATOR_SMS_GATEWAY", "{number}@sms.example.org")
    assert "Sent by text." in _send(staff, navigator, setup["resident"], "text")
    assert smtp_settings[0].rcpt_tos == ["9195550177@sms.example.org"]


def test_smtp_failure_is_told_without_the_address(app, setup, staff, navigator, monkeypatch,
                                                  caplog):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "smtp")
    monkeypatch.setitem(app.config, "NAVIGATOR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "NAVIGATOR_SMTP_PORT", _free_port())  # nobody there
    monkeypatch.setitem(app.config, "NAVIGATOR_SMTP_FROM", "navigator@durham.example.org")
    with caplog.at_level(logging.DEBUG):
        page = _send(staff, navigator, setup["resident"], "email")
    assert "did not take the message" in page
    assert EMAIL not in _application_log(caplog)


def test_preferred_contact_none_is_refused(app, setup, staff, navigator, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    _set(app, setup["resident"], preferred_contact="none")
    page = _send(staff, navigator, setup["resident"], "email")
    assert "asked not to be contacted" in page
    assert outbox_messages(app) == []
    assert not [a for a in _actions(app) if a[0].startswith("resident.summary.e")]


def test_missing_address_or_phone_is_refused(app, setup, staff, navigator, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    _set(app, setup["resident"], email=None, phone=None)
    assert "no email address" in _send(staff, navigator, setup["resident"], "email")
    assert "no phone number" in _send(staff, navigator, setup["resident"], "text")
    assert outbox_messages(app) == []


def test_sending_needs_a_csrf_token(setup, navigator):
    response = navigator.post(f"/navigator/residents/{setup['resident']}/summary/send",
                              data={"channel": "email"})
    assert response.status_code == 400


def test_send_summary_directly(app, setup, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    with app.test_request_context():
        resident = db.session.get(Resident, setup["resident"])
        message = notify.send_summary(resident, "email")
        assert message.to == EMAIL and setup["shelter"] in message.body
        with pytest.raises(notify.NotifyError):
            notify.send_summary(resident, "fax")
        db.session.commit()  # the caller commits the message with its work
    assert len(outbox_messages(app)) == 1


def test_audit_events_hold_no_content(app, setup, staff, navigator, monkeypatch):
    monkeypatch.setitem(app.config, "NAVIGATOR_NOTIFIER", "log")
    _send(staff, navigator, setup["resident"], "email")
    with app.app_context():
        for event in db.session.scalars(select(AuditEvent)):
            values = " ".join(str(getattr(event, c.name)) for c in AuditEvent.__table__.c)
            assert EMAIL not in values and PHONE not in values
            assert setup["shelter"] not in values and "Ana" not in values


def test_a_provider_gets_403(app, setup, staff):
    with app.app_context():
        from navigator.directory.models import Organization

        organization = db.session.scalars(select(Organization.id)).first()
    staff.user("provider@example.org", "provider", organization)
    client = staff.client()
    staff.sign_in(client, "provider@example.org")
    token = staff.csrf(client, "/provider")
    path = f"/navigator/residents/{setup['resident']}/summary"
    assert client.get(path).status_code == 403
    assert client.post(f"{path}/send", data={"csrf_token": token,
                                             "channel": "email"}).status_code == 403
