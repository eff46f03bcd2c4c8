"""Request validation: turn a JSON request body into checked Python values or raise 400.

Strictness is deliberate, to catch SDK bugs the old SDKs had (catapult-v1-api.md §8):
unknown fields and JSON ``null`` values are refused with ``validation-error``.
Booleans accept ``true``/``false`` and the strings ``"true"``/``"false"`` (the docs' curl
examples send strings); integers accept numbers and digit strings (cs/go send ``"5"``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import Any
from urllib.parse import urlsplit

from ._errors import callback_invalid_url, validation

Body = dict[str, Any]

PHONE = re.compile(r"^\+\d{7,15}$")
SIP_URI = re.compile(r"^sip:[^@\s]+@[^@\s]+$")
DTMF_OUT = re.compile(r"^[0-9A-D#*,wW]{1,92}$")
DIGITS = re.compile(r"^[0-9A-D#*]*$")

GENDERS = ("male", "female")
LOCALES = ("en_US", "en_UK", "es", "es_MX", "fr", "fr_FR", "de", "de_DE", "it", "it_IT")
VOICES = (
    "kate",
    "susan",
    "julie",
    "dave",
    "paul",
    "bridget",
    "esperanza",
    "violeta",
    "jorge",
    "jolie",
    "bernard",
    "katrin",
    "stefan",
    "paola",
    "luca",
)
DIVERSION_TREATMENTS = ("none", "propagate", "stack")
DIVERSION_REASONS = (
    "unknown",
    "user-busy",
    "no-answer",
    "unavailable",
    "unconditional",
    "time-of-day",
    "do-not-disturb",
    "deflection",
    "follow-me",
    "out-of-service",
    "away",
)
AUDIO_FIELDS = ("fileUrl", "sentence", "gender", "locale", "voice", "loopEnabled", "tag")


def as_object(body: Any) -> Body:
    """Require a JSON object body."""
    if not isinstance(body, dict):
        raise validation("The request body must be a JSON object")
    return body


def check_fields(body: Mapping[str, Any], allowed: Collection[str]) -> None:
    """Refuse unknown fields and ``null`` values, naming the first offender."""
    for name, value in body.items():
        if name not in allowed:
            raise validation(f"Unknown field '{name}'", name, value)
        if value is None:
            raise validation(f"Field '{name}' must not be null", name, value)


def boolean(body: Mapping[str, Any], name: str) -> bool | None:
    """Optional boolean field."""
    value = body.get(name)
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise validation(f"Field '{name}' must be a boolean", name, value)


def integer(body: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    """Optional integer field within ``[low, high]``; digit strings are accepted."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise validation(f"Field '{name}' must be an integer", name, value)
    if not low <= number <= high:
        raise validation(f"Field '{name}' must be between {low} and {high}", name, value)
    return number


