"""The only module that touches ``httpx``: the asynchronous twin of :mod:`catapult._http`.

One :class:`AsyncTransport` per :class:`~catapult.AsyncSession` holds one ``httpx.AsyncClient``
with a bounded pool (``pool_maxsize`` connections; further requests wait for a free one). The
decisions (retry or not, how long to wait, which typed error) are :mod:`catapult._policy`'s,
shared with the sync transport; this module only sends and reads.

Every attempt runs under ``anyio.fail_after``: it ends within its connect + read timeouts of
wall-clock time, or by the call's ``total_timeout`` deadline, whichever comes first, however
slowly the server sends. Cancelling the caller's task cancels the attempt: the response is
closed, its connection dropped, and nothing is retried.
"""

from __future__ import annotations

import functools
import inspect
import os
import ssl
import time
from collections.abc import Mapping
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import anyio
import httpx

from ._credentials import Credentials
from ._errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    WrongEventLoopError,
)
from ._failures import SendFailure, deadline_passed, undecodable
from ._loop import ADVICE, AnyLoop, LoopBinding
from ._options import Options
from ._policy import Exchange, Response, RetryPlanner, closed_error, log_attempt, too_large
from ._transport_setup import default_user_agent, resolve_verify


class AsyncTransport(RetryPlanner):
    """Sends requests with auth, timeouts, retries and size limits; raises typed errors."""

    def __init__(
        self, credentials: Credentials, options: Options, *, keepalive: bool = True
    ) -> None:
        """``keepalive=False`` closes each connection after its answer, so no socket outlives
        the event loop that opened it: the transport may then serve one loop after another
        (for sessions that live longer than one loop) and is not bound to its first."""
        if options.http_session is not None:
            raise ConfigurationError("http_session is a requests.Session: AsyncSession uses httpx")
        super().__init__(options, credentials.scrubber())
        self.pool_maxsize: int = options.pool_maxsize
        self._binding = LoopBinding() if keepalive else AnyLoop()
        #: Cancel scopes of the attempts and retry waits under way, cancelled by aclose().
        self._under_way: set[anyio.CancelScope] = set()
        connect, read = options.timeout
        self._client = httpx.AsyncClient(
            auth=httpx.BasicAuth(*credentials.basic()),
            headers={
                "User-Agent": default_user_agent(options.user_agent),
                "Accept": "application/json",
            },
            # The pool wait is bounded by the attempt's deadline (see _attempt).
            timeout=httpx.Timeout(connect=connect, read=read, write=read, pool=None),
            limits=httpx.Limits(
                max_connections=options.pool_maxsize,
                max_keepalive_connections=options.pool_maxsize if keepalive else 0,
            ),
            verify=_ssl_context(
                resolve_verify(options.verify, options.trust_env), options.trust_env
            ),
            trust_env=options.trust_env,
            follow_redirects=False,
            cookies=httpx.Cookies(CookieJar(DefaultCookiePolicy(allowed_domains=[]))),
        )

    def check_usable(self) -> None:
        """Raise, with nothing sent, if the transport is closed or belongs to another event
        loop than the running one (binding it to the running loop if it is not bound yet)."""
        self.check_open()
        self._binding.check("`async with`")

    async def aclose(self) -> None:
        """Close the pooled connections, on the transport's own event loop; every request
        after (or waiting for its answer, a connection or a retry) raises SessionClosedError.

        From another loop, refused while the transport's loop is open (its connections are
        that loop's); a transport without keep-alive belongs to no loop.
        """
        other = self._binding.other_loop()
        if other is not None and not other.is_closed():
            raise WrongEventLoopError(
                "close this AsyncSession on its own event loop (the loop of its first "
                f"request): its connections belong to it; {ADVICE}"
            )
        if not self._mark_closed():
            return  # closing twice is harmless
        if other is None:  # the attempts and retry waits under way end (SessionClosedError)
            for scope in list(self._under_way):
                scope.cancel()
        try:
            await self._client.aclose()
        except RuntimeError:  # raised by the closed loop the pooled connections belong to
            if other is None:
                raise
            raise WrongEventLoopError(
                "this AsyncSession's pooled connections belong to the event loop of its first "
                "request, which is closed: they could not be closed; close an AsyncSession on "
                f"its own loop before the loop ends (`async with` inside it); {ADVICE}"
            ) from None

    async def request(
        self,
        method: str,
        url: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Response:
        """Send one logical request, retrying as the policy allows; return a 2xx answer.

        Raises, with nothing sent, once the transport is closed or from another event loop
        than its own (see :class:`~catapult._loop.LoopBinding`)."""
        if not self._closed:
            self._binding.check(method, url)
        exchange = self._begin(method, url, json, params)
        while True:
            settled = self._settle(exchange, await self._attempt(exchange))
            if isinstance(settled, Response):
                return settled
            await self._wait(settled)

    async def _wait(self, seconds: float) -> None:
        """Sleep before a retry: ``anyio.sleep``, or the injected ``sleep`` (may be async);
        cut short by :meth:`aclose` (the next attempt then refuses to start)."""
        with anyio.CancelScope() as scope:
            self._under_way.add(scope)
            try:
                if self._closed:  # closed before this wait began: aclose() found no scope
                    return
                if self._sleep is time.sleep:
                    await anyio.sleep(seconds)
                    return
                slept: Any = self._sleep(seconds)
                if inspect.isawaitable(slept):
                    await slept
            finally:
                self._under_way.discard(scope)

    async def _attempt(self, exchange: Exchange) -> Response | SendFailure:
        """One attempt, bounded in wall-clock time: the answer, or why there is none.
        :meth:`aclose` cancels it (SessionClosedError)."""
        limit = max(0.0, self._next_attempt(exchange) - time.monotonic())
        try:
            with anyio.fail_after(limit) as scope:
                self._under_way.add(scope)
                try:
                    return await self._send_once(exchange)
                finally:
                    self._under_way.discard(scope)
            raise closed_error(exchange)  # reached only when aclose() cancelled the scope
        except SendFailure as failure:
            return failure
        except TimeoutError:
            return deadline_passed(exchange.method, exchange.url)
        except BaseException as error:  # cancelled, or a refused answer: logged, not retried
            log_attempt(exchange, error)
            raise

    async def _send_once(self, exchange: Exchange) -> Response:
        method, url = exchange.method, exchange.url
        try:
            async with self._client.stream(
                method, url, json=exchange.json, params=exchange.params
            ) as raw:
                content = await self._read_body(raw, method, url)
                return Response(method, url, raw.status_code, raw.headers, content, self._scrub)
        except httpx.TransportError as exc:
            raise from_httpx(exc, method, url) from None
        except httpx.DecodingError:
            raise undecodable(method, url) from None
        except httpx.InvalidURL:
            raise from_httpx(httpx.ConnectError("invalid URL"), method, url) from None

    async def _read_body(self, raw: httpx.Response, method: str, url: str) -> bytes:
        refused = self._declared_too_large(raw.headers, method, url, raw.status_code)
        if refused is not None:
            raise refused
        limit = self.max_response_bytes
        chunks: list[bytes] = []
        size = 0
        async for chunk in raw.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise too_large(limit, method, url, raw.status_code)
            chunks.append(chunk)
        return b"".join(chunks)


def from_httpx(exc: httpx.TransportError, method: str, url: str) -> SendFailure:
    """Classify an httpx failure the way :func:`~catapult._failures.from_requests` does."""
    name = type(exc).__name__
    error: APIConnectionError
    if isinstance(exc, httpx.PoolTimeout):
        error = APITimeoutError("no free connection before the deadline", method=method, url=url)
        return SendFailure(error, request_sent=False)
    if isinstance(exc, httpx.ConnectTimeout):
        error = APITimeoutError("timed out connecting to the API", method=method, url=url)
        return SendFailure(error, request_sent=False)
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout)):
        error = APITimeoutError("the API did not answer in time", method=method, url=url)
        return SendFailure(error, request_sent=True)
    if isinstance(exc, httpx.ConnectError):
        if _tls_failure(exc):  # a certificate problem will not fix itself on retry
            tls = APIConnectionError("TLS failure: SSLError", method=method, url=url)
            return SendFailure(tls, request_sent=True)
        error = APIConnectionError("could not connect to the API", method=method, url=url)
        return SendFailure(error, request_sent=False)
    lost = APIConnectionError(f"connection lost before an answer: {name}", method=method, url=url)
    return SendFailure(lost, request_sent=True)


