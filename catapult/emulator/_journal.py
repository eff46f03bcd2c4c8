"""The request log: every API request (control-API requests excluded), in arrival order."""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from ._wire import Request, relative_path

MAX_ENTRIES = 200_000
"""Oldest entries are dropped beyond this many, so long benchmarks keep bounded memory."""


@dataclass(frozen=True)
class EmulatorRequest:
    """One API request as the emulator saw it, and the status it answered.

    ``path`` is relative to ``/v1/users/{userId}`` (``/bridges``); ``full_path`` is the
    request path as sent, without the query. ``json`` is the parsed body (``None`` when
    absent or not JSON). ``headers`` has the ``Authorization`` value replaced by
    ``REDACTED``. ``status`` is ``0`` when the connection was dropped without an answer.
    ``time`` is the arrival time in epoch seconds.
    """

    method: str
    path: str
    full_path: str
    query: dict[str, list[str]]
    json: Any
    headers: dict[str, str]
    status: int
    time: float

    def to_dict(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


class Journal:
    """Thread-safe log; entries are numbered on arrival and stored when answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._numbers = itertools.count()
        self._entries: dict[int, EmulatorRequest] = {}
        self._floor = 0

    def begin(self) -> int:
        """Reserve the arrival number of a request."""
        return next(self._numbers)

    def finish(self, number: int, request: Request, status: int, arrived: float) -> None:
        """Store a finished request under its arrival number."""
        entry = EmulatorRequest(
            method=request.method,
            path=relative_path(request.path),
            full_path=request.path,
            query=request.query,
            json=_parse(request.body),
            headers=redact_headers(request.headers),
            status=status,
            time=arrived,
        )
        with self._lock:
            if number < self._floor:
                return  # arrived before the last clear()
            self._entries[number] = entry
            if len(self._entries) > MAX_ENTRIES:
                del self._entries[next(iter(self._entries))]

    def select(
        self, method: str | None = None, path: str | None = None, path_prefix: str | None = None
    ) -> list[EmulatorRequest]:
        """Entries in arrival order, filtered by method, exact relative path or path prefix."""
        with self._lock:
            numbered = sorted(self._entries.items())
        wanted = method.upper() if method else None
        return [
            entry
            for _, entry in numbered
            if (wanted is None or entry.method == wanted)
            and (path is None or entry.path == path)
            and (path_prefix is None or entry.path.startswith(path_prefix))
        ]

    def clear(self) -> None:
        """Forget all entries, including requests still being answered."""
        with self._lock:
            self._entries.clear()
            self._floor = next(self._numbers)


def _parse(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``headers`` as kept for tests to read: ``Authorization``'s value is ``REDACTED``."""
    return {
        name: "REDACTED" if name.lower() == "authorization" else value for name, value in headers
    }
