"""The benchmarks' modules (``bench/``, not a package) loaded for tests, e.g. the
generator of synthetic HSDS directories."""

from __future__ import annotations

import importlib.util
import sys

from tests.paths import ROOT


def load_bench_module(name: str):
    """``bench/<name>.py`` as the module ``name``, loaded once (its dataclasses need to
    find their module in ``sys.modules``)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
