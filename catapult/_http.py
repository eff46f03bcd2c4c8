"""The only module that touches ``requests``: send, retry, read, decode errors, log.

One :class:`Transport` per session holds one pooled ``requests.Session`` (its own, or one the
caller injects). It is built once and never mutated afterwards, so a single transport can be
shared by many threads; the connection pool blocks (rather than opening throw-away sockets) when
more threads than ``pool_maxsize`` send at once.

Every request leaves through the points HTTP mocking libraries patch: the mounted adapter's
``send`` (looked up per request; ``responses`` patches ``HTTPAdapter.send``), or the session's
own ``send`` whenever that is not requests' original (``requests-mock`` patches
``Session.send``, a caller may override it). Nothing is sent around them.
"""

from __future__ import annotations

import base64
import logging
import os
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
import requests.utils
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import ConnectTimeoutError, HTTPError, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ResponseTooLargeError,
    error_from_response,
)
from ._retry import RetryPolicy, server_requested_wait
from ._version import __version__

logger = logging.getLogger("catapult")

#: Connect and read timeouts, in seconds, used when a session is given none.
DEFAULT_TIMEOUT = (5.0, 30.0)
#: Largest answer body read into memory (a page of 1,000 calls is well under 2 MiB).
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
#: Kept-alive connections per host; also how many threads can send at once without waiting.
DEFAULT_POOL_MAXSIZE = 16

Timeout = float | tuple[float, float]


@dataclass(frozen=True)
class Response:
    """A fully read answer: what the rest of the package needs, nothing of ``requests``."""

    method: str
    url: str
    status_code: int
    headers: Mapping[str, str]
    content: bytes


class _BasicAuth(requests.auth.AuthBase):
    """HTTP Basic auth with the header built once; its repr never shows the credentials."""

    __slots__ = ("_header",)

    def __init__(self, token: str, secret: str) -> None:
        raw = f"{token}:{secret}".encode()
        self._header = "Basic " + base64.b64encode(raw).decode("ascii")

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._header
        return request

    def __repr__(self) -> str:
        return "<BasicAuth [REDACTED]>"


def default_user_agent(extra: str | None = None) -> str:
    """``catapult-python/<version> (Python <x.y.z>)``, after the caller's own product token."""
    ours = f"catapult-python/{__version__} (Python {platform.python_version()})"
    return f"{extra} {ours}" if extra else ours


def normalize_timeout(timeout: Timeout | None) -> tuple[float, float]:
    """Turn a timeout argument into a bounded (connect, read) pair; None means the default."""
    if timeout is None:
        return DEFAULT_TIMEOUT
    pair = (timeout, timeout) if isinstance(timeout, (int, float)) else tuple(timeout)
    if len(pair) != 2 or not all(isinstance(t, (int, float)) and t > 0 for t in pair):
        raise ValueError(
            "timeout must be a positive number of seconds or a (connect, read) pair; "
            "waiting forever is not offered"
        )
    return (float(pair[0]), float(pair[1]))


