"""The unmet-needs report's figures, against answers worked out by hand on the small world
of ``tests/reports/unmet_world.py`` (its docstring has the data). The same tests run on
SQLite and, with NAVIGATOR_TEST_DATABASE_URL set, on PostgreSQL: the same numbers."""

from __future__ import annotations

from datetime import date

import pytest

from navigator.i18n import in_language
from navigator.reports import unmet
from navigator.reports.period import Filters
from navigator.search import categories_of
from tests.reports import unmet_world

Q1 = dict(start=date(2026, 1, 1), end=date(2026, 3, 31))


@pytest.fixture(scope="module")
def built(durham):
    with durham.app_context():
        ids = unmet_world.build()
    return durham, ids


@pytest.fixture(scope="module", params=["read when logged", "not read yet", "half read"])
def world(request, built):
    """The world with each search's categories as a search logs them (the report groups
    them in SQL), left NULL as on rows logged before the column (the report reads them
    itself), or every other row of each."""
    app, ids = built
    with app.app_context():
        unmet_world.read_categories(request.param)
    return built


def figures(world, lang="en", **filters) -> dict[str, list[dict]]:
    app, _ids = world
    with app.test_request_context("/"), in_language(lang):
        found = unmet.tables(Filters(**Q1, **filters))
        return {t.key: t for t in found}


def rows(table, *keys) -> list[tuple]:
    return [tuple(row[k] for k in keys) for row in table.rows]


def test_words_in_english_and_spanish_point_to_the_same_category(world):
    app, ids = world
    with app.app_context():
        read = categories_of(["food pantry", "despensa de comida", "shelter", "albergue",
                              "xyzzy", ""])
    assert ids["food.pantry"] in read["food pantry"]
    assert read["food pantry"] == read["despensa de comida"]
    assert ids["housing.shelter"] in read["shelter"]
    assert read["shelter"] == read["albergue"]
    assert read["xyzzy"] == () and read[""] == ()


def test_searches_by_month(world):
    table = figures(world)["searches-by-month"]
    assert rows(table, "month", "searches", "nothing", "words", "refined") == [
        ("2026-01", 10, 6, 5, 1), ("2026-02", 4, 3, 2, 1), ("2026-03", 1, 1, 1, 0),
        ("Total", 15, 10, 8, 2)]
    assert [row["share"] for row in table.rows] == [0.6, 0.75, 1.0, 10 / 15]
    assert table.total_row and table.chart == ("month", "nothing")


def test_searches_by_category_of_their_words(world):
    table = figures(world)["searches-by-category"]
    # "comida y albergue" counts under both Food and Housing; the filter of the search
    # with no words places it under Housing.
    assert rows(table, "category", "nothing", "refined") == [
        ("Food", 6, 0), ("Housing", 3, 2), ("Words search places in no category", 2, 0)]
    assert not table.total_row


def test_searches_by_zip(world):
    table = figures(world)["searches-by-zip"]
    assert rows(table, "zip", "searches", "nothing") == [
        ("27701", 7, 6), ("27703", 5, 1), ("27705", 1, 1), ("No place given", 2, 2),
        ("Total", 15, 10)]


def test_searches_within_a_category(world):
    _app, ids = world
    found = figures(world, category=ids["food"])
    assert rows(found["searches-by-month"], "month", "searches", "nothing") == [
        ("2026-01", 5, 5), ("2026-02", 1, 0), ("2026-03", 1, 1), ("Total", 7, 6)]
    by_category = dict(rows(found["searches-by-category"], "category", "nothing"))
    assert by_category["Food pantries"] == 6
    assert rows(found["searches-by-zip"], "zip", "searches", "nothing") == [
        ("27701", 7, 6), ("Total", 7, 6)]


def test_searches_within_a_category_that_a_filter_chose(world):
    _app, ids = world
    found = figures(world, category=ids["housing"])
    # "shelter" (found some), "albergue" (Spanish, refined), no words but filtered to
    # Emergency shelter (refined), "comida y albergue".
    assert rows(found["searches-by-month"], "month", "searches", "nothing", "refined") == [
        ("2026-01", 5, 1, 1), ("2026-02", 1, 1, 1), ("2026-03", 1, 1, 0), ("Total", 7, 3, 2)]
    assert rows(found["searches-by-zip"], "zip", "searches", "nothing") == [
        ("27701", 1, 1), ("27703", 5, 1), ("27705", 1, 1), ("Total", 7, 3)]
    by_category = {row["category"]: (row["nothing"], row["refined"])
                   for row in found["searches-by-category"].rows}
    assert by_category["Emergency shelter"] == (3, 2)


