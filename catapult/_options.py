"""A session's settings: the keyword arguments callers give, and the one checked object built
from them that :class:`~catapult.Session`, :class:`~catapult.Client` and the transport share.

``Session(..., **settings)``, ``Session.from_env(**settings)`` and ``Client(..., **settings)``
take :class:`Settings` (so type checkers and IDEs know every name); :meth:`Options.of` checks
them all at once and raises :class:`~catapult.ConfigurationError` for a bad one, so a session
that would hang or fail on its first request is never built.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, cast

import requests
from typing_extensions import TypedDict

from ._errors import ConfigurationError, UnsafeURLError
from ._transport_setup import ca_bundle
from ._urls import check_base_url

DEFAULT_BASE_URL = "https://api.catapult.inetwork.com/v1"
"""Where Catapult v1 lived."""
DEFAULT_TIMEOUT = (5.0, 30.0)
"""Connect and read timeouts, in seconds, used when a session is given none."""
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
"""Largest answer body read into memory (a page of 1,000 calls is well under 2 MiB)."""
DEFAULT_POOL_MAXSIZE = 16
"""Kept-alive connections per host; also how many threads can send at once without waiting."""

Timeout = float | tuple[float, float]


class Settings(TypedDict, total=False):
    """The keyword settings of a session; every one is optional."""

    base_url: str
    """API root including the version segment. Plain ``http://`` only to loopback addresses."""
    timeout: Timeout | None
    """Seconds, or a ``(connect, read)`` pair, for each attempt; default ``(5, 30)``."""
    total_timeout: float | None
    """Deadline in seconds for one call, its retries and waits included."""
    max_retries: int
    """Retries after the first attempt (default 2; 0 to 100)."""
    max_retry_wait: float
    """Longest server-requested wait slept before a retry (default 60 s)."""
    user_agent: str | None
    """Your product token, sent before catapult's own."""
    verify: bool | str
    """TLS verification: True, or a CA bundle path. ``False`` is honoured with a warning."""
    strict: bool
    """Raise ResponseValidationError on unknown fields or enum values (API drift)."""
    trust_env: bool
    """Read proxy and CA bundle variables from the environment, once."""
    pool_maxsize: int
    """Connections kept in the pool (16 by default; 1 to 1,000)."""
    max_response_bytes: int
    """Largest answer read into memory (32 MiB by default)."""
    sleep: Callable[[float], None]
    """Injectable ``time.sleep``, for fast tests of retries."""
    clock: Callable[[], float]
    """Injectable ``time.time``, for the same."""
    http_session: requests.Session | None
    """A ``requests.Session`` to send through instead of the SDK's own pooled one."""


def _seconds(name: str, value: object, *, zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds, got {value!r}")
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        raise ConfigurationError(f"{name} must be a finite number of seconds above 0")
    return float(value)


def _whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigurationError(f"{name} must be an integer from {low} to {high}, got {value!r}")
    return value


def _timeout(value: object) -> tuple[float, float]:
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, (tuple, list)):
        pair = tuple(cast("list[object]", value))
        if len(pair) != 2:
            raise ConfigurationError("timeout must be seconds or a (connect, read) pair")
        return (_seconds("timeout", pair[0]), _seconds("timeout", pair[1]))
    seconds = _seconds("timeout", value)
    return (seconds, seconds)


def _of_type(name: str, value: object, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(value, kind):
        raise ConfigurationError(f"{name} must be {what}, got {type(value).__name__}")
    return value


def _verify(value: object) -> bool | str:
    checked: bool | str = _of_type("verify", value, (bool, str), "True, False or a CA bundle path")
    return checked if isinstance(checked, bool) else ca_bundle("verify", checked)


def _callable(name: str, value: object) -> Any:
    if not callable(value):
        raise ConfigurationError(f"{name} must be callable, got {type(value).__name__}")
    return value


@dataclass(frozen=True)
class Options:
    """Every setting of a session, checked: what the session and its transport read."""

    base_url: str = DEFAULT_BASE_URL
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    total_timeout: float | None = None
    max_retries: int = 2
    max_retry_wait: float = 60.0
    user_agent: str | None = None
    verify: bool | str = True
    strict: bool = False
    trust_env: bool = True
    pool_maxsize: int = DEFAULT_POOL_MAXSIZE
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    clock: Callable[[], float] = field(default=time.time, repr=False)
    http_session: requests.Session | None = field(default=None, repr=False)

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> Options:
        """Check ``settings`` (a :class:`Settings` dict); raises ConfigurationError."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise ConfigurationError(f"unknown session setting(s): {', '.join(unknown)}")
        return cls(**{name: _CHECKS[name](value) for name, value in settings.items()})


def _base_url(value: object) -> str:
    if not isinstance(value, str):
        raise ConfigurationError(f"base_url must be a string, got {type(value).__name__}")
    try:
        return check_base_url(value)
    except UnsafeURLError:
        raise
    except ValueError as exc:  # a malformed URL (bad port, broken IPv6 literal)
        raise ConfigurationError(f"base_url is not a valid URL: {exc}") from None


def _user_agent(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or any(c in value for c in "\r\n")):
        raise ConfigurationError("user_agent must be a single-line string")
    return value


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "base_url": _base_url,
    "timeout": _timeout,
    "total_timeout": lambda v: None if v is None else _seconds("total_timeout", v),
    "max_retries": lambda v: _whole("max_retries", v, 0, 100),
    "max_retry_wait": lambda v: _seconds("max_retry_wait", v, zero=True),
    "user_agent": _user_agent,
    "verify": _verify,
    "strict": lambda v: _of_type("strict", v, bool, "True or False"),
    "trust_env": lambda v: _of_type("trust_env", v, bool, "True or False"),
    "pool_maxsize": lambda v: _whole("pool_maxsize", v, 1, 1000),
    "max_response_bytes": lambda v: _whole("max_response_bytes", v, 1, 2**40),
    "sleep": lambda v: _callable("sleep", v),
    "clock": lambda v: _callable("clock", v),
    "http_session": lambda v: (
        v if v is None else _of_type("http_session", v, requests.Session, "a requests.Session")
    ),
}
