"""Repair the text of real exports before it is shown: mojibake, export tags, entities.

211 exports pass text through several systems, and it shows: ``It’s`` arrives as
``Itâ€™s`` (UTF-8 read as Windows-1252, which ``ftfy`` repairs) or as ``ItGÇÖs`` (UTF-8
read as code page 437, whose leading ``Γ`` was then flattened to ``G``: information
ftfy cannot recover, so the few punctuation marks it hits are mapped back here, from a
table derived below rather than typed), HTML entities (``&amp;``) and tags the exporting
system uses for its own layout (``###MON###``) sit in the text.
"""

from __future__ import annotations

import html
import re

import ftfy

#: Punctuation whose UTF-8 bytes, read as code page 437, start with "Γ" (the 0xE2 lead
#: byte); exports write that "Γ" as itself or as "G".
_PUNCTUATION = "’‘“”–—…•"
_CP437 = {}
for _mark in _PUNCTUATION:
    _broken = _mark.encode("utf-8").decode("cp437")
    _CP437[_broken] = _mark
    _CP437["G" + _broken[1:]] = _mark
_CP437_RE = re.compile("|".join(map(re.escape, sorted(_CP437, key=len, reverse=True))))
#: Layout tags of exporting systems: ###MON###, ###BR###.
_TAG_RE = re.compile(r"#{2,}[A-Z_]{1,20}#{2,}")
_SPACES_RE = re.compile(r"[ \t]{2,}")
_ENTITY_RE = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")

#: Built once: ftfy would otherwise build its configuration on every call.
_FTFY = ftfy.TextFixerConfig(normalization="NFC", uncurl_quotes=False, fix_line_breaks=False,
                             explain=False)

MOJIBAKE = "mojibake repaired"
TAG = "export tag removed"
ENTITY = "HTML entity decoded"


def repair(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` repaired, and what was done to it (none of MOJIBAKE, TAG, ENTITY when
    it was fine). Plain ASCII text without "&" or "#" is returned at once."""
    done = []
    if "#" in text and _TAG_RE.search(text):
        text = _SPACES_RE.sub(" ", _TAG_RE.sub(" ", text)).strip()
        done.append(TAG)
    if "&" in text and _ENTITY_RE.search(text):
        text = html.unescape(text)
        done.append(ENTITY)
    if not text.isascii():
        fixed = _CP437_RE.sub(lambda m: _CP437[m[0]], text)
        fixed = ftfy.fix_text(fixed, _FTFY)
        if fixed != text:
            text = fixed
            done.append(MOJIBAKE)
    return text, tuple(done)
