"""Session: credentials, base URL and one pooled transport; the root of every API object."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar, NoReturn
from urllib.parse import urlsplit

from typing_extensions import Self, Unpack

from ._credentials import Credentials
from ._errors import ConfigurationError
from ._http import Transport
from ._lazy import LazyManager
from ._options import DEFAULT_BASE_URL as DEFAULT_BASE_URL
from ._options import Options, Settings
from ._urls import quote_id
from .resources.bridges import Bridges

if TYPE_CHECKING:  # imported on first use (see the LazyManager attributes of Session)
    from .resources.calls import Calls
    from .resources.conferences import Conferences
    from .resources.recordings import Recordings, Transcriptions

_ENV_REQUIRED = {
    "CATAPULT_USER_ID": "Catapult user id",
    "CATAPULT_API_TOKEN": "API token",
    "CATAPULT_API_SECRET": "API secret",
}
"""The variables ``from_env`` needs, and what each holds."""


def credentials_from_env(
    environ: Mapping[str, str] | None, options: Settings
) -> tuple[str, str, str]:
    """User id, token and secret from the environment; ``CATAPULT_BASE_URL`` goes into
    ``options`` (unless given). Raises ConfigurationError naming every missing variable."""
    env = os.environ if environ is None else environ
    if not isinstance(env, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise ConfigurationError(
            f"environ must be a mapping of variable names to values, got {type(env).__name__}"
        )
    missing = [name for name in _ENV_REQUIRED if not env.get(name)]
    if missing:
        labels = [_ENV_REQUIRED[name] for name in missing]
        what = " and ".join([", ".join(labels[:-1]), labels[-1]] if labels[1:] else labels)
        raise ConfigurationError(
            f"missing environment variable(s): {', '.join(missing)} (set them to your {what})"
        )
    base_url = env.get("CATAPULT_BASE_URL")
    if base_url is not None and not base_url.strip():
        # set but empty (``CATAPULT_BASE_URL=$EMULATOR_URL`` with nothing in it): taking the
        # default would send the account's calls to the real API instead of the one meant
        raise ConfigurationError("CATAPULT_BASE_URL is set but empty: unset it or give the URL")
    if base_url:
        options.setdefault("base_url", base_url)
    return env["CATAPULT_USER_ID"], env["CATAPULT_API_TOKEN"], env["CATAPULT_API_SECRET"]


class SessionCore:
    """What :class:`Session` and :class:`~catapult.AsyncSession` share: the checked settings,
    the user's URLs, ``from_env``, a secret-free repr and the refusal to be pickled.

    A subclass opens its transport and managers in :meth:`_connect`.
    """

    is_async: ClassVar[bool]

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
        self._connect(credentials)

    def _connect(self, credentials: Credentials) -> None:
        """Open the transport and the managers (once the settings are checked)."""
        raise NotImplementedError

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, **options: Unpack[Settings]
    ) -> Self:
        """Build a session from ``CATAPULT_USER_ID``, ``CATAPULT_API_TOKEN``,
        ``CATAPULT_API_SECRET`` and the optional ``CATAPULT_BASE_URL``.

        ``environ`` defaults to ``os.environ``; ``options`` are passed to the constructor.
        Raises :class:`~catapult.ConfigurationError` naming every missing variable.
        """
        return cls(*credentials_from_env(environ, options), **options)

    @property
    def host(self) -> str:
        """Host (and port) of the API this session talks to."""
        return urlsplit(self.base_url).netloc

    def __repr__(self) -> str:
        # Safe on a half-built session (a failed __init__ shown with its frame's locals).
        base_url = getattr(self, "base_url", None)
        host = urlsplit(base_url).netloc if isinstance(base_url, str) else None
        return f"<{type(self).__name__} user_id={getattr(self, 'user_id', None)!r} host={host!r}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} holds credentials and a connection pool and cannot be "
            "pickled; pickle the models and .bind() them to a new session"
        )


class Session(SessionCore):
    """Credentials plus one shared, pooled HTTP transport; every object it returns uses it.

    A session is safe to share between threads: its transport is never changed after
    construction and its connection pool (``pool_maxsize`` connections, 16 by default) makes
    extra threads wait for a free connection instead of opening throw-away sockets.

    Args:
        user_id: The Catapult user id (``u-...``); it appears in every path.
        api_token: API token, sent as the Basic-auth user name.
        api_secret: API secret, sent as the Basic-auth password. Neither ever appears in a
            repr, log line or exception.
        settings: Any of :class:`~catapult._options.Settings` (``base_url``, ``timeout``,
            ``total_timeout``, ``max_retries``, ``max_retry_wait``, ``user_agent``, ``verify``,
            ``strict``, ``trust_env``, ``pool_maxsize``, ``max_response_bytes``, ``sleep``,
            ``clock``, ``http_session``); see the configuration page of the docs. All are
            checked here: a bad one raises :class:`~catapult.ConfigurationError`, so a session
            is never built that would hang or fail on its first request.
    """

    is_async: ClassVar[bool] = False
    """False: methods of objects bound to this session return their results."""
    transport: Transport
    bridges: Bridges
    """Bridges of this account: ``create``, ``get``, ``list`` and actions by id."""

    def _connect(self, credentials: Credentials) -> None:
        self.transport = Transport(credentials, self.options)
        self.bridges = Bridges(self)

    # Built on first access, so a session that never uses them does not import their modules.
    calls: LazyManager[Calls] = LazyManager(".resources.calls", "Calls")
    """Calls of this account: ``create``, ``get``, ``list`` and actions by id."""
    conferences: LazyManager[Conferences] = LazyManager(".resources.conferences", "Conferences")
    """Conferences and their members: ``create``, ``get``, ``add_member`` ... by id."""
    recordings: LazyManager[Recordings] = LazyManager(".resources.recordings", "Recordings")
    """Recordings of the whole account: ``list`` and ``get``."""
    transcriptions: LazyManager[Transcriptions] = LazyManager(
        ".resources.recordings", "Transcriptions"
    )
    """Transcriptions of recordings: ``create``, ``get`` and ``list`` by recording id."""

    def close(self) -> None:
        """Close the pooled connections. Objects from this session stop working: a request
        from them raises :class:`~catapult.SessionClosedError` before anything is sent.
        Closing twice is harmless."""
        self.transport.close()

    def __enter__(self) -> Self:
        self.transport.check_open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
