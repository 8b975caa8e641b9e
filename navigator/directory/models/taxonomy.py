"""Categories: taxonomies, their terms (with translations) and the attributes linking them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from navigator.extensions import db
from .base import id_column, reference, uri_column


class Taxonomy(db.Model):
    __tablename__ = "taxonomy"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    uri: Mapped[str | None] = uri_column()
    version: Mapped[str | None] = mapped_column(Text)


class TaxonomyTerm(db.Model):
    __tablename__ = "taxonomy_term"

    id: Mapped[str] = id_column()
    code: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[str | None] = reference("taxonomy_term")
    taxonomy: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    taxonomy_id: Mapped[str | None] = reference("taxonomy")
    term_uri: Mapped[str | None] = uri_column()

    parent: Mapped["TaxonomyTerm | None"] = relationship(
        remote_side="TaxonomyTerm.id", back_populates="children"
    )
    children: Mapped[list["TaxonomyTerm"]] = relationship(back_populates="parent")
    translations: Mapped[list["TaxonomyTermTranslation"]] = relationship(
        cascade="all, delete-orphan"
    )


class TaxonomyTermTranslation(db.Model):
    """A term's name and description in another language (Navigator's own table)."""

    __tablename__ = "taxonomy_term_translation"
    __table_args__ = {"info": {"local": True}}

    taxonomy_term_id: Mapped[str] = mapped_column(
        String(64),
        ForeignKey("taxonomy_term.id", ondelete="CASCADE"),
        primary_key=True,
        info={"format": "uuid", "references": "taxonomy_term"},
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)


class Attribute(db.Model):
    """Links any HSDS object (``link_entity`` + ``link_id``) to a taxonomy term."""

    __tablename__ = "attribute"

    id: Mapped[str] = id_column()
    # Polymorphic: points at a row of the table named by link_entity, so no SQL key.
    link_id: Mapped[str] = mapped_column(String(64), index=True, info={"format": "uuid"})
    taxonomy_term_id: Mapped[str] = reference("taxonomy_term", required=True)
    link_type: Mapped[str | None] = mapped_column(Text)
    link_entity: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(Text)

    taxonomy_term: Mapped[TaxonomyTerm] = relationship()
