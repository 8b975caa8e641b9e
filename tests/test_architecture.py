"""The house's import rules, read from the source of every module of ``navigator``.

``directory`` <- ``search`` <- {``workflow``, ``portal``, ``api``, ``admin``, ``public``,
``reports``};
``review`` (proposed changes and reports waiting for an admin) stands between the directory
and the portal, admin and public pages, and knows nothing of search or the features;
``auth``, ``audit`` and ``i18n`` are leaves anyone may use; other features enter search
only through ``navigator.search``; nothing imports ``public`` but the factory.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "navigator"
FEATURES = {"workflow", "portal", "api", "admin", "public", "reports"}
#: What each part may not import (besides the rules on search and public below).
FORBIDDEN = {
    "directory": {"search", "auth", "audit", "i18n", "review"} | FEATURES,
    "search": FEATURES | {"auth", "audit", "review"},
    "review": FEATURES | {"search", "auth"},
    "auth": {"search"} | FEATURES,
    "audit": {"search", "auth"} | FEATURES,
    "i18n": {"directory", "search", "auth", "audit"} | FEATURES,
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the module imported, or a name imported from it (dotted)
    line: int

    @property
    def where(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path = PACKAGE) -> list[Import]:
    """Every import of ``navigator`` in ``path`` (a file under ``root``), relative ones
    resolved, ``from a import b`` as ``a.b`` (``b`` may be a submodule or a name: the
    rules tell them apart)."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [Import(module, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found += [Import(module, f"{source}.{alias.name}", node.lineno)
                      for alias in node.names]
    return [i for i in found if i.target == "navigator" or i.target.startswith("navigator.")]


def all_imports(root: Path = PACKAGE) -> list[Import]:
    return [i for path in sorted(root.rglob("*.py")) for i in imports_of(path, root)]


def _part(dotted: str) -> str | None:
    """The top-level part of the package a dotted name is in ("navigator.search.geo" ->
    "search"), or None for the package itself."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else None


def _search_submodules(root: Path) -> set[str]:
    folder = root / "search"
    return {p.stem for p in folder.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in folder.iterdir() if (p / "__init__.py").exists()}


def search_door_breaches(imports: list[Import], root: Path = PACKAGE) -> list[str]:
    """Imports of a submodule of ``navigator.search`` from outside it."""
    submodules = _search_submodules(root)
    return [i.where for i in imports
            if _part(i.module) != "search" and i.target.startswith("navigator.search.")
            and i.target.split(".")[2] in submodules]


def public_breaches(imports: list[Import], root: Path = PACKAGE) -> list[str]:
    """Imports of ``navigator.public`` from anywhere but itself and the factory."""
    return [i.where for i in imports
            if _part(i.target) == "public" and _part(i.module) != "public"
            and i.module != "navigator"]


def direction_breaches(imports: list[Import], root: Path = PACKAGE) -> list[str]:
    return [i.where for i in imports
            if _part(i.target) in FORBIDDEN.get(_part(i.module), ())]


def test_other_features_enter_search_only_through_its_door():
    assert search_door_breaches(all_imports()) == []


def test_nothing_imports_the_public_pages():
    assert public_breaches(all_imports()) == []


def test_imports_flow_one_way():
    assert direction_breaches(all_imports()) == []


@pytest.mark.parametrize("source, rule, caught", [
    ("from navigator.search.geo import Place\n", search_door_breaches, True),
    ("from navigator.search import engine\n", search_door_breaches, True),
    ("import navigator.search.query_string\n", search_door_breaches, True),
    ("from navigator.search import Place, search\n", search_door_breaches, False),
    ("from navigator.public.presenting import miles_text\n", public_breaches, True),
    ("from ..public import models\n", public_breaches, True),
    ("from navigator.i18n import in_language\n", public_breaches, False),
    ("from ..workflow import referrals\n", direction_breaches, False),
])
def test_the_rules_catch_what_they_name(tmp_path, source, rule, caught):
    """The rules read a module the way the tests above read the package: each breach
    is caught (here in a module of ``navigator.portal``), and what is allowed is not."""
    root = tmp_path / "navigator"
    for name in ("__init__", "geo", "engine", "query_string"):
        _write(root / "search" / f"{name}.py", "")
    _write(root / "portal" / "views.py", source)
    found = rule(all_imports(root), root)
    assert bool(found) is caught, found


def test_a_leaf_importing_a_feature_is_caught(tmp_path):
    root = tmp_path / "navigator"
    _write(root / "audit" / "models.py", "from navigator.workflow.models import Referral\n")
    assert direction_breaches(all_imports(root), root) == [
        "navigator.audit.models:1 imports navigator.workflow.models.Referral"]


def _write(path: Path, text: str) -> None:
    """A module of a package under ``navigator`` (both packages made as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for package in (path.parent, path.parent.parent):
        (package / "__init__.py").touch()
    path.write_text(text)
