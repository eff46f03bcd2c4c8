"""What both transports decide the same way: deadlines, retry or not, how long to wait, which error.

:class:`~catapult._http.Transport` (requests) and :class:`~catapult._async_http.AsyncTransport`
(httpx) only send and read; every decision about an answer or a failure is taken here, so the
two cannot drift apart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._errors import (
    APIConnectionError,
    APIError,
    CatapultError,
    ResponseDecodeError,
    ResponseTooLargeError,
    SessionClosedError,
    UnsafeURLError,
    error_from_response,
)
from ._failures import SendFailure
from ._options import Options
from ._redact import redact_password
from ._retry import RetryPolicy, server_requested_wait, utc_datetime
from ._urls import redact_url

logger = logging.getLogger("catapult")


@dataclass(frozen=True)
class Response:
    """A fully read answer: what the rest of the package needs, nothing of the HTTP library."""

    method: str
    url: str
    status_code: int
    headers: Mapping[str, str]
    content: bytes
    scrub: Callable[[str], str] = str
    """Removes the session's credentials from a text taken from the answer, for errors."""


@dataclass
class Exchange:
    """One logical request: what is sent, its deadline and the attempt under way."""

    method: str
    url: str
    json: Mapping[str, Any] | None
    params: Mapping[str, Any] | None
    deadline: float | None
    """``time.monotonic()`` by which the call and its retries end (None: no deadline)."""
    attempt: int = 0
    """The number of the attempt under way (from 1)."""
    started: float = 0.0
    """The attempt's ``time.perf_counter()`` at its start."""


class RetryPlanner:
    """Settings and decisions of both transports; they only send and read.

    A transport's ``request`` is: ``_begin``, then for each attempt ``_next_attempt`` (its
    deadline), one send, and ``_settle`` (the answer, or how long to wait before the next).
    """

    def __init__(self, options: Options, scrub: Callable[[str], str] = str) -> None:
        """``scrub``: the session's :meth:`~catapult._credentials.Credentials.scrubber`."""
        self._scrub = scrub
        self.timeout: tuple[float, float] = options.timeout
        #: Deadline in seconds for one logical request, retries and waits included (or None).
        self.total_timeout: float | None = options.total_timeout
        self.retry: RetryPolicy = RetryPolicy(
            max_retries=options.max_retries, max_wait=options.max_retry_wait
        )
        self.max_response_bytes: int = options.max_response_bytes
        self._sleep: Callable[[float], None] = options.sleep
        self._clock: Callable[[], float] = options.clock
        self._closed = False

    @property
    def is_closed(self) -> bool:
        """Whether the transport was closed; it then refuses every request."""
        return self._closed

    def check_open(self) -> None:
        """Raise :class:`~catapult.SessionClosedError` if the transport was closed."""
        if self._closed:
            raise SessionClosedError("this session is closed: create a new session")

    def _mark_closed(self) -> bool:
        """Refuse every request from now on; whether it was open until now."""
        was_open, self._closed = not self._closed, True
        return was_open

    def _begin(
        self,
        method: str,
        url: str,
        json: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None,
    ) -> Exchange:
        """A new logical request; its deadline starts now (with ``total_timeout`` set).

        A URL holding the session's token or secret (an id given by mistake, a link a server
        made of them) is refused before anything is sent or logged: it would show them in
        logs, errors and the server's access log.
        """
        if self._scrub(url) != url:
            shown = redact_url(self._scrub(url))
            raise UnsafeURLError(f"refusing a URL that holds the session's credentials: {shown}")
        total = self.total_timeout
        deadline = None if total is None else time.monotonic() + total
        return Exchange(method, url, json, params, deadline)

    def _next_attempt(self, exchange: Exchange) -> float:
        """Start the next attempt; the ``time.monotonic()`` by which it must end: its connect
        and read timeouts, cut short by the call's deadline. Raises SessionClosedError, with
        nothing sent, once the transport is closed."""
        if self._closed:
            raise closed_error(exchange)
        exchange.attempt += 1
        exchange.started = time.perf_counter()
        own = time.monotonic() + self.timeout[0] + self.timeout[1]
        return own if exchange.deadline is None else min(own, exchange.deadline)

    def _settle(self, exchange: Exchange, outcome: Response | SendFailure) -> Response | float:
        """An attempt's outcome: the 2xx answer to return, or the seconds to wait before the
        next attempt (the retry logged). Raises the typed error when no retry is left."""
        method, url, attempt = exchange.method, exchange.url, exchange.attempt
        log_attempt(exchange, outcome)
        if isinstance(outcome, Response) and outcome.status_code < 300:
            return expect_json(outcome)  # redirects are not followed: a 3xx is an error
        if self._closed and isinstance(outcome, SendFailure):  # closed under it: not the API's
            raise closed_error(exchange)
        wait, error, asked = self._plan_retry(method, outcome, attempt, exchange.deadline)
        if wait is None:
            error.attempts = attempt
            raise error from None  # never chained to the HTTP library's errors
        self._log_retry(method, url, attempt, str(error), wait, asked)
        return wait

    def _declared_too_large(
        self, headers: Mapping[str, str], method: str, url: str, status: int
    ) -> ResponseTooLargeError | None:
        """The error for an answer whose ``Content-Length`` exceeds the limit, before its
        body is read (None: read it, within the limit)."""
        limit = self.max_response_bytes
        declared = headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            return too_large(limit, method, url, status, declared)
        return None

    def _plan_retry(
        self, method: str, outcome: Response | SendFailure, attempt: int, deadline: float | None
    ) -> tuple[float | None, APIConnectionError | APIError, bool]:
        """How long to wait before the next attempt (None: give up), the error, and whether
        the server asked for that wait."""
        may_retry = attempt <= self.retry.max_retries
        if isinstance(outcome, SendFailure):
            may_retry = may_retry and self.retry.may_retry_failure(
                method, request_sent=outcome.request_sent
            )
            if not may_retry:
                return None, outcome.error, False
            wait = self.retry.backoff(attempt)
            return (wait if fits(deadline, wait) else None), outcome.error, False
        error = self._error_for(outcome, attempt)
        if not (may_retry and self.retry.may_retry_status(method, outcome.status_code)):
            return None, error, False
        server_wait = server_requested_wait(outcome.headers, self._clock())
        if server_wait is not None and server_wait > self.retry.max_wait:
            return None, error, True  # do not sleep for minutes: let the caller decide
        wait = server_wait if server_wait is not None else self.retry.backoff(attempt)
        return (wait if fits(deadline, wait) else None), error, server_wait is not None

    def _log_retry(
        self, method: str, url: str, attempt: int, reason: str, wait: float, asked: bool
    ) -> None:
        """Log retry ``attempt``; ``asked`` when the server set the wait."""
        logger.log(
            logging.WARNING if asked else logging.INFO,
            "retrying %s %s in %.2f s (retry %d of %d): %s",
            method,
            redact_password(url),
            wait,
            attempt,
            self.retry.max_retries,
            redact_password(reason),
        )

    def _error_for(self, response: Response, attempt: int) -> APIError:
        reset_at = None
        if response.status_code == 429:
            wait = server_requested_wait(response.headers, self._clock())
            if wait is not None:
                reset_at = utc_datetime(self._clock() + wait)
        return error_from_response(
            response.status_code,
            response.content,
            method=response.method,
            url=response.url,
            reset_at=reset_at,
            attempts=attempt,
            scrub=response.scrub,
        )


