"""Places: locations, their addresses and accessibility."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.extensions import db
from .base import id_column, reference, uri_column

LOCATION_TYPES = ("physical", "postal", "virtual")


class Location(db.Model):
    __tablename__ = "location"

    id: Mapped[str] = id_column()
    location_type: Mapped[str] = mapped_column(String(16), info={"enum": LOCATION_TYPES})
    url: Mapped[str | None] = uri_column()
    organization_id: Mapped[str | None] = reference("organization")
    name: Mapped[str | None] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    transportation: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    external_identifier: Mapped[str | None] = mapped_column(Text)
    external_identifier_type: Mapped[str | None] = mapped_column(Text)
    # Navigator's own fields (not HSDS 3.0): a confidential location (a
    # domestic-violence shelter) never shows its address or point; approximate
    # coordinates came from the postal code, not the building.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False, info={"local": True})
    coordinates_approximate: Mapped[bool] = mapped_column(
        Boolean, default=False, info={"local": True}
    )

    addresses: Mapped[list["Address"]] = relationship()


class Address(db.Model):
    __tablename__ = "address"

    id: Mapped[str] = id_column()
    location_id: Mapped[str | None] = reference("location")
    attention: Mapped[str | None] = mapped_column(Text)
    address_1: Mapped[str] = mapped_column(Text)
    address_2: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    state_province: Mapped[str] = mapped_column(Text)
    postal_code: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(64))
    address_type: Mapped[str] = mapped_column(String(16), info={"enum": LOCATION_TYPES})


class Accessibility(db.Model):
    __tablename__ = "accessibility"

    id: Mapped[str] = id_column()
    location_id: Mapped[str | None] = reference("location")
    description: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = uri_column()
