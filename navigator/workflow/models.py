"""The navigators' records: callback requests, residents, consents, needs, referrals,
handoffs, follow-ups.

Ids are random UUIDs (opaque in URLs). Links to the directory (organization, service,
taxonomy term) are plain ids without SQL keys: a directory import may replace listings,
and a referral or consent must stay in the record exactly as it was made.
"""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from navigator.directory.models.base import ID_LENGTH, UTCDateTime, utcnow
from navigator.extensions import db

CONTACT_PREFERENCES = ("phone", "text", "email", "none")
#: What a consent may allow to be shared (``Consent.scope``).
SCOPES = ("contact", "language", "place_and_age", "needs", "notes", "substance_use")
CONSENT_METHODS = ("verbal", "verbal_recorded_line", "written", "electronic_signature")
URGENCIES = ("today", "this_week", "when_possible")
NEED_STATUSES = ("open", "met", "closed")
HANDOFF_METHODS = ("three_way_call", "in_person_escort", "scheduled_intake",
                   "provider_called_back")
HANDOFF_OUTCOMES = ("connected", "intake_scheduled", "message_left", "not_reached")
#: How a navigator was in touch with a resident (``Encounter.kind``).
ENCOUNTER_KINDS = ("in_person", "phone_call", "text_or_email", "video")
FOLLOW_UP_OUTCOMES = ("connected", "waiting", "needs_more_help", "not_reached",
                      "does_not_want_contact")
#: How a crisis ended, recorded on a contact that follows a crisis response
#: (``Encounter.crisis_outcome``); optional.
CRISIS_OUTCOMES = ("de_escalated_on_scene", "voluntary_crisis_center", "emergency_department",
                   "police_involvement", "other")


