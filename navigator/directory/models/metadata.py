"""HSDS change records and table descriptions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from navigator.extensions import db
from .base import id_column


class Metadata(db.Model):
    """One change to one field of one record: who, when, before and after."""

    __tablename__ = "metadata"

    id: Mapped[str] = id_column()
    # Polymorphic like attribute.link_id: resource_type names the table.
    resource_id: Mapped[str] = mapped_column(String(64), index=True, info={"format": "uuid"})
    resource_type: Mapped[str] = mapped_column(String(64))
    last_action_date: Mapped[date] = mapped_column(Date)
    last_action_type: Mapped[str] = mapped_column(Text)
    field_name: Mapped[str] = mapped_column(Text)
    previous_value: Mapped[str] = mapped_column(Text)
    replacement_value: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(Text)


class MetaTableDescription(db.Model):
    __tablename__ = "meta_table_description"

    id: Mapped[str] = id_column()
    name: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    character_set: Mapped[str | None] = mapped_column(Text)
