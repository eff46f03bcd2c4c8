"""Drive an AsyncSession from the sync tests whose behaviour both sessions share.

``blocking_session(loop, ...)`` offers an AsyncSession's surface to sync code, so one test body
runs against both sessions: a call returning an awaitable is run to completion on ``loop`` (an
event loop in its own thread, as in a real async application); a model's action runs its
``*_async`` twin (``bridge.update(...)`` awaits ``bridge.update_async(...)``); a list
(``Pager``) is read lazily with ``async for``, one step per item asked. Everything returned is
wrapped the same way, once per object, so ``bridge.update(...) is bridge`` holds; the models
underneath stay bound to the AsyncSession.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from catapult import AsyncSession, Pager
from catapult._async_http import AsyncTransport
from catapult._model import SessionBound
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


class Driver:
    """Runs awaitables on the loop and wraps what comes back (one wrapper per object)."""

    def __init__(self, runner: LoopThread) -> None:
        self.runner = runner
        self._wrappers: dict[int, tuple[Any, Any]] = {}

    def wrap(self, value: Any) -> Any:
        if isinstance(value, Pager):
            return BlockingPager(value, self)
        if isinstance(value, list):
            return [self.wrap(item) for item in value]
        if not isinstance(value, (AsyncSession, AsyncManager, AsyncTransport, SessionBound)):
            return value
        known = self._wrappers.get(id(value))
        if known is None or known[0] is not value:
            kind = BlockingModel if isinstance(value, SessionBound) else Blocking
            known = (value, kind(value, self))
            self._wrappers[id(value)] = known
        return known[1]

    def call(self, function: Any, args: Any, kwargs: Any) -> Any:
        result = function(*map(unwrap, args), **{k: unwrap(v) for k, v in kwargs.items()})
        if inspect.isawaitable(result):
            result = self.runner.run(result)
        return self.wrap(result)

    def bound(self, function: Any) -> Any:
        return lambda *args, **kwargs: self.call(function, args, kwargs)


def unwrap(value: Any) -> Any:
    """The object under a wrapper (wrappers passed back as arguments), else ``value``."""
    if isinstance(value, (Blocking, BlockingModel, BlockingPager)):
        return object.__getattribute__(value, "_target")
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


class Blocking:
    """Sync access to an AsyncSession, one of its managers, or its transport."""

    def __init__(self, target: Any, driver: Driver) -> None:
        self._target = target
        self._driver = driver

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        return self._driver.bound(value) if callable(value) else self._driver.wrap(value)

    def __repr__(self) -> str:
        return repr(self._target)


class BlockingModel:
    """A model bound to the AsyncSession, acted on with sync calls that await its twins."""

    def __init__(self, target: Any, driver: Driver) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_driver", driver)

    @property  # type: ignore[misc]
    def __class__(self) -> type[Any]:  # isinstance(wrapper, Call) holds
        return type(object.__getattribute__(self, "_target"))

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        driver: Driver = object.__getattribute__(self, "_driver")
        if name == "session":
            return driver.wrap(target.async_session)
        twin = None if name.startswith("_") else getattr(target, f"{name}_async", None)
        value = twin if twin is not None else getattr(target, name)
        return driver.bound(value) if callable(value) else driver.wrap(value)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_target"), name, unwrap(value))

    def __getitem__(self, key: str) -> Any:
        return object.__getattribute__(self, "_target")[key]

    def __contains__(self, key: object) -> bool:
        return key in object.__getattribute__(self, "_target")

    def __eq__(self, other: object) -> bool:
        return bool(object.__getattribute__(self, "_target") == unwrap(other))

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_target"))

    def __repr__(self) -> str:
        return repr(object.__getattribute__(self, "_target"))


class BlockingPager:
    """A Pager of the AsyncSession, iterated with ``for`` and ``next()``: each item asked for
    is one step of ``async for`` (so pages are fetched as lazily as the sync pager does)."""

    def __init__(self, target: Pager[Any], driver: Driver) -> None:
        self._target = target
        self._driver = driver
        self._stream: Iterator[Any] | None = None

    def _steps(self, iterator: AsyncIterator[Any]) -> Iterator[Any]:
        while True:
            try:
                item = self._driver.runner.run(iterator.__anext__())
            except StopAsyncIteration:
                return
            yield self._driver.wrap(item)

    def __iter__(self) -> Iterator[Any]:
        return self._steps(aiter(self._target))

    def __next__(self) -> Any:
        if self._stream is None:
            self._stream = iter(self)
        return next(self._stream)

    def pages(self) -> Iterator[list[Any]]:
        return self._steps(self._target.pages_async())

    def __repr__(self) -> str:
        return repr(self._target)


def blocking_session(runner: LoopThread, *args: Any, **options: Any) -> AbstractContextManager[Any]:
    """An AsyncSession built now with ``args`` and ``options`` (bad settings raise here, as
    ``Session(...)`` does), offered as :class:`Blocking` inside ``with``."""
    session = AsyncSession(*args, **options)

    @contextmanager
    def opened() -> Iterator[Any]:
        try:
            yield Driver(runner).wrap(session)
        finally:
            runner.run(session.aclose())

    return opened()
