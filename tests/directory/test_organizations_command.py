"""``flask directory organizations [SEARCH]``: each organization's id, name and number of
services, sorted by name; SEARCH keeps those whose name contains it, case and accents
ignored."""

from __future__ import annotations

import pytest

from navigator.directory.organization_names import folded, organizations_meant


@pytest.fixture
def organizations(directory):
    """Four fictional organizations, three with services."""
    cafe = directory.organization("Café Unión Latina")
    mutual = directory.organization("Bull City Mutual Aid")
    pantry = directory.organization("Eno River Food Pantry")
    tools = directory.organization("bull city Tool Library")
    directory.service("Community Lunch", org=cafe)
    directory.service("Spanish Conversation Circle", org=cafe)
    directory.service("Rent Relief Fund", org=mutual)
    directory.service("Tool Lending", org=tools)
    directory.commit()
    return {"cafe": cafe, "mutual": mutual, "pantry": pantry, "tools": tools}


def listing(runner, *args):
    result = runner.invoke(args=["directory", "organizations", *args])
    return result, result.output.splitlines()


def test_lists_every_organization_by_name_with_its_services(runner, organizations):
    result, lines = listing(runner)
    assert result.exit_code == 0, result.output
    assert lines[0].split() == ["id", "name", "services"]
    rows = lines[1:-1]
    assert [row.split()[0] for row in rows] == [
        organizations[key].id for key in ("mutual", "tools", "cafe", "pantry")]
    assert rows[0].split()[1:] == ["Bull", "City", "Mutual", "Aid", "1"]
    assert rows[2].split()[1:] == ["Café", "Unión", "Latina", "2"]
    assert rows[3].split()[1:] == ["Eno", "River", "Food", "Pantry", "0"]
    assert lines[-1] == "4 organization(s)."


@pytest.mark.parametrize("search, expected", [
    ("bull city", ["mutual", "tools"]),
    ("BULL  CITY", ["mutual", "tools"]),
    ("cafe union", ["cafe"]),
    ("UNIÓN", ["cafe"]),
    ("pantry", ["pantry"]),
    ("i", ["mutual", "tools", "cafe", "pantry"]),
])
def test_search_is_a_substring_ignoring_case_and_accents(runner, organizations, search,
                                                         expected):
    result, lines = listing(runner, search)
    assert result.exit_code == 0, result.output
    assert [row.split()[0] for row in lines[1:-1]] == [organizations[k].id for k in expected]
    assert lines[-1] == f'{len(expected)} organization(s) whose name contains "{search}".'


def test_no_match_says_so(runner, organizations):
    result, lines = listing(runner, "Harbor Lane")
    assert result.exit_code == 1
    assert lines == ['No organization\'s name contains "Harbor Lane" (4 in the directory; '
                     "run without a search to list them all)."]
    assert "Traceback" not in result.output


def test_an_empty_directory_says_so(runner, directory):
    result, lines = listing(runner)
    assert result.exit_code == 0
    assert lines == ["The directory has no organizations yet; add them with "
                     "`flask directory import PATH`."]
    result, _ = listing(runner, "anything")
    assert result.exit_code == 1


def test_folded_names():
    assert folded("  Café   Unión\u2019s ") == "cafe union's"
    assert folded("STRASSE") == folded("straße")


def test_the_organization_a_user_means(organizations):
    def meant(text):
        return [o.id for o in organizations_meant(text)]

    ids = {key: org.id for key, org in organizations.items()}
    assert meant(ids["pantry"]) == [ids["pantry"]]
    assert meant("cafe unión latina") == [ids["cafe"]]  # exact name
    assert meant("Bull City") == [ids["mutual"], ids["tools"]]  # ambiguous
    assert meant("tool library") == [ids["tools"]]  # a unique part
    assert meant("Harbor Lane") == [] and meant("  ") == []


def test_placeholders_when_there_are_none(runner, organizations):
    result, lines = listing(runner, "--placeholders")
    assert result.exit_code == 0
    assert lines == ["No placeholder organizations: every service's organization came with "
                     "its import."]
