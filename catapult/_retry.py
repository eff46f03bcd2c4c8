"""When to retry, and how long to wait: the retry policy in one place.

The rules (docs/wire/errors.md#retries): a GET is retried on connection failures, read timeouts,
dropped connections and 429/500/502/503/504. A POST creates or changes something and Catapult
has no idempotency key, so it is retried only when the server certainly did not act on it: the
connection could not be opened, or the answer was 429 (a rate-limited request is refused
before it is processed).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

#: Methods that may be sent again after an ambiguous failure.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
#: Statuses worth another try for an idempotent request.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a session retries; see the module docstring for what."""

    #: Retries after the first attempt (0 disables retrying).
    max_retries: int = 2
    #: First backoff ceiling in seconds; it doubles each retry (full jitter below it).
    backoff_base: float = 0.5
    #: Largest backoff ceiling in seconds.
    backoff_cap: float = 8.0
    #: Longest server-requested wait (Retry-After, X-RateLimit-Reset) that is slept; a longer
    #: one raises RateLimitError at once, carrying the reset time.
    max_wait: float = 60.0
    #: Draws the jittered fraction; injectable for deterministic tests.
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if self.backoff_base < 0 or self.backoff_cap < 0 or self.max_wait < 0:
            raise ValueError("backoff_base, backoff_cap and max_wait must be >= 0")

    def may_retry_status(self, method: str, status: int) -> bool:
        """Whether an answer with ``status`` may be retried for ``method``."""
        if status == 429:
            return True
        return method in IDEMPOTENT_METHODS and status in RETRYABLE_STATUSES

    def may_retry_failure(self, method: str, *, request_sent: bool) -> bool:
        """Whether a transport failure may be retried: always if nothing reached the server."""
        return not request_sent or method in IDEMPOTENT_METHODS

    def backoff(self, retry_number: int) -> float:
        """Seconds to wait before retry ``retry_number`` (1-based): full jitter, capped."""
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** (retry_number - 1))
        return float(ceiling * self.random())


#: Longest wait a server header is believed for (a year); anything longer is nonsense.
MAX_SERVER_WAIT = 365 * 24 * 3600.0
#: Digits of an epoch-milliseconds value worth reading (year 2286 needs 13).
_MAX_EPOCH_MS_DIGITS = 15


def server_requested_wait(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds the server asked us to wait, from ``Retry-After`` or ``X-RateLimit-Reset``.

    ``Retry-After`` may be seconds or an HTTP date; ``X-RateLimit-Reset`` is Catapult's epoch
    time in milliseconds (docs/wire/errors.md#rate-limits). ``now`` is the current epoch time
    in seconds. Values that make no sense (not finite, absurdly far away, unparseable) are
    capped or ignored, never raised: a hostile header must not turn into an untyped exception.
    """
    retry_after = headers.get("Retry-After", "").strip()
    wait = _seconds(retry_after) if retry_after else None
    if wait is None and retry_after:
        wait = _date_wait(retry_after, now)
    if wait is None:
        reset = epoch_ms(headers.get("X-RateLimit-Reset"))
        wait = None if reset is None else reset - now
    return None if wait is None else min(max(0.0, wait), MAX_SERVER_WAIT)


def _seconds(value: str) -> float | None:
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) else MAX_SERVER_WAIT


def _date_wait(value: str, now: float) -> float | None:
    try:
        return parsedate_to_datetime(value).timestamp() - now
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def epoch_ms(raw: str | None) -> float | None:
    """Epoch seconds from Catapult's epoch-milliseconds text; None if it is not a sane number."""
    text = (raw or "").strip()
    if not text.isdigit() or len(text) > _MAX_EPOCH_MS_DIGITS:
        return None
    return int(text) / 1000


def utc_datetime(epoch_seconds: float) -> datetime | None:
    """The aware UTC datetime of ``epoch_seconds``, or None when no datetime can hold it."""
    try:
        return datetime.fromtimestamp(epoch_seconds, tz=timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None


def epoch_ms_to_datetime(raw: str | None) -> datetime | None:
    """``epoch_ms`` as a datetime (the 429 body's ``rateLimitResetTime``), or None."""
    seconds = epoch_ms(raw)
    return None if seconds is None else utc_datetime(seconds)
