"""The test suite: a package, like each folder under it.

Helpers shared by test modules live in ordinary modules imported by their full name
(``from tests.paths import HSDS``, ``from tests.api.hsds_schemas import assert_valid``);
conftest.py files hold fixtures only and are never imported. pytest puts the repository
root on ``sys.path`` (the folder above the top package), so ``tests`` and ``navigator``
import from this checkout, whatever subset of the suite runs and in whatever order.
"""
