"""Where the tests find the repository and the shared folder beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The repository root (``directory_data/``, ``bench/``, ``navigator/``).
ROOT = Path(__file__).resolve().parent.parent
#: The shared folder beside the repository: the official HSDS 3.0 files.
SHARED = ROOT.parent / "shared"
HSDS = SHARED / "hsds" / "3.0"
TRANSLATIONS = ROOT / "navigator" / "translations"


def require(path: Path) -> Path:
    """Skip the test when a file from the shared folder is not present."""
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path
