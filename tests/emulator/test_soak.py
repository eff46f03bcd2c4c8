"""The soak (benchmarks/soak.py), small: 8 threads on one Session, ~10% faults of every kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SOAK = Path(__file__).resolve().parents[2] / "benchmarks" / "soak.py"


def test_a_small_soak_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, str(SOAK), "--operations", "400", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0, report
    assert report["operations"] == 400 and report["faults_injected"] > 0
    assert report["succeeded"] + report["typed_errors"] == 400
    for count in (
        "wrong_results",
        "duplicate_posts",
        "duplicate_creations",
        "non_catapult_exceptions",
        "hangs",
    ):
        assert report[count] == 0, report
    assert report["fd_growth"] <= 2, report  # the pool is closed: no socket may stay open