def fold(text: str | None) -> str | None:
    """``text`` for matching: case and accents dropped, spaces collapsed ("  María
    José" -> "maria jose"), so "maria" finds "María"."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _new_id() -> str:
    return str(uuid.uuid4())


def _id():
    return mapped_column(String(36), primary_key=True, default=_new_id)


def _user(**kwargs):
    # No ON DELETE: an account that acted is disabled, never deleted.
    return mapped_column(ForeignKey("user.id"), **kwargs)


class CallbackRequest(db.Model):
    """A resident asks a navigator to call (or write) back.

    Only what a navigator needs to reach the person and prepare: a first name or
    nickname, one way to reach them, a language, a time, the need in their words, and
    their consent to be contacted. No address, no date of birth, no IP address.
    """

    __tablename__ = "callback_request"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True, default=_new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    best_time: Mapped[str] = mapped_column(String(16))
    need: Mapped[str] = mapped_column(Text)
    consent: Mapped[bool] = mapped_column(Boolean)
    #: new -> contacted -> closed (the navigators' queue)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    #: How many times a navigator tried to reach the person, and the last time.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: How the request left the queue (``CALLBACK_OUTCOMES``), and by whom.
    outcome: Mapped[str | None] = mapped_column(String(24))
    handled_by: Mapped[int | None] = _user()


class Resident(db.Model):
    """A person being helped: only what the work needs (no street address)."""

    __tablename__ = "resident"

    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(32))
    #: The phone's digits only, for search ("919-555-0101" finds "(919) 555 0101").
    phone_digits: Mapped[str | None] = mapped_column(String(32), index=True)
    email: Mapped[str | None] = mapped_column(String(254))
    preferred_contact: Mapped[str] = mapped_column(String(8), default="phone")
    language: Mapped[str] = mapped_column(String(8), default="en")
    #: The name folded for search: lower case, accents removed ("María" -> "maria").
    name_key: Mapped[str | None] = mapped_column(String(80), index=True)
    #: A ZIP code or a neighborhood's name.
    place: Mapped[str | None] = mapped_column(String(80))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    #: When the person said is best to reach them (from a callback request, or asked).
    best_time: Mapped[str | None] = mapped_column(String(16))
    # Optional and self-described, for matching and the city's equity figures; never
    # required, shown only to staff (``HOUSEHOLDS``, ``RACES``, ``ETHNICITIES``).
    household: Mapped[str | None] = mapped_column(String(32))
    gender: Mapped[str | None] = mapped_column(String(80))
    race: Mapped[list | None] = mapped_column(JSON)
    ethnicity: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = _user()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    callback_request_id: Mapped[str | None] = mapped_column(
        String(ID_LENGTH), ForeignKey("callback_request.id", ondelete="SET NULL"),
        unique=True)

    consents: Mapped[list["Consent"]] = relationship(
        back_populates="resident", order_by="Consent.given_at.desc()")
    needs: Mapped[list["Need"]] = relationship(
        back_populates="resident", order_by="Need.created_at")
    referrals: Mapped[list["Referral"]] = relationship(
        back_populates="resident", order_by="Referral.created_at.desc()")
    follow_ups: Mapped[list["FollowUp"]] = relationship(
        back_populates="resident", order_by="FollowUp.due_at")
    encounters: Mapped[list["Encounter"]] = relationship(
        back_populates="resident", order_by="Encounter.happened_at.desc()")

    @validates("name")
    def _keep_name_key(self, key, value: str) -> str:
        folded = fold(value)  # can be longer than the name ("ß" is "ss"): cut to fit
        self.name_key = folded[:80] if folded is not None else None
        return value


class Consent(db.Model):
    """What the resident agreed may be shared, with whom, why and until when.

    A Part 2 consent (``part2``) also holds every element 42 CFR 2.31 (2024 rule)
    requires; ``navigator.workflow.consents.missing_part2_elements`` checks them.
    """

    __tablename__ = "consent"

    id: Mapped[str] = _id()
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    #: A list of ``SCOPES``.
    scope: Mapped[list] = mapped_column(JSON)
    #: A list of organization ids.
    recipients: Mapped[list] = mapped_column(JSON)
    purpose: Mapped[str] = mapped_column(Text)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    method: Mapped[str] = mapped_column(String(32))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[int | None] = _user()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who else heard a verbal consent given (a name), when there was no recorded line.
    witness: Mapped[str | None] = mapped_column(String(120))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[int | None] = _user()
    revocation_reason: Mapped[str | None] = mapped_column(Text)

    part2: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The resident's name as written on the consent.
    part2_patient_name: Mapped[str | None] = mapped_column(String(120))
    #: The specific name or general designation of who may disclose.
    part2_disclosing_party: Mapped[str | None] = mapped_column(Text)
    #: How much and what kind of information may be disclosed.
    part2_information: Mapped[str | None] = mapped_column(Text)
    #: The recipients by name or general designation, as written on the consent.
    part2_recipients: Mapped[str | None] = mapped_column(Text)
    #: The right to revoke in writing, how to, and its limits, as told to the resident.
    part2_revocation_statement: Mapped[str | None] = mapped_column(Text)
    #: An event that ends the consent before ``valid_until`` (optional).
    part2_expiry_event: Mapped[str | None] = mapped_column(Text)
    part2_signed_by: Mapped[str | None] = mapped_column(String(120))
    part2_signed_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The notice every disclosure carries.
    part2_notice: Mapped[str | None] = mapped_column(Text)

    resident: Mapped[Resident] = relationship(back_populates="consents")


class Need(db.Model):
    __tablename__ = "need"
    __table_args__ = (
        # A period's needs by category and status, read from the index alone (the
        # unmet-needs report).
        Index("ix_need_created_at", "created_at", "status", "taxonomy_term_id", "id"),
        # Each resident's needs, in the order of the residents (the equity report counts
        # them per resident from the index alone, no sorting, its filters' columns too;
        # and a resident's needs).
        Index("ix_need_resident_counts", "resident_id", "created_at", "taxonomy_term_id",
              "created_by", "id"),
    )

    id: Mapped[str] = _id()
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"))
    taxonomy_term_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    urgency: Mapped[str] = mapped_column(String(16))
    own_words: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_by: Mapped[int | None] = _user()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    resident: Mapped[Resident] = relationship(back_populates="needs")


class Referral(db.Model):
    """One service recommended to one resident, tracked from draft to an outcome.

    ``status`` changes only through ``navigator.workflow.referrals.change_status``.
    """

    __tablename__ = "referral"
    __table_args__ = (
        # A need's referrals, and whether one was ever sent, from the index alone (the
        # unmet-needs report).
        Index("ix_referral_need_id", "need_id", "sent_at"),
        # The needs with a connected referral, read from the index alone (the reports).
        Index("ix_referral_status_need", "status", "need_id"),
        # Each resident's referrals and how they stand, in the order of the residents
        # (the equity report counts them per resident from the index alone, no sorting,
        # its filters' columns too).
        Index("ix_referral_resident_counts", "resident_id", "created_at", "status",
              "sent_at", "resident_choice", "need_id", "created_by"),
        # The referrals connected and when, whose they are, and the filters' columns
        # (days to connection).
        Index("ix_referral_connected", "status", "created_at", "resident_id",
              "connected_at", "need_id", "created_by"),
    )

    id: Mapped[str] = _id()
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"))
    service_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    organization_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    need_id: Mapped[str | None] = mapped_column(ForeignKey("need.id"))
    created_by: Mapped[int | None] = _user()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    #: Whether the resident chose this service among those offered (None: not asked).
    resident_choice: Mapped[bool | None] = mapped_column(Boolean)
    status_reason: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When it was marked connected (set by ``change_status``, once: "connected" is final).
    connected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The appointment the provider gave, when there is one (shown on the summary).
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Substance-use treatment: covered by 42 CFR Part 2.
    part2: Mapped[bool] = mapped_column(Boolean, default=False)

    resident: Mapped[Resident] = relationship(back_populates="referrals")
    need: Mapped[Need | None] = relationship()
    events: Mapped[list["ReferralEvent"]] = relationship(
        back_populates="referral", order_by="ReferralEvent.id")
    handoffs: Mapped[list["Handoff"]] = relationship(
        back_populates="referral", order_by="Handoff.happened_at")


class ReferralEvent(db.Model):
    """A referral's change of state: who, when, from, to, why."""

    __tablename__ = "referral_event"
    __table_args__ = (
        # A referral's moves to a state, when and by whom, read from the index alone
        # (the reports: providers' time to answer, days to connection).
        Index("ix_referral_event_moves", "referral_id", "to_status", "occurred_at",
              "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"), index=True)
    user_id: Mapped[int | None] = _user()
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")

    referral: Mapped[Referral] = relationship(back_populates="events")


