"""The far end of outbound calls that ring: after ``ring_time`` it answers, or lets it ring out.

With ``ring_time`` 0 and ``far_end="answer"`` (the default profile) no call rings: the store
answers it as it is created. Otherwise each new outbound call starts a timer; when it fires
the call is answered (``answer``) or times out (``timeout``, then hangup ``NO_ANSWER``),
unless something else moved it first (the app hung up, the test answered). Timers are
cancelled by reset and stop.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from ._errors import ApiFault
from ._store import Store


class Ringer:
    """Schedules what the far end of each ringing outbound call does."""

    def __init__(
        self,
        store: Store,
        batch: Callable[[], AbstractContextManager[None]],
        ring_time: float,
        far_end: str,
    ) -> None:
        self.store = store
        self.batch = batch
        self.ring_time = ring_time
        self.far_end = far_end
        self._lock = threading.Lock()
        self._timers: set[threading.Timer] = set()

    def ring(self, call_id: str) -> None:
        """Called (under the store's lock) for a new outbound call left ringing."""
        timer = threading.Timer(self.ring_time, self._act, args=(call_id,))
        timer.daemon = True
        timer.name = "catapult-emulator-ring"
        with self._lock:
            self._timers.add(timer)
        timer.start()

    def _act(self, call_id: str) -> None:
        with self._lock:
            self._timers = {t for t in self._timers if t is not threading.current_thread()}
        with self.batch(), contextlib.suppress(ApiFault):  # ended or answered meanwhile
            if self.far_end == "answer":
                self.store.answer(call_id)
            else:
                self.store.no_answer(call_id)

    def cancel(self) -> None:
        """Forget every pending far-end action (reset, stop)."""
        with self._lock:
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
