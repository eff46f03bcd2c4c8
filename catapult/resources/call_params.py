"""The call endpoints, declared once: create, update, transfer, list, audio, DTMF, gather.

Each typed dict is the one declaration of an endpoint's fields: argument name, type, wire name
(camelCase unless :class:`~catapult._fields.Wire` says otherwise), rule and doc. The managers'
and models' signatures unpack them (``**options: Unpack[CallOptions]``), the SDK checks
arguments with them before sending, and the emulator checks requests with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from typing_extensions import Required, TypedDict

from .. import _rules as rules
from .._fields import Wire
from ._manager import Endpoint, SubList
from .audio import CALL_AUDIO, PROMPT, Audio, AudioLike, GatherPrompt
from .call_records import CallEvent, Recording, Transcription

__all__ = ["Audio", "AudioLike", "GatherPrompt"]

CallStateName = rules.CallStateName
RecordingFormat = rules.RecordingFormat
DiversionTreatment = rules.DiversionTreatment


class RecordingOptions(TypedDict, total=False):
    """Recording settings, at create or update."""

    recording_enabled: Annotated[bool, rules.FLAG]
    """Record the call; each on/off span becomes a Recording."""
    recording_file_format: Annotated[RecordingFormat, rules.RECORDING_FORMAT]
    """``wav`` (the API's default) or ``mp3``."""
    recording_max_duration: Annotated[int, rules.RECORDING_MAX_DURATION]
    """Longest recording in seconds, 1 to 14,400 (API default 3,600)."""
    tag: Annotated[str, rules.TAG]
    """Your tag (at most 256 characters), echoed in callbacks."""


class CallbackOptions(TypedDict, total=False):
    """Where a call's or a conference's events go, at create (and a conference's at update)."""

    callback_url: Annotated[str, rules.CALLBACK_URL]
    """Where the events are sent: an absolute http(s) URL; without one, none are sent."""
    callback_timeout: Annotated[int, rules.CALLBACK_TIMEOUT]
    """Milliseconds to wait for the callback server, 1 to 10,000."""
    callback_http_method: Annotated[rules.HttpMethod, rules.HTTP_METHOD]
    """``GET`` or ``POST`` (the API's default)."""
    fallback_url: Annotated[str, rules.CALLBACK_URL]
    """Where events go when ``callback_url`` fails."""


class CallOptions(RecordingOptions, CallbackOptions, total=False):
    """Options of a new outbound call (docs/wire/calls.md#create); what is not given is not sent."""

    call_timeout: Annotated[int, rules.CALL_TIMEOUT]
    """Seconds to wait for an answer, 1 to 300 (API default 60)."""
    bridge_id: Annotated[str, rules.ID]
    """Put the new call in this bridge."""
    conference_id: Annotated[str, rules.ID]
    """Put the new call in this conference."""
    transcription_enabled: Annotated[bool, rules.FLAG]
    """Transcribe the recordings."""
    sip_headers: Annotated[Mapping[str, str], rules.SIP_HEADERS]
    """At most 5 ``X-`` headers, sent verbatim (names are never re-cased)."""


class CallCreateParams(CallOptions, total=False):
    """Body of ``POST /calls``."""

    from_: Required[Annotated[str, Wire("from"), rules.NUMBER]]
    """Calling number: E.164 (``+15551234567``) or a SIP URI (``sip:user@host``)."""
    to: Required[Annotated[str, rules.NUMBER]]
    """Called number: E.164 or a SIP URI."""


class TransferFields(TypedDict, total=False):
    """What a transfer sends besides its target (docs/wire/calls.md#transfer)."""

    whisper_audio: Annotated[AudioLike, CALL_AUDIO]
    """Audio played to the target before connecting (an Audio or a dict)."""
    callback_url: Annotated[str, rules.CALLBACK_URL]
    """Where the new call's events are sent."""
    diversion_treatment: Annotated[DiversionTreatment, rules.DIVERSION_TREATMENT]
    """``none`` (default), ``propagate`` or ``stack`` (adds a Diversion header)."""
    diversion_reason: Annotated[str, rules.DIVERSION_REASON]
    """Diversion reason with ``stack``: ``unknown``, ``user-busy``, ``no-answer`` ..."""


class TransferOptions(TransferFields, total=False):
    """Options of ``call.transfer(to, ...)``."""

    caller_id: Annotated[str, Wire("transferCallerId"), rules.CALLER_ID]
    """Caller id shown to the target: ``private`` or an E.164 number you own."""


class CallUpdateParams(RecordingOptions, TransferFields, total=False):
    """Body of ``POST /calls/{id}``: answer, reject, hang up, transfer or recording."""

    state: Annotated[CallStateName, rules.CALL_STATE_CHANGE]
    """``active`` answers, ``rejected`` rejects, ``completed`` hangs up, ``transferring``."""
    transfer_to: Annotated[str, rules.NUMBER]
    """Where a transfer goes: E.164 or a SIP URI."""
    transfer_caller_id: Annotated[str, rules.CALLER_ID]
    """Caller id shown to the transfer target: ``private`` or an E.164 number you own."""


class CallListParams(TypedDict, total=False):
    """Filters of ``GET /calls`` (sent as query parameters)."""

    bridge_id: Annotated[str, rules.ID]
    """Calls of that bridge (not paged by the API)."""
    conference_id: Annotated[str, rules.ID]
    """Calls of that conference (not paged by the API)."""
    from_: Annotated[str, Wire("from"), rules.TEXT]
    """Calls from this number."""
    to: Annotated[str, rules.TEXT]
    """Calls to this number."""
    sort_order: Annotated[rules.SortOrder, rules.SORT_ORDER]
    """By start time: ``asc`` or ``desc`` (the API's default)."""
    size: Annotated[int, rules.PAGE_SIZE]
    """Items per page, 1 to 1,000 (API default 25)."""


class DtmfParams(TypedDict):
    """Body of ``POST /calls/{id}/dtmf``."""

    dtmf_out: Annotated[str, rules.DTMF_OUT]
    """1-92 of ``0-9 A-D # *`` and the pauses ``,`` ``w`` (0.5 s) and ``W`` (1 s)."""


class GatherParams(TypedDict, total=False):
    """Body of ``POST /calls/{id}/gather`` (docs/wire/calls.md#gather); numbers sent as numbers."""

    max_digits: Annotated[int, rules.MAX_DIGITS]
    """Digits to collect, not counting the terminating digit (1 to 30)."""
    inter_digit_timeout: Annotated[int, rules.INTER_DIGIT_TIMEOUT]
    """Seconds to wait for the next key (API default 5, at most 30)."""
    terminating_digits: Annotated[str, rules.TERMINATING_DIGITS]
    """Keys that end the gather at once (API default ``"#"``)."""
    prompt: Annotated[AudioLike, PROMPT]
    """Played or spoken while waiting: an Audio, a GatherPrompt or a dict."""
    tag: Annotated[str, rules.TAG]
    """Your tag, echoed in the gather event and the Gather."""


class GatherUpdateParams(TypedDict):
    """Body of a gather update: the only change allowed is ``{"state": "completed"}``."""

    state: Annotated[rules.GatherStateName, rules.GATHER_STATE_CHANGE]
    """``completed`` stops the gather."""


class TransferParams(TransferOptions, total=False):
    """Body of a transfer: an update with ``state: transferring`` (docs/wire/calls.md#transfer)."""

    to: Required[Annotated[str, Wire("transferTo"), rules.NUMBER]]
    """Where the call goes: E.164 or a SIP URI."""


CREATE = Endpoint("POST", "calls", CallCreateParams)
GET = Endpoint("GET", "calls/{call_id}")
LIST = Endpoint("GET", "calls", CallListParams)
UPDATE = Endpoint(
    "POST",
    "calls/{call_id}",
    CallUpdateParams,
    creates="calls",
    needs=(rules.TRANSFER_TARGET, rules.TRANSFER_ONLY),
    changes=True,
)
TRANSFER = Endpoint(
    "POST", "calls/{call_id}", TransferParams, fixed={"state": "transferring"}, creates="calls"
)
AUDIO = Endpoint("POST", "calls/{call_id}/audio", Audio)
DTMF = Endpoint("POST", "calls/{call_id}/dtmf", DtmfParams)
EVENT = Endpoint("GET", "calls/{call_id}/events/{event_id}")
GATHER = Endpoint("POST", "calls/{call_id}/gather", GatherParams)
GET_GATHER = Endpoint("GET", "calls/{call_id}/gather/{gather_id}")
UPDATE_GATHER = Endpoint(
    "POST", "calls/{call_id}/gather/{gather_id}", GatherUpdateParams, changes=True
)
EVENTS = SubList(CallEvent, "calls/{call_id}/events", "Iterate the call's event log (lazily).")
RECORDINGS = SubList(
    Recording, "calls/{call_id}/recordings", "Iterate the call's recordings, one per span."
)
TRANSCRIPTIONS = SubList(
    Transcription, "calls/{call_id}/transcriptions", "Iterate the recordings' transcriptions."
)
