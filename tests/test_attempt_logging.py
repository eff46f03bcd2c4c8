"""The ``catapult`` logger: one DEBUG line per attempt, whatever ended it, and silence in a
program that did not configure logging.

Failed attempts are driven by the emulator's faults over real sockets, with both sessions
(conftest's ``open_session``: a Session, then an AsyncSession driven synchronously).
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from conftest import session_for

from catapult import (
    APIConnectionError,
    APITimeoutError,
    AsyncSession,
    ResponseTooLargeError,
    ServerError,
)
from catapult.emulator import Emulator

Opener = Callable[..., AbstractContextManager[Any]]


def _no_sleep(seconds: float) -> None:
    """Retries need no real wait here."""


def _debug_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "catapult" and record.levelno == logging.DEBUG
    ]


def test_every_attempt_of_a_dropped_get_is_logged(
    open_session: Opener, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="catapult")
    emulator.inject_fault(method="GET", path="/bridges/*", action="drop", times=None)
    with open_session(sleep=_no_sleep) as session, pytest.raises(APIConnectionError) as info:
        session.bridges.get("brg-1")
    assert info.value.attempts == 3
    lines = _debug_lines(caplog)
    assert len(lines) == 3, lines
    for number, line in enumerate(lines, start=1):
        assert line.startswith(f"GET {emulator.base_url}/users/{emulator.user_id}/bridges/brg-1 ")
        assert "-> APIConnectionError (connection lost before an answer" in line
        assert line.endswith(f"(attempt {number})")
    assert len(emulator.requests(method="GET")) == 3


def test_a_timed_out_attempt_is_logged(
    open_session: Opener, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="catapult")
    emulator.inject_fault(method="GET", action="delay", delay=60.0)
    with open_session(timeout=(2, 0.5), max_retries=0) as session, pytest.raises(APITimeoutError):
        session.bridges.get("brg-1")
    lines = _debug_lines(caplog)
    assert len(lines) == 1, lines
    assert " -> APITimeoutError (" in lines[0] and lines[0].endswith("(attempt 1)")


def test_a_refused_answer_is_logged_once(
    open_session: Opener, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="catapult")
    emulator.inject_fault(method="GET", action="huge", size=1024 * 1024)
    with open_session(max_response_bytes=64 * 1024) as session:
        with pytest.raises(ResponseTooLargeError):
            session.bridges.get("brg-1")
        session.bridges.create_id()
    lines = _debug_lines(caplog)
    assert len(lines) == 2, lines
    assert " -> ResponseTooLargeError (" in lines[0] and lines[0].endswith("(attempt 1)")
    assert lines[1].startswith("POST ") and " -> 201 in " in lines[1]


def test_answered_attempts_keep_their_status_line(
    open_session: Opener, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="catapult")
    emulator.inject_fault(method="GET", path="/bridges/*", status=503)
    with open_session(sleep=_no_sleep) as session:
        bridge_id = session.bridges.create_id()
        session.bridges.get(bridge_id)
    lines = _debug_lines(caplog)
    assert [line.split(" in ")[0].split(" -> ")[1] for line in lines] == ["201", "503", "200"]
    assert [line[-2] for line in lines] == ["1", "1", "2"]


@pytest.mark.asyncio
async def test_a_cancelled_attempt_is_logged(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="catapult")
    emulator.inject_fault(method="GET", action="delay", delay=60.0)
    async with session_for(emulator, AsyncSession) as session:
        task = asyncio.ensure_future(session.bridges.get("brg-1"))
        await asyncio.sleep(0.2)  # the task's first step starts the attempt; it waits 60 s
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    lines = _debug_lines(caplog)
    assert len(lines) == 1, lines
    assert lines[0].startswith("GET ") and " -> cancelled in " in lines[0]
    assert lines[0].endswith("(attempt 1)")


def test_a_program_without_logging_configured_prints_no_catapult_lines() -> None:
    script = textwrap.dedent(
        """
        import logging
        import catapult
        logging.getLogger("catapult").warning("retrying POST https://x in 2.00 s")
        logging.getLogger("catapult.router").error("a handler failed")
        print("done")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "done"
    assert done.stderr == ""  # logging's last-resort handler was not used


def test_a_configured_application_still_sees_the_lines(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="catapult")
    logging.getLogger("catapult").warning("retrying GET in 1.00 s")
    assert [r.getMessage() for r in caplog.records] == ["retrying GET in 1.00 s"]


def test_url_secrets_read_redacted_in_every_line(
    open_session: Opener, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="catapult")
    emulator.inject_fault(method="GET", status=503, times=None)
    with open_session(sleep=_no_sleep, max_retries=1) as session:
        url = f"{session.user_url}/bridges?page=2&token=s3cret-value"
        with pytest.raises(ServerError):
            session.transport.request("GET", url)
    lines = [r.getMessage() for r in caplog.records if r.name == "catapult"]
    assert len(lines) == 3, lines  # two attempts and the retry between them
    assert all("page=2&token=REDACTED" in line for line in lines)
    assert not any("s3cret" in line for line in lines)
