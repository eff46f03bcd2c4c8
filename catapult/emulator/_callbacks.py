"""Callback delivery: the emulator sends the documented voice events to the app's URLs.

Events come from the store's hook on each call's event log (:func:`._media.log_event`), are
turned into the callback bodies of docs/wire/callbacks.md#events and delivered off the
request path: each call has an ordered queue, drained by a small pool of worker threads (one call's
events one at a time, in order; different calls in parallel). Events raised while an API or
control request is served are released only after its answer is written, so an app never hears
about a call before the ``201`` that created it. Every attempt is recorded as a
:class:`CallbackDelivery`.

Routing (docs/wire/callbacks.md#where-events-go):
an outbound call uses its own ``callbackUrl``, ``callbackHttpMethod``,
``callbackTimeout`` and ``fallbackUrl``; an inbound call uses the application's settings
(:class:`CallbackOptions` ``incoming_call_*``, or a per-call URL given to ``incoming_call``),
stored on the call so ``GET /calls/{id}`` shows them; a transferred leg uses the transfer's
``callbackUrl`` with the default method (POST) and timeout and no fallback. No URL, no events.

HTTP form (docs/wire/callbacks.md#http-form):
POST of one JSON object (``Content-Type: application/json; charset=utf-8``),
or GET with each top-level field as one percent-encoded query parameter (booleans as
``true``/``false``, objects as JSON text). ``User-Agent: BandwidthAPI/v1 (<timestamp>)``, where
the timestamp (format undocumented) is the time this module was loaded. ``user:password@`` in a
URL is removed from it and sent as ``Authorization: Basic``.

The choices where the docs are silent are :class:`CallbackOptions`, described in
:mod:`._callback_options`; the bodies are built in :mod:`._callback_events` and sent by
:mod:`._callback_http`, each attempt bounded by ``callbackTimeout`` as a whole. At most
``max_workers_per_app`` deliveries go to one app (``host:port``) at a time, so one slow app
cannot starve the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections import deque
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._callback_events import EventTranslator
from ._callback_http import Courier, Target, prepare, target_of, target_of_options
from ._callback_options import CallbackDelivery, CallbackOptions, select_deliveries
from ._journal import redact_headers
from ._options import Inbound
from ._records import CallRecord
from ._settings_types import check_names
from ._wire import iso_ms

if TYPE_CHECKING:
    from ._store import Store


@dataclass
class _Job:
    call_id: str
    event: dict[str, Any]
    target: Target
    generation: int
    held: bool = False
    """Raised inside a :meth:`CallbackDispatcher.batch` that has not ended yet."""
    sequence: int = 0


class CallbackDispatcher:
    """Turns call events into callbacks and delivers them (see the module docstring)."""

    def __init__(self, store: Store, options: CallbackOptions | None = None) -> None:
        self._store = store
        self._defaults = options or CallbackOptions()
        self._options = self._defaults
        self._events = EventTranslator(store, lambda: self._options)
        self._courier = Courier()
        self._cond = threading.Condition(threading.Lock())
        self._queues: dict[str, deque[_Job]] = {}
        self._ready: deque[str] = deque()
        self._scheduled: set[str] = set()
        self._workers: set[threading.Thread] = set()
        self._per_app: dict[str, int] = {}
        self._idle = 0
        self._epoch = 0
        self._generation = 0
        self._sequence = 0
        self._busy = 0
        self._records: list[CallbackDelivery] = []
        self._wakeup = threading.Event()
        self._local = threading.local()
        store.listener = self.on_event
        store.conference_listener = self.on_conference_event

    # ----------------------------------------------------------------- options

    @property
    def options(self) -> CallbackOptions:
        return self._options

    def configure(self, **changes: Any) -> CallbackOptions:
        """Change some options (until the next reset); returns the options now in force."""
        check_names(CallbackOptions, changes, "callback option(s)")
        self._options = dataclasses.replace(self._options, **changes)
        return self._options

    # ----------------------------------------------------------------- inbound calls

    def incoming_call(self, inbound: Inbound) -> str:
        """A call arrives at the application: routed per the options, auto-answered or not."""
        options = self._options
        url = options.incoming_call_url if inbound.callback_url is None else inbound.callback_url
        fields: dict[str, Any] = {}
        if url:
            fields = {
                "callbackUrl": url,
                "callbackHttpMethod": options.incoming_call_method,
                "callbackTimeout": options.incoming_call_timeout,
            }
            if options.incoming_call_fallback_url:
                fields["fallbackUrl"] = options.incoming_call_fallback_url
        answer = inbound.auto_answer
        if answer is None:
            answer = bool(options.auto_answer_incoming)
        with self.batch():
            return self._store.incoming_call(inbound.from_, inbound.to, fields, answer)

    # ----------------------------------------------------------------- events in

    @contextlib.contextmanager
    def batch(self) -> Generator[None, None, None]:
        """Hold back the events this thread raises inside the block until the block ends.

        They are queued at once, so their order among other events is kept, but become
        deliverable only when the outermost block ends. Within one block, a call's ``hangup``
        is queued before the ``recording``/``transcription`` that the same action raised.
        """
        held: list[_Job] | None = getattr(self._local, "held", None)
        if held is not None:  # nested: the outer block releases
            yield
            return
        self._local.held = held = []
        try:
            yield
        finally:
            self._local.held = None
            if held:
                self._release(held)

    def on_event(
        self, call: CallRecord, entry: Mapping[str, Any], data: Any, context: Mapping[str, Any]
    ) -> None:
        """The store's hook: one entry was added to ``call``'s event log (store lock held)."""
        target = target_of(call)
        if target is None:
            self._events.forget(call.id)
            return
        events = self._events.translate(call, entry, data, context)
        if not events:
            return
        held: list[_Job] | None = getattr(self._local, "held", None)
        generation = self._generation
        jobs = [_Job(call.id, event, target, generation, held is not None) for event in events]
        self._queue(call.id, jobs, held)

    def on_conference_event(self, options: Mapping[str, Any], event: dict[str, Any]) -> None:
        """The store's conference hook: queue ``event`` for the conference's ``callbackUrl``."""
        target = target_of_options(options)
        if target is not None:
            held: list[_Job] | None = getattr(self._local, "held", None)
            job = _Job(event["conferenceId"], event, target, self._generation, held is not None)
            self._queue(job.call_id, [job], held)

    # ----------------------------------------------------------------- queueing

    def _queue(self, call_id: str, jobs: list[_Job], held: list[_Job] | None) -> None:
        with self._cond:
            if jobs[0].generation != self._generation:
                return
            queue = self._queues.setdefault(call_id, deque())
            at = len(queue)
            if held is not None:
                if jobs[-1].event["eventType"] == "hangup":
                    at = _before_own_records(queue, held, at)
                held.extend(jobs)
            for offset, job in enumerate(jobs):
                queue.insert(at + offset, job)
            self._schedule(call_id)

    def _release(self, jobs: list[_Job]) -> None:
        with self._cond:
            for job in jobs:
                job.held = False
            for call_id in dict.fromkeys(job.call_id for job in jobs):
                self._schedule(call_id)

    def _schedule(self, call_id: str) -> None:
        """Offer the call to the workers if its next event may go (lock held)."""
        queue = self._queues.get(call_id)
        if call_id in self._scheduled or not queue or queue[0].held:
            return
        self._scheduled.add(call_id)
        self._ready.append(call_id)
        self._cond.notify()
        if self._idle < len(self._ready) and len(self._workers) < self._options.max_workers:
            worker = threading.Thread(
                target=self._work, args=(self._epoch,), name="catapult-callbacks", daemon=True
            )
            self._workers.add(worker)
            worker.start()

    def _pick(self) -> str | None:
        """The first ready call whose app has a delivery slot free (lock held)."""
        cap = self._options.max_workers_per_app
        for index, call_id in enumerate(self._ready):
            if self._per_app.get(self._queues[call_id][0].target.app, 0) < cap:
                del self._ready[index]
                return call_id
        return None

    def _take(self, epoch: int) -> tuple[str, _Job] | None:
        """Wait for the next event a worker may deliver; None when the worker should end."""
        with self._cond:
            while (call_id := self._pick() if self._epoch == epoch else None) is None:
                if self._epoch != epoch:
                    return None
                self._idle += 1
                self._cond.wait()
                self._idle -= 1
            job = self._queues[call_id].popleft()
            self._sequence += 1
            job.sequence = self._sequence
            self._busy += 1
            self._per_app[job.target.app] = self._per_app.get(job.target.app, 0) + 1
            return call_id, job

    def _done(self, call_id: str, job: _Job) -> None:
        with self._cond:
            self._busy -= 1
            app = job.target.app
            self._per_app[app] -= 1
            if not self._per_app[app]:
                del self._per_app[app]
            if job.generation == self._generation:
                self._scheduled.discard(call_id)
                if self._queues.get(call_id):
                    self._schedule(call_id)
                else:
                    self._queues.pop(call_id, None)
            self._cond.notify_all()

    def _work(self, epoch: int) -> None:
        try:
            while (taken := self._take(epoch)) is not None:
                try:
                    self._deliver(taken[1])
                finally:
                    self._done(*taken)
        finally:
            with self._cond:
                self._workers.discard(threading.current_thread())

    # ----------------------------------------------------------------- delivery

    def _deliver(self, job: _Job) -> None:
        target = job.target
        failure = self._try_url(job, target.url, fallback=False)
        if failure is None or not target.fallback_url:
            return
        if failure in self._options.fallback_on:
            self._try_url(job, target.fallback_url, fallback=True)

    def _try_url(self, job: _Job, url: str, fallback: bool) -> str | None:
        """Attempt (and retry) one URL; returns the last failure kind, None on success."""
        outcome: str | None = None
        for attempt in range(1, self._options.retries + 2):
            if attempt > 1:
                self._wakeup.wait(self._options.retry_delay)
            if job.generation != self._generation:
                return None
            record = self._send(job, url, attempt, fallback)
            if job.generation != self._generation:
                return None
            with self._cond:
                self._records.append(record)
                self._cond.notify_all()
            if record.ok:
                return None
            outcome = record.outcome
        return outcome

    def _send(self, job: _Job, url: str, attempt: int, fallback: bool) -> CallbackDelivery:
        request = prepare(job.event, url, job.target.method, self._options.user_agent)
        started_at, began = iso_ms(), time.monotonic()
        result = self._courier.send(request, job.target.timeout_ms)
        return CallbackDelivery(
            sequence=job.sequence,
            call_id=job.call_id,
            event_type=str(job.event["eventType"]),
            event=job.event,
            url=request.shown,
            method=request.method,
            attempt=attempt,
            fallback=fallback,
            status=result.status,
            outcome=result.outcome,
            error=result.error,
            started_at=started_at,
            elapsed_ms=round((time.monotonic() - began) * 1000, 3),
            headers=redact_headers(request.headers.items()),
        )

    # ----------------------------------------------------------------- records

    def records(self) -> list[CallbackDelivery]:
        """Every recorded attempt, as recorded (filter them with ``select_deliveries``)."""
        with self._cond:
            return list(self._records)

    def wait_for_deliveries(
        self, count: int, timeout: float = 5.0, **filters: Any
    ) -> list[CallbackDelivery]:
        """Wait until ``count`` attempts match ``filters``; returns them, or raises TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = select_deliveries(self._records, **filters)
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"{len(found)} of {count} callback deliveries matching {filters} "
                        f"after {timeout} s: {[(d.event_type, d.outcome) for d in found]}"
                    )
                self._cond.wait(left)

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Wait until no event is queued or being delivered; raises TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._busy or any(self._queues.values()):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"callbacks still pending after {timeout} s")
                self._cond.wait(left)

    def clear(self) -> None:
        """Forget the recorded deliveries."""
        with self._cond:
            self._records.clear()

    # ----------------------------------------------------------------- lifecycle

    def reset(self) -> None:
        """Drop queued events, abort ones in flight, forget records; restore the options."""
        self._abort(stop_workers=False)
        self._options = self._defaults
        with self._store.lock:
            self._events.looping.clear()

    def stop(self, timeout: float = 2.0) -> None:
        """Drop queued events, abort ones in flight and end the worker threads."""
        self._abort(stop_workers=True)
        deadline = time.monotonic() + timeout
        with self._cond:
            workers = list(self._workers)
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    def _abort(self, stop_workers: bool) -> None:
        with self._cond:
            self._generation += 1
            if stop_workers:
                self._epoch += 1
            self._queues.clear()
            self._ready.clear()
            self._scheduled.clear()
            self._records.clear()
            self._sequence = 0
            self._cond.notify_all()
        self._wakeup.set()
        self._courier.abort()
        self._wakeup.clear()


def _before_own_records(queue: deque[_Job], held: list[_Job], default: int) -> int:
    """Where a ``hangup`` goes: before the recording/transcription its own action queued."""
    mine = {id(job) for job in held}
    for index, job in enumerate(queue):
        if id(job) in mine and job.event["eventType"] in ("recording", "transcription"):
            return index
    return default
