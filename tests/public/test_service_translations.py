"""A service's own words in Spanish: shown on the Spanish pages instead of the English
(``lang="es"``), the English where a text is not translated (``lang="en"``), and found
by the Spanish search; set through ``set_translation``."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import g
from sqlalchemy import select

from navigator.directory.models import Metadata, Service, ServiceTranslation
from navigator.directory.translations import set_translation
from navigator.extensions import db

EDITOR = "editor@example.org"


@pytest.fixture
def meals(directory):
    service = directory.service("Hot meals", "Warm dinner served every night",
                                at=(35.994, -78.8986))
    service.eligibility_description = "Anyone who is hungry"
    service.application_process = "Walk in before six"
    directory.commit()
    return service


def page(client, path: str) -> str:
    # The test's app context is the requests' too: start each with a fresh ``g`` (its
    # language), as a server's request does.
    for name in list(g):
        g.pop(name)
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def block(body: str, words: str) -> str:
    """The opening tag of the element whose text begins with ``words``."""
    found = re.search(r"<(?!title)(\w+)([^>]*)>\s*" + re.escape(words), body)
    assert found, words
    return found[0]


def test_spanish_page_shows_the_translation_marked_spanish(client, meals):
    set_translation(meals, "es", name="Comidas calientes",
                    description="Cena caliente todas las noches",
                    eligibility_description="Cualquier persona con hambre", updated_by=EDITOR)
    db.session.commit()
    body = page(client, f"/es/services/{meals.id}")
    assert 'lang="es"' in block(body, "Comidas calientes")
    assert block(body, "Comidas calientes").startswith("<h1")
    assert 'lang="es"' in block(body, "Cena caliente todas las noches")
    assert 'lang="es"' in block(body, "Cualquier persona con hambre")
    # Not translated: the English, marked English (WCAG 3.1.2).
    assert 'lang="en"' in block(body, "Walk in before six")
    assert "<title>Comidas calientes" in body
    assert "Hot meals" not in body and "Warm dinner" not in body
    # The English page is untouched.
    english = page(client, f"/services/{meals.id}")
    assert "<h1>Hot meals</h1>" in english and "Comidas" not in english


def test_spanish_page_without_a_translation_shows_the_english_marked(client, meals):
    body = page(client, f"/es/services/{meals.id}")
    for words in ("Hot meals", "Warm dinner served every night", "Anyone who is hungry",
                  "Walk in before six"):
        assert 'lang="en"' in block(body, words)


def test_spanish_search_finds_a_listing_by_its_translation(client, meals):
    # "merienda" is only in the translation: nothing finds it before.
    assert "Hot meals" not in page(client, "/es/search?q=merienda")
    set_translation(meals, "es", name="Comidas calientes",
                    description="Merienda y cena caliente todas las noches")
    db.session.commit()  # the index follows the commit
    body = page(client, "/es/search?q=merienda")
    link = re.search(r'<h2><a href="/es/services/[^"]+"([^>]*)>([^<]*)</a></h2>', body)
    assert link and link[2] == "Comidas calientes" and 'lang="es"' in link[1], body
    snippet = re.search(r'<p class="snippet"([^>]*)>(.*?)</p>', body, re.S)
    assert 'lang="es"' in snippet[1] and "<mark>Merienda</mark>" in snippet[2]
    assert "Hot meals" not in body
    # The English results name the service in English.
    english = page(client, "/search?q=merienda")
    assert "Hot meals" in english and "Comidas calientes" not in english


def test_spanish_list_names_the_service_in_spanish(client, meals):
    set_translation(meals, "es", name="Comidas calientes")
    db.session.commit()
    body = page(client, f"/es/list?services={meals.id}")
    assert 'lang="es"' in block(body, "Comidas calientes")


def test_set_translation_changes_only_the_texts_given_and_records_who(directory, meals):
    set_translation(meals, "es", name="Comidas", description="Cena", updated_by=EDITOR,
                    on=date(2026, 12, 1))
    db.session.commit()
    set_translation(meals, "es", name="  Comidas calientes ", updated_by=EDITOR,
                    on=date(2026, 12, 2))
    db.session.commit()
    row = db.session.get(ServiceTranslation, (meals.id, "es"))
    assert (row.name, row.description, row.eligibility_description) == (
        "Comidas calientes", "Cena", None)
    changes = db.session.scalars(select(Metadata).order_by(
        Metadata.last_action_date, Metadata.field_name)).all()
    assert [(m.resource_id, m.resource_type, m.field_name, m.previous_value,
             m.replacement_value, m.updated_by) for m in changes] == [
        (meals.id, "service_translation", "es:description", "", "Cena", EDITOR),
        (meals.id, "service_translation", "es:name", "", "Comidas", EDITOR),
        (meals.id, "service_translation", "es:name", "Comidas", "Comidas calientes", EDITOR)]


def test_emptied_translation_is_deleted_and_english_shows_again(client, meals):
    set_translation(meals, "es", name="Comidas calientes")
    db.session.commit()
    assert set_translation(meals, "es", name="  ") is None
    db.session.commit()
    assert db.session.scalars(select(ServiceTranslation)).all() == []
    assert set_translation(meals, "es", description="") is None  # nothing to keep
    db.session.commit()
    assert db.session.scalars(select(ServiceTranslation)).all() == []
    assert 'lang="en"' in block(page(client, f"/es/services/{meals.id}"), "Hot meals")


@pytest.mark.parametrize("language, texts", [
    ("fr", {"name": "Repas chauds"}), ("", {"name": "x"}),
    ("es", {"alert": "Cerrado"}), ("es", {"name": 3})])
def test_set_translation_refuses_what_cannot_be_translated(directory, meals, language, texts):
    with pytest.raises(ValueError):
        set_translation(meals, language, **texts)
    assert db.session.scalars(select(ServiceTranslation)).all() == []


def test_deleting_a_service_deletes_its_translations(directory):
    hotline = directory.service("Meal line", "Call for a meal")
    set_translation(hotline, "es", name="Línea de comidas")
    directory.commit()
    db.session.delete(db.session.get(Service, hotline.id))
    db.session.commit()
    assert db.session.scalars(select(ServiceTranslation)).all() == []
