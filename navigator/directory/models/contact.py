"""How to reach a service: contacts, phones, languages spoken."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.extensions import db
from .base import email_column, id_column, reference


class Contact(db.Model):
    __tablename__ = "contact"

    id: Mapped[str] = id_column()
    organization_id: Mapped[str | None] = reference("organization")
    service_id: Mapped[str | None] = reference("service")
    service_at_location_id: Mapped[str | None] = reference("service_at_location")
    location_id: Mapped[str | None] = reference("location")
    name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    department: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = email_column()


class Phone(db.Model):
    __tablename__ = "phone"

    id: Mapped[str] = id_column()
    location_id: Mapped[str | None] = reference("location")
    service_id: Mapped[str | None] = reference("service")
    organization_id: Mapped[str | None] = reference("organization")
    contact_id: Mapped[str | None] = reference("contact")
    service_at_location_id: Mapped[str | None] = reference("service_at_location")
    number: Mapped[str] = mapped_column(String(64))
    extension: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class Language(db.Model):
    __tablename__ = "language"

    id: Mapped[str] = id_column()
    service_id: Mapped[str | None] = reference("service")
    location_id: Mapped[str | None] = reference("location")
    phone_id: Mapped[str | None] = reference("phone")
    name: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
