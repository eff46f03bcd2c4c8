"""Catapult error answers: the :class:`ApiFault` exception and one factory per documented code.

Bodies follow docs/wire/errors.md#error-bodies:
``{"category", "code", "message"?, "details": [{"name", "value"}, ...]}``.
The request-specific details (``requestMethod``, ``remoteAddress``, ``requestPath``) are appended
when the fault is rendered, so factories only name the resource-specific ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


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


def validation(message: str, name: str | None = None, value: Any = None) -> ApiFault:
    """400 ``validation-error``, naming the offending field when there is one."""
    details = [] if name is None else [(name, _text(value))]
    return ApiFault(400, "bad-request", "validation-error", message, details)


def callback_invalid_url(name: str, value: str) -> ApiFault:
    """400 ``callback-invalid-url``: a callback or fallback URL that cannot be called."""
    return ApiFault(
        400,
        "bad-request",
        "callback-invalid-url",
        f"{value} is not a valid {name}",
        [(name, value)],
    )


def bridge_not_found(bridge_id: str) -> ApiFault:
    return ApiFault(
        404,
        "not-found",
        "bridge-not-found",
        f"The bridge {bridge_id} could not be found",
        [("bridgeId", bridge_id)],
    )


def call_not_found(call_id: str) -> ApiFault:
    return ApiFault(
        404,
        "not-found",
        "call-not-found",
        f"The call {call_id} could not be found",
        [("callId", call_id)],
    )


def event_not_found(call_id: str, event_id: str) -> ApiFault:
    return ApiFault(
        404,
        "not-found",
        "call-event-not-found",
        f"The call event {event_id} could not be found",
        [("callId", call_id), ("eventId", event_id)],
    )


def gather_not_found(call_id: str, gather_id: str) -> ApiFault:
    return ApiFault(
        404,
        "not-found",
        "gather-not-found",
        f"The gather {gather_id} could not be found",
        [("callId", call_id), ("gatherId", gather_id)],
    )


def bridge_overflow(bridge_id: str) -> ApiFault:
    return ApiFault(
        403,
        "forbidden",
        "bridge-callIds-overflow",
        f"Only two calls are allowed in a bridge {bridge_id}",
        [("bridgeId", bridge_id)],
    )


def bridge_bridged_call(call_id: str, other_bridge_id: str) -> ApiFault:
    return ApiFault(
        400,
        "bad-request",
        "bridge-bridged-callId",
        f"The call {call_id} is already bridged with {other_bridge_id}",
        [("callId", call_id), ("bridgeId", other_bridge_id)],
    )


def bridge_invalid_state(bridge_id: str, state: str) -> ApiFault:
    return ApiFault(
        400,
        "bad-request",
        "bridge-invalid-state",
        f"Unable to update bridge {bridge_id}. Invalid bridge state {state.upper()}",
        [("bridgeId", bridge_id), ("bridgeState", state.upper())],
    )


def bridge_invalid_operation(bridge_id: str) -> ApiFault:
    return ApiFault(
        400,
        "bad-request",
        "bridge-invalid-operation",
        f"No active calls in the bridge {bridge_id}",
        [("bridgeId", bridge_id)],
    )


def call_invalid_state(call_id: str, state: str) -> ApiFault:
    return ApiFault(
        403,
        "forbidden",
        "call-invalid-state",
        f"Unable to update call {call_id}. Invalid call state {state.upper()}",
        [("callId", call_id), ("callState", state.upper())],
    )


def number_access_denied(number: str) -> ApiFault:
    """A call placed from a number that is not on the account (docs/wire/errors.md)."""
    return ApiFault(
        401,
        "authorization",
        "number-access-denied",
        f"The number {number} is not one of this account's numbers",
        [("from", number)],
    )


def invalid_call_member(call_id: str, state: str) -> ApiFault:
    """A finished call offered as a bridge member (the docs name no code; we reuse this one)."""
    return ApiFault(
        400,
        "bad-request",
        "bridge-invalid-operation",
        f"The call {call_id} cannot be bridged in state {state.upper()}",
        [("callId", call_id), ("callState", state.upper())],
    )


def duplicate_gather(call_id: str) -> ApiFault:
    return ApiFault(
        409,
        "conflict",
        "call-duplicate-gather-error",
        f"The call {call_id} already has an active gather",
        [("callId", call_id)],
    )


def recording_conflict(call_id: str) -> ApiFault:
    return ApiFault(
        409,
        "conflict",
        "conflicted-recording-values-request",
        "recordingMaxDuration cannot change while the call is recording",
        [("callId", call_id)],
    )


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
