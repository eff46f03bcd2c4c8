"""AsyncSession: the :class:`~catapult.Session` of asyncio (and anyio) code, over httpx."""

from __future__ import annotations

from types import TracebackType
from typing import ClassVar, NoReturn

from typing_extensions import Self

from ._credentials import Credentials
from ._session import SessionCore

try:
    from ._async_http import AsyncTransport
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError(
        "catapult.AsyncSession needs httpx: pip install 'catapult-sdk[async]'"
    ) from exc
from .resources.managers_async import (
    AsyncBridges,
    AsyncCalls,
    AsyncConferences,
    AsyncRecordings,
    AsyncTranscriptions,
)


class AsyncSession(SessionCore):
    """Credentials plus one pooled httpx transport; every object it returns is bound to it.

    Used as ``async with AsyncSession(...) as session:`` (or closed with :meth:`aclose`). The
    settings, errors, retry policy, size limits and logging are :class:`~catapult.Session`'s;
    ``total_timeout`` is a hard deadline for a call and its retries, and a cancelled call is
    never retried. Managers' methods are awaited (``await session.bridges.create()``); the
    models they return are the same classes as the sync session's, whose actions are awaited
    through their ``*_async`` methods (``await bridge.update_async(bridge_audio=False)``).
    Lists are iterated with ``async for``.

    One session serves any number of concurrent tasks of one event loop: the loop of its
    first request (or ``async with``), not of its construction. A request from another loop
    raises :class:`~catapult.WrongEventLoopError` before anything is sent; create one session
    per loop (per thread, per ``asyncio.run()``). At most ``pool_maxsize`` requests are on
    the wire at once, the others wait for a connection.
    ``http_session`` (a ``requests.Session``) does not apply; ``sleep`` may be a plain or an
    async function.
    """

    is_async: ClassVar[bool] = True
    """True: objects bound to this session act through their ``*_async`` methods."""
    transport: AsyncTransport
    bridges: AsyncBridges
    """Bridges of this account: ``await create()``, ``await get()``, ``list()``..."""
    calls: AsyncCalls
    """Calls of this account: ``await create()``, ``await get()``, ``list()``..."""
    conferences: AsyncConferences
    """Conferences and their members: ``await create()``, ``await add_member()``..."""
    recordings: AsyncRecordings
    """Recordings of the whole account: ``list()`` and ``await get()``."""
    transcriptions: AsyncTranscriptions
    """Transcriptions of recordings: ``await create()``, ``await get()``, ``list()``."""

    def _connect(self, credentials: Credentials) -> None:
        self.transport = AsyncTransport(credentials, self.options)
        self.bridges = AsyncBridges(self)
        self.calls = AsyncCalls(self)
        self.conferences = AsyncConferences(self)
        self.recordings = AsyncRecordings(self)
        self.transcriptions = AsyncTranscriptions(self)

    async def aclose(self) -> None:
        """Close the pooled connections. Objects from this session stop working: a request
        from them raises :class:`~catapult.SessionClosedError` before anything is sent, and
        one under way ends with it. Closing twice is harmless. Close a session on its own
        event loop (:class:`~catapult.WrongEventLoopError` otherwise)."""
        await self.transport.aclose()

    async def __aenter__(self) -> Self:
        self.transport.check_usable()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __enter__(self) -> NoReturn:
        raise TypeError("AsyncSession is an async context manager: use `async with`")

    def __exit__(self, *exc_info: object) -> None:  # pragma: no cover - __enter__ raises
        return None
