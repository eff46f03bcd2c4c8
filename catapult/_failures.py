"""Transport failures turned into typed errors, classified by whether the request was sent.

The typed error never chains the ``requests``/``urllib3`` exception it replaces: those carry
tracebacks whose frames hold the request headers, ``Authorization`` included, and
``pytest -l`` or ``TracebackException(capture_locals=True)`` would print them. A short,
credential-free description of the cause goes into the message instead.
"""

from __future__ import annotations

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    EmptyPoolError,
    HTTPError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError

from ._errors import APIConnectionError, APITimeoutError


class SendFailure(Exception):
    """A failed attempt: the typed error, and whether the request may have reached the server."""

    def __init__(self, error: APIConnectionError, *, request_sent: bool) -> None:
        super().__init__(str(error))
        self.error = error
        self.request_sent = request_sent


def deadline_passed(method: str, url: str, *, request_sent: bool = True) -> SendFailure:
    """The attempt ran out of wall-clock time (however slowly the server was sending)."""
    return SendFailure(
        APITimeoutError("no complete answer before the deadline", method=method, url=url),
        request_sent=request_sent,
    )


def from_requests(exc: BaseException, method: str, url: str) -> SendFailure:
    """Classify an exception raised while sending and waiting for the answer's headers.

    Either requests' exception (it wraps urllib3's), or urllib3's own when the request went
    to the pool directly (``retries=False``: urllib3 raises the failure itself).
    """
    if isinstance(exc, EmptyPoolError):
        return SendFailure(
            APITimeoutError("no free connection before the deadline", method=method, url=url),
            request_sent=False,
        )
    direct_connect_timeout = isinstance(exc, ConnectTimeoutError) and not isinstance(
        exc, NewConnectionError
    )
    if isinstance(exc, requests.ConnectTimeout) or direct_connect_timeout:
        return SendFailure(
            APITimeoutError("timed out connecting to the API", method=method, url=url),
            request_sent=False,
        )
    if isinstance(exc, (requests.ReadTimeout, ReadTimeoutError)):
        return SendFailure(
            APITimeoutError("the API did not answer in time", method=method, url=url),
            request_sent=True,
        )
    if isinstance(exc, (requests.exceptions.SSLError, Urllib3SSLError)):
        # A certificate problem will not fix itself on retry: report it as sent.
        return SendFailure(
            APIConnectionError(f"TLS failure: {reason(exc)}", method=method, url=url),
            request_sent=True,
        )
    cause = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(cause, ConnectTimeoutError) or isinstance(
        exc, NewConnectionError
    ):  # includes NewConnectionError, DNS failure
        return SendFailure(
            APIConnectionError("could not connect to the API", method=method, url=url),
            request_sent=False,
        )
    return SendFailure(
        APIConnectionError(
            f"connection lost before an answer: {reason(exc)}", method=method, url=url
        ),
        request_sent=True,
    )


def undecodable(method: str, url: str) -> SendFailure:
    """The answer's body does not decode as its ``Content-Encoding`` says (gzip, deflate)."""
    return SendFailure(
        APIConnectionError(
            "the answer's body does not decode as its Content-Encoding says", method=method, url=url
        ),
        request_sent=True,
    )


def from_read(exc: BaseException, method: str, url: str) -> SendFailure:
    """Classify an exception raised while reading the answer's body."""
    if isinstance(exc, DecodeError):
        return undecodable(method, url)
    if isinstance(exc, (ReadTimeoutError, TimeoutError)):
        error: APIConnectionError = APITimeoutError(
            "the API stopped sending its answer", method=method, url=url
        )
    else:
        error = APIConnectionError(
            f"connection lost while reading the answer: {type(exc).__name__}",
            method=method,
            url=url,
        )
    return SendFailure(error, request_sent=True)


def reason(exc: BaseException) -> str:
    """A short cause without urllib3's long repr (which may include pool internals)."""
    if isinstance(exc, HTTPError):  # urllib3's own, raised on the direct path
        return type(exc).__name__
    inner = exc.args[0] if exc.args else exc
    cause = getattr(inner, "reason", inner)
    return type(cause).__name__ if isinstance(cause, BaseException) else str(cause)