def log_attempt(exchange: Exchange, outcome: Response | SendFailure | BaseException) -> None:
    """The debug line of one attempt, whatever ended it: the answer's status, the failure (an
    error's class and reason; ``cancelled`` for a cancelled task), its time and number. URL
    secrets (a query value named as one, say) read REDACTED, as in errors and reprs."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    if isinstance(outcome, Response):
        result = str(outcome.status_code)
    else:
        error = outcome.error if isinstance(outcome, SendFailure) else outcome
        result = _failure_text(error)
    elapsed_ms = (time.perf_counter() - exchange.started) * 1000
    logger.debug(
        "%s %s -> %s in %.1f ms (attempt %d)",
        exchange.method,
        redact_password(exchange.url),
        redact_password(result),
        elapsed_ms,
        exchange.attempt,
    )


def _failure_text(error: BaseException) -> str:
    """What ended an attempt without an answer: ``APITimeoutError (the API did not answer in
    time)``, ``cancelled``, ``KeyboardInterrupt``. The message of an error of ours only: it
    holds no credentials."""
    name = type(error).__name__
    if name in ("CancelledError", "Cancelled"):  # asyncio's, trio's
        return "cancelled"
    if isinstance(error, CatapultError) and error.args:
        return f"{name} ({error.args[0]})"
    return name


def closed_error(exchange: Exchange) -> SessionClosedError:
    """The error of a request refused (or cut short) because its session was closed."""
    when = "while the request was under way" if exchange.attempt else "nothing was sent"
    return SessionClosedError(
        f"this session is closed ({when}): create a new session ({exchange.method} {exchange.url})"
    )


def fits(deadline: float | None, wait: float) -> bool:
    """Whether waiting ``wait`` seconds still leaves time before ``deadline``."""
    return deadline is None or time.monotonic() + wait < deadline


def expect_json(response: Response) -> Response:
    """Refuse a 2xx answer whose body is not JSON (an HTML page from a proxy, say)."""
    head = response.content[:64].lstrip()
    if head and head[:1] not in (b"{", b"["):
        # scrubbed before it is cut: a credential across the cut would be shown in part
        shown = response.scrub(response.content[:512].lstrip().decode("utf-8", "replace"))
        raise ResponseDecodeError(
            f"expected a JSON answer, got {shown[:32]!r}",
            method=response.method,
            url=response.url,
            status_code=response.status_code,
        )
    return response


def too_large(
    limit: int, method: str, url: str, status: int, declared: str = ""
) -> ResponseTooLargeError:
    """The error for an answer over ``max_response_bytes`` (``declared``: its Content-Length)."""
    size = f"answer of {declared} bytes" if declared else "answer"
    return ResponseTooLargeError(
        f"{size} exceeds max_response_bytes={limit}", method=method, url=url, status_code=status
    )
