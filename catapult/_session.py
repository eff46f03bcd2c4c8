"""Session: credentials, base URL and one pooled transport; the root of every API object."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, NoReturn
from urllib.parse import urlsplit

import requests
from typing_extensions import Self

from ._errors import ConfigurationError
from ._http import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_POOL_MAXSIZE, Timeout, Transport
from ._retry import RetryPolicy
from ._urls import check_base_url, quote_id
from .resources.bridges import Bridges
from .resources.calls import Calls

DEFAULT_BASE_URL = "https://api.catapult.inetwork.com/v1"
"""Where Catapult v1 lived."""

_ENV_REQUIRED = ("CATAPULT_USER_ID", "CATAPULT_API_TOKEN", "CATAPULT_API_SECRET")


class Session:
    """Credentials plus one shared, pooled HTTP transport; every object it returns uses it.

    A session is safe to share between threads: its transport is never changed after
    construction and its connection pool (``pool_maxsize`` connections, 16 by default) makes
    extra threads wait for a free connection instead of opening throw-away sockets.

    Args:
        user_id: The Catapult user id (``u-...``); it appears in every path.
        api_token: API token, sent as the Basic-auth user name.
        api_secret: API secret, sent as the Basic-auth password. Neither ever appears in a
            repr, log line or exception.
        base_url: API root including the version segment. Plain ``http://`` is accepted only
            for loopback addresses (the local emulator).
        timeout: Seconds, or a ``(connect, read)`` pair; default ``(5, 30)``. None means the
            default: a request never waits forever. Applies to each attempt.
        total_timeout: Optional deadline in seconds for one call, retries and backoff waits
            included; attempts are cut short and retries skipped to keep it.
        max_retries: Retries after the first attempt (see the README's Reliability section).
        max_retry_wait: Longest server-requested wait that is slept before a retry; a longer
            one raises :class:`~catapult.RateLimitError` with ``reset_at``.
        user_agent: Your product token, sent before catapult's own.
        verify: TLS verification: True, or a path to a CA bundle. ``False`` is honoured with a
            logged warning.
        strict: Raise :class:`~catapult.ResponseValidationError` on answers carrying unknown
            fields or enum values, to catch API drift in tests. Off by default (tolerant).
        trust_env: Read proxies (``HTTP(S)_PROXY``, ``NO_PROXY``) and CA bundle variables from
            the environment, once, at construction.
        pool_maxsize: Connections kept in the pool (16 by default).
        max_response_bytes: Largest answer read into memory (32 MiB by default); larger ones
            raise :class:`~catapult.ResponseTooLargeError`.
        sleep: Injectable ``time.sleep``, for fast tests of retries.
        clock: Injectable ``time.time``, for the same.
        http_session: A ``requests.Session`` to send through instead of the SDK's own pooled
            one, e.g. one with a ``requests_mock.Adapter`` or a custom adapter mounted. Its
            adapters (and its ``send``, if replaced) are used; credentials, timeouts, retries,
            proxies and TLS settings still come from this session's options, and
            ``pool_maxsize`` does not apply. :meth:`close` leaves it open. ``responses`` and
            ``requests_mock.Mocker()`` work without it.
    """

    def __init__(
        self,
        user_id: str,
        api_token: str,
        api_secret: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: Timeout | None = None,
        total_timeout: float | None = None,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        user_agent: str | None = None,
        verify: bool | str = True,
        strict: bool = False,
        trust_env: bool = True,
        pool_maxsize: int = DEFAULT_POOL_MAXSIZE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        http_session: requests.Session | None = None,
    ) -> None:
        for name, value in (("api_token", api_token), ("api_secret", api_secret)):
            if not isinstance(value, str) or not value:
                raise ConfigurationError(f"{name} must be a non-empty string")
        if http_session is not None and not isinstance(http_session, requests.Session):
            raise ConfigurationError("http_session must be a requests.Session")
        self.user_id = user_id
        self.base_url = check_base_url(base_url)
        self.user_url = f"{self.base_url}/users/{quote_id(user_id, 'user_id')}"
        """Root of every resource path: ``<base_url>/users/<user_id>``."""
        self.strict = strict
        try:
            retry = RetryPolicy(max_retries=max_retries, max_wait=max_retry_wait)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        self.transport = Transport(
            api_token,
            api_secret,
            base_url=self.base_url,
            timeout=timeout,
            total_timeout=total_timeout,
            retry=retry,
            user_agent=user_agent,
            verify=verify,
            trust_env=trust_env,
            pool_maxsize=pool_maxsize,
            max_response_bytes=max_response_bytes,
            sleep=sleep,
            clock=clock,
            http_session=http_session,
        )
        self.bridges = Bridges(self)
        """Bridges of this account: ``create``, ``get``, ``list`` and actions by id."""
        self.calls = Calls(self)
        """Calls of this account: ``create``, ``get``, ``list`` and actions by id."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **options: Any) -> Self:
        """Build a session from ``CATAPULT_USER_ID``, ``CATAPULT_API_TOKEN``,
        ``CATAPULT_API_SECRET`` and the optional ``CATAPULT_BASE_URL``.

        ``environ`` defaults to ``os.environ``; ``options`` are passed to the constructor.
        Raises :class:`~catapult.ConfigurationError` naming every missing variable.
        """
        env = os.environ if environ is None else environ
        missing = [name for name in _ENV_REQUIRED if not env.get(name)]
        if missing:
            raise ConfigurationError(
                "missing environment variable(s): "
                + ", ".join(missing)
                + " (set them to your Catapult user id, API token and API secret)"
            )
        if env.get("CATAPULT_BASE_URL"):
            options.setdefault("base_url", env["CATAPULT_BASE_URL"])
        return cls(
            env["CATAPULT_USER_ID"],
            env["CATAPULT_API_TOKEN"],
            env["CATAPULT_API_SECRET"],
            **options,
        )

    @property
    def host(self) -> str:
        """Host (and port) of the API this session talks to."""
        return urlsplit(self.base_url).netloc

    def close(self) -> None:
        """Close the pooled connections. Objects from this session stop working."""
        self.transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

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