def string(body: Mapping[str, Any], name: str, max_len: int = 4096) -> str | None:
    """Optional string field of bounded length."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise validation(f"Field '{name}' must be a string", name, value)
    if len(value) > max_len:
        raise validation(f"Field '{name}' must be at most {max_len} characters", name, value)
    return value


def callback_url(body: Mapping[str, Any], name: str) -> str | None:
    """Optional callback URL: ``""`` (none) or an absolute http(s) URL with a host."""
    value = string(body, name)
    if value:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise callback_invalid_url(name, value)
    return value


def choice(
    body: Mapping[str, Any], name: str, options: Collection[str], fold: bool = False
) -> str | None:
    """Optional string field restricted to ``options`` (case-insensitively when ``fold``)."""
    value = string(body, name)
    if value is None:
        return None
    if (value.lower() if fold else value) not in options:
        raise validation(f"Field '{name}' must be one of {', '.join(options)}", name, value)
    return value


def address(body: Mapping[str, Any], name: str, required: bool = False) -> str | None:
    """An E.164 number or ``sip:user@host`` address."""
    value = string(body, name)
    if value is None:
        if required:
            raise validation(f"Field '{name}' is required", name, None)
        return None
    if not (PHONE.match(value) or SIP_URI.match(value)):
        raise validation(f"Field '{name}' must be an E.164 number or a SIP URI", name, value)
    return value


def audio(body: Any, extra: Collection[str] = ()) -> Body:
    """Validate an Audio object (§4): exactly one of ``fileUrl``/``sentence``; ``""`` stops."""
    body = as_object(body)
    check_fields(body, (*AUDIO_FIELDS, *extra))
    file_url = string(body, "fileUrl")
    sentence = string(body, "sentence", max_len=1000)
    if (file_url is None) == (sentence is None):
        raise validation("Exactly one of 'fileUrl' and 'sentence' is required")
    choice(body, "gender", GENDERS)
    choice(body, "locale", LOCALES)
    choice(body, "voice", VOICES, fold=True)
    boolean(body, "loopEnabled")
    string(body, "tag")
    if "volume" in extra:
        integer(body, "volume", -4, 4)
    if "bargeable" in extra and boolean(body, "bargeable") is False:
        raise validation("Field 'bargeable' cannot be turned off", "bargeable", False)
    return dict(body)


def bridge_body(body: Any) -> tuple[list[str] | None, bool | None]:
    """Validate a bridge create/update body; returns ``(callIds, bridgeAudio)``."""
    body = as_object(body)
    check_fields(body, ("callIds", "bridgeAudio"))
    call_ids = body.get("callIds")
    if call_ids is not None:
        if not isinstance(call_ids, list) or not all(isinstance(c, str) for c in call_ids):
            raise validation("Field 'callIds' must be an array of strings", "callIds", call_ids)
        if len(set(call_ids)) != len(call_ids):
            raise validation("Field 'callIds' has duplicates", "callIds", call_ids)
    return call_ids, boolean(body, "bridgeAudio")


CALL_CREATE_FIELDS = (
    "from",
    "to",
    "callTimeout",
    "callbackUrl",
    "callbackTimeout",
    "callbackHttpMethod",
    "fallbackUrl",
    "bridgeId",
    "conferenceId",
    "recordingEnabled",
    "recordingFileFormat",
    "recordingMaxDuration",
    "transcriptionEnabled",
    "tag",
    "sipHeaders",
)


def call_create(body: Any) -> Body:
    """Validate a create-call body; returns the checked fields with native types."""
    body = as_object(body)
    check_fields(body, CALL_CREATE_FIELDS)
    out: Body = {
        "from": address(body, "from", required=True),
        "to": address(body, "to", required=True),
        "callTimeout": integer(body, "callTimeout", 1, 300),
        "callbackUrl": callback_url(body, "callbackUrl"),
        "callbackTimeout": integer(body, "callbackTimeout", 1, 10000),
        "callbackHttpMethod": _method(body),
        "fallbackUrl": callback_url(body, "fallbackUrl"),
        "bridgeId": string(body, "bridgeId"),
        "conferenceId": string(body, "conferenceId"),
        "recordingEnabled": boolean(body, "recordingEnabled"),
        "recordingFileFormat": choice(body, "recordingFileFormat", ("wav", "mp3")),
        "recordingMaxDuration": integer(body, "recordingMaxDuration", 1, 14400),
        "transcriptionEnabled": boolean(body, "transcriptionEnabled"),
        "tag": string(body, "tag"),
        "sipHeaders": _sip_headers(body),
    }
    return {key: value for key, value in out.items() if value is not None}


CALL_UPDATE_FIELDS = (
    "state",
    "recordingEnabled",
    "recordingFileFormat",
    "recordingMaxDuration",
    "transferTo",
    "transferCallerId",
    "whisperAudio",
    "callbackUrl",
    "diversionTreatment",
    "diversionReason",
    "tag",
)
TRANSFER_ONLY = (
    "transferTo",
    "transferCallerId",
    "whisperAudio",
    "diversionTreatment",
    "diversionReason",
)


def call_update(body: Any) -> Body:
    """Validate an update-call body (state changes, recording, transfer fields)."""
    body = as_object(body)
    check_fields(body, CALL_UPDATE_FIELDS)
    state = choice(body, "state", ("active", "rejected", "completed", "transferring"))
    if state == "transferring" and "transferTo" not in body:
        raise validation("Field 'transferTo' is required to transfer a call", "transferTo", None)
    if state != "transferring":
        for name in TRANSFER_ONLY:
            if name in body:
                raise validation(
                    f"Field '{name}' is only allowed with state 'transferring'", name, body[name]
                )
    caller_id = string(body, "transferCallerId")
    if caller_id is not None and caller_id != "private" and not PHONE.match(caller_id):
        raise validation(f"The callerId {caller_id} is not allowed", "transferCallerId", caller_id)
    out: Body = {
        "state": state,
        "recordingEnabled": boolean(body, "recordingEnabled"),
        "recordingFileFormat": choice(body, "recordingFileFormat", ("wav", "mp3")),
        "recordingMaxDuration": integer(body, "recordingMaxDuration", 1, 14400),
        "transferTo": address(body, "transferTo"),
        "transferCallerId": caller_id,
        "whisperAudio": audio(body["whisperAudio"]) if "whisperAudio" in body else None,
        "callbackUrl": callback_url(body, "callbackUrl"),
        "diversionTreatment": choice(body, "diversionTreatment", DIVERSION_TREATMENTS),
        "diversionReason": choice(body, "diversionReason", DIVERSION_REASONS),
        "tag": string(body, "tag"),
    }
    return {key: value for key, value in out.items() if value is not None}


def gather_create(body: Any) -> Body:
    """Validate a gather body (§3.2); ``terminatingDigits`` defaults to ``"#"``."""
    body = as_object(body)
    check_fields(body, ("maxDigits", "interDigitTimeout", "terminatingDigits", "tag", "prompt"))
    terminators = string(body, "terminatingDigits", max_len=16)
    if terminators is not None and not DIGITS.match(terminators):
        raise validation(
            "Field 'terminatingDigits' has invalid digits", "terminatingDigits", terminators
        )
    out: Body = {
        "maxDigits": integer(body, "maxDigits", 1, 30),
        "interDigitTimeout": integer(body, "interDigitTimeout", 1, 30),
        "terminatingDigits": "#" if terminators is None else terminators,
        "tag": string(body, "tag"),
        "prompt": audio(body["prompt"], ("bargeable",)) if "prompt" in body else None,
    }
    return {key: value for key, value in out.items() if value is not None}


def gather_update(body: Any) -> None:
    """The only gather update allowed is ``{"state": "completed"}``."""
    body = as_object(body)
    check_fields(body, ("state",))
    if body.get("state") != "completed":
        raise validation('Only {"state": "completed"} is allowed', "state", body.get("state"))


def dtmf(body: Any) -> str:
    """Validate ``{"dtmfOut": "..."}``: a string of up to 92 DTMF characters."""
    body = as_object(body)
    check_fields(body, ("dtmfOut",))
    value = body.get("dtmfOut")
    if not isinstance(value, str) or not DTMF_OUT.match(value):
        raise validation("Field 'dtmfOut' must match [0-9A-D#*,wW]{1,92}", "dtmfOut", value)
    return value


def paging(query: Mapping[str, list[str]]) -> tuple[int, int]:
    """Read ``page`` (0-based) and ``size`` (1..1000, default 25) from a query."""
    params = {name: query[name][-1] for name in ("page", "size") if name in query}
    page = integer(params, "page", 0, 10**9)
    size = integer(params, "size", 1, 1000)
    return (0 if page is None else page), (25 if size is None else size)


def _method(body: Mapping[str, Any]) -> str | None:
    value = choice(body, "callbackHttpMethod", ("GET", "POST", "get", "post"))
    return None if value is None else value.upper()


def _sip_headers(body: Mapping[str, Any]) -> dict[str, str] | None:
    headers = body.get("sipHeaders")
    if headers is None:
        return None
    if not isinstance(headers, dict) or len(headers) > 5:
        raise validation(
            "Field 'sipHeaders' must be an object with at most 5 entries", "sipHeaders", headers
        )
    for name, value in headers.items():
        if not name.startswith("X-") or len(name) > 256:
            raise validation(f"SIP header name '{name}' must start with X-", "sipHeaders", name)
        if not isinstance(value, str) or len(value) > 256:
            raise validation(
                f"SIP header '{name}' must be a string of at most 256 characters",
                "sipHeaders",
                value,
            )
    return dict(headers)
