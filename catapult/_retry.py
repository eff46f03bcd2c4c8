"""When to retry, and how long to wait: the retry policy in one place.

The rules (reliability notes §3.2): a GET is retried on connection failures, read timeouts,
dropped connections and 429/500/502/503/504. A POST creates or changes something and Catapult
has no idempotency key, so it is retried only when the server certainly did not act on it: the
connection could not be opened, or the answer was 429 (a rate-limited request is refused
before it is processed).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


def server_requested_wait(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds the server asked us to wait, from ``Retry-After`` or ``X-RateLimit-Reset``.

    ``Retry-After`` may be seconds or an HTTP date; ``X-RateLimit-Reset`` is Catapult's epoch
    time in milliseconds (API notes §6). ``now`` is the current epoch time in seconds.
    """
    retry_after = headers.get("Retry-After")
    if retry_after:
        value = retry_after.strip()
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - now)
        except (TypeError, ValueError, IndexError):
            pass
    reset = headers.get("X-RateLimit-Reset")
    if reset and reset.strip().isdigit():
        return max(0.0, int(reset.strip()) / 1000 - now)
    return None
