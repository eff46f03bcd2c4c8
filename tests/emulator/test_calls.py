"""Call endpoints: create validation, the call state machine, transfer, audio and DTMF."""

from __future__ import annotations

from typing import Any

import pytest

from catapult.emulator import Emulator, running

from .conftest import ApiClient, error_code

VALID = {"from": "+15550001000", "to": "+15550002000"}


def test_create_stores_and_echoes_every_field(emu: Emulator, api: ApiClient) -> None:
    fields = {
        **VALID,
        "callTimeout": 30,
        "callbackUrl": "https://app/cb",
        "callbackTimeout": 5000,
        "callbackHttpMethod": "GET",
        "fallbackUrl": "https://fb",
        "recordingFileFormat": "mp3",
        "tag": "t1",
        "transcriptionEnabled": True,
        "sipHeaders": {"X-Custom-Header": "v", "X-lower": "w"},
    }
    call = api.get(f"/calls/{api.call(**{k: v for k, v in fields.items() if k != 'to'})}").json()
    for name, value in fields.items():
        if name != "to":
            assert call[name] == value, name
    assert call["direction"] == "out"
    assert call["state"] == "active" and "activeTime" in call
    assert call["events"].startswith(f"{api.root}/calls/{call['id']}")
    assert "endTime" not in call and "bridgeId" not in call


@pytest.mark.parametrize(
    "override",
    [
        {"from": None},
        {"to": "5551234"},
        {"to": "sips:a@b"},
        {"callTimeout": 301},
        {"callbackTimeout": 10001},
        {"callbackHttpMethod": "PUT"},
        {"recordingFileFormat": "ogg"},
        {"sipHeaders": {"Custom": "v"}},
        {"sipHeaders": {f"X-{i}": "v" for i in range(6)}},
        {"sipHeaders": {"X-A": "v" * 257}},
        {"recordingEnabled": 1},
        {"surprise": True},
    ],
)
def test_create_validation(api: ApiClient, override: dict[str, Any]) -> None:
    body = {**VALID, **override}
    if override.get("from", "") is None:
        del body["from"]
    assert error_code(api.post("/calls", body)) == (400, "validation-error")


def test_sip_uri_destination_is_accepted(api: ApiClient) -> None:
    assert api.post("/calls", {**VALID, "to": "sip:alice@example.com"}).status_code == 201


def test_unknown_call_is_404(api: ApiClient) -> None:
    assert error_code(api.get("/calls/c-missing")) == (404, "call-not-found")


def test_without_auto_answer_calls_ring_until_answered() -> None:
    with running(auto_answer=False) as emu:
        api = ApiClient(emu)
        call_id = api.call()
        assert emu.call_state(call_id)["state"] == "started"
        emu.answer(call_id)
        assert emu.call_state(call_id)["state"] == "active"


def test_incoming_call_can_be_answered(emu: Emulator, api: ApiClient) -> None:
    call_id = emu.incoming_call("+15551110000", "+15552220000")
    call = emu.call_state(call_id)
    assert (call["direction"], call["state"]) == ("in", "started")
    assert api.post(f"/calls/{call_id}", {"state": "active"}).status_code == 200
    assert emu.call_state(call_id)["state"] == "active"


def test_incoming_call_can_be_rejected_and_then_refuses_changes(
    emu: Emulator, api: ApiClient
) -> None:
    call_id = emu.incoming_call()
    assert api.post(f"/calls/{call_id}", {"state": "rejected"}).status_code == 200
    assert emu.call_state(call_id)["state"] == "rejected"
    events = api.get(f"/calls/{call_id}/events").json()
    assert (events[-1]["name"], events[-1]["data"]) == ("hangup", "CALL_REJECTED")
    assert error_code(api.post(f"/calls/{call_id}", {"state": "active"})) == (
        403,
        "call-invalid-state",
    )


def test_outbound_call_cannot_be_rejected(api: ApiClient) -> None:
    assert error_code(api.post(f"/calls/{api.call()}", {"state": "rejected"})) == (
        403,
        "call-invalid-state",
    )