class Transport:
    """Sends requests with auth, timeouts, retries and size limits; raises typed errors."""

    def __init__(
        self,
        api_token: str,
        api_secret: str,
        *,
        base_url: str,
        timeout: Timeout | None = None,
        total_timeout: float | None = None,
        retry: RetryPolicy | None = None,
        user_agent: str | None = None,
        verify: bool | str = True,
        trust_env: bool = True,
        pool_maxsize: int = DEFAULT_POOL_MAXSIZE,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        http_session: requests.Session | None = None,
    ) -> None:
        self.timeout = normalize_timeout(timeout)
        if total_timeout is not None and total_timeout <= 0:
            raise ValueError("total_timeout must be a positive number of seconds")
        #: Deadline in seconds for one logical request, retries and waits included (or None).
        self.total_timeout = total_timeout
        self.retry = retry or RetryPolicy()
        self.max_response_bytes = max_response_bytes
        self._sleep = sleep
        self._clock = clock
        self._auth = _BasicAuth(api_token, api_secret)
        #: Whether ``_http`` is ours to close (an injected session belongs to the caller).
        self._owns_http = http_session is None
        self._http = http_session or self._build_session(pool_maxsize)
        # requests re-reads proxy and CA settings from the environment on every request, a
        # large share of its per-call CPU. Read them once here; they are still honoured.
        self._proxies = requests.utils.get_environ_proxies(base_url) if trust_env else {}
        self._verify = _resolve_verify(verify, trust_env)
        # What Session.request would merge into every request, merged once: the session's
        # headers (requests' defaults, or an injected session's), ours over them, and our
        # auth. See _prepare.
        self._headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(
            {name: value for name, value in self._http.headers.items() if isinstance(value, str)}
        )
        self._headers["User-Agent"] = default_user_agent(user_agent)
        self._headers["Accept"] = "application/json"

    @staticmethod
    def _build_session(pool_maxsize: int) -> requests.Session:
        http = requests.Session()
        http.trust_env = False  # environment read once in __init__; no ~/.netrc lookups
        http.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # the API is stateless
        # Retries happen in request() below, where POST safety and Catapult's headers are known.
        adapter = HTTPAdapter(
            pool_connections=4,
            pool_maxsize=pool_maxsize,
            pool_block=True,
            max_retries=Retry(0, read=False, redirect=False),
        )
        http.mount("https://", adapter)
        http.mount("http://", adapter)
        return http

    def close(self) -> None:
        """Close pooled connections (not an injected session's); do not use the transport after."""
        if self._owns_http:
            self._http.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Response:
        """Send one logical request, retrying as the policy allows; return a 2xx answer.

        With ``total_timeout`` set, no attempt or wait goes past the deadline: each attempt's
        timeouts are cut to the time left, and a retry that would not fit raises instead.
        """
        deadline = None if self.total_timeout is None else time.monotonic() + self.total_timeout
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                response = self._send_once(method, url, json, params, self._timeout_for(deadline))
            except _SendFailure as failure:
                if attempt <= self.retry.max_retries and self.retry.may_retry_failure(
                    method, request_sent=failure.request_sent
                ):
                    wait = self.retry.backoff(attempt)
                    if _fits(deadline, wait):
                        self._wait_before_retry(
                            method, url, attempt, str(failure.error), wait, False
                        )
                        continue
                failure.error.attempts = attempt
                raise failure.error from failure.__cause__
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d)",
                method,
                url,
                response.status_code,
                elapsed_ms,
                attempt,
            )
            if response.status_code < 300:
                return response  # redirects are not followed: a 3xx is an error below
            error = self._error_for(response, attempt)
            if attempt <= self.retry.max_retries and self.retry.may_retry_status(
                method, response.status_code
            ):
                server_wait = server_requested_wait(response.headers, self._clock())
                if server_wait is not None and server_wait > self.retry.max_wait:
                    raise error  # do not sleep for minutes: let the caller decide
                wait = server_wait if server_wait is not None else self.retry.backoff(attempt)
                if _fits(deadline, wait):
                    self._wait_before_retry(
                        method, url, attempt, str(error), wait, server_wait is not None
                    )
                    continue
            raise error

    def _timeout_for(self, deadline: float | None) -> tuple[float, float]:
        """This attempt's (connect, read) timeouts, cut to what is left before ``deadline``."""
        if deadline is None:
            return self.timeout
        left = max(deadline - time.monotonic(), 0.001)
        return (min(self.timeout[0], left), min(self.timeout[1], left))

    def _wait_before_retry(
        self, method: str, url: str, attempt: int, reason: str, wait: float, asked: bool
    ) -> None:
        """Log and sleep before retry ``attempt``; ``asked`` when the server set the wait."""
        logger.log(
            logging.WARNING if asked else logging.INFO,
            "retrying %s %s in %.2f s (retry %d of %d): %s",
            method,
            url,
            wait,
            attempt,
            self.retry.max_retries,
            reason,
        )
        if wait > 0:
            self._sleep(wait)

    def _error_for(self, response: Response, attempt: int) -> APIError:
        reset_at = None
        if response.status_code == 429:
            wait = server_requested_wait(response.headers, self._clock())
            if wait is not None:
                reset_at = datetime.fromtimestamp(self._clock() + wait, tz=timezone.utc)
        return error_from_response(
            response.status_code,
            response.content,
            method=response.method,
            url=response.url,
            reset_at=reset_at,
            attempts=attempt,
        )

    def _send_once(
        self,
        method: str,
        url: str,
        json: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None,
        timeout: tuple[float, float],
    ) -> Response:
        try:
            raw = self._send(self._prepare(method, url, json, params), timeout)
        except requests.RequestException as exc:
            raise _SendFailure.from_requests(exc, method, url) from exc
        try:
            content = self._read_body(raw, method)
        except (ProtocolError, ReadTimeoutError, HTTPError, OSError) as exc:
            raw.close()
            raise _SendFailure.from_read(exc, method, url) from exc
        return Response(method, url, raw.status_code, raw.headers, content)

    def _send(self, prepared: requests.PreparedRequest, timeout: tuple[float, float]) -> Any:
        """Send through the mounted adapter, or through ``Session.send`` if that was replaced.

        The adapter skips ``Session.send``'s hooks, cookie and redirect machinery (nothing
        here uses them). A replaced ``send`` (a mocking library, a caller's subclass) is
        honoured, so a mock is never bypassed.
        """
        options: dict[str, Any] = {
            "stream": True,
            "timeout": timeout,
            "verify": self._verify,
            "proxies": self._proxies,
        }
        if not _is_requests_send(self._http.send):
            return self._http.send(prepared, allow_redirects=False, **options)
        return self._http.get_adapter(prepared.url or "").send(prepared, **options)

    def _prepare(
        self,
        method: str,
        url: str,
        json: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None,
    ) -> requests.PreparedRequest:
        """Build the request ``Session.request`` would build, without its per-call merging.

        ``Session.request`` merges session and call settings, scans the environment and runs
        redirect and cookie machinery on every call: about a third of a small GET's CPU. None
        of it changes anything here: headers and auth are fixed at construction, proxies and
        CA bundle are resolved once, redirects are not followed and the API sets no cookies
        (the session's cookie policy refused them anyway). URL, params and body encoding are
        requests' own, so the bytes sent are the same.
        """
        prepared = requests.PreparedRequest()
        prepared.prepare_method(method)
        prepared.prepare_url(url, params)
        prepared.headers = self._headers.copy()
        prepared.prepare_body(None, None, json)
        return self._auth(prepared)

    def _read_body(self, raw: requests.Response, method: str) -> bytes:
        limit = self.max_response_bytes
        declared = raw.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raw.close()
            raise ResponseTooLargeError(
                f"answer of {declared} bytes exceeds max_response_bytes={limit}",
                method=method,
                url=raw.url,
                status_code=raw.status_code,
            )
        # One read of the whole body: cheaper than requests' 10 KiB chunks, and bounded.
        content: bytes = raw.raw.read(limit + 1, decode_content=True)
        if len(content) > limit:
            raw.close()
            raise ResponseTooLargeError(
                f"answer exceeds max_response_bytes={limit}",
                method=method,
                url=raw.url,
                status_code=raw.status_code,
            )
        # Hand the connection back to the pool now that the body is read. (A stand-in
        # response, such as a vcrpy replay under vcrpy 8, may have no pool to go back to.)
        release = getattr(raw.raw, "release_conn", None)
        if release is not None:
            release()
        return content


