"""Signals the directory sends; other features subscribe without the directory knowing them."""

from blinker import Namespace

_signals = Namespace()

#: Sent with the app as sender after a bulk change (an import) committed.
directory_changed = _signals.signal("directory-changed")


def announce_change(app) -> list[str]:
    """Send ``directory_changed``; the lines its receivers (the search index) have for
    the person who made the change."""
    return [line for _, line in directory_changed.send(app) if line]
