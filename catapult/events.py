"""Typed voice callback events: what Catapult POSTs (or GETs) to your app's callback URL.

One model per event type, chosen by ``eventType`` (callbacks notes §2); event types this version
does not know become :class:`UnknownEvent`, which keeps every field, so a new event never crashes
an app. Parse a POST body with :func:`parse_event` and a GET query with :func:`parse_event_query`.

Events bound to a session reach their resources without re-typing ids: ``event.call()`` gives a
:class:`~catapult.Call` to act on (``answer()``, ``speak()``, ``bridge_with()``) built from the
event's own fields with no request; ``event.fetch_call()`` reads the call's current state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from ._errors import CatapultError
from ._model import OpenEnum, SessionBound, Timestamp
from .resources.call_records import Gather
from .resources.calls import Call, CallState

if TYPE_CHECKING:
    from ._session import Session

__all__ = [
    "AnswerEvent",
    "CallEventBase",
    "Diversion",
    "DtmfEvent",
    "ErrorEvent",
    "EventParseError",
    "EventType",
    "GatherEvent",
    "HangupEvent",
    "IncomingCallEvent",
    "PlaybackEvent",
    "RecordingEvent",
    "SpeakEvent",
    "TimeoutEvent",
    "TranscriptionEvent",
    "UnknownEvent",
    "VoiceEvent",
    "parse_event",
    "parse_event_query",
]


class EventParseError(CatapultError, ValueError):
    """A callback body or query that is not a voice event (no ``eventType``, bad JSON, ...)."""


class EventType(OpenEnum):
    """The ``eventType`` values of voice callbacks (lower case on the wire)."""

    INCOMINGCALL = "incomingcall"
    ANSWER = "answer"
    TIMEOUT = "timeout"
    HANGUP = "hangup"
    SPEAK = "speak"
    PLAYBACK = "playback"
    DTMF = "dtmf"
    GATHER = "gather"
    RECORDING = "recording"
    TRANSCRIPTION = "transcription"
    ERROR = "error"


#: An event timestamp: the same type as every resource timestamp.
EventTime = Timestamp


class VoiceEvent(SessionBound, BaseModel):
    """Base of every voice event: the type, its time and tag, and any unknown fields."""

    __slots__ = ("_bound_session",)

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    #: The wire ``eventType`` this class handles (None for the open fallback).
    wire_type: ClassVar[str | None] = None

    #: ``incomingcall``, ``answer``, ``hangup``, ... (unknown values are kept).
    event_type: EventType
    #: When it happened; absent on ``recording`` and ``transcription`` events.
    time: EventTime | None = None
    #: The call's, audio request's or gather's tag, when one was set.
    tag: str | None = None


class CallEventBase(VoiceEvent):
    """Fields shared by the events of one call."""

    #: The call's id, ``c-...``.
    call_id: str | None = None
    #: The call's API URL.
    call_uri: str | None = None
    #: Calling number or SIP address (wire name ``from``).
    from_: str | None = Field(default=None, alias="from")
    #: Called number or SIP address.
    to: str | None = None
    #: The call's state when the event was sent.
    call_state: CallState | None = None

    def call(self) -> Call:
        """The event's call, ready to act on; built from the event, no request is made.

        Its ``from_``, ``to`` and ``state`` are the event's; call :meth:`fetch_call` (or
        ``.refresh()`` on the result) for the call's current data.
        """
        if not self.call_id:
            raise CatapultError(f"this {self.event_type} event carries no callId")
        fields: dict[str, Any] = {"id": self.call_id}
        if self.from_ is not None:
            fields["from_"] = self.from_
        if self.to is not None:
            fields["to"] = self.to
        if self.call_state is not None:
            fields["state"] = self.call_state
        return Call.model_validate(fields).bind(self.session)

    def fetch_call(self) -> Call:
        """The event's call, read from the API (one GET)."""
        return self.call().refresh()


class Diversion(BaseModel):
    """The SIP Diversion data of an inbound call (limited release; callbacks notes §2.1)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow")

    #: The last number the call was diverted from (``"Anonymous"`` when private).
    orig_to: str | None = None
    #: Why it was diverted, e.g. ``unavailable``, ``user-busy``, ``no-answer``.
    reason: str | None = None
    #: ``"no"`` (user-provided) or ``"yes"`` (network-provided).
    screen: str | None = None
    #: ``"off"`` or ``"full"``.
    privacy: str | None = None
    #: How many times the call was diverted.
    counter: int | None = None
    #: The diversion limit (the wire spells it ``limit`` or ``Limit``).
    limit: int | None = Field(default=None, validation_alias="limit")

    def model_post_init(self, context: Any) -> None:
        extra = self.__pydantic_extra__ or {}
        if self.limit is None and "Limit" in extra:
            self.limit = int(extra.pop("Limit"))


class _InboundDetails(CallEventBase):
    #: The application that owns the called number.
    application_id: str | None = None
    #: SIP diversion details, when the INVITE carried a Diversion header.
    diversion: Diversion | None = None
    withhold_caller_number: bool | None = None
    withhold_caller_name: bool | None = None
    display_name: str | None = None


class IncomingCallEvent(_InboundDetails):
    """``incomingcall``: a call arrived at one of the application's numbers."""

    wire_type = "incomingcall"


class AnswerEvent(_InboundDetails):
    """``answer``: the call became active (far end picked up, or auto-answered)."""

    wire_type = "answer"


class TimeoutEvent(CallEventBase):
    """``timeout``: an outbound call was not answered within its ``callTimeout``."""

    wire_type = "timeout"


#: The ``cause`` of a hangup that is really a reject (callbacks notes §2.5).
REJECTED_CAUSE = "CALL_REJECTED"


