"""The exception tree, and the one function that turns an HTTP error answer into an exception.

Every exception raised by catapult derives from :class:`CatapultError`. API answers with a
status of 400 and up become an :class:`APIError` subclass chosen by status alone, carrying the
Catapult error body's ``code``, ``category``, ``message`` and ``details``. Nothing here ever holds
credentials: the URL is the request URL (which never contains any), and headers are not kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, cast

from ._redact import redact_password
from ._retry import epoch_ms_to_datetime

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CallRateLimitError",
    "CatapultError",
    "ConfigurationError",
    "ConflictError",
    "InvalidArgumentError",
    "MissingContextError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "SessionClosedError",
    "UnsafeURLError",
    "WrongEventLoopError",
]

_MAX_TEXT_IN_MESSAGE = 500
"""How much of a non-JSON error body is kept in the exception message."""


class CatapultError(Exception):
    """Base class of every error raised by catapult.

    Every subclass pickles with its attributes (so it crosses process pools), whatever its
    constructor's signature.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(
    cls: type[CatapultError], args: tuple[Any, ...], state: dict[str, Any]
) -> CatapultError:
    """Recreate a pickled error without calling its (keyword-only) constructor."""
    error = cls.__new__(cls, *args)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InvalidArgumentError(CatapultError, ValueError):
    """An argument was refused before any request was sent."""


class ConfigurationError(CatapultError, ValueError):
    """The session cannot be configured as asked (missing variable, unsafe base URL, ...)."""


class UnsafeURLError(ConfigurationError):
    """A URL would send credentials in clear text or to another host than the API's."""


class MissingContextError(CatapultError):
    """An object lacks something its wire data does not hold: the session it acts through
    (``bind`` it), or the object it was read from (the conference of a member, the call of a
    gather), as after ``model_validate`` of a dump."""


class SessionClosedError(CatapultError, RuntimeError):
    """The session (or :class:`~catapult.Client`) was closed: it sends nothing any more.

    A request started after ``close()`` / ``aclose()``, by the session or an object it
    returned, and ``with`` / ``async with`` on a closed session raise it before anything is
    sent. A request under way when the session closes (waiting for its answer, a connection or
    its retry) ends with it too.
    """


class WrongEventLoopError(CatapultError, RuntimeError):
    """An :class:`~catapult.AsyncSession` was used from another event loop than its own (the
    loop of its first request); nothing was sent. Create one ``AsyncSession`` per event loop:
    per thread, per ``asyncio.run()``."""


class APIConnectionError(CatapultError):
    """The API could not be reached, or the connection broke before a full answer arrived."""

    def __init__(self, message: str, *, method: str, url: str, attempts: int = 1) -> None:
        super().__init__(message)
        self.method = method
        """The request's method."""
        self.url = url
        """The request's URL (it never holds credentials)."""
        self.attempts = attempts
        """How many times the request was sent before giving up."""

    def __str__(self) -> str:
        suffix = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"{self.args[0]} ({self.method} {self.url}{suffix})"


class APITimeoutError(APIConnectionError):
    """The API did not answer within the configured timeout."""


class ResponseDecodeError(CatapultError):
    """A successful answer did not carry the JSON the SDK expected."""

    def __init__(self, message: str, *, method: str, url: str, status_code: int) -> None:
        super().__init__(message)
        self.method = method
        """The request's method."""
        self.url = url
        """The request's URL (it never holds credentials)."""
        self.status_code = status_code
        """The answer's status (2xx)."""

    def __str__(self) -> str:
        return f"{self.args[0]} ({self.method} {self.url} -> {self.status_code})"


class ResponseValidationError(ResponseDecodeError):
    """A successful answer was JSON but did not match the resource model (no id, wrong types)."""


class ResponseTooLargeError(ResponseDecodeError):
    """An answer was larger than the session's ``max_response_bytes``; it was not read."""


class APIError(CatapultError):
    """The API answered with an error status (400 and above)."""

    def __init__(
        self,
        status_code: int,
        code: str | None,
        category: str | None,
        message: str,
        details: Mapping[str, str],
        method: str,
        url: str,
        *,
        body: str = "",
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        """The HTTP status of the answer (400 and above)."""
        self.code = code
        """Catapult's kebab-case error code, e.g. ``"bridge-not-found"``; None if the body had none.
        """
        self.category = category
        """Catapult's error category, e.g. ``"not-found"``."""
        self.message = message
        """The body's ``message``, else its ``code``, its text or ``HTTP <status>``."""
        self.details: dict[str, str] = dict(details)
        """The body's ``details`` list folded into a name -> value mapping."""
        self.method = method
        """The request's method."""
        self.url = url
        """The request's URL (it never holds credentials)."""
        self.body = body
        """The raw error body as text, cut to a sane length."""
        self.attempts = attempts
        """How many times the request was sent before this answer was final."""

    def __str__(self) -> str:
        code = f" {self.code}" if self.code else ""
        return f"{self.status_code}{code}: {self.message} ({self.method} {self.url})"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, code={self.code!r}, "
            f"message={self.message!r}, method={self.method!r}, url={self.url!r})"
        )


