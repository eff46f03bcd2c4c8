"""The main job: ``python -m catapult demo`` walks a bridge's life against the emulator."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from catapult import ConfigurationError
from catapult.__main__ import main
from catapult.demo import run_demo
from catapult.testing import EmulatorFixture

TO = ("+15550002001", "+15550002002")


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


def test_demo_ignores_catapult_variables_without_live(
    monkeypatch: pytest.MonkeyPatch, catapult_emulator: EmulatorFixture
) -> None:
    # The variables name a reachable "account" (an emulator standing in for it): untouched.
    for name, value in _environment_of(catapult_emulator).items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    assert run_demo(from_number="+15550001000", to_numbers=TO, out=out) == 0
    assert "embedded Catapult emulator" in out.getvalue()
    assert catapult_emulator.requests() == []


def test_live_demo_warns_then_uses_the_account_in_the_environment(
    capsys: pytest.CaptureFixture[str], catapult_emulator: EmulatorFixture
) -> None:
    out = io.StringIO()
    environ = _environment_of(catapult_emulator)
    status = run_demo(
        from_number="+15550001000", to_numbers=TO, out=out, live=True, environ=environ
    )
    assert status == 0
    assert "WARNING" in capsys.readouterr().err
    assert out.getvalue().startswith(f"catapult demo: REAL account {catapult_emulator.user_id}")
    assert len(catapult_emulator.requests("POST", "/calls")) == 2


def test_live_demo_names_missing_variables_before_sending_anything() -> None:
    with pytest.raises(ConfigurationError, match="CATAPULT_API_TOKEN, CATAPULT_API_SECRET"):
        run_demo(
            from_number="+15550001000",
            to_numbers=TO,
            out=io.StringIO(),
            live=True,
            environ={"CATAPULT_USER_ID": "u-1"},
        )


def _environment_of(emulator: EmulatorFixture) -> dict[str, str]:
    return {
        "CATAPULT_USER_ID": emulator.user_id,
        "CATAPULT_API_TOKEN": emulator.api_token,
        "CATAPULT_API_SECRET": emulator.api_secret,
        "CATAPULT_BASE_URL": emulator.base_url,
    }


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
    assert "demo" in capsys.readouterr().err


def test_conference_demo_walks_a_conference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CATAPULT_USER_ID", raising=False)
    out = io.StringIO()
    numbers = ["+15550002001", "+15550002002"]
    assert run_demo(from_number="+15550001000", to_numbers=numbers, out=out, conference=True) == 0
    text = out.getvalue()
    steps = ["1. Create", "2. Call", "3. Speak", "4. Mute", "5. Remove", "6. Terminate", "Done."]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "POST /conferences -> 201" in text and text.count("/members -> 201") == 2
    assert "is active, 2 members" in text and "1 member(s) left" in text
    assert ": completed (completed at" in text and "muted True, held False" in text
