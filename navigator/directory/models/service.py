"""Services, where they are offered, and the facts a person needs to get in."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Float, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.extensions import db
from .base import UTCDateTime, email_column, id_column, reference, uri_column

SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")


class Service(db.Model):
    __tablename__ = "service"

    id: Mapped[str] = id_column()
    organization_id: Mapped[str] = reference("organization", required=True)
    program_id: Mapped[str | None] = reference("program")
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = uri_column()
    email: Mapped[str | None] = email_column()
    status: Mapped[str] = mapped_column(String(32), info={"enum": SERVICE_STATUSES})
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    wait_time: Mapped[str | None] = mapped_column(Text)
    fees: Mapped[str | None] = mapped_column(Text)
    accreditations: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[float | None] = mapped_column(Float)
    maximum_age: Mapped[float | None] = mapped_column(Float)
    assured_date: Mapped[date | None] = mapped_column(Date)
    assurer_email: Mapped[str | None] = email_column()
    licenses: Mapped[str | None] = mapped_column(Text)
    alert: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Navigator's own fields (not HSDS 3.0).
    accepting_referrals: Mapped[bool | None] = mapped_column(Boolean, info={"local": True})
    intake_notes: Mapped[str | None] = mapped_column(Text, info={"local": True})

    organization: Mapped["Organization"] = relationship(back_populates="services")  # noqa: F821
    service_at_locations: Mapped[list["ServiceAtLocation"]] = relationship(
        back_populates="service"
    )
    attributes: Mapped[list["Attribute"]] = relationship(  # noqa: F821
        primaryjoin="and_(Service.id == foreign(Attribute.link_id), "
        "Attribute.link_entity == 'service')",
        viewonly=True,
    )
    translations: Mapped[list["ServiceTranslation"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


#: The texts of a service a translation may give (each may be left out).
TRANSLATED_FIELDS = ("name", "description", "eligibility_description", "application_process")


class ServiceTranslation(db.Model):
    """A service's own words in another language (Navigator's own table): shown
    instead of the English where present, the English where not."""

    __tablename__ = "service_translation"
    __table_args__ = {"info": {"local": True}}

    service_id: Mapped[str] = mapped_column(
        String(64),
        ForeignKey("service.id", ondelete="CASCADE"),
        primary_key=True,
        info={"format": "uuid", "references": "service"},
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)


class ServiceAtLocation(db.Model):
    __tablename__ = "service_at_location"

    id: Mapped[str] = id_column()
    service_id: Mapped[str] = reference("service", required=True)
    location_id: Mapped[str] = reference("location", required=True)
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped["Location"] = relationship()  # noqa: F821


class ServiceArea(db.Model):
    __tablename__ = "service_area"

    id: Mapped[str] = id_column()
    service_id: Mapped[str | None] = reference("service")
    name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    extent: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = mapped_column(Text)


class CostOption(db.Model):
    __tablename__ = "cost_option"

    id: Mapped[str] = id_column()
    service_id: Mapped[str] = reference("service", required=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    option: Mapped[str | None] = mapped_column(Text)
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    amount_description: Mapped[str | None] = mapped_column(Text)


class RequiredDocument(db.Model):
    __tablename__ = "required_document"

    id: Mapped[str] = id_column()
    service_id: Mapped[str | None] = reference("service")
    document: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = uri_column()


class Unit(db.Model):
    """A unit of capacity (bed, appointment slot), as HSDS 3.1 defines it."""

    __tablename__ = "unit"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(Text)
    scheme: Mapped[str | None] = mapped_column(Text)
    identifier: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = uri_column()


class ServiceCapacity(db.Model):
    """Beds or slots open now (HSDS 3.1 ``service_capacity``)."""

    __tablename__ = "service_capacity"

    id: Mapped[str] = id_column()
    service_id: Mapped[str] = reference("service", required=True)
    unit_id: Mapped[str] = reference("unit", required=True)
    available: Mapped[float] = mapped_column(Float)
    maximum: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)
    updated: Mapped[datetime] = mapped_column(UTCDateTime)