class BadRequestError(APIError):
    """400: the request was refused as invalid (``validation-error``, ``bridge-*``, ...)."""


class AuthenticationError(APIError):
    """401: wrong API token or secret, or a user id the credentials do not own."""


class PermissionDeniedError(APIError):
    """403: refused in the current state (``call-invalid-state``, ``bridge-callIds-overflow``)."""


class CallRateLimitError(PermissionDeniedError):
    """403 ``call-rate-limit``: outbound calls are created faster than the account allows."""


class NotFoundError(APIError):
    """404: no such bridge, call or path."""


class ConflictError(APIError):
    """409: a conflicting update is in progress, or a duplicate (e.g. a second gather)."""


class RateLimitError(APIError):
    """429: too many requests. ``reset_at`` says when the limit lifts, if the API said so."""

    def __init__(self, *args: Any, reset_at: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reset_at = reset_at
        """When the API allows requests again (from ``X-RateLimit-Reset`` or ``Retry-After``)."""


class ServerError(APIError):
    """5xx: the API failed or is unavailable."""


_ERRORS_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def clipped(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters (marked with ``...``): a caller's text in a message
    or a log line stays short, however long it was sent."""
    return text if len(text) <= limit else text[:limit] + "..."


def safe_text(text: object) -> str:
    """A caller's text as a message or a log line shows it: as it is when short and printable,
    else its repr (a line break would forge a log line), cut short either way."""
    cut = clipped(str(text))
    return cut if cut.isprintable() else repr(cut)


def wrong_type(argument: str, expected: str, value: object) -> InvalidArgumentError:
    """The refusal of an argument of the wrong type (its value is never shown: it may be
    secret)."""
    return InvalidArgumentError(f"{argument} must be {expected}, not {type(value).__name__}")


def error_class_for(status_code: int, code: str | None) -> type[APIError]:
    """Choose the exception class for an error status (and, for 403, the Catapult code)."""
    if status_code == 403 and code == "call-rate-limit":
        return CallRateLimitError
    if status_code >= 500:
        return ServerError
    return _ERRORS_BY_STATUS.get(status_code, APIError)


def error_from_response(
    status_code: int,
    content: bytes,
    *,
    method: str,
    url: str,
    reset_at: datetime | None = None,
    attempts: int = 1,
    scrub: Callable[[str], str] = str,
) -> APIError:
    """Build the typed error for an error answer; tolerate empty, partial or plain-text bodies.

    ``scrub`` removes the session's credentials from the body first (a server may echo them).
    """
    text = scrub(redact_password(content.decode("utf-8", "replace").strip()))  # echoes
    fields = _parse_error_body(text)
    code = _text_or_none(fields.get("code"))
    category = _text_or_none(fields.get("category"))
    message = (
        _text_or_none(fields.get("message"))
        or (code if fields else None)  # {"code": "400"} -> "400" (docs/wire/errors.md#error-bodies)
        or (text[:_MAX_TEXT_IN_MESSAGE] if text and not fields else None)
        or f"HTTP {status_code}"
    )
    details = _fold_details(fields.get("details"))
    cls = error_class_for(status_code, code)
    kwargs: dict[str, Any] = {"body": text[:_MAX_TEXT_IN_MESSAGE], "attempts": attempts}
    if issubclass(cls, RateLimitError):
        kwargs["reset_at"] = reset_at or _reset_from_details(details)
    return cls(status_code, code, category, message, details, method, url, **kwargs)


def _parse_error_body(text: str) -> dict[str, Any]:
    if not text.startswith("{"):
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested absurdly deep
        return {}
    return cast("dict[str, Any]", value) if isinstance(value, dict) else {}


def _text_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def _fold_details(raw: Any) -> dict[str, str]:
    """Fold Catapult's ``[{"name": .., "value": ..}]`` list into a dict; accept a dict too."""
    if isinstance(raw, dict):
        return {str(k): str(v) for k, v in cast("dict[object, object]", raw).items()}
    folded: dict[str, str] = {}
    if isinstance(raw, list):
        for item in cast("list[object]", raw):
            if isinstance(item, dict) and "name" in item:
                entry = cast("dict[str, object]", item)
                folded[str(entry["name"])] = str(entry.get("value", ""))
    return folded


def _reset_from_details(details: Mapping[str, str]) -> datetime | None:
    # The 429 body repeats the reset instant as detail "rateLimitResetTime"
    # (docs/wire/errors.md#rate-limits).
    return epoch_ms_to_datetime(details.get("rateLimitResetTime"))
