"""Catapult error answers: the :class:`ApiFault` exception and one factory per documented code.

Bodies follow docs/wire/errors.md#error-bodies:
``{"category", "code", "message"?, "details": [{"name", "value"}, ...]}``.
The request-specific details (``requestMethod``, ``remoteAddress``, ``requestPath``) are appended
when the fault is rendered, so factories only name the resource-specific ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class ApiFault(Exception):
    """An error the emulated API answers with; raised by the store and the validators."""

    def __init__(
        self,
        status: int,
        category: str,
        code: str,
        message: str | None = None,
        details: Iterable[tuple[str, str]] = (),
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        super().__init__(message or code)
        self.status = status
        self.category = category
        self.code = code
        self.message = message
        self.details: list[tuple[str, str]] = list(details)
        self.headers: list[tuple[str, str]] = list(headers)

    def body(self, method: str, request_path: str, remote: str) -> dict[str, Any]:
        """Render the error body for one request (``request_path`` like ``users/u-1/calls``)."""
        details = [
            *self.details,
            ("requestMethod", method),
            ("remoteAddress", remote),
            ("requestPath", request_path),
        ]
        out: dict[str, Any] = {"category": self.category, "code": self.code}
        if self.message is not None:
            out["message"] = self.message
        out["details"] = [{"name": name, "value": value} for name, value in details]
        return out


CATEGORIES = {
    400: "bad-request",
    401: "authorization",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
}
"""The category of each status's errors (docs/wire/errors.md#error-bodies)."""


def refusal(status: int, code: str, message: str, **details: str) -> ApiFault:
    """An error of ``status``'s category; ``details`` are listed in the order given."""
    return ApiFault(status, CATEGORIES[status], code, message, details.items())


def not_found(noun: str, key: str, value: str, **context: str) -> ApiFault:
    """404 ``{noun}-not-found``: "The {noun} {value} could not be found", ``context`` first."""
    message = f"The {noun} {value} could not be found"
    return refusal(404, f"{noun.replace(' ', '-')}-not-found", message, **context, **{key: value})


def resource_not_found(message: str) -> ApiFault:
    """404 ``resource-not-found``: no route (API or control) answers this request."""
    return refusal(404, "resource-not-found", message)


def unsupported_media_type(message: str, **details: str) -> ApiFault:
    """415 ``unsupported-media-type``: a body that is not sent as JSON."""
    return ApiFault(415, "bad-request", "unsupported-media-type", message, details.items())


def invalid_state(status: int, noun: str, resource_id: str, state: str) -> ApiFault:
    """``{noun}-invalid-state``: the resource's state (shown upper-case) forbids the change."""
    shown = state.upper()
    message = f"Unable to update {noun} {resource_id}. Invalid {noun} state {shown}"
    details = {f"{noun}Id": resource_id, f"{noun}State": shown}
    return refusal(status, f"{noun}-invalid-state", message, **details)