class HangupEvent(CallEventBase):
    """``hangup``: the call ended. A rejected call arrives as this, with ``CALL_REJECTED``."""

    wire_type = "hangup"

    #: ``NORMAL_CLEARING``, ``ORIGINATOR_CANCEL``, ``USER_BUSY``, ``CALL_REJECTED``, ...
    cause: str | None = None

    @property
    def is_rejected(self) -> bool:
        """Whether this hangup is the reject of an incoming call (``cause`` CALL_REJECTED)."""
        return self.cause == REJECTED_CAUSE


class _AudioEvent(CallEventBase):
    #: ``started`` or ``done``.
    status: str | None = None

    @property
    def is_done(self) -> bool:
        """Whether the audio finished (``status`` ``done``)."""
        return self.status == "done"


class SpeakEvent(_AudioEvent):
    """``speak``: a sentence started or finished on the call."""

    wire_type = "speak"

    #: ``PLAYBACK_START`` or ``PLAYBACK_STOP`` (same meaning as ``status``).
    state: str | None = None


class PlaybackEvent(_AudioEvent):
    """``playback``: an audio file started or finished on the call."""

    wire_type = "playback"


class DtmfEvent(CallEventBase):
    """``dtmf``: the call received one keypad tone."""

    wire_type = "dtmf"

    #: The digit: ``0``-``9``, ``*``, ``#``, ``A``-``D``.
    dtmf_digit: str | None = None
    #: How long the key was held, in ms, when sent.
    dtmf_duration: int | None = None


class GatherEvent(CallEventBase):
    """``gather``: a gather ended; ``digits`` holds what was collected."""

    wire_type = "gather"

    #: Always ``completed`` in callbacks.
    state: str | None = None
    #: ``max-digits``, ``terminating-digit``, ``inter-digit-timeout`` or ``hung-up``.
    reason: str | None = None
    #: The digits collected (without the terminating digit).
    digits: str | None = None
    #: The gather's id.
    gather_id: str | None = None
    #: The terminating digit pressed, when sent.
    terminating_digit: str | None = None

    def gather(self) -> Gather:
        """The gather this event reports on, read from the API (one GET)."""
        if not (self.call_id and self.gather_id):
            raise CatapultError("this gather event carries no callId or gatherId")
        return self.session.calls.get_gather(self.call_id, self.gather_id)


class RecordingEvent(CallEventBase):
    """``recording``: a recording was saved (``complete``) or failed (``error``)."""

    wire_type = "recording"

    recording_id: str | None = None
    #: The recording resource's URL.
    recording_uri: str | None = None
    #: ``complete`` or ``error``.
    status: str | None = None
    #: Same value as ``status``.
    state: str | None = None
    start_time: EventTime | None = None
    end_time: EventTime | None = None


class TranscriptionEvent(VoiceEvent):
    """``transcription``: a recording's transcription finished (``completed``) or failed."""

    wire_type = "transcription"

    transcription_id: str | None = None
    recording_id: str | None = None
    #: ``completed`` or ``error``.
    status: str | None = None
    #: Same value as ``status``.
    state: str | None = None
    #: Length of the whole text.
    text_size: int | None = None
    #: The start of the text; the whole text is at ``text_url``.
    text: str | None = None
    text_url: str | None = None
    transcription_uri: str | None = None


class ErrorEvent(CallEventBase):
    """``error``: the call failed (seen in captured traffic, not in the docs)."""

    wire_type = "error"


class UnknownEvent(CallEventBase):
    """An event type this version does not know; every field is kept in ``model_extra``."""


_EVENT_CLASSES: dict[str, type[VoiceEvent]] = {
    cls.wire_type: cls
    for cls in (
        IncomingCallEvent,
        AnswerEvent,
        TimeoutEvent,
        HangupEvent,
        SpeakEvent,
        PlaybackEvent,
        DtmfEvent,
        GatherEvent,
        RecordingEvent,
        TranscriptionEvent,
        ErrorEvent,
    )
    if cls.wire_type
}


def parse_event(
    body: bytes | str | Mapping[str, Any], *, session: Session | None = None
) -> VoiceEvent:
    """Parse a callback POST body (JSON text or an already decoded mapping) into its event."""
    if isinstance(body, Mapping):
        data: Any = dict(body)
    else:
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise EventParseError(f"callback body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise EventParseError("callback body must be one JSON object")
    return _build(data, session)


def parse_event_query(
    query: str | Mapping[str, str | list[str]], *, session: Session | None = None
) -> VoiceEvent:
    """Parse a callback GET query (``callbackHttpMethod: GET``) into its event.

    Every value arrives as text; numbers and booleans are converted by the models, and the
    nested ``diversion`` parameter, which holds JSON, is decoded.
    """
    raw = parse_qs(query, keep_blank_values=True) if isinstance(query, str) else query
    data: dict[str, Any] = {}
    for key, value in raw.items():
        data[key] = value[-1] if isinstance(value, list) else value
    if isinstance(data.get("diversion"), str):
        try:
            data["diversion"] = json.loads(data["diversion"])
        except ValueError as exc:
            raise EventParseError(f"diversion parameter is not JSON: {exc}") from None
    return _build(data, session)


def _build(data: dict[str, Any], session: Session | None) -> VoiceEvent:
    event_type = data.get("eventType")
    if not isinstance(event_type, str) or not event_type:
        raise EventParseError("callback has no eventType")
    cls = _EVENT_CLASSES.get(event_type, UnknownEvent)
    try:
        event = cls.model_validate(data)
    except ValidationError as exc:
        raise EventParseError(f"{event_type} event does not parse: {exc}") from None
    return event.bind(session) if session is not None else event
