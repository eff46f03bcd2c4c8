"""AsyncSession: the :class:`~catapult.Session` of asyncio (and anyio) code, over httpx."""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import ClassVar, NoReturn
from urllib.parse import urlsplit

from typing_extensions import Self, Unpack

from ._credentials import Credentials
from ._options import Options, Settings
from ._session import credentials_from_env
from ._urls import quote_id

try:
    from ._async_http import AsyncTransport
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError(
        "catapult.AsyncSession needs httpx: pip install 'catapult-sdk[async]'"
    ) from exc
from .resources.conferences_async import AsyncConferences, AsyncRecordings, AsyncTranscriptions
from .resources.managers_async import AsyncBridges, AsyncCalls


class AsyncSession:
    """Credentials plus one pooled httpx transport; every object it returns is bound to it.

    Used as ``async with AsyncSession(...) as session:`` (or closed with :meth:`aclose`). The
    settings, errors, retry policy, size limits and logging are :class:`~catapult.Session`'s;
    ``total_timeout`` is a hard deadline for a call and its retries, and a cancelled call is
    never retried. Managers' methods are awaited (``await session.bridges.create()``); the
    models they return are the same classes as the sync session's, whose actions are awaited
    through their ``*_async`` methods (``await bridge.update_async(bridge_audio=False)``).
    Lists are iterated with ``async for``.

    One session serves any number of concurrent tasks of one event loop; at most
    ``pool_maxsize`` requests are on the wire at once, the others wait for a connection.
    ``http_session`` (a ``requests.Session``) does not apply; ``sleep`` may be a plain or an
    async function.
    """

    is_async: ClassVar[bool] = True
    """True: objects bound to this session act through their ``*_async`` methods."""

    def __init__(
        self, user_id: str, api_token: str, api_secret: str, **settings: Unpack[Settings]
    ) -> None:
        credentials = Credentials(api_token, api_secret)
        del api_token, api_secret  # from here on a traceback's locals show no secret
        credentials.check()
        self.options: Options = Options.of(settings)
        """The checked settings, shared with the transport."""
        self.user_id = user_id
        self.base_url: str = self.options.base_url
        self.user_url: str = f"{self.base_url}/users/{quote_id(user_id, 'user_id')}"
        """Root of every resource path: ``<base_url>/users/<user_id>``."""
        self.strict: bool = self.options.strict
        self.transport: AsyncTransport = AsyncTransport(credentials, self.options)
        self.bridges: AsyncBridges = AsyncBridges(self)
        """Bridges of this account: ``await create()``, ``await get()``, ``list()``..."""
        self.calls: AsyncCalls = AsyncCalls(self)
        """Calls of this account: ``await create()``, ``await get()``, ``list()``..."""
        self.conferences: AsyncConferences = AsyncConferences(self)
        """Conferences and their members: ``await create()``, ``await add_member()``..."""
        self.recordings: AsyncRecordings = AsyncRecordings(self)
        """Recordings of the whole account: ``list()`` and ``await get()``."""
        self.transcriptions: AsyncTranscriptions = AsyncTranscriptions(self)
        """Transcriptions of recordings: ``await create()``, ``await get()``, ``list()``."""

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **options: Unpack[Settings]
    ) -> Self:
        """Build a session from the variables :meth:`Session.from_env` reads."""
        return cls(*credentials_from_env(environ, options), **options)

    @property
    def host(self) -> str:
        """Host (and port) of the API this session talks to."""
        return urlsplit(self.base_url).netloc

    async def aclose(self) -> None:
        """Close the pooled connections. Objects from this session stop working."""
        await self.transport.aclose()

    async def __aenter__(self) -> Self:
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

    def __repr__(self) -> str:
        base_url = getattr(self, "base_url", None)
        host = urlsplit(base_url).netloc if isinstance(base_url, str) else None
        return f"<{type(self).__name__} user_id={getattr(self, 'user_id', None)!r} host={host!r}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} holds credentials and a connection pool and cannot be "
            "pickled; pickle the models and .bind() them to a new session"
        )
