"""Wait for what the app under test did, without sleeps: polled, bounded, explained on failure.

The helpers poll the emulator's request log or callback deliveries until a match appears (or
``timeout`` seconds pass) and fail with an ``AssertionError`` that lists what did happen, so
a failing test reads "the app answered 500 to gather (traceback: ...)" rather than a timeout.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from ..emulator import CallbackDelivery, EmulatorRequest

T = TypeVar("T")

POLL_INTERVAL = 0.01
"""Seconds between two looks at the emulator while waiting."""


def poll(look: Callable[[], T | None], timeout: float) -> T | None:
    """Call ``look`` until it returns something other than None, or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        found = look()
        if found is not None or time.monotonic() >= deadline:
            return found
        time.sleep(POLL_INTERVAL)


def contains(actual: Any, expected: Any) -> bool:
    """Whether ``actual`` holds ``expected``: dicts by subset (recursively), else ``==``."""
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        return all(
            key in actual and contains(actual[key], value)
            for key, value in expected.items()  # pyright: ignore[reportUnknownVariableType]
        )
    return bool(actual == expected)


def request_matches(entry: EmulatorRequest, method: str, path: str, body: Any) -> bool:
    import fnmatch

    if entry.method != method.upper():
        return False
    if entry.path != path and not ("*" in path and fnmatch.fnmatchcase(entry.path, path)):
        return False
    return body is None or contains(entry.json, body)


def describe_requests(entries: Sequence[EmulatorRequest]) -> str:
    if not entries:
        return "  (no API request at all)"
    return "\n".join(
        f"  {e.method} {e.path} {_text(e.json)} -> {e.status}"
        if e.json is not None
        else f"  {e.method} {e.path} -> {e.status}"
        for e in entries
    )


def describe_deliveries(deliveries: Sequence[CallbackDelivery], errors: Iterable[str]) -> str:
    lines = [
        f"  #{d.sequence} {d.event_type} (call {d.call_id}) -> "
        + (f"{d.status}" if d.status is not None else d.outcome)
        + ("" if d.ok else f" [{d.outcome}: {d.error}]")
        for d in deliveries
    ] or ["  (no callback delivered)"]
    tracebacks = list(errors)
    if tracebacks:
        lines.append("the app raised:")
        lines.extend("  " + line for tb in tracebacks for line in tb.rstrip().splitlines())
    return "\n".join(lines)


def _text(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True)
    except TypeError:
        return repr(value)
