"""A package only so that this folder's conftest.py is imported as ``browser.conftest``.

Without it, pytest imports every conftest.py outside a package under the one name
``conftest``, the last one replacing the others in ``sys.modules``; this folder sorts first,
so ``from conftest import ...`` in tests/directory would get this file instead of
tests/conftest.py. Helpers are still imported as ``from browsing import ...``: setup.cfg's
``pythonpath`` puts this folder on ``sys.path`` (never ``from .browsing``: a second copy).
"""
