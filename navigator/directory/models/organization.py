"""Organizations and what hangs off them: identifiers, programs, funding."""

from __future__ import annotations

from sqlalchemy import Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.extensions import db
from .base import email_column, id_column, reference, uri_column


class Organization(db.Model):
    __tablename__ = "organization"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = email_column()
    website: Mapped[str | None] = uri_column()
    tax_status: Mapped[str | None] = mapped_column(Text)
    tax_id: Mapped[str | None] = mapped_column(Text)
    year_incorporated: Mapped[int | None] = mapped_column(Integer)
    legal_status: Mapped[str | None] = mapped_column(Text)
    logo: Mapped[str | None] = mapped_column(Text)
    uri: Mapped[str | None] = uri_column()
    parent_organization_id: Mapped[str | None] = reference("organization")

    services: Mapped[list["Service"]] = relationship(back_populates="organization")  # noqa: F821


class OrganizationIdentifier(db.Model):
    __tablename__ = "organization_identifier"

    id: Mapped[str] = id_column()
    organization_id: Mapped[str] = reference("organization", required=True)
    identifier_scheme: Mapped[str | None] = mapped_column(Text)
    identifier_type: Mapped[str] = mapped_column(Text)
    identifier: Mapped[str] = mapped_column(Text)


class Program(db.Model):
    __tablename__ = "program"

    id: Mapped[str] = id_column()
    organization_id: Mapped[str] = reference("organization", required=True)
    name: Mapped[str] = mapped_column(Text)
    alternate_name: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)


class Funding(db.Model):
    __tablename__ = "funding"

    id: Mapped[str] = id_column()
    organization_id: Mapped[str | None] = reference("organization")
    service_id: Mapped[str | None] = reference("service")
    source: Mapped[str | None] = mapped_column(Text)
