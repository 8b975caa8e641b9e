"""Signals the directory sends; other features subscribe without the directory knowing them."""

from blinker import Namespace

_signals = Namespace()

#: Sent with the app as sender after a bulk change (an import) committed.
directory_changed = _signals.signal("directory-changed")
