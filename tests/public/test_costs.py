"""A service's cost as its page says it (``navigator.public.costs``): the common cost words
of HSDS data in the page's language, anything else as written, and nothing said twice."""

from __future__ import annotations

from contextlib import ExitStack
from decimal import Decimal

import pytest

from navigator.directory.models import CostOption
from navigator.i18n import in_language
from navigator.public.costs import LABELS, WORDS, cost_kind, cost_lines, normalized


@pytest.fixture
def page(app):
    """``page("es")``: the rest of the test is inside a request for a page in Spanish."""
    with ExitStack() as stack:
        def open_page(lang: str) -> None:
            stack.enter_context(app.test_request_context("/"))
            stack.enter_context(in_language(lang))

        yield open_page


def option(words: str | None, amount: str | None = None, details: str | None = None):
    return CostOption(option=words, amount=Decimal(amount) if amount else None,
                      currency="USD" if amount else None, amount_description=details)


def said(lines) -> list[str]:
    return [line.text for line in lines]


@pytest.mark.parametrize(("words", "kind"), [
    ("free", "free"), ("Free.", "free"), ("FREE", "free"), ("No cost", "free"),
    ("no-cost", "free"), ("Gratis.", "free"), ("Free. / Gratis.", "free"),
    ("Sliding scale", "sliding"), ("sliding-scale fees", "sliding"),
    ("Donation", "donation"), ("Donations accepted", "donation"),
    ("Insurance accepted", "insurance"), ("Medicaid", "medicaid"),
    ("Medicaid accepted", "medicaid"), ("medicare", "medicare"), ("fee", "fee"),
    ("Self-pay", "self_pay"), ("Escala móvil", "sliding"),
])
def test_the_common_cost_words_are_known(words, kind):
    assert cost_kind(words) == kind


@pytest.mark.parametrize("words", [
    "Free to apply.", "Call to ask about costs.", "Free for eligible Medicaid members.",
    "Free. / Sliding scale.", "", None, "Rent is based on income. Call to ask."])
def test_a_sentence_is_not_a_cost_word(words):
    # Only a text that is a cost word whole is replaced: a sentence may say more.
    assert cost_kind(words) is None


def test_every_word_of_the_list_is_spelled_as_normalized_leaves_it():
    for kind, words in WORDS.items():
        assert kind in LABELS
        assert [w for w in words if normalized(w) != w] == [], kind


@pytest.mark.parametrize(("lang", "free", "sliding", "medicaid"), [
    ("en", "Free", "Sliding scale", "Medicaid accepted"),
    ("es", "Gratis", "Pago según sus ingresos", "Acepta Medicaid"),
])
def test_cost_words_are_said_in_the_pages_language(page, lang, free, sliding, medicaid):
    page(lang)
    lines = cost_lines([option("free"), option("sliding scale"), option("Medicaid")], None)
    assert said(lines) == [free, sliding, medicaid]
    assert all(line.known for line in lines)


def test_donations_insurance_and_no_cost_in_spanish(page):
    page("es")
    lines = cost_lines([option("Donation"), option("Insurance accepted"),
                        option("no cost")], None)
    assert said(lines) == ["Donativo", "Acepta seguro médico", "Gratis"]


def test_other_words_are_shown_as_written(page):
    page("es")
    lines = cost_lines([option("Pay what you can")], "Call to ask about costs.")
    assert said(lines) == ["Pay what you can", "Call to ask about costs."]
    assert not any(line.known for line in lines)


def test_a_description_that_repeats_the_option_is_not_said_again(page):
    # The sample's usual listing: the option "free" and the description "Free.".
    page("en")
    assert said(cost_lines([option("free")], "Free.")) == ["Free"]
    assert said(cost_lines([option("free")], "Free. / Gratis.")) == ["Free"]
    assert said(cost_lines([option("free"), option("Free")], None)) == ["Free"]


def test_a_description_that_says_more_is_kept(page):
    page("es")
    lines = cost_lines([option("free")], "Free, regardless of insurance.")
    assert said(lines) == ["Gratis", "Free, regardless of insurance."]
    assert [line.known for line in lines] == [True, False]


def test_a_description_alone_is_said_in_the_pages_language(page):
    page("es")
    assert said(cost_lines([], "Free.")) == ["Gratis"]
    assert said(cost_lines([], "Sliding-scale fees; call to ask.")) == [
        "Sliding-scale fees; call to ask."]


def test_an_option_with_an_amount_keeps_its_amount_and_details(page):
    page("es")
    [line] = cost_lines([option("fee", "10", "Certified copy, per copy")], None)
    assert (line.text, line.amount, line.currency, line.details) == (
        "Tarifa", Decimal("10"), "USD", "Certified copy, per copy")
    # The same word with another amount is another line.
    assert len(cost_lines([option("fee", "10"), option("fee", "25")], None)) == 2


def test_empty_options_say_nothing(page):
    page("en")
    assert cost_lines([option(None), option("  ")], "  ") == []
