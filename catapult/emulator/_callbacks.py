"""Callback delivery: the emulator sends the documented voice events to the app's URLs.

Events come from the store's hook on each call's event log (:func:`._media.log_event`), are
turned into the callback bodies of catapult-v1-callbacks.md §2 and delivered off the request
path: each call has an ordered queue, drained by a small pool of worker threads (one call's
events one at a time, in order; different calls in parallel). Events raised while an API or
control request is served are released only after its answer is written, so an app never hears
about a call before the ``201`` that created it. Every attempt is recorded as a
:class:`CallbackDelivery`.

Routing (§1.1): an outbound call uses its own ``callbackUrl``, ``callbackHttpMethod``,
``callbackTimeout`` and ``fallbackUrl``; an inbound call uses the application's settings
(:class:`CallbackOptions` ``incoming_call_*``, or a per-call URL given to ``incoming_call``),
stored on the call so ``GET /calls/{id}`` shows them; a transferred leg uses the transfer's
``callbackUrl`` with the default method (POST) and timeout and no fallback. No URL, no events.

HTTP form (§1.2): POST of one JSON object (``Content-Type: application/json; charset=utf-8``),
or GET with each top-level field as one percent-encoded query parameter (booleans as
``true``/``false``, objects as JSON text). ``User-Agent: BandwidthAPI/v1 (<timestamp>)``, where
the timestamp (format undocumented) is the time this module was loaded. ``user:password@`` in a
URL is removed from it and sent as ``Authorization: Basic``.

Choices where the docs are silent (§6), each configurable in :class:`CallbackOptions`:

* **Failure and fallback**: an attempt fails on a connection error (``connect``), no complete
  answer within ``callbackTimeout`` ms (``timeout``), a non-2xx answer (``status``) or a broken
  answer (``error``). The fallback URL gets one attempt (the same body and headers, the same
  timeout) after the primary failed with a kind in ``fallback_on`` (default: all four). No
  retries by default; ``retries=N`` repeats a failed attempt N times per URL before giving up.
* **Inbound calls ring** (``auto_answer_incoming=False``) so tests can answer, reject or cancel
  them: ``incomingcall`` only. Real applications defaulted to ``autoAnswer: true``; set the
  option (or ``auto_answer=True`` per call) for ``incomingcall`` → ``answer``. ``incomingcall``
  carries ``callState: active`` as documented, even while the call rings.
* **Audio** has no duration here: a sentence or file sends ``started`` then ``done`` at once. A
  looping one (``loopEnabled``) sends ``started`` only; its ``done`` comes when audio is stopped
  (``sentence: ""``/``fileUrl: ""``; ``stop_audio_done``), replaced by new audio, or when the call
  ends. A stop with nothing playing sends nothing. Bridge audio sends the events to each active
  member call's URL (``bridge_audio_events``). Gather prompts send no audio events.
* **Tags**: ``answer``, ``timeout``, ``hangup``, ``dtmf`` and ``recording`` carry the call's tag;
  ``speak``/``playback``/``gather`` carry only their request's tag. Absent tags are left out.
* **Gathers**: a stopped gather sends ``gather`` with reason ``cancelled``
  (``gather_cancel_event``); digits a gather consumes also send ``dtmf``
  (``dtmf_during_gather``); a hang-up sends the ``gather`` (``hung-up``) before the ``hangup``.
* **Order around a hang-up**: the ``hangup`` goes before the ``recording`` (and
  ``transcription``) of the span it closed, as in the how-tos (§1.4); a looping audio's ``done``
  goes before it. ``no_answer`` sends ``timeout`` then ``hangup`` ``NO_ANSWER``
  (``hangup_after_timeout``). A transfer sends nothing to the original call until it ends.
* Fields follow the §2 tables: ``gather`` and ``recording`` have no ``callUri``, ``recording`` and
  ``transcription`` no ``time``, ``transcription`` no ``callId`` (its ``text`` is cut at 1026
  characters). The ``applicationId`` of ``incomingcall`` is ``application_id``.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import http.client
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from ._errors import validation
from ._records import CallRecord
from ._wire import iso_ms

if TYPE_CHECKING:
    from ._store import Store

#: Every kind of failed attempt: connection refused or unreachable, no answer in time, a
#: non-2xx answer, a broken answer.
FAILURE_KINDS = frozenset({"connect", "timeout", "status", "error"})

#: Stands in for Catapult's ``{CURRENT_BUILD_TIMESTAMP}``, whose format is undocumented.
BUILD_TIMESTAMP = iso_ms()
DEFAULT_USER_AGENT = f"BandwidthAPI/v1 ({BUILD_TIMESTAMP})"

#: The longest ``text`` a transcription event carries (callbacks notes §2.11).
TRANSCRIPTION_TEXT_LIMIT = 1026
#: The most of an app's answer body that is read (and ignored).
_MAX_ANSWER = 64 * 1024


@dataclass(frozen=True)
class CallbackOptions:
    """How the emulator plays Catapult's side of callbacks (choices in the module docstring)."""

    #: The application's ``incomingCallUrl``: where inbound calls' events go (None: nowhere).
    incoming_call_url: str | None = None
    #: The application's ``incomingCallFallbackUrl``.
    incoming_call_fallback_url: str | None = None
    #: The application's ``callbackHttpMethod``: ``POST`` or ``GET``.
    incoming_call_method: str = "POST"
    #: The application's ``incomingCallUrlCallbackTimeout``, in ms (1..10000).
    incoming_call_timeout: int = 10000
    #: The application's ``autoAnswer``: answer inbound calls at once (``answer`` follows).
    auto_answer_incoming: bool = False
    #: ``applicationId`` sent in ``incomingcall`` events.
    application_id: str = "a-emulator"
    #: Extra attempts per URL after a failed one (0: none, as documented for v1).
    retries: int = 0
    #: Seconds between those attempts.
    retry_delay: float = 0.0
    #: Failure kinds (``connect``, ``timeout``, ``status``, ``error``) that make the fallback
    #: URL be tried.
    fallback_on: frozenset[str] = FAILURE_KINDS
    #: The most delivery threads (calls are delivered in parallel up to this count).
    max_workers: int = 8
    #: Stopping audio sends the ``done`` of the looping audio it stopped.
    stop_audio_done: bool = True
    #: Stopping a gather through the API sends ``gather`` with reason ``cancelled``.
    gather_cancel_event: bool = True
    #: Audio played to a bridge sends ``speak``/``playback`` to each active member's URL.
    bridge_audio_events: bool = True
    #: Digits consumed by an open gather also send ``dtmf`` events.
    dtmf_during_gather: bool = True
    #: ``no_answer`` sends ``hangup`` (``NO_ANSWER``) after the ``timeout``.
    hangup_after_timeout: bool = True
    #: The ``User-Agent`` header of every delivery.
    user_agent: str = DEFAULT_USER_AGENT

    def __post_init__(self) -> None:
        method = self.incoming_call_method.upper()
        if method not in ("GET", "POST"):
            raise validation("incoming_call_method must be GET or POST", "incoming_call_method")
        object.__setattr__(self, "incoming_call_method", method)
        object.__setattr__(self, "fallback_on", frozenset(self.fallback_on))
        unknown = self.fallback_on - FAILURE_KINDS
        if unknown:
            raise validation(f"Unknown failure kinds: {', '.join(sorted(unknown))}", "fallback_on")
        if not 1 <= self.incoming_call_timeout <= 10000:
            raise validation("incoming_call_timeout must be 1..10000 ms", "incoming_call_timeout")
        if self.retries < 0 or self.retry_delay < 0 or self.max_workers < 1:
            raise validation("retries and retry_delay must be >= 0, max_workers >= 1")

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["fallback_on"] = sorted(self.fallback_on)
        return out


