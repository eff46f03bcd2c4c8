"""Typed voice callback events: what Catapult POSTs (or GETs) to your app's callback URL.

One model per event type, chosen by ``eventType`` (docs/wire/callbacks.md#events); event types
this version does not know become :class:`UnknownEvent`, which keeps every field, so a new event
never crashes an app. Parse a POST body with :func:`parse_event` and a GET query with
:func:`parse_event_query`.

Events bound to a session reach their resources without re-typing ids: ``event.call()`` gives a
:class:`~catapult.Call` to act on (``answer()``, ``speak()``, ``bridge_with()``) built from the
event's own fields with no request; ``event.fetch_call()`` reads the call's current state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from ._errors import CatapultError, safe_text
from ._event_actions import (
    CallEventActions,
    GatherEventActions,
    RecordingEventActions,
    TranscriptionEventActions,
)
from ._fielddoc import FieldDocMeta
from ._lazy import lazy_getattr
from ._model import SessionBound
from ._values import OpenEnum, Timestamp
from .resources.call_records import GatherReason, GatherState, RecordingState, TranscriptionState
from .resources.calls import Call, CallState

if TYPE_CHECKING:  # the same names, imported on first use at run time by __getattr__ below
    from ._event_parse import parse_event, parse_event_query
    from .events_conference import (
        ConferenceEvent,
        ConferenceEventBase,
        ConferenceMemberEvent,
        ConferencePlaybackEvent,
        ConferenceSpeakEvent,
    )

__all__ = [
    "AnswerEvent",
    "AudioStatus",
    "CallEventBase",
    "ConferenceEvent",
    "ConferenceEventBase",
    "ConferenceMemberEvent",
    "ConferencePlaybackEvent",
    "ConferenceSpeakEvent",
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
    CONFERENCE = "conference"
    CONFERENCE_MEMBER = "conference-member"
    CONFERENCE_SPEAK = "conference-speak"
    CONFERENCE_PLAYBACK = "conference-playback"


# An event timestamp: the same type as every resource timestamp.
EventTime = Timestamp


class VoiceEvent(SessionBound, BaseModel, metaclass=FieldDocMeta):
    """Base of every voice event: its type, and any fields this version does not declare.

    Each subclass declares only the fields its event carries (docs/wire/callbacks.md#events);
    anything else the callback holds is kept in ``model_extra``.
    """

    __slots__ = ("_bound_session",)

    model_config: ClassVar[ConfigDict] = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
    )

    wire_type: ClassVar[str | None] = None
    """The wire ``eventType`` this class handles (None for the open fallback)."""

    event_type: EventType
    """``incomingcall``, ``answer``, ``hangup``, ... (unknown values are kept)."""


class CallEventBase(CallEventActions, VoiceEvent):
    """An event about one call: it carries the call's id, so it can act on the call."""

    call_id: str | None = None
    """The call's id, ``c-...``."""

    def call(self) -> Call:
        """The event's call, ready to act on; built from the event, no request is made.

        Its ``from_``, ``to`` and ``state`` are the event's, when the event carries them; call
        :meth:`fetch_call` (or ``.refresh()`` on the result) for the call's current data.
        """
        if not self.call_id:
            raise CatapultError(f"this {safe_text(self.event_type)} event carries no callId")
        fields: dict[str, Any] = {"id": self.call_id}
        for name, target in (("from_", "from_"), ("to", "to"), ("call_state", "state")):
            value = getattr(self, name, None)
            if value is not None:
                fields[target] = value
        return Call.model_validate(fields).bind(self._bound())

    def fetch_call(self) -> Call:
        """The event's call, read from the API (one GET)."""
        return self.call().refresh()


class _OnCallEvent(CallEventBase):
    call_uri: str | None = None
    """The call's API URL."""
    time: EventTime | None = None
    """When it happened."""


class _CallPartiesEvent(_OnCallEvent):
    from_: str | None = Field(default=None, alias="from")
    """Calling number or SIP address (wire name ``from``)."""
    to: str | None = None
    """Called number or SIP address."""


class Diversion(BaseModel, metaclass=FieldDocMeta):
    """The SIP Diversion data of an inbound call (docs/wire/callbacks.md#incomingcall)."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
    )

    orig_to: str | None = None
    """The last number the call was diverted from (``"Anonymous"`` when private)."""
    reason: str | None = None
    """Why it was diverted, e.g. ``unavailable``, ``user-busy``, ``no-answer``."""
    screen: str | None = None
    """``"no"`` (user-provided) or ``"yes"`` (network-provided)."""
    privacy: str | None = None
    """``"off"`` or ``"full"``."""
    counter: int | None = None
    """How many times the call was diverted."""
    limit: int | None = Field(default=None, validation_alias=AliasChoices("limit", "Limit"))
    """The diversion limit (the wire spells it ``limit`` or ``Limit``)."""


class _InboundDetails(_CallPartiesEvent):
    call_state: CallState | None = None
    """The call's state when the event was sent (``active``)."""
    application_id: str | None = None
    """The application that owns the called number."""
    diversion: Diversion | None = None
    """SIP diversion details, when the INVITE carried a Diversion header."""
    withhold_caller_number: bool | None = None
    """Whether the caller asked to withhold their number."""
    withhold_caller_name: bool | None = None
    """Whether the caller asked to withhold their name."""
    display_name: str | None = None
    """The caller's display name."""


class IncomingCallEvent(_InboundDetails):
    """``incomingcall``: a call arrived at one of the application's numbers.

    It carries no ``tag``: an inbound call has none. Unless the application auto-answers, the
    call is still ringing although ``call_state`` says ``active`` (as the API sends it): read
    the call (:meth:`fetch_call`) and answer it before speaking to it.
    """

    wire_type: ClassVar[str | None] = "incomingcall"


class AnswerEvent(_InboundDetails):
    """``answer``: the call became active (far end picked up, or auto-answered)."""

    wire_type: ClassVar[str | None] = "answer"

    tag: str | None = None
    """The tag given when the call was created; outbound calls only."""


class TimeoutEvent(_CallPartiesEvent):
    """``timeout``: an outbound call was not answered within its ``callTimeout``."""

    wire_type: ClassVar[str | None] = "timeout"

    tag: str | None = None
    """The tag given when the call was created."""


REJECTED_CAUSE = "CALL_REJECTED"
"""The ``cause`` of a hangup that is really a reject (docs/wire/callbacks.md#hangup)."""


class HangupEvent(_CallPartiesEvent):
    """``hangup``: the call ended. A rejected call arrives as this, with ``CALL_REJECTED``."""

    wire_type: ClassVar[str | None] = "hangup"

    call_state: CallState | None = None
    """The call's state when the event was sent (``completed``)."""
    cause: str | None = None
    """``NORMAL_CLEARING``, ``ORIGINATOR_CANCEL``, ``USER_BUSY``, ``CALL_REJECTED``, ..."""
    tag: str | None = None
    """The tag given when the call was created."""

    @property
    def is_rejected(self) -> bool:
        """Whether this hangup is the reject of an incoming call (``cause`` CALL_REJECTED)."""
        return self.cause == REJECTED_CAUSE


class AudioStatus(OpenEnum):
    """Where a speak or playback is: ``started`` or ``done``; unknown values are accepted."""

    STARTED = "started"
    DONE = "done"


class _AudioEvent(_OnCallEvent):
    status: AudioStatus | None = None
    """``started`` or ``done``."""
    tag: str | None = None
    """The tag of the audio request."""

    @property
    def is_done(self) -> bool:
        """Whether the audio finished (``status`` ``done``)."""
        return self.status == AudioStatus.DONE


class SpeakEvent(_AudioEvent):
    """``speak``: a sentence started or finished on the call."""

    wire_type: ClassVar[str | None] = "speak"

    state: str | None = None
    """``PLAYBACK_START`` or ``PLAYBACK_STOP`` (same meaning as ``status``)."""


class PlaybackEvent(_AudioEvent):
    """``playback``: an audio file started or finished on the call."""

    wire_type: ClassVar[str | None] = "playback"


class DtmfEvent(_OnCallEvent):
    """``dtmf``: the call received one keypad tone."""

    wire_type: ClassVar[str | None] = "dtmf"

    dtmf_digit: str | None = None
    """The digit: ``0``-``9``, ``*``, ``#``, ``A``-``D``."""
    dtmf_duration: int | None = None
    """How long the key was held, in ms, when sent."""
    tag: str | None = None
    """The tag given when the call was created."""


class GatherEvent(GatherEventActions, _OnCallEvent):
    """``gather``: a gather ended; ``digits`` holds what was collected."""

    wire_type: ClassVar[str | None] = "gather"

    gather_id: str | None = None
    """The gather's id."""
    state: GatherState | None = None
    """Always ``completed`` in callbacks."""
    reason: GatherReason | None = None
    """``max-digits``, ``terminating-digit``, ``inter-digit-timeout``, ``hung-up`` or
    ``cancelled`` (unknown reasons are kept)."""
    digits: str | None = None
    """The digits collected (without the terminating digit)."""
    terminating_digit: str | None = None
    """The terminating digit pressed, when sent."""
    tag: str | None = None
    """The tag of the gather request."""


class RecordingEvent(RecordingEventActions, CallEventBase):
    """``recording``: a recording was saved (``complete``) or failed (``error``).

    It carries no ``time``: ``start_time`` and ``end_time`` bound the recording.
    """

    wire_type: ClassVar[str | None] = "recording"

    recording_id: str | None = None
    """The recording's id."""
    recording_uri: str | None = None
    """The recording resource's URL."""
    status: RecordingState | None = None
    """``complete`` or ``error``."""
    state: RecordingState | None = None
    """Same value as ``status``."""
    start_time: EventTime | None = None
    """When the recording started."""
    end_time: EventTime | None = None
    """When it ended."""
    tag: str | None = None
    """The tag given when the call was created."""


class TranscriptionEvent(TranscriptionEventActions, VoiceEvent):
    """``transcription``: a recording's transcription finished (``completed``) or failed.

    It is about a recording, not a call: it carries no ``call_id`` and no ``time``.
    """

    wire_type: ClassVar[str | None] = "transcription"

    transcription_id: str | None = None
    """The transcription's id."""
    recording_id: str | None = None
    """The id of the recording it transcribes."""
    status: TranscriptionState | None = None
    """``completed`` or ``error``."""
    state: TranscriptionState | None = None
    """Same value as ``status``."""
    text_size: int | None = None
    """Length of the whole text."""
    text: str | None = None
    """The start of the text; the whole text is at ``text_url``."""
    text_url: str | None = None
    """Where the whole text is."""
    transcription_uri: str | None = None
    """The transcription resource's URL."""


class ErrorEvent(_CallPartiesEvent):
    """``error``: the call failed (seen in captured traffic, not documented by the API)."""

    wire_type: ClassVar[str | None] = "error"

    call_state: CallState | None = None
    """The call's state (``error``)."""


class UnknownEvent(CallEventBase):
    """An event type this version does not know; every other field is kept in ``model_extra``."""


# The parsers and the conference events build on the classes above, so importing them here would
# be an import cycle: they are imported on first use instead.
_ELSEWHERE = {
    **dict.fromkeys(("parse_event", "parse_event_query"), "._event_parse"),
    **dict.fromkeys(
        (
            "ConferenceEvent",
            "ConferenceEventBase",
            "ConferenceMemberEvent",
            "ConferencePlaybackEvent",
            "ConferenceSpeakEvent",
        ),
        ".events_conference",
    ),
}


__getattr__: Callable[[str], Any] = lazy_getattr(globals(), _ELSEWHERE)
