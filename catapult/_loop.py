"""Which event loop an :class:`~catapult.AsyncSession` belongs to: the loop of its first use.

httpx's pooled connections belong to the loop that opened them; a request from another loop
fails inside httpx (``Event loop is closed``, ``Non-thread-safe operation``), may lose the
answer of a request it sent, and leaks sockets. :class:`LoopBinding` refuses such a request
first: the session is bound on its first request (or ``async with``), not at construction,
which may happen outside any loop. The check on every request is one call and one identity
comparison; the lock is taken only until the session is bound. Only asyncio loops are told
apart: under another library (trio, through anyio) nothing is bound or checked.
"""

from __future__ import annotations

import asyncio
import threading

from ._errors import WrongEventLoopError

ADVICE = "create one AsyncSession per event loop (per thread, per asyncio.run())"


class LoopBinding:
    """The event loop a session belongs to, bound on first use."""

    __slots__ = ("_lock", "_loop")

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def check(self, method: str, url: str = "") -> None:
        """Bind to the running loop if not bound yet; raise :class:`WrongEventLoopError`
        (naming the refused request, or ``method`` alone) if the session belongs to another
        loop."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no asyncio loop runs this: not checked
            return
        if loop is self._loop:
            return
        with self._lock:  # two threads' first requests: one of them binds
            if self._loop is None:
                self._loop = loop
                return
        what = f"{method} {url}" if url else method
        raise WrongEventLoopError(
            f"this AsyncSession belongs to the event loop of its first request, not to the one "
            f"running {what}; nothing was sent: {ADVICE}"
        )

    def other_loop(self) -> asyncio.AbstractEventLoop | None:
        """The session's loop when an asyncio loop runs and it is another one (else None)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        bound = self._loop
        return None if bound is None or bound is loop else bound


class AnyLoop(LoopBinding):
    """The binding of a transport whose connections close after each answer (``keepalive=
    False``): no socket outlives the loop that opened it, so the transport may serve one loop
    after another (the testing kit's sessions: an async fixture and its test may run on
    different loops). Nothing is bound or checked; requests from two loops at once are not
    supported."""

    __slots__ = ()

    def check(self, method: str, url: str = "") -> None:
        return None

    def other_loop(self) -> asyncio.AbstractEventLoop | None:
        return None
