"""The interface's message catalogs compiled as ``make`` compiles them."""

from __future__ import annotations

import os
from pathlib import Path

from tests.paths import TRANSLATIONS


def compile_translations(directory: Path = TRANSLATIONS) -> list[Path]:
    """Compile each catalog (``<lang>/LC_MESSAGES/messages.po``) whose ``.mo`` is missing or
    older than it, as ``make`` does, so that ``pytest`` alone serves translated pages.
    Returns the ``.mo`` files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        with partial.open("wb") as target:
            write_mo(target, catalog)  # fuzzy entries left out, as pybabel compile does
        partial.replace(mo)  # whole or not at all, for a run started at the same time
        written.append(mo)
    return written
