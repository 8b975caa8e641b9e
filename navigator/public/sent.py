"""What people send from the public pages (a callback request, a problem with a listing,
a request for access to keep a listing) as records ``navigator.spool`` saves now or keeps
while the database is down.

A record holds the id of the row it becomes and when it was sent; its saver adds nothing
when that row exists, so a record saved twice (two drainers, a crash) is one row.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint

from navigator import spool
from navigator.directory.categories import HIDDEN_STATUSES
from navigator.directory.models import Service
from navigator.extensions import db
from navigator.workflow.models import CallbackRequest
from navigator.workflow.services import request_callback
from navigator.review.access import file_request
from navigator.review.models import ListingReport

CALLBACK, REPORT, CLAIM = "callback", "report", "claim"


def init_blueprint(blueprint: Blueprint) -> None:
    blueprint.record_once(lambda state: (spool.register(state.app, CALLBACK, save_callback),
                                         spool.register(state.app, REPORT, save_report),
                                         spool.register(state.app, CLAIM, save_claim)))


def callback_record(form) -> dict:
    return spool.new_record(name=form.name.data, phone=form.phone.data,
                            email=form.email.data, language=form.language.data,
                            best_time=form.best_time.data, need=form.need.data)


def report_record(service_id: str, form) -> dict:
    return spool.new_record(service_id=service_id, problem=form.problem.data,
                            details=(form.details.data or "").strip())


def claim_record(service_id: str, form) -> dict:
    return spool.new_record(service_id=service_id, name=form.name.data,
                            email=form.email.data, job_title=form.job_title.data,
                            message=form.message.data or "")


def save_callback(record: dict) -> None:
    if db.session.get(CallbackRequest, record["id"]) is not None:
        return
    request = request_callback(name=record["name"], phone=record["phone"],
                               email=record["email"], language=record["language"],
                               best_time=record["best_time"], need=record["need"])
    request.id, request.created_at = record["id"], datetime.fromisoformat(record["sent_at"])


def save_report(record: dict) -> None:
    """The report, unless it exists or its listing is gone (or no longer shown): a report
    kept during an outage names a listing no one could look up then."""
    if db.session.get(ListingReport, record["id"]) is not None:
        return
    service = db.session.get(Service, record["service_id"])
    if service is None or service.status in HIDDEN_STATUSES:
        return
    db.session.add(ListingReport(id=record["id"], service_id=service.id,
                                 created_at=datetime.fromisoformat(record["sent_at"]),
                                 problem=record["problem"], details=record["details"]))


def save_claim(record: dict) -> None:
    """The request for access (``navigator.review.access``), unless it is there already or
    its listing is gone."""
    file_request(record["service_id"], name=record["name"], email=record["email"],
                 job_title=record["job_title"], message=record["message"],
                 request_id=record["id"], sent_at=datetime.fromisoformat(record["sent_at"]))