def _is_requests_send(send: Any) -> bool:
    """Whether a session's bound ``send`` is requests' own, not a mock's or an override."""
    func = getattr(send, "__func__", None)
    return (
        getattr(func, "__module__", None) == "requests.sessions"
        and getattr(func, "__qualname__", None) == "Session.send"
        and not hasattr(func, "__wrapped__")  # a functools.wraps replacement copies the names
    )


def _fits(deadline: float | None, wait: float) -> bool:
    """Whether waiting ``wait`` seconds still leaves time before ``deadline``."""
    return deadline is None or time.monotonic() + wait < deadline


class _SendFailure(Exception):
    """A transport failure, classified by whether the request may have reached the server."""

    def __init__(self, error: APIConnectionError, *, request_sent: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.request_sent = request_sent

    @classmethod
    def from_requests(cls, exc: requests.RequestException, method: str, url: str) -> _SendFailure:
        if isinstance(exc, requests.ConnectTimeout):
            return cls(
                APITimeoutError("timed out connecting to the API", method=method, url=url),
                request_sent=False,
            )
        if isinstance(exc, requests.ReadTimeout):
            return cls(
                APITimeoutError("the API did not answer in time", method=method, url=url),
                request_sent=True,
            )
        if isinstance(exc, requests.exceptions.SSLError):
            # A certificate problem will not fix itself on retry: report it as sent.
            return cls(
                APIConnectionError(f"TLS failure: {_reason(exc)}", method=method, url=url),
                request_sent=True,
            )
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        if isinstance(reason, ConnectTimeoutError):  # includes NewConnectionError, DNS failure
            return cls(
                APIConnectionError("could not connect to the API", method=method, url=url),
                request_sent=False,
            )
        return cls(
            APIConnectionError(
                f"connection lost before an answer: {_reason(exc)}", method=method, url=url
            ),
            request_sent=True,
        )

    @classmethod
    def from_read(cls, exc: BaseException, method: str, url: str) -> _SendFailure:
        if isinstance(exc, ReadTimeoutError):
            error: APIConnectionError = APITimeoutError(
                "the API stopped sending its answer", method=method, url=url
            )
        else:
            error = APIConnectionError(
                f"connection lost while reading the answer: {type(exc).__name__}",
                method=method,
                url=url,
            )
        return cls(error, request_sent=True)


def _reason(exc: BaseException) -> str:
    """A short cause without urllib3's long repr (which may include pool internals)."""
    inner = exc.args[0] if exc.args else exc
    reason = getattr(inner, "reason", inner)
    return type(reason).__name__ if isinstance(reason, BaseException) else str(reason)


def _resolve_verify(verify: bool | str, trust_env: bool) -> bool | str:
    if verify is False:
        logger.warning("TLS certificate verification is disabled for this session")
        return False
    if verify is True and trust_env:
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            return bundle
    return verify
