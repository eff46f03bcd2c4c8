"""Request bodies of the call endpoints: create, update, list filters, DTMF and gather.

Each is a :class:`~catapult._params.RequestBody`: validated before anything is sent, and
dumped under the wire names with unset arguments left out (API notes §3.2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StrictBool, StrictStr

from .._params import RequestBody
from ._ids import Id
from .audio import Audio

#: The states an update may ask for (API notes §3.2).
CallStateName = Literal["active", "rejected", "completed", "transferring"]
#: Recording file formats.
RecordingFormat = Literal["wav", "mp3"]
#: How a transfer presents the original called number (``stack`` adds a Diversion header).
DiversionTreatment = Literal["none", "propagate", "stack"]
#: An audio value: :class:`Audio`, or a dict with its snake_case or camelCase keys.
AudioLike = Audio | Mapping[str, Any]

_SIP_HEADER_NAME = re.compile(r"X-[A-Za-z0-9-]+")


def _check_sip_headers(headers: dict[str, str]) -> dict[str, str]:
    if len(headers) > 5:
        raise ValueError("at most 5 SIP headers may be sent")
    for name, value in headers.items():
        if not _SIP_HEADER_NAME.fullmatch(name) or len(name) > 256:
            raise ValueError(
                f"SIP header name {name!r} must start with 'X-' (at most 256 characters)"
            )
        if len(value) > 256:
            raise ValueError(f"SIP header {name!r} value is longer than 256 characters")
    return headers


def _check_number(value: str) -> str:
    if not re.fullmatch(r"\+?[0-9]{3,15}|sips?:[^@\s]+@[^\s]+", value):
        raise ValueError(
            f"{value!r} is not an E.164 number (+15551234567) or a SIP URI (sip:user@host)"
        )
    return value


def _check_callback_url(value: str) -> str:
    if value:  # "" means none, as the API shows it
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an absolute http(s) URL")
    return value


#: Where Catapult sends a call's events: an absolute http(s) URL (``""`` for none).
CallbackUrl = Annotated[str, AfterValidator(_check_callback_url)]

#: An E.164 number or a SIP URI.
Number = Annotated[str, AfterValidator(_check_number)]
SipHeaders = Annotated[dict[str, str], AfterValidator(_check_sip_headers)]


class CallCreateParams(RequestBody):
    """Body of call create (API notes §3.2)."""

    from_: Number = Field(alias="from")
    to: Number
    call_timeout: Annotated[int, Field(ge=1, le=300)] | None = None
    callback_url: CallbackUrl | None = None
    callback_timeout: Annotated[int, Field(ge=1, le=10000)] | None = None
    callback_http_method: Literal["GET", "POST"] | None = None
    fallback_url: CallbackUrl | None = None
    bridge_id: Id | None = None
    conference_id: Id | None = None
    recording_enabled: StrictBool | None = None
    recording_file_format: Literal["wav", "mp3"] | None = None
    recording_max_duration: Annotated[int, Field(ge=1)] | None = None
    transcription_enabled: StrictBool | None = None
    tag: str | None = None
    #: Sent verbatim: header names are never re-cased.
    sip_headers: SipHeaders | None = None


class CallUpdateParams(RequestBody):
    """Body of call update (answer, reject, hang up, transfer, recording; API notes §3.2)."""

    state: Literal["active", "rejected", "completed", "transferring"] | None = None
    recording_enabled: StrictBool | None = None
    recording_file_format: Literal["wav", "mp3"] | None = None
    recording_max_duration: Annotated[int, Field(ge=1)] | None = None
    transfer_to: Number | None = None
    transfer_caller_id: str | None = None
    whisper_audio: Audio | None = None
    callback_url: CallbackUrl | None = None
    diversion_treatment: Literal["none", "propagate", "stack"] | None = None
    diversion_reason: str | None = None
    tag: str | None = None


_DTMF_OUT = re.compile(r"[0-9A-D#*,wW]{1,92}")
_DIGITS = re.compile(r"[0-9A-D#*]*")


def _check_dtmf(value: str) -> str:
    if not _DTMF_OUT.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a DTMF string: 1 to 92 of 0-9, A-D, #, * and the pauses "
            "',' / 'w' (0.5 s) and 'W' (1 s)"
        )
    return value


def _check_digits(value: str) -> str:
    if not _DIGITS.fullmatch(value):
        raise ValueError(f"{value!r} may only hold the keys 0-9, A-D, # and *")
    return value


class DtmfParams(RequestBody):
    """Body of ``POST /calls/{id}/dtmf``: ``{"dtmfOut": "..."}``, always a string (§3.2)."""

    dtmf_out: Annotated[StrictStr, AfterValidator(_check_dtmf)]


class GatherPrompt(Audio):
    """A gather prompt: an :class:`Audio` that may also say ``bargeable`` (§3.2).

    ``bargeable`` defaults to true on the API side and is deprecated; it cannot be turned off.
    A plain :class:`Audio` or a dict is accepted wherever a prompt is.
    """

    #: Whether a key press interrupts the prompt.
    bargeable: StrictBool | None = None


class GatherParams(RequestBody):
    """Body of gather create (API notes §3.2). Numbers are sent as JSON numbers."""

    #: Digits to collect, not counting the terminating digit (at most 30).
    max_digits: Annotated[int, Field(ge=1, le=30)] | None = None
    #: Seconds to wait for the next key (API default 5, at most 30).
    inter_digit_timeout: Annotated[int, Field(ge=1, le=30)] | None = None
    #: Keys that end the gather at once (API default ``"#"``).
    terminating_digits: Annotated[StrictStr, AfterValidator(_check_digits)] | None = None
    #: Your tag, echoed in the gather event and the Gather.
    tag: str | None = None
    #: Played or spoken while waiting for keys.
    prompt: GatherPrompt | Audio | None = None


class GatherUpdateParams(RequestBody):
    """Body of gather update: the only change allowed is ``{"state": "completed"}`` (stop)."""

    state: Literal["completed"] | None = None


# -- records ----------------------------------------------------------------------------------


class CallListParams(RequestBody):
    """Filters of the call list (sent as query parameters)."""

    bridge_id: Id | None = None
    conference_id: Id | None = None
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    sort_order: Literal["asc", "desc"] | None = None