def test_searches_for_a_zip_code_and_notes_for_filters_that_do_not_apply(world):
    found = figures(world, place="27701")
    assert rows(found["searches-by-month"], "month", "searches", "nothing") == [
        ("2026-01", 5, 5), ("2026-02", 1, 0), ("2026-03", 1, 1), ("Total", 7, 6)]
    found = figures(world, team="HEART", place="Walltown")
    assert rows(found["searches-by-month"], "month", "searches")[-1] == ("Total", 15)
    assert "team filter does not apply" in found["searches-by-month"].description
    assert "only when it is a ZIP code" in found["searches-by-zip"].description


def test_needs_with_no_suitable_service(world):
    found = figures(world)
    assert rows(found["needs-by-month"], "month", "recorded", "open", "closed") == [
        ("2026-01", 2, 2, 0), ("2026-02", 2, 0, 1), ("2026-03", 1, 0, 0), ("Total", 5, 2, 1)]
    assert rows(found["needs-by-category"], "category", "recorded", "open", "closed") == [
        ("Food", 2, 1, 1), ("Housing", 2, 1, 0), ("Legal help", 1, 0, 0)]


def test_needs_within_team_place_and_category(world):
    _app, ids = world
    assert rows(figures(world, team="HEART")["needs-by-month"], "month", "recorded",
                "open", "closed") == [("2026-01", 2, 2, 0), ("2026-02", 0, 0, 0),
                                      ("2026-03", 1, 0, 0), ("Total", 3, 2, 0)]
    assert rows(figures(world, place="walltown")["needs-by-month"], "month", "recorded",
                "open", "closed")[-1] == ("Total", 2, 0, 1)
    assert rows(figures(world, category=ids["food"])["needs-by-category"], "category",
                "recorded", "open", "closed") == [("Food pantries", 2, 1, 1)]


def test_referrals_declined_for_no_capacity_or_not_eligible(world):
    found = figures(world)
    assert rows(found["declined-by-month"], "month", "answered", "no_capacity",
                "not_eligible") == [("2026-01", 1, 0, 1), ("2026-02", 2, 1, 0),
                                    ("2026-03", 2, 0, 1), ("Total", 5, 1, 2)]
    # By category, the declines alone (the answers are counted from their events).
    table = found["declined-by-category"]
    assert [c.key for c in table.columns] == ["category", "no_capacity", "not_eligible"]
    assert rows(table, "category", "no_capacity", "not_eligible") == [
        ("Housing", 1, 0), ("No need recorded", 0, 2)]


def test_declined_within_team_place_and_category(world):
    _app, ids = world
    assert rows(figures(world, team="HEART")["declined-by-month"], "month", "answered",
                "no_capacity", "not_eligible") == [
        ("2026-01", 1, 0, 1), ("2026-02", 0, 0, 0), ("2026-03", 1, 0, 0), ("Total", 2, 0, 1)]
    assert rows(figures(world, place="27703")["declined-by-month"], "month", "answered",
                "no_capacity", "not_eligible")[-1] == ("Total", 2, 0, 1)
    found = figures(world, category=ids["housing"])
    assert rows(found["declined-by-month"], "month", "answered", "no_capacity",
                "not_eligible") == [("2026-01", 0, 0, 0), ("2026-02", 2, 1, 0),
                                    ("2026-03", 0, 0, 0), ("Total", 2, 1, 0)]
    assert rows(found["declined-by-category"], "category", "no_capacity",
                "not_eligible") == [("Emergency shelter", 1, 0)]


def test_in_spanish(world):
    app, _ids = world
    with app.test_request_context("/"), in_language("es"):
        found = {t.key: t for t in unmet.tables(Filters(**Q1))}
        table = found["searches-by-category"]
        assert str(table.title) == ("Búsquedas que no encontraron nada, por la categoría de "
                                    "sus palabras")
        assert str(table.columns[1].label) == "No encontraron nada"
    assert [row["category"] for row in table.rows][:2] == ["Alimentos", "Vivienda"]
    assert found["needs-by-month"].rows[-1]["month"] == "Total"
    assert found["declined-by-category"].rows[-1]["category"] == "Ninguna necesidad registrada"


def test_every_column_is_one_the_rows_carry(world):
    for table in figures(world).values():
        keys = {c.key for c in table.columns}
        for column in table.columns:
            assert all(k in keys for k in column.of)
            assert column.part_of is None or column.part_of in keys
        assert all(set(row) == keys for row in table.rows), table.key
