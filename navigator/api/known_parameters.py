"""Every API operation takes the query parameters its OpenAPI document lists, and no
other: an unknown one (a typo such as ``pgae``) is a 400 naming it, not a silent
default that looks like a working filter. The document is the one list, so what is
documented is what is accepted."""

from __future__ import annotations

import re
from functools import lru_cache

from flask import request

from navigator.search import BadParameter
from .blueprint import blueprint
from .documentation import document

#: A Flask rule's variable (``<object_id>``) -> the document's ``{id}``.
_VARIABLE = re.compile(r"<(?:[^:<>]+:)?[^<>]+>")
#: How much of an unknown name an answer repeats.
SHOWN = 60


@lru_cache(maxsize=1)
def known() -> dict[str, tuple[str, ...]]:
    """OpenAPI path -> the names of its query parameters, in the document's order."""
    doc = document()
    components = doc["components"]["parameters"]
    found = {}
    for path, item in doc["paths"].items():
        listed = [*item.get("parameters", []), *item["get"].get("parameters", [])]
        parameters = [components[p["$ref"].rsplit("/", 1)[1]] if "$ref" in p else p
                      for p in listed]
        found[path] = tuple(dict.fromkeys(p["name"] for p in parameters
                                          if p.get("in") == "query"))
    return found


def _shown(name: str) -> str:
    return name[:SHOWN] if name else '""'


def unknown_parameters(path: str, names) -> None:
    """Raise ``BadParameter`` naming the first of ``names`` the operation at ``path``
    (an OpenAPI path) does not take; a path the document lacks is not checked."""
    allowed = known().get(path)
    if allowed is None:
        return
    unknown = [name for name in dict.fromkeys(names) if name not in allowed]
    if not unknown:
        return
    label = "unknown parameter" if len(unknown) == 1 else "unknown parameters"
    takes = f"known: {', '.join(allowed)}" if allowed else "it takes none"
    raise BadParameter(_shown(unknown[0]), f"{label}: "
                       f"{', '.join(_shown(name) for name in unknown[:10])} ({takes})")


@blueprint.before_request
def refuse_unknown_parameters():
    rule = request.url_rule
    if rule is None or request.method == "OPTIONS":
        return  # no such address (a 404), or a CORS preflight
    path = _VARIABLE.sub("{id}", rule.rule.removeprefix(blueprint.url_prefix)) or "/"
    unknown_parameters(path, request.args.keys())
