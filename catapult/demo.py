"""The demo: a bridge's whole life through the typed API, with a transcript of every request.

It runs against an emulator started in-process, whatever ``CATAPULT_*`` variables are set. Only
``live=True`` (``catapult demo --live``) uses the account those variables name, after a warning.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import contextmanager
from typing import TextIO

from ._session import Session


class _RequestPrinter(logging.Handler):
    """Prints the transport's one-line-per-request log records, paths shortened."""

    def __init__(self, session: Session, out: TextIO) -> None:
        super().__init__(logging.DEBUG)
        self._prefix = session.user_url
        self._out = out

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if record.levelno != logging.DEBUG or not isinstance(args, tuple) or len(args) < 3:
            return
        method, url, status = args[:3]
        path = str(url).removeprefix(self._prefix) or "/"
        print(f"      {method:<4} {path} -> {status}", file=self._out)


Say = Callable[[str], None]


@contextmanager
def narrating(session: Session, out: TextIO) -> Generator[tuple[Say, Say], None, None]:
    """Print each request as it is sent; give a walk its two printers: ``step`` heads a
    step, ``show`` prints what the step shows."""

    def step(text: str) -> None:
        print(f"\n  {text}", file=out)

    def show(text: str) -> None:
        print(f"    = {text}", file=out)

    logger = logging.getLogger("catapult")
    handler = _RequestPrinter(session, out)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield step, show
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def walk_bridge_lifecycle(
    session: Session, from_number: str, to_numbers: Sequence[str], out: TextIO
) -> None:
    """Two calls, a bridge, a sentence, hold and unhold, the bridge's calls, hang-up."""
    with narrating(session, out) as (step, show):
        step(f"1. Call {to_numbers[0]} and {to_numbers[1]} from {from_number}")
        first = session.calls.create(from_=from_number, to=to_numbers[0])
        second = session.calls.create(from_=from_number, to=to_numbers[1])
        show(f"{first.id} is {first.state}, {second.id} is {second.state}")

        step("2. Bridge the two calls")
        bridge = first.bridge_with(second)
        show(f"{bridge.id} is {bridge.state}, audio {'on' if bridge.bridge_audio else 'off'}")

        step("3. Speak to both callers")
        bridge.speak("Hello! You are now connected.", voice="Kate")
        show("sentence queued")

        step("4. Hold, then unhold")
        bridge.update(bridge_audio=False).refresh()
        show(f"{bridge.id} is {bridge.state}")
        bridge.update(bridge_audio=True).refresh()
        show(f"{bridge.id} is {bridge.state}")

        step("5. List the bridge's calls")
        for call in bridge.calls():
            show(f"{call.id} to {call.to}: {call.state}")

        step("6. Hang up both calls")
        first.hangup()
        second.hangup()

        step("7. Final states")
        bridge.refresh()
        show(f"bridge {bridge.id}: {bridge.state} (completed at {bridge.completed_time})")
        for call in (first.refresh(), second.refresh()):
            show(f"call {call.id}: {call.state}")


def run_demo(
    *,
    from_number: str,
    to_numbers: Sequence[str],
    out: TextIO | None = None,
    live: bool = False,
    environ: Mapping[str, str] | None = None,
    conference: bool = False,
) -> int:
    """Run the demo against the embedded emulator, or with ``live`` the ``CATAPULT_*`` account.

    ``live`` raises :class:`~catapult.ConfigurationError` naming any missing variable before
    anything is sent. ``conference`` walks a conference's life instead of a bridge's.
    """
    stream: TextIO = out or sys.stdout
    walk = walk_bridge_lifecycle
    if conference:
        from .demo_conference import walk_conference_lifecycle as walk
    if live:
        session = Session.from_env(environ)
        print(
            f"WARNING: catapult demo --live uses the REAL account {session.user_id} at "
            f"{session.host}: it places real calls from {from_number} to "
            f"{' and '.join(to_numbers)}.",
            file=sys.stderr,
            flush=True,
        )
        print(f"catapult demo: REAL account {session.user_id} at {session.host}", file=stream)
        with session:
            walk(session, from_number, to_numbers, stream)
        print("\n  Done.", file=stream)
        return 0

    from .emulator import running

    with running() as emulator:
        print(f"catapult demo: embedded Catapult emulator at {emulator.base_url}", file=stream)
        with Session(
            emulator.user_id, emulator.api_token, emulator.api_secret, base_url=emulator.base_url
        ) as session:
            walk(session, from_number, to_numbers, stream)
    print("\n  Done.", file=stream)
    return 0
