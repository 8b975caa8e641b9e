"""The benchmarks' modules (``bench/``, not a package) loaded for tests, e.g. the
generator of synthetic HSDS directories."""

from __future__ import annotations

import importlib.util

from tests.paths import ROOT


def load_bench_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
