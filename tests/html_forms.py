"""The forms of a page as a browser would send them: each form's method, action and
fields, with the values a person who fills in only what is required would send."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

#: What a field left empty gets, by its input type (or "text"); a field whose name says
#: phone or email gets a phone number or an email address.
FILLED = {"email": "fuzz@example.org", "tel": "919-555-0123", "password":
          "blue-harbor-lantern-47", "date": "2030-06-01", "datetime-local":
          "2024-01-02T10:30", "number": "1990", "text": "fuzz words"}


def _filler(f: "Field") -> str:
    for hint, kind in (("email", "email"), ("phone", "tel")):
        if hint in f.name:
            return FILLED[kind]
    return FILLED.get(f.kind, FILLED["text"])


@dataclass
class Field:
    name: str
    kind: str  # an input's type, or "select", "textarea", "button"
    value: str = ""
    required: bool = False
    chosen: bool = False  # a checked box or radio, a selected option
    options: list[str] = field(default_factory=list)


@dataclass
class HtmlForm:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Every field name, once, in page order."""
        return list(dict.fromkeys(f.name for f in self.fields))

    def filled(self, typing: bool = True) -> list[tuple[str, str]]:
        """The (name, value) pairs of the form filled in: every empty field but a hidden
        one given a value of its kind, a choice made where one is required, the first
        named button pressed. Without ``typing``, as sent by a person who only presses
        the button: an empty field stays empty unless it is required."""
        pairs: list[tuple[str, str]] = []
        groups: dict[str, list[Field]] = {}
        for f in self.fields:
            groups.setdefault(f.name, []).append(f)
        for name, members in groups.items():
            first = members[0]
            if first.kind in ("checkbox", "radio"):
                chosen = [m.value for m in members if m.chosen]
                if not chosen and any(m.required for m in members):
                    chosen = [first.value]
                pairs += [(name, value) for value in chosen]
            elif first.kind == "select":
                value = first.value if typing or first.chosen else next(
                    iter(first.options), "")  # as a browser sends a select left alone
                pairs.append((name, value or next((
                    o for o in first.options if o and (typing or first.required)), "")))
            elif first.kind == "button":
                pairs.append((name, first.value))
            elif first.value or first.kind == "hidden" or not (typing or first.required):
                pairs.append((name, first.value))
            else:
                pairs.append((name, _filler(first)))
        return pairs


class _Reader(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self.form: HtmlForm | None = None
        self.select: Field | None = None
        self.option: tuple[str | None, bool] | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "form":
            self.form = HtmlForm(a.get("method", "get").lower(),
                                 urljoin(self.page_url, a.get("action") or self.page_url))
            self.forms.append(self.form)
        elif self.form is None or ("name" not in a and tag != "option"):
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "reset", "image"):
            self.form.fields.append(Field(
                a["name"], a.get("type", "text").lower(), a.get("value", ""),
                "required" in a, "checked" in a))
        elif tag in ("button", "input"):
            if a.get("type", "submit") == "submit":
                self.form.fields.append(Field(a["name"], "button", a.get("value", "")))
        elif tag == "select":
            self.select = Field(a["name"], "select", required="required" in a)
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = (a.get("value"), "selected" in a)
            self._option_text = ""
        elif tag == "textarea":
            self.textarea = Field(a["name"], "textarea", required="required" in a)
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            if self.textarea is not None and self.textarea.value.startswith(("\r\n", "\n")):
                # As a browser drops it: the line break that opens a textarea (CR LF is one).
                text = self.textarea.value
                self.textarea.value = text[2:] if text.startswith("\r") else text[1:]
            self.textarea = None
        elif tag == "option" and self.option is not None and self.select is not None:
            value, selected = self.option
            value = self._option_text.strip() if value is None else value
            self.select.options.append(value)
            if selected:
                self.select.value, self.select.chosen = value, True
            self.option = None
        elif tag == "select":
            self.select = None


def forms_of(html: str, page_url: str) -> list[HtmlForm]:
    """Every form of ``html`` (a page at ``page_url``), actions made absolute paths."""
    reader = _Reader(page_url)
    reader.feed(html)
    reader.close()
    return reader.forms
