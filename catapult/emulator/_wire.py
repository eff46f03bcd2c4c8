"""Wire-format primitives shared by the emulator: ids, timestamps, JSON bytes, responses.

Catapult ids are prefixed opaque strings (``brg-``, ``c-``, ``ce-``, ``g-``, ``r-``, ``t-``);
timestamps are ISO-8601 UTC with milliseconds and ``Z`` (docs/wire/index.md#timestamps).
"""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

JSON_TYPE = "application/json"


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def new_id(prefix: str) -> str:
    """Return a fresh random id such as ``brg-k5xq3vd2mrb7ajey``.

    80 random bits in lower-case base32 keep ids unique across resets and emulators.
    """
    return f"{prefix}-{base64.b32encode(os.urandom(10)).decode('ascii').lower()}"


def new_ids(prefix: str, count: int) -> list[str]:
    """Return ``count`` fresh ids at once (one encode call: bulk seeding stays fast)."""
    text = base64.b32encode(os.urandom(10 * count)).decode("ascii").lower()
    return [f"{prefix}-{text[start : start + 16]}" for start in range(0, 16 * count, 16)]


def iso_ms(at: float | None = None) -> str:
    """Format an epoch time (default: now) as ``2013-04-22T13:55:30.279Z``."""
    if at is None:
        at = time.time()
    millis = int(at * 1000) % 1000
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at)) + f".{millis:03d}Z"


def dumps(value: Any) -> bytes:
    """Serialise compact UTF-8 JSON, the form every response body uses."""
    return _ENCODER.encode(value).encode("utf-8")


@dataclass
class Response:
    """One HTTP answer: status, raw body and extra headers (Content-Length is added on send)."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list[tuple[str, str]])
    content_type: str | None = JSON_TYPE

    @classmethod
    def json(
        cls, status: int, value: Any, headers: list[tuple[str, str]] | None = None
    ) -> Response:
        """Build a JSON answer from a Python value."""
        return cls(status, dumps(value), list(headers or []))

    @classmethod
    def raw_json(cls, body: bytes, headers: list[tuple[str, str]] | None = None) -> Response:
        """Build a 200 answer from already-serialised JSON bytes (cached resources)."""
        return cls(200, body, list(headers or []))

    @classmethod
    def empty(cls, status: int = 200, location: str | None = None) -> Response:
        """Build a body-less answer, optionally with a ``Location`` (creates answer 201)."""
        headers = [("Location", location)] if location else []
        return cls(status, b"", headers, content_type=None)


@dataclass(frozen=True)
class Request:
    """One HTTP request as received, body already drained."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    remote: str = "127.0.0.1"

    @property
    def path(self) -> str:
        """The path part of the target, still percent-encoded."""
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        """Decoded query parameters (``%2B`` becomes ``+``; a bare ``+`` becomes a space)."""
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        """A header value, looked up case-insensitively."""
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    @property
    def media_type(self) -> str:
        """The ``Content-Type`` without parameters, lower-case (``""`` when there is none)."""
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


def relative_path(path: str) -> str:
    """Strip ``/v1/users/{userId}`` from an API path: ``/v1/users/u-1/bridges`` → ``/bridges``.

    Paths outside that prefix are returned unchanged.
    """
    parts = path.split("/", 4)
    if len(parts) >= 4 and parts[1] == "v1" and parts[2] == "users":
        return "/" + parts[4] if len(parts) == 5 else "/"
    return path
