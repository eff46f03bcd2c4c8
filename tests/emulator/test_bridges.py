"""Bridge endpoints and the bridge state machine."""

from __future__ import annotations

import re

from catapult.emulator import Emulator, running

from .conftest import ApiClient, error_code

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_create_answers_201_with_relative_location_and_empty_body(
    emu: Emulator, api: ApiClient
) -> None:
    response = api.post("/bridges", {})
    assert response.status_code == 201
    assert response.content == b""
    assert response.headers["Content-Length"] == "0"
    location = response.headers["Location"]
    assert re.fullmatch(rf"/v1/users/{emu.user_id}/bridges/brg-[a-z2-7]+", location)


def test_get_returns_the_created_bridge(emu: Emulator, api: ApiClient) -> None:
    bridge_id = api.bridge()
    body = api.get(f"/bridges/{bridge_id}").json()
    assert body["id"] == bridge_id
    assert body["state"] == "created"
    assert body["bridgeAudio"] is True
    assert body["callIds"] == []
    assert body["calls"] == f"{api.root}/bridges/{bridge_id}/calls"
    assert TIMESTAMP.match(body["createdTime"])
    assert "activatedTime" not in body and "completedTime" not in body


def test_two_active_calls_make_it_active(api: ApiClient) -> None:
    first, second = api.call(), api.call()
    bridge_id = api.bridge(callIds=[first, second])
    body = api.get(f"/bridges/{bridge_id}").json()
    assert body["state"] == "active"
    assert body["callIds"] == [first, second]
    assert TIMESTAMP.match(body["activatedTime"])
    assert api.get(f"/calls/{first}").json()["bridgeId"] == bridge_id


def test_bridge_audio_false_holds_and_true_resumes(emu: Emulator, api: ApiClient) -> None:
    bridge_id = api.bridge(callIds=[api.call(), api.call()])
    assert api.post(f"/bridges/{bridge_id}", {"bridgeAudio": False}).status_code == 200
    held = emu.bridge_state(bridge_id)
    assert (held["state"], held["bridgeAudio"]) == ("hold", False)
    assert len(held["callIds"]) == 2, "omitting callIds must keep the members"
    api.post(f"/bridges/{bridge_id}", {"bridgeAudio": True})
    assert emu.bridge_state(bridge_id)["state"] == "active"


def test_empty_call_ids_complete_the_bridge(emu: Emulator, api: ApiClient) -> None:
    first = api.call()
    bridge_id = api.bridge(callIds=[first, api.call()])
    response = api.post(f"/bridges/{bridge_id}", {"callIds": []})
    assert (response.status_code, response.content) == (200, b"")
    body = emu.bridge_state(bridge_id)
    assert body["state"] == "completed"
    assert TIMESTAMP.match(body["completedTime"])
    assert "bridgeId" not in emu.call_state(first)


def test_hangups_leave_the_bridge_and_the_last_one_completes_it(
    emu: Emulator, api: ApiClient
) -> None:
    first, second = api.call(), api.call()
    bridge_id = api.bridge(callIds=[first, second])
    emu.hangup(first)
    body = emu.bridge_state(bridge_id)
    assert body["callIds"] == [second]
    assert body["state"] == "active"
    assert emu.call_state(second)["state"] == "active"
    emu.hangup(second)
    assert emu.bridge_state(bridge_id)["state"] == "completed"


def test_update_membership_replaces_calls(emu: Emulator, api: ApiClient) -> None:
    first, second = api.call(), api.call()
    bridge_id = api.bridge(callIds=[first, second])
    api.post(f"/bridges/{bridge_id}", {"callIds": [second]})
    assert emu.bridge_state(bridge_id)["callIds"] == [second]
    assert "bridgeId" not in emu.call_state(first)
    other = api.bridge(callIds=[first])
    assert emu.call_state(first)["bridgeId"] == other


def test_third_call_is_refused_with_overflow(api: ApiClient) -> None:
    bridge_id = api.bridge(callIds=[api.call(), api.call()])
    response = api.post(f"/bridges/{bridge_id}", {"callIds": [api.call(), api.call(), api.call()]})
    assert error_code(response) == (403, "bridge-callIds-overflow")
    response = api.post(
        "/calls", {"from": "+15550001000", "to": "+15550002000", "bridgeId": bridge_id}
    )
    assert error_code(response) == (403, "bridge-callIds-overflow")


