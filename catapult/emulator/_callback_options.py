"""Callback settings and records: :class:`CallbackOptions` and :class:`CallbackDelivery`.

Choices the v1 behaviour leaves open (docs/wire/callbacks.md#failures-retries-order), each
configurable in :class:`CallbackOptions`:

* **Failure and fallback**: an attempt fails on a connection error (``connect``), no complete
  answer within ``callbackTimeout`` ms (``timeout``: the whole answer, however slowly it
  trickles in), a non-2xx answer (``status``) or a broken answer (``error``). The fallback
  URL gets one attempt (the same body and headers, the same timeout) after the primary failed
  with a kind in ``fallback_on`` (default: all four). No retries by default; ``retries=N``
  repeats a failed attempt N times per URL before giving up.
* **One slow app cannot starve the others**: at most ``max_workers_per_app`` deliveries go to
  one ``host:port`` at a time, so the other workers stay free for other apps.
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
  ``transcription``) of the span it closed (docs/wire/callbacks.md#recording); a looping
  audio's ``done`` goes before it. ``no_answer`` sends ``timeout`` then ``hangup`` ``NO_ANSWER``
  (``hangup_after_timeout``). A transfer sends nothing to the original call until it ends.
* Fields follow docs/wire/callbacks.md#events:
  ``gather`` and ``recording`` have no ``callUri``, ``recording`` and
  ``transcription`` no ``time``, ``transcription`` no ``callId`` (its ``text`` is cut at 1026
  characters). The ``applicationId`` of ``incomingcall`` is ``application_id``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import _rules as rules
from ._settings_types import check_field_types, check_names, redacted_repr
from ._wire import iso_ms

FAILURE_KINDS = frozenset({"connect", "timeout", "status", "error"})
"""Every kind of failed attempt: connection refused or unreachable, no answer in time, a non-2xx
answer, a broken answer.
"""

BUILD_TIMESTAMP = iso_ms()
"""Stands in for Catapult's ``{CURRENT_BUILD_TIMESTAMP}``, whose format is undocumented."""
DEFAULT_USER_AGENT = f"BandwidthAPI/v1 ({BUILD_TIMESTAMP})"


@dataclass(frozen=True, repr=False)
class CallbackOptions:
    """How the emulator plays Catapult's side of callbacks (choices in the module docstring).

    Its repr shows URLs without their user info and query values."""

    incoming_call_url: str | None = None
    """The application's ``incomingCallUrl``: where inbound calls' events go (None: nowhere)."""
    incoming_call_fallback_url: str | None = None
    """The application's ``incomingCallFallbackUrl``."""
    incoming_call_method: str = "POST"
    """The application's ``callbackHttpMethod``: ``POST`` or ``GET``."""
    incoming_call_timeout: int = 10000
    """The application's ``incomingCallUrlCallbackTimeout``, in ms (1..10000)."""
    auto_answer_incoming: bool | None = None
    """The application's ``autoAnswer``: answer inbound calls at once (``answer`` follows).
    None: the emulator's profile decides (False by default, True when realistic)."""
    application_id: str = "a-emulator"
    """``applicationId`` sent in ``incomingcall`` events."""
    retries: int = 0
    """Extra attempts per URL after a failed one (0: none, as documented for v1)."""
    retry_delay: float = 0.0
    """Seconds between those attempts."""
    fallback_on: frozenset[str] = FAILURE_KINDS
    """Failure kinds (``connect``, ``timeout``, ``status``, ``error``) that make the fallback URL be
    tried.
    """
    max_workers: int = 8
    """The most delivery threads (calls are delivered in parallel up to this count)."""
    max_workers_per_app: int = 4
    """The most deliveries in parallel to one app (``host:port``): a slow app keeps the other
    workers free for the others.
    """
    stop_audio_done: bool = True
    """Stopping audio sends the ``done`` of the looping audio it stopped."""
    gather_cancel_event: bool = True
    """Stopping a gather through the API sends ``gather`` with reason ``cancelled``."""
    bridge_audio_events: bool = True
    """Audio played to a bridge sends ``speak``/``playback`` to each active member's URL."""
    dtmf_during_gather: bool = True
    """Digits consumed by an open gather also send ``dtmf`` events."""
    hangup_after_timeout: bool = True
    """``no_answer`` sends ``hangup`` (``NO_ANSWER``) after the ``timeout``."""
    user_agent: str = DEFAULT_USER_AGENT
    """The ``User-Agent`` header of every delivery."""

    def __post_init__(self) -> None:
        check_field_types(self)
        check_callback_url(self.incoming_call_url, "incoming_call_url")
        check_callback_url(self.incoming_call_fallback_url, "incoming_call_fallback_url")
        method = self.incoming_call_method.upper()
        if method not in ("GET", "POST"):
            raise ValueError("incoming_call_method must be GET or POST")
        object.__setattr__(self, "incoming_call_method", method)
        object.__setattr__(self, "fallback_on", frozenset(self.fallback_on))
        unknown = self.fallback_on - FAILURE_KINDS
        if unknown:
            raise ValueError(f"Unknown failure kinds: {', '.join(sorted(unknown))}")
        if not 1 <= self.incoming_call_timeout <= 10000:
            raise ValueError("incoming_call_timeout must be 1..10000 ms")
        if self.retries < 0 or self.retry_delay < 0:
            raise ValueError("retries and retry_delay must be >= 0")
        if self.max_workers < 1 or self.max_workers_per_app < 1:
            raise ValueError("max_workers and max_workers_per_app must be >= 1")

    def __repr__(self) -> str:
        return redacted_repr(self)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["fallback_on"] = sorted(self.fallback_on)
        return out