class Handoff(db.Model):
    """A warm handoff: the navigator connects the resident to the provider directly."""

    __tablename__ = "handoff"

    id: Mapped[str] = _id()
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"), index=True)
    method: Mapped[str] = mapped_column(String(32))
    contact_person: Mapped[str] = mapped_column(String(120))
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The appointment made during the handoff, if one was.
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resident_present: Mapped[bool] = mapped_column(Boolean)
    outcome: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = _user()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    referral: Mapped[Referral] = relationship(back_populates="handoffs")


class Encounter(db.Model):
    """A time a navigator was in touch with the resident (a visit, a call, a message):
    each one brings a follow-up."""

    __tablename__ = "encounter"
    __table_args__ = (
        # Each resident's first contact, without a look at the table (the reports' days
        # to connection).
        Index("ix_encounter_first_contact", "resident_id", "happened_at"),
    )

    id: Mapped[str] = _id()
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: When the contact follows a crisis response: how the crisis ended
    #: (``CRISIS_OUTCOMES``); None when it did not or was not recorded.
    crisis_outcome: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = _user()
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    resident: Mapped[Resident] = relationship(back_populates="encounters")


class FollowUp(db.Model):
    """A check-in with the resident, due by ``due_at``; done with an outcome. It comes
    from an encounter or from sending a referral."""

    __tablename__ = "follow_up"
    __table_args__ = (
        # Each resident's follow-ups and how they stand, in the order of the residents
        # (the equity report counts them per resident from the index alone, no sorting).
        Index("ix_follow_up_resident_counts", "resident_id", "follows_since", "done_at",
              "due_at"),
    )

    id: Mapped[str] = _id()
    resident_id: Mapped[str] = mapped_column(ForeignKey("resident.id"))
    referral_id: Mapped[str | None] = mapped_column(ForeignKey("referral.id"), index=True)
    encounter_id: Mapped[str | None] = mapped_column(ForeignKey("encounter.id"), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The moment it follows: its contact, else its referral's sending, else its creation
    #: (``follow_ups.follows_since``), kept on the row when it is saved, for the reports.
    follows_since: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[int | None] = _user()
    outcome: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")

    resident: Mapped[Resident] = relationship(back_populates="follow_ups")
    referral: Mapped[Referral | None] = relationship()
    encounter: Mapped[Encounter | None] = relationship()


class Notice(db.Model):
    """Something the referring navigator should know at once: a provider accepted,
    declined or connected a referral. Seen once read on the workspace."""

    __tablename__ = "notice"

    id: Mapped[str] = _id()
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    referral: Mapped[Referral] = relationship()