def callback_options_from(value: CallbackOptions | Mapping[str, Any] | None) -> CallbackOptions:
    """Accept options as an object, a mapping of its fields, or None (the defaults)."""
    if value is None:
        return CallbackOptions()
    if isinstance(value, CallbackOptions):
        return value
    return CallbackOptions(**value)


@dataclass(frozen=True)
class CallbackDelivery:
    """One delivery attempt of one event, as the emulator made it."""

    #: Position of the event among all deliveries started since the last reset (from 1).
    sequence: int
    #: The call the event belongs to (also for ``transcription``, whose body has no callId).
    call_id: str
    #: The body's ``eventType``.
    event_type: str
    #: The event as sent (for GET, the values before they became query text).
    event: Mapping[str, Any]
    #: The URL requested, without credentials (for GET, with the event's query).
    url: str
    #: ``POST`` or ``GET``.
    method: str
    #: 1 for the first attempt at this URL, 2 for its first retry, ...
    attempt: int
    #: Whether this went to the fallback URL.
    fallback: bool
    #: The app's HTTP status, when it answered.
    status: int | None
    #: ``ok``, or why the attempt failed: ``connect``, ``timeout``, ``status`` or ``error``.
    outcome: str
    #: What went wrong, in words (None when ``ok``).
    error: str | None
    #: When the attempt started (ISO 8601, ms, UTC).
    started_at: str
    #: How long it took, in ms.
    elapsed_ms: float
    #: The request headers sent (Authorization included, as the app received it).
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the app answered 2xx."""
        return self.outcome == "ok"

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["ok"] = self.ok
        return out


@dataclass(frozen=True)
class _Target:
    url: str
    method: str
    timeout_ms: int
    fallback_url: str | None


@dataclass
class _Job:
    call_id: str
    event: dict[str, Any]
    target: _Target
    generation: int
    #: Raised inside a :meth:`CallbackDispatcher.batch` that has not ended yet.
    held: bool = False
    sequence: int = 0


@dataclass
class _Attempt:
    status: int | None = None
    outcome: str = "ok"
    error: str | None = None


class CallbackDispatcher:
    """Turns call events into callbacks and delivers them (see the module docstring)."""

    def __init__(self, store: Store, options: CallbackOptions | None = None) -> None:
        self._store = store
        self._defaults = options or CallbackOptions()
        self._options = self._defaults
        self._cond = threading.Condition(threading.Lock())
        self._queues: dict[str, deque[_Job]] = {}
        self._ready: deque[str] = deque()
        self._scheduled: set[str] = set()
        self._workers: set[threading.Thread] = set()
        self._idle = 0
        self._epoch = 0
        self._generation = 0
        self._sequence = 0
        self._busy = 0
        self._records: list[CallbackDelivery] = []
        self._connections: set[http.client.HTTPConnection] = set()
        self._wakeup = threading.Event()
        self._local = threading.local()
        #: Looping audio playing on a call: (event type, tag); guarded by the store's lock.
        self._looping: dict[str, tuple[str, str | None]] = {}
        store.listener = self.on_event

    # ----------------------------------------------------------------- options

    @property
    def options(self) -> CallbackOptions:
        return self._options

    def configure(self, **changes: Any) -> CallbackOptions:
        """Change some options (until the next reset); returns the options now in force."""
        self._options = dataclasses.replace(self._options, **changes)
        return self._options

    # ----------------------------------------------------------------- inbound calls

    def incoming_call(
        self,
        from_: str,
        to: str,
        callback_url: str | None = None,
        auto_answer: bool | None = None,
    ) -> str:
        """A call arrives at the application: routed per the options, auto-answered or not."""
        options = self._options
        url = options.incoming_call_url if callback_url is None else callback_url
        fields: dict[str, Any] = {}
        if url:
            fields = {
                "callbackUrl": url,
                "callbackHttpMethod": options.incoming_call_method,
                "callbackTimeout": options.incoming_call_timeout,
            }
            if options.incoming_call_fallback_url:
                fields["fallbackUrl"] = options.incoming_call_fallback_url
        answer = options.auto_answer_incoming if auto_answer is None else auto_answer
        with self.batch():
            return self._store.incoming_call(from_, to, fields, answer)

    # ----------------------------------------------------------------- events in

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
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
        target = _target_of(call)
        if target is None:
            self._looping.pop(call.id, None)
            return
        events = self._translate(call, entry, data, context)
        if not events:
            return
        held: list[_Job] | None = getattr(self._local, "held", None)
        generation = self._generation
        jobs = [_Job(call.id, event, target, generation, held is not None) for event in events]
        self._queue(call.id, jobs, held)

    def _translate(
        self, call: CallRecord, entry: Mapping[str, Any], data: Any, context: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        options = self._options
        root = self._store.root
        name, at = entry["name"], entry["time"]
        uri = f"{root}/calls/{call.id}"
        details = data if isinstance(data, dict) else {}
        tag = call.options.get("tag")

        def call_event(event_type: str, state: str | None, **more: Any) -> dict[str, Any]:
            event: dict[str, Any] = {
                "eventType": event_type,
                "callId": call.id,
                "callUri": uri,
                "from": call.from_,
                "to": call.to,
            }
            if state is not None:
                event["callState"] = state
            event.update(more)
            event["time"] = at
            if tag is not None:
                event["tag"] = tag
            return event

        if name == "create":
            if call.direction != "in":
                return []
            event = call_event("incomingcall", "active", applicationId=options.application_id)
            event.pop("tag", None)
            return [event]
        if name == "answer":
            return [call_event("answer", "active")]
        if name == "timeout":
            return [call_event("timeout", None)]
        if name == "hangup":
            out = self._stop_looping(call, uri, at)
            if data == "NO_ANSWER" and not options.hangup_after_timeout:
                return out
            return [*out, call_event("hangup", "completed", cause=data)]
        if name in ("speak", "playback"):
            return self._audio(call, name, details, context, uri, at)
        if name == "dtmf":
            if "dtmfDigit" not in details:
                return []  # digits the call sends produce no callback (§3 #20)
            if call.open_gather is not None and not options.dtmf_during_gather:
                return []
            event = {"eventType": "dtmf", "callId": call.id, "callUri": uri}
            event.update(dtmfDigit=details["dtmfDigit"], time=at)
            if tag is not None:
                event["tag"] = tag
            return [event]
        if name == "gather":
            if details["reason"] == "cancelled" and not options.gather_cancel_event:
                return []
            event = {
                "eventType": "gather",
                "state": "completed",
                "reason": details["reason"],
                "digits": details["digits"],
                "callId": call.id,
                "gatherId": details["gatherId"],
                "time": at,
            }
            if "tag" in details:
                event["tag"] = details["tag"]
            return [event]
        if name == "recording":
            return [self._recording(call, details["recordingId"], root)]
        if name == "transcription":
            return [
                self._transcription(call, details["transcriptionId"], details["recordingId"], root)
            ]
        return []  # transfer and others: no callback

    def _audio(
        self,
        call: CallRecord,
        name: str,
        details: Mapping[str, Any],
        context: Mapping[str, Any],
        uri: str,
        at: str,
    ) -> list[dict[str, Any]]:
        if context.get("bridgeId") and not self._options.bridge_audio_events:
            return []
        audio: Mapping[str, Any] = context.get("audio", {})
        if details.get("status") != "started":  # a stop request
            stopped = self._stop_looping(call, uri, at)
            return stopped if self._options.stop_audio_done else []
        out = self._stop_looping(call, uri, at)
        tag = details.get("tag")
        out.append(_audio_event(name, "started", call.id, uri, at, tag))
        if audio.get("loopEnabled") in (True, "true"):
            self._looping[call.id] = (name, tag)
        else:
            out.append(_audio_event(name, "done", call.id, uri, at, tag))
        return out

    def _stop_looping(self, call: CallRecord, uri: str, at: str) -> list[dict[str, Any]]:
        playing = self._looping.pop(call.id, None)
        if playing is None:
            return []
        return [_audio_event(playing[0], "done", call.id, uri, at, playing[1])]

    @staticmethod
    def _recording(call: CallRecord, recording_id: str, root: str) -> dict[str, Any]:
        recording = next(r for r in call.recordings if r["id"] == recording_id)
        event = {
            "eventType": "recording",
            "callId": call.id,
            "recordingId": recording_id,
            "recordingUri": f"{root}/recordings/{recording_id}",
            "status": recording["state"],
            "state": recording["state"],
            "startTime": recording["startTime"],
            "endTime": recording["endTime"],
        }
        if call.options.get("tag") is not None:
            event["tag"] = call.options["tag"]
        return event

    @staticmethod
    def _transcription(
        call: CallRecord, transcription_id: str, recording_id: str, root: str
    ) -> dict[str, Any]:
        found = next(t for t in call.transcriptions if t["id"] == transcription_id)
        return {
            "eventType": "transcription",
            "transcriptionId": transcription_id,
            "recordingId": recording_id,
            "status": found["state"],
            "state": found["state"],
            "textSize": found["textSize"],
            "text": found["text"][:TRANSCRIPTION_TEXT_LIMIT],
            "textUrl": found["textUrl"],
            "transcriptionUri": (
                f"{root}/recordings/{recording_id}/transcriptions/{transcription_id}"
            ),
        }

    # ----------------------------------------------------------------- queueing

    def _queue(self, call_id: str, jobs: list[_Job], held: list[_Job] | None) -> None:
        with self._cond:
            if jobs[0].generation != self._generation:
                return
            queue = self._queues.setdefault(call_id, deque())
            at = len(queue)
            if held is not None:
                if jobs[-1].event["eventType"] == "hangup":
                    mine = {id(job) for job in held}
                    at = next(
                        (
                            index
                            for index, job in enumerate(queue)
                            if id(job) in mine
                            and job.event["eventType"] in ("recording", "transcription")
                        ),
                        at,
                    )
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

    def _work(self, epoch: int) -> None:
        try:
            while True:
                with self._cond:
                    while not self._ready and self._epoch == epoch:
                        self._idle += 1
                        self._cond.wait()
                        self._idle -= 1
                    if self._epoch != epoch:
                        return
                    key = self._ready.popleft()
                    job = self._queues[key].popleft()
                    self._sequence += 1
                    job.sequence = self._sequence
                    self._busy += 1
                try:
                    self._deliver(job)
                finally:
                    with self._cond:
                        self._busy -= 1
                        if job.generation == self._generation:
                            self._scheduled.discard(key)
                            if self._queues.get(key):
                                self._schedule(key)
                            else:
                                self._queues.pop(key, None)
                        self._cond.notify_all()
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
        method = job.target.method
        parts = urlsplit(url)
        headers = {"User-Agent": self._options.user_agent}
        if parts.username is not None:
            secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
            headers["Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode()
        netloc = parts.netloc.rpartition("@")[2]
        target = parts.path or "/"
        body: bytes | None = None
        if method == "GET":
            query = urlencode([(k, _query_text(v)) for k, v in job.event.items()], quote_via=quote)
            target += "?" + (f"{parts.query}&" if parts.query else "") + query
        else:
            if parts.query:
                target += "?" + parts.query
            body = json.dumps(job.event, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        shown = f"{parts.scheme}://{netloc}{target}"
        started_at, began = iso_ms(), time.monotonic()
        result = self._request(parts.scheme, netloc, method, target, body, headers, job)
        return CallbackDelivery(
            sequence=job.sequence,
            call_id=job.call_id,
            event_type=str(job.event["eventType"]),
            event=job.event,
            url=shown,
            method=method,
            attempt=attempt,
            fallback=fallback,
            status=result.status,
            outcome=result.outcome,
            error=result.error,
            started_at=started_at,
            elapsed_ms=round((time.monotonic() - began) * 1000, 3),
            headers=headers,
        )

    def _request(
        self,
        scheme: str,
        netloc: str,
        method: str,
        target: str,
        body: bytes | None,
        headers: dict[str, str],
        job: _Job,
    ) -> _Attempt:
        budget = job.target.timeout_ms / 1000
        deadline = time.monotonic() + budget
        if scheme not in ("http", "https") or not netloc:
            return _Attempt(outcome="connect", error=f"not an http(s) URL: {scheme}://{netloc}")
        factory = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        conn = factory(netloc, timeout=budget)
        with self._cond:
            self._connections.add(conn)
        stage = "connect"
        try:
            conn.connect()
            stage = "send"
            _set_timeout(conn, deadline)
            conn.request(method, target, body=body, headers=headers)
            _set_timeout(conn, deadline)
            response = conn.getresponse()
            _set_timeout(conn, deadline)
            response.read(_MAX_ANSWER)
            if time.monotonic() > deadline:
                raise TimeoutError("the answer took longer than callbackTimeout")
            if not 200 <= response.status < 300:
                return _Attempt(response.status, "status", f"the app answered {response.status}")
            return _Attempt(response.status)
        except TimeoutError:
            return _Attempt(outcome="timeout", error=f"no answer within {job.target.timeout_ms} ms")
        except (OSError, http.client.HTTPException) as exc:
            kind = "connect" if stage == "connect" else "error"
            return _Attempt(outcome=kind, error=f"{type(exc).__name__}: {exc}".rstrip(": "))
        finally:
            with self._cond:
                self._connections.discard(conn)
            conn.close()

    # ----------------------------------------------------------------- records

    def deliveries(
        self,
        call_id: str | None = None,
        event_type: str | None = None,
        fallback: bool | None = None,
        ok: bool | None = None,
    ) -> list[CallbackDelivery]:
        """Recorded attempts, in the order they finished, optionally filtered."""
        with self._cond:
            return _select(self._records, call_id, event_type, fallback, ok)

    def wait_for_deliveries(
        self, count: int, timeout: float = 5.0, **filters: Any
    ) -> list[CallbackDelivery]:
        """Wait until ``count`` attempts match ``filters``; returns them, or raises TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = _select(self._records, **filters)
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
            self._looping.clear()

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
            connections = list(self._connections)
            self._cond.notify_all()
        self._wakeup.set()
        for conn in connections:
            sock = conn.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        self._wakeup.clear()


