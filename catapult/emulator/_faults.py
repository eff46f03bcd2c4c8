"""Fault injection (a queue of matching rules) and the optional Catapult rate limits.

Faults are deterministic: each rule answers the next ``times`` requests whose method and
relative path (``/bridges``, ``/calls/c-1/audio``; fnmatch ``*`` wildcards, which also match
``/``) match, in the order rules were added. ``times=None`` keeps a rule until cleared.
"""

from __future__ import annotations

import fnmatch
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

from ._errors import ApiFault
from ._settings_types import check_field_types, check_names
from ._wire import dumps, new_id

FaultAction = Literal[
    "status", "delay", "drop", "drop_after_action", "malformed", "non_json", "truncate", "huge"
]
FAULT_ACTIONS: tuple[str, ...] = get_args(FaultAction)

DEFAULT_HUGE_SIZE = 33 * 1024 * 1024
"""Default size of a ``huge`` answer: 33 MiB, just over the SDK's 32 MiB ``max_response_bytes``."""

_STATUS_CODES = {
    400: ("bad-request", "bad-request"),
    401: ("authentication", "unauthorized"),
    403: ("forbidden", "forbidden"),
    404: ("not-found", "not-found"),
    409: ("conflict", "conflict"),
    429: ("too-many-requests", "rate-limit-reached"),
    500: ("backend", "internal-server-error"),
    502: ("unavailable", "bad-gateway"),
    503: ("unavailable", "service-unavailable"),
    504: ("unavailable", "gateway-timeout"),
}


@dataclass(frozen=True)
class FaultSpec:
    """One fault rule as asked for: the arguments of ``Emulator.inject_fault``, declared once.

    ``method``/``path`` of ``None`` match anything; ``path`` is relative to the user
    (``/bridges``) and may use ``*`` wildcards. ``times=None`` never expires. ``action`` is one
    of :data:`FAULT_ACTIONS`: ``status`` (answer ``status``, default 503, with ``headers`` and
    ``body`` or a Catapult error body), ``delay`` (wait ``delay`` seconds first), ``drop``,
    ``drop_after_action``, ``malformed``, ``non_json``, ``truncate`` or ``huge`` (a JSON body
    of ``size`` bytes).
    """

    method: str | None = None
    path: str | None = None
    times: int | None = 1
    status: int | None = None
    headers: Mapping[str, str] | None = None
    body: bytes | str | dict[str, Any] | list[Any] | None = None
    delay: float = 0.0
    action: str = "status"
    size: int = DEFAULT_HUGE_SIZE

    def __post_init__(self) -> None:
        check_field_types(self)
        if self.action not in FAULT_ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; use one of {FAULT_ACTIONS}")
        if self.times is not None and self.times < 1:
            raise ValueError("times must be >= 1 (or None for every matching request)")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")
        if self.delay < 0 or self.size < 0:
            raise ValueError("delay and size must not be negative")
        if self.action == "delay" and not self.delay:
            raise ValueError("a delay fault needs delay > 0 (seconds to wait before answering)")
        object.__setattr__(self, "method", self.method.upper() if self.method else None)
        object.__setattr__(self, "delay", float(self.delay))
        object.__setattr__(self, "size", int(self.size))


FAULT_FIELDS = tuple(spec.name for spec in fields(FaultSpec))
"""The fields of a fault rule (the keys a control ``POST /_emulator/faults`` body may have)."""


@dataclass
class Fault:
    """One injected fault rule; ``remaining`` counts down (``None`` = forever)."""

    id: str
    spec: FaultSpec
    remaining: int | None
    headers: dict[str, str]
    body: bytes | None
    """The spec's body as bytes (a dict or list as JSON, text as UTF-8)."""

    @classmethod
    def of(cls, spec: FaultSpec) -> Fault:
        body = spec.body
        raw = body.encode("utf-8") if isinstance(body, str) else body
        if isinstance(raw, dict | list):
            raw = dumps(raw)
        return cls(new_id("fault"), spec, spec.times, dict(spec.headers or {}), raw)

    def matches(self, method: str, path: str) -> bool:
        if self.spec.method is not None and self.spec.method != method.upper():
            return False
        return self.spec.path is None or fnmatch.fnmatchcase(path, self.spec.path)

    def api_fault(self) -> ApiFault:
        """The Catapult-style error answered by a ``status`` fault without an explicit body."""
        status = self.spec.status or 503
        category, code = _STATUS_CODES.get(status, ("backend", f"http-{status}"))
        message = None if status == 429 else f"Injected fault: HTTP {status}"
        return ApiFault(status, category, code, message)

    def to_dict(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "id": self.id,
            "action": spec.action,
            "method": spec.method,
            "path": spec.path,
            "times": self.remaining,
            "status": spec.status,
            "headers": self.headers,
            "delay": spec.delay,
            "size": spec.size,
        }


