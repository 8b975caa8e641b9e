"""A service's cost as its page says it: in the page's language, and once.

Publishers write a service's cost twice in HSDS: as cost options, in a few common words
("free", "sliding scale", "Medicaid accepted"), and as a fee description beside them
("Free."). The page says a cost word it knows in the page's language, from a small
general list of the words HSDS data uses (in English or Spanish, matched whole: case,
hyphens and end punctuation aside); other words as the publisher wrote them. A
description that only repeats what the options said (each half of "Free. / Gratis."
names the free option) is not shown a second time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Protocol

from flask_babel import lazy_gettext as _l

#: What each kind of cost is called on the pages (the search filters' words too).
LABELS = {
    "free": _l("Free"), "low": _l("Low cost"), "sliding": _l("Sliding scale"),
    "donation": _l("Donation"), "fee": _l("Fee"), "self_pay": _l("Self-pay"),
    "insurance": _l("Insurance accepted"), "medicaid": _l("Medicaid accepted"),
    "medicare": _l("Medicare accepted"),
}

#: The words publishers use for each kind, as ``normalized`` leaves them.
WORDS = {
    "free": ("free", "free of charge", "no cost", "no charge", "no fee", "at no cost",
             "gratis", "gratuito", "sin costo", "sin cargo", "0", "$0"),
    "low": ("low cost", "reduced cost", "reduced fee", "bajo costo"),
    "sliding": ("sliding scale", "sliding fee", "sliding fees", "sliding fee scale",
                "sliding scale fee", "sliding scale fees", "income based",
                "based on income", "escala movil", "escala variable"),
    "donation": ("donation", "donations", "donations accepted", "suggested donation",
                 "by donation", "donativo", "donacion"),
    "fee": ("fee", "fees", "fee for service", "paid", "cuota", "tarifa"),
    "self_pay": ("self pay", "private pay", "cash", "pago propio"),
    "insurance": ("insurance", "insurance accepted", "accepts insurance",
                  "private insurance", "seguro", "seguro medico", "acepta seguro"),
    "medicaid": ("medicaid", "medicaid accepted", "accepts medicaid", "acepta medicaid"),
    "medicare": ("medicare", "medicare accepted", "accepts medicare", "acepta medicare"),
}
_KIND = {word: kind for kind, words in WORDS.items() for word in words}
#: The two halves of a text in two languages ("Free. / Gratis.").
BILINGUAL = " / "


def normalized(text: str) -> str:
    """``text`` as the word list spells it: lower case, no accents, hyphens as spaces,
    no punctuation at either end ("Sliding-scale." -> "sliding scale")."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[-_\s]+", " ", text)
    return text.strip(" .,;:!¡?¿()'\"")


def cost_kind(text: str | None) -> str | None:
    """The kind of cost (a key of ``LABELS``) that ``text`` names whole, or that each
    half of a text in two languages names ("Free. / Gratis."), or None."""
    if not text:
        return None
    kinds = {_KIND.get(normalized(half)) for half in text.split(BILINGUAL)}
    return kinds.pop() if len(kinds) == 1 else None


def _words(text: str) -> tuple[str, bool]:
    """(``text`` in the page's language if it is a cost word of the list, else as is;
    whether it is)."""
    kind = cost_kind(text)
    return (str(LABELS[kind]), True) if kind else (text, False)


class CostOption(Protocol):
    option: str | None
    amount: Decimal | None
    currency: str | None
    amount_description: str | None


@dataclass(frozen=True)
class CostLine:
    """One line of the page's cost: ``text`` is the interface's words (in the page's
    language) when ``known``, else the publisher's."""

    text: str
    known: bool
    amount: Decimal | None = None
    currency: str | None = None
    details: str | None = None


def cost_lines(options: Iterable[CostOption], fees_description: str | None) -> list[CostLine]:
    """The cost options, then the fee description unless it only repeats them; a cost
    word said twice is said once."""
    lines: list[CostLine] = []
    said: set[str] = set()
    for option in options:
        words = (option.option or "").strip()
        plain = option.amount is None and not option.amount_description
        if plain and (not words or _said(words, said)):
            continue
        said.add(cost_kind(words) or normalized(words))
        lines.append(CostLine(*_words(words), option.amount, option.currency,
                              option.amount_description))
    description = (fees_description or "").strip()
    if description and not _said(description, said):
        lines.append(CostLine(*_words(description)))
    return lines


def _said(text: str, said: set[str]) -> bool:
    """Whether every half of ``text`` says something already said."""
    return all((cost_kind(half) or normalized(half)) in said
               for half in text.split(BILINGUAL))