def check_callback_url(url: str | None, name: str) -> None:
    """Raise ValueError naming ``name`` unless ``url`` is None or a callback URL the API
    takes (an absolute http(s) URL; ``""``: none)."""
    if url is not None:
        try:
            rules.CALLBACK_URL.check(url)
        except rules.RuleError as exc:
            raise ValueError(f"{name} {exc}") from None


def callback_options_from(value: CallbackOptions | Mapping[str, Any] | None) -> CallbackOptions:
    """Accept options as an object, a mapping of its fields, or None (the defaults)."""
    if value is None:
        return CallbackOptions()
    if isinstance(value, CallbackOptions):
        return value
    check_names(CallbackOptions, value, "callback option(s)")
    return CallbackOptions(**value)


@dataclass(frozen=True)
class CallbackDelivery:
    """One delivery attempt of one event, as the emulator made it."""

    sequence: int
    """Position of the event among all deliveries started since the last reset (from 1)."""
    call_id: str
    """The call the event belongs to (also for ``transcription``, whose body has no callId)."""
    event_type: str
    """The body's ``eventType``."""
    event: Mapping[str, Any]
    """The event as sent (for GET, the values before they became query text)."""
    url: str
    """The URL requested, without credentials (for GET, with the event's query)."""
    method: str
    """``POST`` or ``GET``."""
    attempt: int
    """1 for the first attempt at this URL, 2 for its first retry, ..."""
    fallback: bool
    """Whether this went to the fallback URL."""
    status: int | None
    """The app's HTTP status, when it answered."""
    outcome: str
    """``ok``, or why the attempt failed: ``connect``, ``timeout``, ``status`` or ``error``."""
    error: str | None
    """What went wrong, in words (None when ``ok``)."""
    started_at: str
    """When the attempt started (ISO 8601, ms, UTC)."""
    elapsed_ms: float
    """How long it took, in ms."""
    headers: Mapping[str, str] = field(default_factory=dict[str, str])
    """The request headers sent; ``Authorization`` (from a URL's ``user:password@``) is kept as
    ``REDACTED``, so printing deliveries shows no password (the app received the real one)."""

    @property
    def ok(self) -> bool:
        """Whether the app answered 2xx."""
        return self.outcome == "ok"

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["ok"] = self.ok
        return out


def select_deliveries(
    records: Iterable[CallbackDelivery],
    call_id: str | None = None,
    event_type: str | None = None,
    fallback: bool | None = None,
    ok: bool | None = None,
) -> list[CallbackDelivery]:
    """The matching attempts in event order (``sequence``), each event's attempts as made."""
    chosen = [
        r
        for r in records
        if (call_id is None or r.call_id == call_id)
        and (event_type is None or r.event_type == event_type)
        and (fallback is None or r.fallback == fallback)
        and (ok is None or r.ok == ok)
    ]
    return sorted(chosen, key=lambda r: (r.sequence, r.fallback, r.attempt))