def test_call_in_another_live_bridge_is_refused(api: ApiClient) -> None:
    shared = api.call()
    api.bridge(callIds=[shared])
    response = api.post("/bridges", {"callIds": [shared]})
    assert error_code(response) == (400, "bridge-bridged-callId")


def test_unknown_call_is_404(api: ApiClient) -> None:
    response = api.post("/bridges", {"callIds": ["c-missing"]})
    assert error_code(response) == (404, "call-not-found")


def test_unknown_bridge_is_404_with_documented_details(emu: Emulator, api: ApiClient) -> None:
    response = api.get("/bridges/brg-missing")
    assert error_code(response) == (404, "bridge-not-found")
    details = {d["name"]: d["value"] for d in response.json()["details"]}
    assert details["bridgeId"] == "brg-missing"
    assert details["requestMethod"] == "GET"
    assert details["requestPath"] == f"users/{emu.user_id}/bridges/brg-missing"


def test_updating_a_completed_bridge_is_invalid_state(api: ApiClient) -> None:
    bridge_id = api.bridge(callIds=[api.call()])
    api.post(f"/bridges/{bridge_id}", {"callIds": []})
    response = api.post(f"/bridges/{bridge_id}", {"bridgeAudio": True})
    assert error_code(response) == (400, "bridge-invalid-state")


def test_call_created_with_bridge_id_joins_it(emu: Emulator, api: ApiClient) -> None:
    bridge_id = api.bridge()
    api.call(bridgeId=bridge_id)
    api.call(bridgeId=bridge_id)
    assert emu.bridge_state(bridge_id)["state"] == "active"


def test_unanswered_calls_keep_the_bridge_created_until_answered() -> None:
    with running(auto_answer=False) as emu:
        api = ApiClient(emu)
        first, second = api.call(), api.call()
        bridge_id = api.bridge(callIds=[first, second])
        assert emu.bridge_state(bridge_id)["state"] == "created"
        emu.answer(first)
        emu.answer(second)
        assert emu.bridge_state(bridge_id)["state"] == "active"


def test_bridge_calls_lists_every_call_ever_in_it(emu: Emulator, api: ApiClient) -> None:
    first, second = api.call(), api.call()
    bridge_id = api.bridge(callIds=[first, second])
    emu.hangup(first)
    calls = api.get(f"/bridges/{bridge_id}/calls").json()
    assert [c["id"] for c in calls] == [first, second]
    assert all(c["bridgeId"] == bridge_id for c in calls)
    assert calls[0]["bridge"] == f"{api.root}/bridges/{bridge_id}"
    assert calls[0]["state"] == "completed"


def test_bridge_audio_validates_and_needs_active_calls(emu: Emulator, api: ApiClient) -> None:
    empty = api.bridge()
    assert error_code(api.post(f"/bridges/{empty}/audio", {"sentence": "hi"})) == (
        400,
        "bridge-invalid-operation",
    )
    first = api.call()
    bridge_id = api.bridge(callIds=[first, api.call()])
    for body in (
        {"sentence": "Hello", "tag": "t", "voice": "julie", "loopEnabled": True},
        {"sentence": ""},
        {"fileUrl": "http://x/y.mp3"},
        {"fileUrl": ""},
    ):
        response = api.post(f"/bridges/{bridge_id}/audio", body)
        assert (response.status_code, response.content) == (200, b""), body
    for body in (
        {},
        {"sentence": "a", "fileUrl": "b"},
        {"sentence": "x" * 1001},
        {"sentence": "a", "gender": "robot"},
        {"sentence": "a", "volume": 2},
    ):
        assert error_code(api.post(f"/bridges/{bridge_id}/audio", body)) == (
            400,
            "validation-error",
        ), body
    names = [e["name"] for e in api.get(f"/calls/{first}/events").json()]
    # looping speech: start, then the stop's done; the file: start and done, then the stop's
    assert names.count("speak") == 2 and names.count("playback") == 3
    api.post(f"/bridges/{bridge_id}", {"callIds": []})
    assert error_code(api.post(f"/bridges/{bridge_id}/audio", {"sentence": "hi"})) == (
        400,
        "bridge-invalid-state",
    )


def test_string_booleans_from_curl_examples_are_accepted(emu: Emulator, api: ApiClient) -> None:
    bridge_id = api.bridge(bridgeAudio="false")
    assert emu.bridge_state(bridge_id)["bridgeAudio"] is False
