"""Concepts (``directory_data/concepts.yaml``): people's words understood on a directory
with another taxonomy and other wording than Durham's, in English and Spanish, and a
crisis the words express put first.

The listings are built here with a taxonomy of its own (Open Eligibility-style names and
numeric codes): nothing of Durham's codes or synonyms applies to them.
"""

from __future__ import annotations

import pytest

from navigator.search import SearchQuery, search
from navigator.search.analysis import words
from navigator.search.concepts import load_lexicon
from navigator.search.searching import _state

pytestmark = pytest.mark.usefixtures("directory")


def find(text: str, **options):
    options.setdefault("per_page", 50)
    return search(SearchQuery(text=text, **options), log_search=False)


def names(results) -> list[str]:
    return [h.name for h in results.hits]


def concepts_of(text: str) -> list[str]:
    return [m.concept.id for m in _state().synonyms.lexicon.match(words(text))]


@pytest.fixture
def other_city(directory):
    """A few listings filed under a taxonomy unlike Durham's, worded as a 211 writes."""
    directory.term("1100", "Food")
    directory.term("1101", "Food Pantries", parent="1100")
    directory.term("1200", "Housing")
    directory.term("1202", "Help Pay for Utilities", parent="1200")
    directory.term("1500", "Crisis Intervention")
    directory.term("1501", "Suicide Prevention Hotlines", parent="1500")
    directory.term("1700", "Individual Counseling")
    directory.service("Eastside Community Cupboard", "Provides groceries to households in "
                      "need on Tuesdays and Thursdays.", terms=("1101",))
    directory.service("Energy Bill Assistance", "Offers one-time payments toward past-due "
                      "electric accounts for eligible households.", terms=("1202",))
    directory.service("County Helpline", "Trained counselors answer calls 24 hours a day for "
                      "persons experiencing thoughts of ending their life.",
                      terms=("1501",))
    directory.service("Hope Counseling Center", "Outpatient counseling for individuals "
                      "and couples. Sliding fee.", terms=("1700",))
    directory.commit()
    return directory


def test_phrasings_match_inflected_with_words_between():
    lexicon = load_lexicon(str(_state_path()))
    assert "self_harm" in [m.concept.id for m in lexicon.match(words("i keep hurting myself"))]
    assert {"utility_shutoff", "electric_bill"} & {
        m.concept.id for m in lexicon.match(words("my power is getting cut off"))}
    # Someone else's words are the same need.
    assert "suicidal_thoughts" in [m.concept.id for m in lexicon.match(
        words("my son says he wants to kill himself"))]
    # Accents folded: typed with or without them.
    assert [m.concept.id for m in lexicon.match(words("me cortaron la luz"))] == [
        m.concept.id for m in lexicon.match(words("Me cortaron la luz"))]


def test_contractions_match_with_or_without_the_apostrophe():
    lexicon = load_lexicon(str(_state_path()))
    for typed in ("she's talking to people who aren't there",
                  "shes talking to people who arent there",
                  "she’s talking to people who aren’t there"):
        matches = lexicon.match(words(typed))
        assert "psychiatric_emergency" in [m.concept.id for m in matches], typed
    # Positions stay those of the words as split, whatever was joined to match.
    split = words("my mom isn't eating and she can't sleep")
    for match in lexicon.match(split):
        assert 0 <= match.start < match.end <= len(split)


def _state_path():
    from navigator.config import ROOT

    return ROOT / "directory_data" / "concepts.yaml"


def test_a_directory_s_own_taxonomy_is_understood_without_editing(other_city):
    # No word of "need food for my kids" but "food" is in the pantry's listing, and
    # "food" alone is in no listing's text: its category's concept finds it.
    assert names(find("need food for my kids"))[0] == "Eastside Community Cupboard"
    assert names(find("they are going to cut off my lights"))[0] == "Energy Bill Assistance"


def test_a_spanish_query_finds_an_english_only_listing(other_city):
    assert names(find("necesito comida para mis hijos"))[0] == "Eastside Community Cupboard"
    assert names(find("me van a cortar la luz"))[0] == "Energy Bill Assistance"


def test_crisis_services_come_first_and_the_crisis_is_named(other_city):
    results = find("i dont want to be here anymore, i want to end it")
    assert results.crisis == "suicidal_thoughts" and results.crisis_kind == "suicide"
    assert names(results)[0] == "County Helpline"
    spanish = find("ya no quiero vivir")
    assert spanish.crisis_kind == "suicide" and names(spanish)[0] == "County Helpline"
    # An ordinary need is no crisis.
    assert find("food pantry").crisis is None


def test_an_ambiguous_word_is_read_by_the_rest_of_the_query():
    lexicon = load_lexicon(str(_state_path()))

    def ids(text):
        return {m.concept.id for m in lexicon.match(words(text))}

    assert "pets" in ids("my dog needs to see a vet") and "veterans" not in ids(
        "my dog needs to see a vet")
    # With nothing else to go by, both readings stand.
    assert {"pets", "veterans"} <= ids("vet")


def test_a_need_this_directory_has_no_service_for_gets_the_honest_page(other_city):
    # Car repair is understood, and no listing here is filed under it: the pantry that
    # shares "Tuesday" is no answer.
    assert find("my car broke down on tuesday and i need a mechanic").total == 0
    assert names(find("the pantry on tuesday"))[0] == "Eastside Community Cupboard"


def test_words_that_mean_two_crises_answer_the_most_urgent_first(other_city):
    expansion = _state().synonyms.expand(words("she took too many pills"))
    assert [c.crisis for c in expansion.crises][:2] == ["overdose", "suicide"]
    assert expansion.crisis.crisis == "overdose"
    # Services for either crisis come first: the suicide helpline is this directory's.
    results = find("she took too many pills")
    assert results.crisis_kind == "overdose" and names(results)[0] == "County Helpline"
