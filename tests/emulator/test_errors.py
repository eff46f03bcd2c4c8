"""The shared builders behind every emulated error answer (catapult/emulator/_errors.py)."""

from __future__ import annotations

from typing import Any

import pytest

from catapult.emulator._errors import (
    ApiFault,
    bridge_invalid_state,
    call_invalid_state,
    conference_error,
    member_not_found,
    member_state_error,
    not_found,
    number_access_denied,
    refusal,
    require,
    validation,
)


def _body(fault: ApiFault) -> dict[str, Any]:
    return fault.body("GET", "users/u-1/x", "127.0.0.1")


def test_refusal_takes_the_category_of_its_status_and_keeps_detail_order() -> None:
    fault = refusal(409, "some-conflict", "It clashes", second="2", first="1")
    assert (fault.status, fault.category, fault.code, fault.message) == (
        409,
        "conflict",
        "some-conflict",
        "It clashes",
    )
    names = [detail["name"] for detail in _body(fault)["details"]]
    assert names == ["second", "first", "requestMethod", "remoteAddress", "requestPath"]


def test_refusal_of_an_undeclared_status_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        refusal(418, "teapot", "short and stout")


def test_not_found_hyphenates_a_noun_of_several_words_and_names_context_first() -> None:
    fault = not_found("call event", "eventId", "ce-1", callId="c-1")
    assert fault.code == "call-event-not-found"
    assert fault.message == "The call event ce-1 could not be found"
    assert fault.details == [("callId", "c-1"), ("eventId", "ce-1")]
    assert member_not_found("m-1").code == "conference-member-not-found"


def test_invalid_state_shows_the_state_upper_case_in_message_and_details() -> None:
    call = call_invalid_state("c-1", "completed")
    assert (call.status, call.category, call.code) == (403, "forbidden", "call-invalid-state")
    assert call.message == "Unable to update call c-1. Invalid call state COMPLETED"
    assert call.details == [("callId", "c-1"), ("callState", "COMPLETED")]
    bridge = bridge_invalid_state("b-1", "completed")
    assert (bridge.status, bridge.category, bridge.code) == (
        400,
        "bad-request",
        "bridge-invalid-state",
    )
    assert bridge.details == [("bridgeId", "b-1"), ("bridgeState", "COMPLETED")]


def test_conference_errors_use_the_same_body_as_call_and_bridge_errors() -> None:
    body = _body(conference_error("conf-1", "completed"))
    assert body["category"] == "forbidden"
    assert (
        body["message"] == "Unable to update conference conf-1. Invalid conference state completed"
    )
    assert body["details"] == [
        {"name": "conferenceId", "value": "conf-1"},
        {"name": "requestMethod", "value": "GET"},
        {"name": "remoteAddress", "value": "127.0.0.1"},
        {"name": "requestPath", "value": "users/u-1/x"},
    ]


def test_a_removed_member_is_refused_naming_its_own_state() -> None:
    body = _body(member_state_error("conf-1", "member-1", "completed"))
    assert (body["category"], body["code"]) == ("forbidden", "conference-error")
    assert body["message"] == (
        "Unable to update conference member member-1. Invalid conference member state completed"
    )
    assert body["details"][:3] == [
        {"name": "conferenceId", "value": "conf-1"},
        {"name": "memberId", "value": "member-1"},
        {"name": "memberState", "value": "completed"},
    ]


def test_a_detail_named_like_a_python_keyword_is_kept() -> None:
    assert number_access_denied("+15550009999").details == [("from", "+15550009999")]


def test_validation_names_the_field_and_spells_booleans_and_none_as_json() -> None:
    assert validation("bad", "flag", True).details == [("flag", "true")]
    assert validation("bad", "gone", None).details == [("gone", "null")]
    assert validation("bad").details == []


def test_require_returns_what_was_found_even_when_falsy() -> None:
    assert require({}, member_not_found, "m-1") == {}
    assert require(0, member_not_found, "m-1") == 0


def test_require_raises_the_refusal_built_from_its_arguments() -> None:
    with pytest.raises(ApiFault) as caught:
        require(None, not_found, "gather", "gatherId", "g-1", callId="c-1")
    assert caught.value.code == "gather-not-found"
    assert caught.value.details == [("callId", "c-1"), ("gatherId", "g-1")]