def _tls_failure(exc: BaseException) -> bool:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError) or "SSL" in type(cause).__name__:
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _ssl_context(verify: bool | str, trust_env: bool) -> ssl.SSLContext | bool:
    """httpx's ``verify``: False, or a verifying context shared by the sessions of one setting.

    Loading a CA bundle takes about 25 ms, which every ``AsyncSession`` (each test's, say)
    would otherwise pay, blocking its event loop. A context is built again when what it was
    loaded from changes: the variables httpx reads for its default one, or the bundle file.
    """
    if verify is False:
        return False
    if verify is True:
        names = ("SSL_CERT_FILE", "SSL_CERT_DIR") if trust_env else ()
        return _default_context(trust_env, tuple(os.environ.get(name) for name in names))
    try:
        found = os.stat(verify)
        stamp = (found.st_mtime_ns, found.st_size, found.st_ino)
    except OSError:
        stamp = None  # loading it raises the ConfigurationError
    return _bundle_context(verify, stamp)


@functools.lru_cache(maxsize=4)
def _default_context(trust_env: bool, environ: tuple[str | None, ...]) -> ssl.SSLContext:
    """httpx's default verifying context (``environ``: the variables it reads, as a key)."""
    return httpx.create_ssl_context(verify=True, trust_env=trust_env)


@functools.lru_cache(maxsize=8)
def _bundle_context(path: str, stamp: tuple[int, int, int] | None) -> ssl.SSLContext:
    """A context trusting the CA bundle file or directory ``path`` (``stamp``: its change
    time, size and inode, as a key)."""
    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
        raise ConfigurationError(f"cannot load the CA bundle {path!r}: {exc}") from None
