"""The categories a search was for, stored on its search-log row when it is logged (the
unmet-needs report groups them in SQL), and filled the same way by the migration that
added them for the rows logged before it."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, select, text

from navigator import create_app
from navigator.directory.models import TaxonomyTerm
from navigator.extensions import db
from navigator.search import (
    SearchLog, categories_in_log, log_categories, read_log_categories,
)
from tests.database_state import import_directory
from tests.paths import ROOT

BEFORE = "e2b5c7d9f1a3"  # the revision before search_log.categories
WORDS = ("food pantry", "despensa de comida", "shelter", "albergue", "comida y albergue",
         "xyzzy")
#: WORDS as the log keeps them (folded, without stopwords).
LOGGED = ("food pantry", "despensa comida", "shelter", "albergue", "comida albergue",
          "xyzzy")


def _ids() -> dict[str, str]:
    return dict(db.session.execute(select(TaxonomyTerm.code, TaxonomyTerm.id)).all())


def _stored() -> dict[tuple[str, str], str | None]:
    """(words, filters) -> categories of every row of the search log."""
    db.session.expire_all()
    return {(r.terms, r.filters): r.categories for r in db.session.execute(
        select(SearchLog.terms, SearchLog.filters, SearchLog.categories))}


def _logged(client, **params) -> dict[tuple[str, str], str | None]:
    """(words, filters) -> the categories stored by the API's searches for each of
    WORDS with ``params``, and those of the rows already there."""
    for words in WORDS:
        assert client.get("/api/search", query_string={"q": words, **params}
                          ).status_code == 200
    return _stored()


@pytest.fixture
def searches(durham):
    with durham.app_context():
        yield durham, _ids()
        db.session.execute(delete(SearchLog))
        db.session.commit()


def test_a_search_stores_the_categories_of_its_words_in_english_and_spanish(searches):
    app, ids = searches
    with app.app_context():
        logged = {words: found for (words, _), found in _logged(app.test_client()).items()}
    stored = {words: set(categories_in_log(found)) for words, found in logged.items()}
    assert stored["food pantry"] == {ids["food.pantry"]}
    # ... then the categories above them, for the report's category filter.
    assert logged["food pantry"] == f" {ids['food.pantry']} | {ids['food']} "
    # The log keeps "despensa comida" ("de" dropped): Food pantries, and the other food
    # services "comida" points to.
    food = {term for code, term in ids.items() if code.split(".")[0] == "food"}
    assert ids["food.pantry"] in stored["despensa comida"] <= food
    assert ids["housing.shelter"] in stored["shelter"]
    assert logged["albergue"] == logged["shelter"]
    assert stored["comida albergue"] >= {ids["housing.shelter"], ids["food.pantry"]}
    assert logged["xyzzy"] == ""


def test_a_search_filtered_to_a_category_stores_it_too(searches):
    app, ids = searches
    with app.app_context():
        logged = {words: found for (words, _), found
                  in _logged(app.test_client(), taxonomy_term_id=ids["legal.civil"]).items()}
    assert logged["xyzzy"] == f" {ids['legal.civil']} | {ids['legal']} "
    assert set(categories_in_log(logged["food pantry"])) == {ids["food.pantry"],
                                                             ids["legal.civil"]}


def test_categories_too_long_to_index_are_left_to_the_report(searches):
    """A PostgreSQL index entry holds some 2,700 bytes: a search for every category is
    logged with none (NULL), which the report reads itself."""
    app, ids = searches
    with app.app_context():
        every = sorted(ids.values())
        pair = ("xyzzy", json.dumps({"taxonomy_term_id": every}))
        assert log_categories([pair])[pair] is None
        assert set(categories_in_log(read_log_categories([pair])[pair])) == set(every)
        short = ("xyzzy", json.dumps({"taxonomy_term_id": every[:3]}))
        assert log_categories([short])[short] == read_log_categories([short])[short] != ""


def test_the_migration_fills_old_rows_as_a_search_logs_them(request, tmp_path):
    """Rows logged before the column are read by the migration (in batches) into what a
    search logged now stores for the same words and filters."""
    if os.environ.get("NAVIGATOR_TEST_DATABASE_URL", "").startswith("postgresql"):
        url = request.getfixturevalue("postgres").create()
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t",
                      "NAVIGATOR_INDEX_DIR": str(tmp_path / "index")})
    with app.app_context():
        upgrade(revision=BEFORE)
        import_directory(app, ROOT / "directory_data")
        shelter = _ids()["housing.shelter"]
        choices = ("{}", json.dumps({"taxonomy_term_id": [shelter]}))
        db.session.execute(text(  # the table as it was: no categories column
            "INSERT INTO search_log (searched_on, terms, filters, zip_code, result_count, "
            "locale) VALUES (:day, :terms, :filters, NULL, 0, 'en')"),
            [{"day": date(2026, 1, 5), "terms": words, "filters": chosen}
             for words in LOGGED for chosen in choices])
        db.session.commit()
        db.session.remove()
        upgrade()
        filled = _stored()
        db.session.execute(delete(SearchLog))
        db.session.commit()
        now = _logged(app.test_client())
        now.update(_logged(app.test_client(), taxonomy_term_id=shelter))
        db.engine.dispose()
    assert set(filled) == set(now) and len(now) == 2 * len(LOGGED)
    assert filled == now
    assert filled[("xyzzy", "{}")] == "" and filled[("food pantry", "{}")] != ""


def test_the_command_fills_missing_rows_and_reads_every_row_again_with_all(searches):
    """``flask search log-categories``: the rows not read yet; with --all (after the
    taxonomy changed) every row, a stale one made right."""
    app, ids = searches
    with app.app_context():
        db.session.execute(SearchLog.__table__.insert(), [
            {"searched_on": date(2026, 1, 5), "terms": words, "filters": "{}",
             "result_count": 0, "locale": "en", "categories": categories}
            for words, categories in (("food pantry", None), ("shelter", " stale | "))])
        db.session.commit()
        runner = app.test_cli_runner()
        result = runner.invoke(args=["search", "log-categories"])
        assert result.exit_code == 0 and "of 1 logged search" in result.output
        stored = {words: found for (words, _), found in _stored().items()}
        assert stored["food pantry"] == f" {ids['food.pantry']} | {ids['food']} "
        assert stored["shelter"] == " stale | "
        result = runner.invoke(args=["search", "log-categories", "--all"])
        assert result.exit_code == 0 and "of 1 logged search" in result.output
        stored = {words: found for (words, _), found in _stored().items()}
        assert ids["housing.shelter"] in categories_in_log(stored["shelter"])
        assert stored["food pantry"] == f" {ids['food.pantry']} | {ids['food']} "
