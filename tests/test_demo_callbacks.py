"""``python -m catapult demo --callbacks``: the forwarding app's whole flow, in order."""

from __future__ import annotations

import io
import re
import time

import pytest

from catapult.__main__ import main
from catapult.demo_callbacks import run_callbacks_demo


def _position(lines: list[str], pattern: str) -> int:
    for index, line in enumerate(lines):
        if re.search(pattern, line):
            return index
    raise AssertionError(f"no line matches {pattern!r} in:\n" + "\n".join(lines))


def test_callbacks_demo_forwards_bridges_and_tears_down_in_order() -> None:
    out = io.StringIO()
    started = time.monotonic()
    assert run_callbacks_demo(agent_number="+15550002009", out=out) == 0
    assert time.monotonic() - started < 5
    lines = out.getvalue().splitlines()
    caller = re.search(r"net +call (c-\S+) from", out.getvalue())
    agent = re.search(r"agent leg is (c-\S+)", out.getvalue())
    assert caller and agent
    c, a = re.escape(caller.group(1)), re.escape(agent.group(1))
    flow = [
        rf"net +call {c} from \+15550003000 to \+15550001000 arrives",
        rf"app <- incomingcall {c} from \+15550003000",
        rf"app -> answer {c}",
        rf"app <- answer {c} \(caller\)",
        rf"app -> dial agent \+15550002009 \(tag {c}\)",
        rf"app <- answer {a} \(agent, tag {c}\)",
        rf"app -> bridge {c} \+ {a} = brg-\S+ \(active\)",
        rf"net +caller {c} hangs up",
        rf"app <- hangup {c} \(NORMAL_CLEARING\)",
        rf"app -> hang up the other leg {a}",
        rf"app <- hangup {a} \(NORMAL_CLEARING\)",
        r"7 callbacks delivered, 0 failed",
        r"Done\.",
    ]
    positions = [_position(lines, step) for step in flow]
    assert positions == sorted(positions), "\n".join(lines)
    speak = [_position(lines, rf"speak {status} .* on {c}") for status in ("started", "done")]
    assert positions[3] < speak[0] < speak[1] < positions[8]  # between answer and hangup


def test_cli_runs_the_callbacks_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--callbacks", "--to", "+15550002007", "+15550002008"]) == 0
    printed = capsys.readouterr().out
    assert "dial agent +15550002007" in printed and "Done." in printed