def test_hang_up_then_every_change_is_call_invalid_state(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    response = api.post(f"/calls/{call_id}", {"state": "completed"})
    assert (response.status_code, response.content) == (200, b"")
    call = emu.call_state(call_id)
    assert call["state"] == "completed"
    assert "endTime" in call and call["chargeableDuration"] == 60
    for path, body in (
        (f"/calls/{call_id}", {"state": "completed"}),
        (f"/calls/{call_id}", {"tag": "x"}),
        (f"/calls/{call_id}/audio", {"sentence": "hi"}),
        (f"/calls/{call_id}/dtmf", {"dtmfOut": "1"}),
        (f"/calls/{call_id}/gather", {"maxDigits": 1}),
    ):
        response = api.post(path, body)
        assert error_code(response) == (403, "call-invalid-state"), path
    assert response.json()["message"] == (
        f"Unable to update call {call_id}. Invalid call state COMPLETED"
    )


def test_ringing_call_can_be_hung_up() -> None:
    with running(auto_answer=False) as emu:
        api = ApiClient(emu)
        call_id = api.call()
        assert api.post(f"/calls/{call_id}", {"state": "completed"}).status_code == 200
        assert emu.call_state(call_id)["chargeableDuration"] == 0


def test_invalid_state_values_are_400(api: ApiClient) -> None:
    assert error_code(api.post(f"/calls/{api.call()}", {"state": "transfering"})) == (
        400,
        "validation-error",
    )


def test_transfer_answers_201_with_the_new_call(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    response = api.post(
        f"/calls/{call_id}",
        {
            "state": "transferring",
            "transferTo": "+15559990000",
            "transferCallerId": "private",
            "whisperAudio": {"sentence": "Hello"},
            "callbackUrl": "https://app/leg2",
        },
    )
    assert (response.status_code, response.content) == (201, b"")
    new_id = response.headers["Location"].rsplit("/", 1)[-1]
    assert new_id != call_id
    new_call = emu.call_state(new_id)
    assert (new_call["to"], new_call["from"], new_call["direction"]) == (
        "+15559990000",
        "private",
        "out",
    )
    assert new_call["callbackUrl"] == "https://app/leg2"
    original = emu.call_state(call_id)
    assert original["state"] == "transferring"
    assert original["whisperAudio"] == {"sentence": "Hello"}
    emu.hangup(new_id)
    assert emu.call_state(call_id)["state"] == "completed"


def test_transfer_needs_an_active_call_and_a_target(emu: Emulator, api: ApiClient) -> None:
    assert error_code(api.post(f"/calls/{api.call()}", {"state": "transferring"})) == (
        400,
        "validation-error",
    )
    ringing = emu.incoming_call()
    response = api.post(f"/calls/{ringing}", {"state": "transferring", "transferTo": "+1555000"})
    assert error_code(response) == (403, "call-invalid-state")
    response = api.post(f"/calls/{api.call()}", {"transferTo": "+15550009999"})
    assert error_code(response) == (400, "validation-error")


@pytest.mark.parametrize("digits", ["1", "1WWW,59#", "ABCD*#0123456789", "9" * 92])
def test_dtmf_accepts_documented_strings(api: ApiClient, digits: str) -> None:
    response = api.post(f"/calls/{api.call()}/dtmf", {"dtmfOut": digits})
    assert (response.status_code, response.content) == (200, b"")


@pytest.mark.parametrize("value", [12, "", "9" * 93, "E", "1 2", None])
def test_dtmf_rejects_bad_values(api: ApiClient, value: object) -> None:
    assert error_code(api.post(f"/calls/{api.call()}/dtmf", {"dtmfOut": value})) == (
        400,
        "validation-error",
    )


def test_call_audio_accepts_volume_and_validates_it(api: ApiClient) -> None:
    call_id = api.call()
    assert api.post(f"/calls/{call_id}/audio", {"sentence": "hi", "volume": -4}).status_code == 200
    assert error_code(api.post(f"/calls/{call_id}/audio", {"sentence": "hi", "volume": 5})) == (
        400,
        "validation-error",
    )


def test_events_log_follows_the_call(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    api.post(f"/calls/{call_id}/audio", {"sentence": "Hello", "tag": "greet"})
    api.post(f"/calls/{call_id}/audio", {"fileUrl": "http://x/a.mp3"})
    api.post(f"/calls/{call_id}/dtmf", {"dtmfOut": "12"})
    emu.press_digits(call_id, "5")
    api.post(f"/calls/{call_id}", {"state": "completed"})
    events = api.get(f"/calls/{call_id}/events").json()
    assert [e["name"] for e in events] == [
        "create",
        "answer",
        "speak",
        "speak",
        "playback",
        "playback",
        "dtmf",
        "dtmf",
        "hangup",
    ]
    assert [e["data"] for e in events[2:6]] == ["start", "done", "start", "done"]
    assert events[-1]["data"] == "NORMAL_CLEARING"
    assert all(e["id"].startswith("ce-") for e in events)
    one = api.get(f"/calls/{call_id}/events/{events[1]['id']}").json()
    assert one == events[1]
    assert "data" not in one
    assert error_code(api.get(f"/calls/{call_id}/events/ce-nope")) == (404, "call-event-not-found")