def _select(
    records: list[CallbackDelivery],
    call_id: str | None = None,
    event_type: str | None = None,
    fallback: bool | None = None,
    ok: bool | None = None,
) -> list[CallbackDelivery]:
    return [
        r
        for r in records
        if (call_id is None or r.call_id == call_id)
        and (event_type is None or r.event_type == event_type)
        and (fallback is None or r.fallback == fallback)
        and (ok is None or r.ok == ok)
    ]


def _target_of(call: CallRecord) -> _Target | None:
    url = call.options.get("callbackUrl") or ""
    if not url:
        return None
    return _Target(
        url,
        str(call.options.get("callbackHttpMethod") or "POST").upper(),
        int(call.options.get("callbackTimeout") or 10000),
        call.options.get("fallbackUrl") or None,
    )


def _audio_event(
    name: str, status: str, call_id: str, uri: str, at: str, tag: str | None
) -> dict[str, Any]:
    event: dict[str, Any] = {"eventType": name, "status": status}
    if name == "speak":
        event["state"] = "PLAYBACK_START" if status == "started" else "PLAYBACK_STOP"
    event.update(callId=call_id, callUri=uri, time=at)
    if tag is not None:
        event["tag"] = tag
    return event


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _set_timeout(conn: http.client.HTTPConnection, deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("callbackTimeout elapsed")
    if conn.sock is not None:
        conn.sock.settimeout(left)


Listener = Callable[[CallRecord, Mapping[str, Any], Any, Mapping[str, Any]], None]
