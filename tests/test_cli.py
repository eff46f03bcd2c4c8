"""The command line: strict arguments, help for every option, one-line errors, the emulator's
paste-able settings and request log, and the ``catapult`` console script."""

from __future__ import annotations

import argparse
import os
import queue
import shlex
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from catapult import Session, __version__
from catapult.__main__ import build_parser, main

#: Generous bound for a subprocess (the machine may be loaded).
TIMEOUT = 60


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "catapult", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )


def _without_catapult_variables() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CATAPULT_")}


def _assert_one_line_error(result: subprocess.CompletedProcess[str], status: int) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("usage:", " "))]
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- arguments and help ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--bogus-flag"],
        ["emulator", "--bogus-flag"],
        ["demo", "--live"],  # real calls need the numbers spelled out
        ["demo", "--live", "--callbacks"],
        ["demo", "--callbacks", "--conference"],  # one walk at a time
        ["demo", "--from", "garbage"],  # checked before anything starts
        ["demo", "--to", "+15550002001", "5551234"],
        ["emulator", "--port", "70000"],
        ["nonsense"],
    ],
)
def test_bad_command_lines_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert "error:" in err and "Traceback" not in err
    assert out == ""  # nothing started


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"catapult-sdk {__version__}"


def test_emulator_help_shows_the_emulator_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["emulator", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--port", "--host", "--rate-limits", "--incoming-call-url", "--verbose"):
        assert option in text


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_every_option_and_command_has_help() -> None:
    parsers = list(_parsers(build_parser()))
    assert [p.prog for p in parsers] == ["catapult", "catapult demo", "catapult emulator"]
    for parser in parsers:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert all(choice.help for choice in action._choices_actions)
            else:
                assert action.help, f"{parser.prog} {action.option_strings}"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("catapult")
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"catapult-sdk {__version__}"


# -- one-line errors ---------------------------------------------------------------------------


def test_live_demo_with_missing_variables_names_them_in_one_line() -> None:
    env = {**_without_catapult_variables(), "CATAPULT_USER_ID": "u-1"}
    result = _cli(
        "demo", "--live", "--from", "+15550001000", "--to", "+1555000201", "+1555000202", env=env
    )
    line = _assert_one_line_error(result, 2)
    assert line.startswith("python -m catapult demo: error:")
    assert "CATAPULT_API_TOKEN, CATAPULT_API_SECRET" in line
    assert result.stdout == ""


def test_emulator_on_a_port_in_use_says_what_to_do() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _cli("emulator", "--port", str(port))
    line = _assert_one_line_error(result, 1)
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert "pick another --port" in line


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--ring-time", "-1"], "ring_time must be >= 0"),
        (["--seed-bridges", "-5"], "bridges must be 0..100000"),
        (["--seed-bridges", "200000"], "bridges must be 0..100000"),
    ],
)
def test_emulator_settings_it_refuses_are_one_line_errors(argv: list[str], says: str) -> None:
    line = _assert_one_line_error(_cli("emulator", *argv), 2)
    assert says in line


def test_a_reader_that_goes_away_is_not_a_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "catapult", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_without_catapult_variables(),
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith("catapult demo: embedded Catapult emulator")
    process.stdout.close()  # like `catapult demo | head -1`
    errors = process.stderr.read()
    assert process.wait(timeout=TIMEOUT) in (0, 1)
    assert "Traceback" not in errors


# -- the emulator as a command -----------------------------------------------------------------


class _Lines:
    """A subprocess's stdout lines, read by a thread so that a wait can be bounded."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        stream = process.stdout
        threading.Thread(
            target=lambda: [self._queue.put(line) for line in stream], daemon=True
        ).start()

    def until(self, predicate: str) -> list[str]:
        seen = []
        while True:
            line = self._queue.get(timeout=TIMEOUT).rstrip("\n")
            seen.append(line)
            if predicate in line:
                return seen


def test_emulator_prints_exports_to_paste_and_logs_each_request_when_verbose() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "catapult", "emulator", "--verbose", "--user-id", "u-cli"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = _Lines(process)
        banner = lines.until("Ctrl-C")
        exports = dict(
            shlex.split(line.removeprefix("export "))[0].split("=", 1)
            for line in banner
            if line.startswith("export ")
        )
        assert sorted(exports) == [
            "CATAPULT_API_SECRET",
            "CATAPULT_API_TOKEN",
            "CATAPULT_BASE_URL",
            "CATAPULT_USER_ID",
        ]
        with Session.from_env(exports) as session:
            assert list(session.bridges.list()) == []
        logged = lines.until("/bridges")
        assert logged[-1].startswith("GET /v1/users/u-cli/bridges")
        assert logged[-1].endswith("-> 200")
    finally:
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=TIMEOUT)
    assert status == 0
    assert process.stderr is not None and "Traceback" not in process.stderr.read()
