"""The application factory and the pages it serves so far."""

from __future__ import annotations

import pytest

from navigator import create_app
from navigator.config import ConfigError
from navigator.directory.models import Attribute, Organization, Service, TaxonomyTerm
from navigator.extensions import db


def test_factory_resolves_top_level_templates_and_static(app):
    assert app.template_folder.endswith("/templates")
    assert app.static_folder.endswith("/static")


def test_production_requires_a_secret_key(monkeypatch):
    monkeypatch.setenv("NAVIGATOR_ENV", "production")
    monkeypatch.delenv("NAVIGATOR_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="NAVIGATOR_SECRET_KEY"):
        create_app()


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("NAVIGATOR_ENV", "staging")
    with pytest.raises(ConfigError, match="NAVIGATOR_ENV"):
        create_app()


def test_home_lists_categories_with_counts(client):
    db.session.add(Organization(id="o1", name="Helping Hands", description="d"))
    db.session.add_all([
        TaxonomyTerm(id="t-housing", name="Housing", description="A place to live"),
        TaxonomyTerm(id="t-shelter", name="Emergency shelter", description="Tonight",
                     parent_id="t-housing"),
        TaxonomyTerm(id="t-food", name="Food", description="Meals"),
    ])
    db.session.add_all([
        Service(id="s1", organization_id="o1", name="Night shelter", status="active"),
        Service(id="s2", organization_id="o1", name="Old shelter", status="defunct"),
        Service(id="s3", organization_id="o1", name="Day shelter", status="active"),
    ])
    db.session.add_all([
        Attribute(id="a1", link_id="s1", link_entity="service", taxonomy_term_id="t-shelter"),
        Attribute(id="a2", link_id="s2", link_entity="service", taxonomy_term_id="t-shelter"),
        Attribute(id="a3", link_id="s3", link_entity="service", taxonomy_term_id="t-housing"),
    ])
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Housing" in page and "2 services" in page
    # A category whose only services are gone is not offered.
    assert "t-food" not in page and "t-housing" in page
    assert 'href="tel:988"' in page


def test_unknown_page_is_a_404_page_with_the_crisis_lines(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert 'href="tel:911"' in response.get_data(as_text=True)
