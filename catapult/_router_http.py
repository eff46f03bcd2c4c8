"""The HTTP side of :mod:`catapult.router`: checking a request's arguments, and its answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol, cast

from ._errors import InvalidArgumentError, wrong_type
from ._event_parse import check_query

CALLBACK_METHODS = ("GET", "POST")
"""The methods Catapult sends callbacks with; any other is answered with 405."""

MAX_BODY = 1024 * 1024
"""Largest callback body the WSGI and ASGI apps read (a callback is well under 4 KiB); a larger
one is answered with 413."""


MAX_QUERY = 64 * 1024
"""Longest callback query the WSGI and ASGI apps parse (a callback's is well under 4 KiB); a
longer one is answered with 414."""

BODY_TIMEOUT = 10.0
"""The longest ``asgi_app`` waits for a callback body to be complete, in s (Catapult gives up on
a callback after 10 s at most); a slower one is answered with 408."""


class HeaderItems(Protocol):
    """Request headers as anything whose ``items()`` gives ``(name, value)`` pairs of str: a
    dict, or a multi-valued mapping listing a repeated header once per value (Starlette's and
    Werkzeug's ``Headers``)."""

    def items(self) -> Iterable[tuple[str, str]]: ...


@dataclass(frozen=True)
class HeaderList:
    """Headers as a server received them, a repeated header once per value."""

    pairs: tuple[tuple[str, str], ...]

    def items(self) -> tuple[tuple[str, str], ...]:
        return self.pairs


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
_SET_BY_THE_APPS = ("content-type", "content-length")


def _is_status(status: object) -> bool:
    return isinstance(status, int) and not isinstance(status, bool) and 200 <= status <= 599


def _is_field_value(value: object) -> bool:
    """Whether ``value`` can be sent as a header value (no line break, no control)."""
    return isinstance(value, str) and _FIELD_VALUE.fullmatch(value) is not None


def _is_header(pair: object) -> bool:
    if not _is_str_pair(pair):
        return False
    name, value = cast("tuple[str, str]", pair)
    return (
        _TOKEN.fullmatch(name) is not None
        and name.lower() not in _SET_BY_THE_APPS
        and _is_field_value(value)
    )


def _is_str_pair(pair: object) -> bool:
    if not isinstance(pair, tuple):
        return False
    parts = cast("tuple[object, ...]", pair)
    return len(parts) == 2 and all(isinstance(part, str) for part in parts)


@dataclass(frozen=True)
class RouterResponse:
    """What to answer the callback request with."""

    status: int
    """The HTTP status: 200, or 400, 401, 405, 413, 500 for a refused or failed request."""
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    """Headers to send besides ``Content-Type`` and ``Content-Length`` (``Allow`` on a 405)."""

    def __post_init__(self) -> None:
        """Refuse what no server could send (a handler building one gets a 500, not a crash
        of the server), naming no value."""
        if not _is_status(self.status):
            raise InvalidArgumentError("RouterResponse status must be an int from 200 to 599")
        if not isinstance(self.body, bytes):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise wrong_type("RouterResponse body", "bytes", self.body)
        if not _is_field_value(self.content_type):
            raise InvalidArgumentError(
                "RouterResponse content_type must be a str of printable latin-1 characters"
            )
        if not isinstance(self.headers, tuple) or not all(map(_is_header, self.headers)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidArgumentError(
                "RouterResponse headers must be a tuple of (name, value) pairs of str: a header"
                " name other than Content-Type and Content-Length, and a value of printable"
                " latin-1 characters"
            )


METHOD_NOT_ALLOWED = RouterResponse(
    405, b"method not allowed", headers=(("Allow", ", ".join(CALLBACK_METHODS)),)
)
TOO_LARGE = RouterResponse(413, b"callback body too large")
INCOMPLETE = RouterResponse(400, b"callback body incomplete")
TOO_SLOW = RouterResponse(408, b"callback body too slow")
QUERY_TOO_LONG = RouterResponse(414, b"callback query too long")
UNAUTHORIZED = RouterResponse(
    401, b"unauthorized", headers=(("WWW-Authenticate", 'Basic realm="callbacks"'),)
)


def status_line(status: int) -> str:
    """``405 Method Not Allowed``: the status and its reason, as a WSGI status line."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def refusal_of(method: str) -> RouterResponse | None:
    """The 405 answer to a method Catapult never sends callbacks with, else None."""
    return None if method.upper() in CALLBACK_METHODS else METHOD_NOT_ALLOWED


def check_parse_arguments(method: object, body: object, query: object) -> None:
    """Refuse arguments of the wrong type (their values are never shown: they may be secret)."""
    if not isinstance(method, str):
        raise wrong_type("method", "a str such as 'POST'", method)
    if not isinstance(body, bytes | bytearray | str):
        raise wrong_type("body", "bytes or str", body)
    check_query(query)


def checked_headers(headers: object) -> list[tuple[str, str]]:
    """The request's headers as ``(name, value)`` pairs of str (a repeated header once per
    value), refusing anything but a :class:`HeaderItems`."""
    if headers is None:
        return []
    items = getattr(headers, "items", None)
    if isinstance(headers, str | bytes) or not callable(items):
        refused = wrong_type("headers", "a mapping of header names to values", headers)
        del headers, items  # no credentials in the traceback's frames
        raise refused
    pairs = list(cast("Iterable[object]", items()))
    del headers, items
    if not all(_is_str_pair(pair) for pair in pairs):
        del pairs
        raise InvalidArgumentError("headers must be a mapping of str names to str values")
    return cast("list[tuple[str, str]]", pairs)


def response_for(result: Any) -> RouterResponse:
    """The answer carrying a handler's result: a :class:`RouterResponse` as it is, else 200.

    Raises for a result that is no JSON (``nan``, an object): the router answers 500.
    """
    if isinstance(result, RouterResponse):
        return result
    if result is None:
        return RouterResponse(200)
    if isinstance(result, bytes):
        return RouterResponse(200, result, "application/octet-stream")
    if isinstance(result, str):
        content_type = "application/xml" if result.lstrip().startswith("<") else "text/plain"
        return RouterResponse(200, result.encode(), content_type + "; charset=utf-8")
    return RouterResponse(200, json.dumps(result, allow_nan=False).encode(), "application/json")
