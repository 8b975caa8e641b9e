"""My list: services a resident keeps, without an account, in the signed session cookie.

Only service ids are kept (public listings, nothing about the person); a share link
carries the same ids in its query string.
"""

from __future__ import annotations

import re

from flask import session

MAX_SERVICES = 20
_ID = re.compile(r"[A-Za-z0-9:_-]{1,64}")


def ids() -> list[str]:
    return [i for i in session.get("list", []) if isinstance(i, str)][:MAX_SERVICES]


def add(service_id: str) -> bool:
    """Add a service; False when the list is full."""
    current = ids()
    if service_id in current:
        return True
    if len(current) >= MAX_SERVICES:
        return False
    session["list"] = [*current, service_id]
    return True


def remove(service_id: str) -> None:
    session["list"] = [i for i in ids() if i != service_id]


def parse(text: str | None) -> list[str]:
    """Service ids from a share link (anything else in it is ignored)."""
    found = [part for part in (text or "").split(",") if _ID.fullmatch(part)]
    return list(dict.fromkeys(found))[:MAX_SERVICES]


def serialize(service_ids: list[str]) -> str:
    return ",".join(service_ids)
