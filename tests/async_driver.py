"""Drive an AsyncSession from the sync tests whose behaviour both sessions share.

``Blocking(session, loop)`` offers the session's surface to sync code: a method call that
returns an awaitable is run to completion on ``loop`` (an event loop in its own thread, as in
a real async application), a list (``Pager``) is read with ``async for``, and managers and the
transport are wrapped the same way. The models it returns stay bound to the AsyncSession.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from catapult import AsyncSession, Pager
from catapult._async_http import AsyncTransport
from catapult.resources._manager import AsyncManager


class LoopThread:
    """An event loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, awaitable: Any) -> Any:
        async def wrapped() -> Any:
            return await awaitable

        return asyncio.run_coroutine_threadsafe(wrapped(), self.loop).result(timeout=120)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


async def _collect(pager: Pager[Any]) -> list[Any]:
    return [item async for item in pager]


class Blocking:
    """Sync access to an AsyncSession (or one of its managers, or its transport)."""

    def __init__(self, target: Any, runner: LoopThread) -> None:
        self._target = target
        self._runner = runner

    def _resolve(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            return self._runner.run(value)
        if isinstance(value, Pager):
            return self._runner.run(_collect(value))
        return value

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if isinstance(value, (AsyncManager, AsyncTransport)):
            return Blocking(value, self._runner)
        if callable(value):
            method: Callable[..., Any] = value
            return lambda *args, **kwargs: self._resolve(method(*args, **kwargs))
        return value


def blocking_session(runner: LoopThread, *args: Any, **options: Any) -> AbstractContextManager[Any]:
    """An AsyncSession built now with ``args`` and ``options`` (bad settings raise here, as
    ``Session(...)`` does), offered as :class:`Blocking` inside ``with``."""
    session = AsyncSession(*args, **options)

    @contextmanager
    def opened() -> Iterator[Any]:
        try:
            yield Blocking(session, runner)
        finally:
            runner.run(session.aclose())

    return opened()