def require(
    found: T | None, missing: Callable[P, ApiFault], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``found`` when a lookup found it; else raise ``missing(*args, **kwargs)``."""
    if found is None:
        raise missing(*args, **kwargs)
    return found


def validation(message: str, name: str | None = None, value: Any = None) -> ApiFault:
    """400 ``validation-error``, naming the offending field when there is one."""
    details = {} if name is None else {name: _text(value)}
    return refusal(400, "validation-error", message, **details)


def callback_invalid_url(name: str, value: str) -> ApiFault:
    """400 ``callback-invalid-url``: a callback or fallback URL that cannot be called."""
    return refusal(400, "callback-invalid-url", f"{value} is not a valid {name}", **{name: value})


# ----------------------------------------------------------------- bridges and calls


def bridge_not_found(bridge_id: str) -> ApiFault:
    return not_found("bridge", "bridgeId", bridge_id)


def call_not_found(call_id: str) -> ApiFault:
    return not_found("call", "callId", call_id)


def event_not_found(call_id: str, event_id: str) -> ApiFault:
    return not_found("call event", "eventId", event_id, callId=call_id)


def gather_not_found(call_id: str, gather_id: str) -> ApiFault:
    return not_found("gather", "gatherId", gather_id, callId=call_id)


def bridge_overflow(bridge_id: str) -> ApiFault:
    message = f"Only two calls are allowed in a bridge {bridge_id}"
    return refusal(403, "bridge-callIds-overflow", message, bridgeId=bridge_id)


def bridge_bridged_call(call_id: str, other_bridge_id: str) -> ApiFault:
    message = f"The call {call_id} is already bridged with {other_bridge_id}"
    return refusal(400, "bridge-bridged-callId", message, callId=call_id, bridgeId=other_bridge_id)


def bridge_invalid_state(bridge_id: str, state: str) -> ApiFault:
    return invalid_state(400, "bridge", bridge_id, state)


def bridge_invalid_operation(bridge_id: str) -> ApiFault:
    message = f"No active calls in the bridge {bridge_id}"
    return refusal(400, "bridge-invalid-operation", message, bridgeId=bridge_id)


def call_invalid_state(call_id: str, state: str) -> ApiFault:
    return invalid_state(403, "call", call_id, state)


def number_access_denied(number: str) -> ApiFault:
    """A call placed from a number that is not on the account (docs/wire/errors.md)."""
    message = f"The number {number} is not one of this account's numbers"
    return refusal(401, "number-access-denied", message, **{"from": number})


def invalid_call_member(call_id: str, state: str) -> ApiFault:
    """A finished call offered as a bridge member (the docs name no code; we reuse this one)."""
    shown = state.upper()
    message = f"The call {call_id} cannot be bridged in state {shown}"
    return refusal(400, "bridge-invalid-operation", message, callId=call_id, callState=shown)


def duplicate_gather(call_id: str) -> ApiFault:
    message = f"The call {call_id} already has an active gather"
    return refusal(409, "call-duplicate-gather-error", message, callId=call_id)


def recording_conflict(call_id: str) -> ApiFault:
    message = "recordingMaxDuration cannot change while the call is recording"
    return refusal(409, "conflicted-recording-values-request", message, callId=call_id)


# ----------------------------------------------------------------- conferences and recordings


def conference_not_found(conference_id: str) -> ApiFault:
    return not_found("conference", "conferenceId", conference_id)


def member_not_found(member_id: str) -> ApiFault:
    return not_found("conference member", "memberId", member_id)


def recording_not_found(recording_id: str) -> ApiFault:
    return not_found("recording", "recordingId", recording_id)


def transcription_not_found(transcription_id: str, recording_id: str) -> ApiFault:
    message = (
        f"The transcription {transcription_id} from recording {recording_id} could not be found"
    )
    return refusal(404, "transcription-not-found", message, transcriptionId=transcription_id)


def conference_error(conference_id: str, state: str) -> ApiFault:
    message = f"Unable to update conference {conference_id}. Invalid conference state {state}"
    return refusal(403, "conference-error", message, conferenceId=conference_id)


def member_state_error(conference_id: str, member_id: str, state: str) -> ApiFault:
    """403 ``conference-error`` for a change or audio to a member that is no longer active: it
    still exists (listed, readable), so it is not "not found"; the message names its state."""
    message = (
        f"Unable to update conference member {member_id}. Invalid conference member state {state}"
    )
    details = {"conferenceId": conference_id, "memberId": member_id, "memberState": state}
    return refusal(403, "conference-error", message, **details)


def max_members(conference_id: str) -> ApiFault:
    message = f"The conference {conference_id} reached the max number of members"
    details = [("conferenceId", conference_id)]
    return ApiFault(403, "limit", "conference-max-members", message, details)  # a limit, as rates


def call_id_not_found(call_id: str) -> ApiFault:
    message = f"Call Id not found. callId {call_id}"
    return refusal(403, "call-id-not-found", message, callId=call_id)


def wrong_conference(conference_id: str, call_id: str) -> ApiFault:
    message = f"Invalid conference Id in call. conferenceId {conference_id}"
    return refusal(403, "invalid-call-conference-id", message, callId=call_id)


def invalid_recording_state(recording_id: str, state: str) -> ApiFault:
    message = f"The recording {recording_id} is {state}. The state must be complete"
    return refusal(403, "invalid-recording-state", message, recordingId=recording_id)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
