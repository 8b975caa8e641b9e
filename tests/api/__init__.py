"""A package, so that this folder's conftest.py is imported as ``api.conftest`` and never
replaces tests/conftest.py (see tests/browser/__init__.py)."""
