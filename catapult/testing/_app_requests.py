"""What an :class:`~catapult.testing.AppServer` keeps about the requests its app is handling.

:class:`InFlight` counts the requests being answered (so a stop can wait for them and name the
ones that do not end); :class:`RouterFailures` collects what ``catapult.router`` logs when a
handler of an :class:`~catapult.router.EventRouter` raises, since the router answers 500 itself
and the exception never reaches the server.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable, Collection, Generator
from contextlib import contextmanager
from dataclasses import dataclass

STOP_WAIT = 10.0
"""The longest :meth:`AppServer.stop` waits for the requests being answered to end, in s."""

STACK_FRAMES = 8
"""How many of a stuck request's innermost frames its description shows."""


@dataclass
class _Request:
    """A request being answered: what it is, and its ``time.monotonic()`` at the start."""

    label: str
    started: float


class InFlight:
    """The requests being answered, by the thread answering each."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._requests: dict[int, _Request] = {}

    @contextmanager
    def track(self) -> Generator[None]:
        """Count the request this thread answers inside the block."""
        ident = threading.get_ident()
        with self._cond:
            self._requests[ident] = _Request("a request", time.monotonic())
        try:
            yield
        finally:
            with self._cond:
                self._requests.pop(ident, None)
                self._cond.notify_all()

    def name(self, label: str) -> None:
        """Say what the request this thread answers is (``POST /callbacks``)."""
        with self._cond:
            request = self._requests.get(threading.get_ident())
            if request is not None:
                request.label = label

    def threads(self) -> set[int]:
        """The threads answering a request now."""
        with self._cond:
            return set(self._requests)

    def wait(self, timeout: float) -> list[str]:
        """Wait until no request is being answered; the stuck ones described, if any."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._requests:
                left = deadline - time.monotonic()
                if left <= 0:
                    return [_describe(ident, request) for ident, request in self._requests.items()]
                self._cond.wait(left)
        return []


def _describe(ident: int, request: _Request) -> str:
    """A stuck request: what it is, for how long, and where its thread is now."""
    frame = sys._current_frames().get(ident)  # pyright: ignore[reportPrivateUsage]
    stack = traceback.format_stack(frame)[-STACK_FRAMES:] if frame is not None else []
    return (
        f"{request.label}, answered for {time.monotonic() - request.started:.1f} s, now at:\n"
        + "".join(stack).rstrip()
    )


class RouterFailures(logging.Handler):
    """Keeps the ERROR records ``catapult.router`` logs from the threads of one app.

    ``threads`` says which threads are the app's (those answering its requests, and an ASGI
    app's event loop); each record kept goes to ``keep`` as its message and traceback.
    """

    LOGGER = "catapult.router"

    def __init__(self, threads: Callable[[], Collection[int]], keep: Callable[[str], None]):
        super().__init__(logging.ERROR)
        self._threads = threads
        self._keep = keep

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread not in self._threads():
            return
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info is not None and record.exc_info[0] is not None:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        self._keep(text)

    def install(self) -> None:
        logging.getLogger(self.LOGGER).addHandler(self)

    def remove(self) -> None:
        logging.getLogger(self.LOGGER).removeHandler(self)
