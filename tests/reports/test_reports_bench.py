"""The reports benchmark (``bench/reports_bench.py``) runs: a tiny year, generated and
reported on this run's database kind, every section timed."""

from __future__ import annotations

import os

from navigator.reports.sections import SECTIONS
from tests.bench_modules import load_bench_module

TINY = {"residents": 30, "needs": 40, "referrals": 80, "encounters": 30, "searches": 300}


def test_the_reports_bench_runs_on_a_tiny_year(request, tmp_path, capsys):
    bench = load_bench_module("reports_bench")
    if os.environ.get("NAVIGATOR_TEST_DATABASE_URL", "").startswith("postgresql"):
        url = request.getfixturevalue("postgres").create()
    else:
        url = f"sqlite:///{tmp_path / 'bench.db'}"
    result = bench.run(url, tmp_path, TINY, seed=3, repeat=1)
    made = result["made"]
    assert made["residents"] == 30 and made["referrals"] == 80
    assert made["search_log"] == 300 and made["referral_events"] > 80
    assert [s["section"] for s in result["sections"]] == [s.key for s in SECTIONS]
    assert [s["section"] for s in result["filtered"]] == [s.key for s in SECTIONS]
    unmet = next(s for s in result["sections"] if s["section"] == "unmet")
    assert unmet["tables"] == 7 and unmet["rows"] > 0
    assert all(page["status"] == 200 for page in result["pages"])
    bench.report("tiny", result)
    assert "unmet" in capsys.readouterr().out
