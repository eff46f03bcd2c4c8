"""The main job: ``python -m catapult demo`` walks a bridge's life against the emulator."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from catapult import APIConnectionError
from catapult.__main__ import main
from catapult.demo import run_demo


def test_demo_transcript_walks_the_whole_lifecycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CATAPULT_USER_ID", raising=False)
    out = io.StringIO()
    assert (
        run_demo(from_number="+15550001000", to_numbers=["+15550002001", "+15550002002"], out=out)
        == 0
    )
    text = out.getvalue()
    steps = [
        "embedded Catapult emulator",
        "1. Call",
        "2. Bridge",
        "3. Speak",
        "4. Hold",
        "5. List",
        "6. Hang up",
        "7. Final states",
        "Done.",
    ]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "POST /bridges -> 201" in text
    assert " is hold" in text and " is active" in text
    assert "bridge brg-" in text and ": completed" in text
    assert text.count("POST /calls -> 201") == 2


def test_demo_says_so_before_touching_a_real_account(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "CATAPULT_USER_ID": "u-real",
        "CATAPULT_API_TOKEN": "t",
        "CATAPULT_API_SECRET": "s",
        "CATAPULT_BASE_URL": "http://127.0.0.1:9/v1",
    }.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    with pytest.raises(APIConnectionError):  # nothing listens on port 9: the first request fails
        run_demo(from_number="+15550001000", to_numbers=["+15550002001", "+15550002002"], out=out)
    assert out.getvalue().startswith("catapult demo: using the REAL account u-real")


def test_cli_runs_the_demo_as_documented() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATAPULT_")}
    done = subprocess.run(
        [sys.executable, "-m", "catapult", "demo"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "7. Final states" in done.stdout


def test_cli_without_a_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out
