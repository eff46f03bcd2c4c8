"""DTMF gathers: create, far-end digits, completion reasons, stop, duplicates."""

from __future__ import annotations

import re

from catapult.emulator import Emulator, running

from .conftest import ApiClient, error_code


def start_gather(api: ApiClient, call_id: str, **fields: object) -> str:
    response = api.post(f"/calls/{call_id}/gather", fields)
    assert response.status_code == 201, response.text
    location = response.headers["Location"]
    assert re.fullmatch(rf"/v1/users/[^/]+/calls/{call_id}/gather/g-[a-z2-7]+", location)
    return location.rsplit("/", 1)[-1]


def test_max_digits_completes_the_gather(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    gather_id = start_gather(
        api,
        call_id,
        maxDigits="3",
        interDigitTimeout="7",
        prompt={"sentence": "Enter your code", "loopEnabled": True},
    )
    started = api.get(f"/calls/{call_id}/gather/{gather_id}").json()
    assert started["state"] == "started"
    assert "completedTime" not in started and "reason" not in started
    emu.press_digits(call_id, "12")
    assert api.get(f"/calls/{call_id}/gather/{gather_id}").json()["state"] == "started"
    emu.press_digits(call_id, "34")
    gather = api.get(f"/calls/{call_id}/gather/{gather_id}").json()
    assert (gather["state"], gather["reason"], gather["digits"]) == (
        "completed",
        "max-digits",
        "123",
    )
    assert gather["call"] == f"{api.root}/calls/{call_id}"
    assert "completedTime" in gather and "createdTime" in gather


def test_terminating_digit_ends_without_being_collected(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    gather_id = start_gather(api, call_id, maxDigits=10, terminatingDigits="*", tag="pin")
    emu.press_digits(call_id, "42*")
    gather = api.get(f"/calls/{call_id}/gather/{gather_id}").json()
    assert (gather["reason"], gather["digits"], gather["tag"]) == ("terminating-digit", "42", "pin")


def test_default_terminator_is_hash(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    gather_id = start_gather(api, call_id)
    emu.press_digits(call_id, "7#")
    assert api.get(f"/calls/{call_id}/gather/{gather_id}").json()["reason"] == "terminating-digit"


def test_second_gather_is_a_409_until_the_first_ends(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    first = start_gather(api, call_id, maxDigits=1)
    assert error_code(api.post(f"/calls/{call_id}/gather", {"maxDigits": 1})) == (
        409,
        "call-duplicate-gather-error",
    )
    emu.press_digits(call_id, "1")
    assert start_gather(api, call_id, maxDigits=1) != first


def test_stop_gather_allows_only_state_completed(api: ApiClient) -> None:
    call_id = api.call()
    gather_id = start_gather(api, call_id)
    path = f"/calls/{call_id}/gather/{gather_id}"
    assert error_code(api.post(path, {"state": "started"})) == (400, "validation-error")
    assert error_code(api.post(path, {"maxDigits": 3})) == (400, "validation-error")
    response = api.post(path, {"state": "completed"})
    assert (response.status_code, response.content) == (200, b"")
    assert api.get(path).json()["state"] == "completed"


def test_hangup_completes_an_open_gather(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    gather_id = start_gather(api, call_id)
    emu.hangup(call_id)
    assert api.get(f"/calls/{call_id}/gather/{gather_id}").json()["reason"] == "hung-up"


def test_expire_gather_reports_inter_digit_timeout(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    gather_id = start_gather(api, call_id)
    emu.press_digits(call_id, "9")
    emu.expire_gather(call_id)
    gather = api.get(f"/calls/{call_id}/gather/{gather_id}").json()
    assert (gather["reason"], gather["digits"]) == ("inter-digit-timeout", "9")


def test_gather_validation(api: ApiClient) -> None:
    call_id = api.call()
    for body in (
        {"maxDigits": 31},
        {"maxDigits": "x"},
        {"interDigitTimeout": 31},
        {"terminatingDigits": "x"},
        {"prompt": {"sentence": "a", "bargeable": False}},
        {"prompt": "hello"},
        {"suppressDtmf": True},
    ):
        assert error_code(api.post(f"/calls/{call_id}/gather", body)) == (
            400,
            "validation-error",
        ), body


def test_gather_needs_an_active_call() -> None:
    with running(auto_answer=False) as emu:
        api = ApiClient(emu)
        call_id = api.call()
        assert error_code(api.post(f"/calls/{call_id}/gather", {})) == (403, "call-invalid-state")


def test_unknown_gather_is_404(api: ApiClient) -> None:
    assert error_code(api.get(f"/calls/{api.call()}/gather/g-nope")) == (404, "gather-not-found")


def test_gather_and_dtmf_events_are_logged(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    start_gather(api, call_id, maxDigits=2)
    emu.press_digits(call_id, "12")
    names = [e["name"] for e in api.get(f"/calls/{call_id}/events").json()]
    assert names[-3:] == ["dtmf", "dtmf", "gather"]