class FaultQueue:
    """Thread-safe list of fault rules, consumed first-match-first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self._wake = threading.Event()

    def add(self, spec: FaultSpec) -> str:
        """Add a rule and return its id."""
        rule = Fault.of(spec)
        with self._lock:
            self._rules.append(rule)
        return rule.id

    def take(self, method: str, path: str) -> Fault | None:
        """Consume one use of the first rule matching this request."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining == 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def pause(self, seconds: float) -> None:
        """Sleep for a ``delay`` fault; :meth:`interrupt` ends every such sleep at once."""
        with self._lock:
            wake = self._wake
        wake.wait(seconds)

    def interrupt(self) -> None:
        """Wake the requests sleeping in :meth:`pause` (a reset or stop is under way)."""
        with self._lock:
            wake, self._wake = self._wake, threading.Event()
        wake.set()

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.to_dict() for rule in self._rules]


@dataclass
class RateLimits:
    """Catapult's limits (docs/wire/errors.md#rate-limits), all adjustable for tests."""

    requests_per_window: int = 1
    """Requests allowed per window and per resource family (``bridges``, ``calls``) → 429."""
    window_ms: int = 1000
    calls_per_second: float = 1.0
    """Outbound call creations per second, averaged over ``call_window_s`` → 403."""
    call_window_s: float = 10.0
    code: str = "rate-limit-reached"
    """The 429's error code: the documented sample's; the errors table says
    ``too-many-requests`` (docs/emulator.md#profiles)."""

    def __post_init__(self) -> None:
        check_field_types(self)


@dataclass
class RateLimiter:
    """Sliding-window counters; a ``None`` ``limits`` disables every check."""

    limits: RateLimits | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _family_hits: dict[str, deque[float]] = field(default_factory=dict[str, deque[float]])
    _call_creates: deque[float] = field(default_factory=deque[float])

    def admit(self, family: str) -> None:
        """Count one request to a resource family, or raise 429 with ``X-RateLimit-Reset``."""
        if self.limits is None:
            return
        window = self.limits.window_ms / 1000
        now = time.time()
        with self._lock:
            hits = self._family_hits.setdefault(family, deque())
            while hits and hits[0] <= now - window:
                hits.popleft()
            if len(hits) >= self.limits.requests_per_window:
                reset = str(int((hits[0] + window) * 1000) + 1)
                raise ApiFault(
                    429,
                    "too-many-requests",
                    self.limits.code,
                    None,
                    [("rateLimitResetTime", reset)],
                    [("X-RateLimit-Reset", reset)],
                )
            hits.append(now)

    def admit_call(self) -> None:
        """Count one outbound call creation, or raise 403 ``call-rate-limit``."""
        if self.limits is None:
            return
        span = self.limits.call_window_s
        now = time.time()
        with self._lock:
            while self._call_creates and self._call_creates[0] <= now - span:
                self._call_creates.popleft()
            rate = (len(self._call_creates) + 1) / span
            if rate > self.limits.calls_per_second:
                raise ApiFault(
                    403,
                    "limit",
                    "call-rate-limit",
                    f"You can create {self.limits.calls_per_second:g} calls per 1 seconds, "
                    f"calculated as the average over {span:g} seconds. Your rate is: {rate:g}",
                )
            self._call_creates.append(now)

    def reset(self) -> None:
        with self._lock:
            self._family_hits.clear()
            self._call_creates.clear()


def rate_limits_from(setting: bool | RateLimits | Mapping[str, Any] | None) -> RateLimits | None:
    """Interpret the ``rate_limits`` option: False/None off, True defaults, or overrides."""
    if setting is None or setting is False:
        return None
    if setting is True:
        return RateLimits()
    if isinstance(setting, RateLimits):
        return setting
    if not isinstance(setting, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise ValueError(
            "rate_limits must be True, False, None, RateLimits or a mapping of its fields"
        )
    check_names(RateLimits, setting, "rate limit field(s)")
    return RateLimits(**setting)
