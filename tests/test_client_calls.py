"""The original client's call methods (bandwidth-sdk 3.1.0 names and signatures) on the emulator.

Bodies follow docs/wire/calls.md, with the old client's bugs fixed: no nulls, numbers and booleans
sent as JSON types, audio dicts sent as audio, ``dtmfOut`` always a string.
"""

from __future__ import annotations

import types
from typing import Any

import pytest

from catapult import (
    CallEvent,
    Client,
    ConflictError,
    Gather,
    InvalidArgumentError,
    PermissionDeniedError,
    Recording,
    Transcription,
)
from catapult.emulator import Emulator

OURS = "+15550001000"


@pytest.fixture
def call_id(client: Client, emulator: Emulator) -> str:
    call_id = client.create_call(from_=OURS, to="+15550002001", transcription_enabled=True)
    emulator.clear_requests()
    return call_id


def _posts(emulator: Emulator) -> list[tuple[str, Any]]:
    return [(r.path, r.json) for r in emulator.requests(method="POST")]


# -- DTMF -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtmf_out", "sent"),
    [("1234", "1234"), ("121", "121"), ("1", "1"), (12, "12")],  # node, py1, cs, py3 (int)
)
def test_send_dtmf_to_call_sends_a_string(
    client: Client, emulator: Emulator, call_id: str, dtmf_out: Any, sent: str
) -> None:
    client.send_dtmf_to_call(call_id, dtmf_out)
    assert _posts(emulator) == [(f"/calls/{call_id}/dtmf", {"dtmfOut": sent})]


@pytest.mark.parametrize("dtmf_out", ["", "12x", "9" * 93, True, None, 1.5])
def test_bad_dtmf_to_call_is_refused_before_sending(
    client: Client, emulator: Emulator, call_id: str, dtmf_out: Any
) -> None:
    with pytest.raises(InvalidArgumentError):
        client.send_dtmf_to_call(call_id, dtmf_out)
    assert emulator.requests() == []


# -- recording --------------------------------------------------------------------------------


def test_enable_and_disable_call_recording(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    client.enable_call_recording(call_id)
    assert client.get_call(call_id)["recording_enabled"] is True
    client.disable_call_recording(call_id)
    assert _posts(emulator) == [
        (f"/calls/{call_id}", {"recordingEnabled": True}),
        (f"/calls/{call_id}", {"recordingEnabled": False}),
    ]
    assert client.get_call(call_id)["recording_enabled"] is False


def test_toggle_call_recording_gets_then_posts_and_returns_the_new_value(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    assert client.toggle_call_recording(call_id) is True
    assert [(r.method, r.path, r.json) for r in emulator.requests()] == [
        ("GET", f"/calls/{call_id}", None),
        ("POST", f"/calls/{call_id}", {"recordingEnabled": True}),
    ]
    assert client.toggle_call_recording(call_id) is False
    assert client.get_call(call_id).recording_enabled is False


def test_list_call_recordings_and_transcriptions(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    client.enable_call_recording(call_id)
    client.disable_call_recording(call_id)
    recordings = client.list_call_recordings(call_id)
    assert isinstance(recordings, types.GeneratorType)
    (recording,) = list(recordings)
    assert isinstance(recording, Recording)
    assert recording["state"] == "complete"
    assert recording["media"].endswith(f"/media/{call_id}-1.wav")
    assert recording["call"].endswith(f"/calls/{call_id}")
    transcriptions = client.list_call_transcriptions(call_id)
    assert isinstance(transcriptions, types.GeneratorType)
    (transcription,) = list(transcriptions)
    assert isinstance(transcription, Transcription)
    assert transcription["state"] == "completed"
    assert transcription["text_size"] == len(transcription["text"])
    paths = [r.path for r in emulator.requests(method="GET")]
    assert paths == [f"/calls/{call_id}/recordings", f"/calls/{call_id}/transcriptions"]


# -- events -----------------------------------------------------------------------------------


def test_list_call_events_and_get_call_event(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    client.hangup_call(call_id)
    events = client.list_call_events(call_id)
    assert isinstance(events, types.GeneratorType)
    assert emulator.requests(method="GET") == []  # lazy until iterated
    listed = list(events)
    assert all(isinstance(e, CallEvent) for e in listed)
    assert [e["name"] for e in listed] == ["create", "answer", "hangup"]
    event = client.get_call_event(call_id, listed[0]["id"])
    assert (event["id"], event["name"]) == (listed[0].id, "create")
    assert emulator.requests(method="GET")[-1].path == f"/calls/{call_id}/events/{event.id}"


# -- gathers ----------------------------------------------------------------------------------


def test_create_call_gather_node_vector_returns_the_id(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    gather_id = client.create_call_gather(
        call_id,
        max_digits=5,
        terminating_digits="*",
        inter_digit_timeout=7,
        prompt={"sentence": "Please enter your 5 digit code"},
    )
    assert isinstance(gather_id, str) and gather_id.startswith("g-")
    assert _posts(emulator) == [
        (
            f"/calls/{call_id}/gather",
            {
                "maxDigits": 5,
                "terminatingDigits": "*",
                "interDigitTimeout": 7,
                "prompt": {"sentence": "Please enter your 5 digit code"},
            },
        )
    ]
    assert emulator.requests(method="GET") == []  # one request, like the original


def test_create_call_gather_refuses_digit_strings(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    # the original Python client sent numbers, as the API documents them: "5" is refused
    with pytest.raises(InvalidArgumentError, match="max_digits must be an integer, got str"):
        client.create_call_gather(call_id, max_digits="5", tag="t")  # type: ignore[arg-type]
    client.create_call_gather(call_id, max_digits=5, tag="t")
    assert _posts(emulator) == [(f"/calls/{call_id}/gather", {"maxDigits": 5, "tag": "t"})]


def test_create_call_gather_with_build_sentence_prompt(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    prompt = client.build_sentence("Enter your pin", voice="kate", loop_enabled=True)
    client.create_call_gather(call_id, max_digits=4, prompt={**prompt, "bargeable": True})
    assert _posts(emulator)[0][1] == {
        "maxDigits": 4,
        "prompt": {
            "sentence": "Enter your pin",
            "voice": "kate",
            "loopEnabled": True,
            "bargeable": True,
        },
    }


def test_get_call_gather_after_digits(client: Client, emulator: Emulator, call_id: str) -> None:
    gather_id = client.create_call_gather(call_id, max_digits=3)
    emulator.press_digits(call_id, "123")
    gather = client.get_call_gather(call_id, gather_id)
    assert isinstance(gather, Gather)
    assert (gather["state"], gather["reason"], gather["digits"]) == (
        "completed",
        "max-digits",
        "123",
    )
    assert gather.call_id == call_id


def test_update_call_gather_stops_it(client: Client, emulator: Emulator, call_id: str) -> None:
    gather_id = client.create_call_gather(call_id)
    client.update_call_gather(call_id, gather_id, state="completed")
    assert _posts(emulator)[-1] == (f"/calls/{call_id}/gather/{gather_id}", {"state": "completed"})
    assert client.get_call_gather(call_id, gather_id)["state"] == "completed"


def test_update_call_gather_refuses_other_states(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    gather_id = client.create_call_gather(call_id)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="completed"):
        client.update_call_gather(call_id, gather_id, state="started")
    assert emulator.requests() == []


def test_second_call_gather_is_a_conflict(client: Client, call_id: str) -> None:
    client.create_call_gather(call_id)
    with pytest.raises(ConflictError) as info:
        client.create_call_gather(call_id)
    assert info.value.code == "call-duplicate-gather-error"


@pytest.mark.parametrize(
    "arguments",
    [{"max_digits": 31}, {"terminating_digits": "e"}, {"prompt": {"gender": "male"}}],
)
def test_bad_call_gather_is_refused_before_sending(
    client: Client, emulator: Emulator, call_id: str, arguments: dict[str, Any]
) -> None:
    with pytest.raises(InvalidArgumentError):
        client.create_call_gather(call_id, **arguments)
    assert emulator.requests() == []


# -- transfer ---------------------------------------------------------------------------------


def test_transfer_call_returns_the_new_call_id(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    sentence = client.build_sentence("Hello {number}, thanks for calling")
    new_id = client.transfer_call(call_id, "+1919000008", whisper_audio=sentence)
    assert isinstance(new_id, str) and new_id != call_id
    assert _posts(emulator) == [
        (
            f"/calls/{call_id}",
            {
                "state": "transferring",
                "transferTo": "+1919000008",
                "whisperAudio": {"sentence": "Hello {number}, thanks for calling"},
            },
        )
    ]
    assert client.get_call(new_id)["to"] == "+1919000008"
    assert client.get_call(call_id)["state"] == "transferring"


def test_transfer_call_with_caller_id_and_playback_whisper(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    audio = client.build_audio_playback("http://my_site.com/file.mp3", loop_enabled=True)
    client.transfer_call(
        call_id,
        to="+1234564890",
        caller_id=OURS,
        whisper_audio=audio,
        callback_url="https://example.com/new",
        diversion_treatment="propagate",
    )
    assert _posts(emulator)[0][1] == {
        "state": "transferring",
        "transferTo": "+1234564890",
        "transferCallerId": OURS,
        "whisperAudio": {"fileUrl": "http://my_site.com/file.mp3", "loopEnabled": True},
        "callbackUrl": "https://example.com/new",
        "diversionTreatment": "propagate",
    }


def test_transfer_of_completed_call_is_call_invalid_state(client: Client, call_id: str) -> None:
    client.hangup_call(call_id)
    with pytest.raises(PermissionDeniedError) as info:
        client.transfer_call(call_id, "+15550003000")
    assert info.value.code == "call-invalid-state"


def test_update_call_transfer_returns_the_new_id(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    new_id = client.update_call(
        call_id, state="transferring", transfer_to="+1234567891", transfer_caller_id="private"
    )
    assert new_id is not None and new_id.startswith("c-") and new_id != call_id
    assert client.update_call(new_id, recording_enabled=True) is None


def test_update_call_refuses_unknown_state(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    with pytest.raises(InvalidArgumentError, match="state"):
        client.update_call(call_id, state="parked")
    assert emulator.requests() == []


# -- list filters -----------------------------------------------------------------------------


def test_list_calls_filters_by_encoded_numbers(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    other = client.create_call(from_="+15550009999", to="+15550002002")
    listed = client.list_calls(from_="+15550009999", sort_order="asc", size=10)
    assert isinstance(listed, types.GeneratorType)
    assert [c["id"] for c in listed] == [other]
    query = emulator.requests(method="GET", path="/calls")[0].query
    assert query == {"from": ["+15550009999"], "sortOrder": ["asc"], "size": ["10"]}


def test_wire_name_keywords_are_sent_next_to_unset_named_arguments(
    client: Client, emulator: Emulator
) -> None:
    # create_call(**kwargs) with a wire name of a named argument left as None
    client.create_call(from_=OURS, to="+15550002005", callTimeout=30, recordingEnabled=False)
    assert emulator.requests(method="POST")[0].json == {
        "from": OURS,
        "to": "+15550002005",
        "callTimeout": 30,
        "recordingEnabled": False,
    }


def test_update_call_to_transferring_without_transfer_to_sends_nothing(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    with pytest.raises(InvalidArgumentError, match="transfer_to is required"):
        client.update_call(call_id, state="transferring")
    with pytest.raises(InvalidArgumentError, match="transfer_to is required"):
        client.update_call(call_id, state="transferring", transfer_caller_id="private")
    assert emulator.requests() == []
    client.update_call(call_id, state="transferring", transferTo="+15550003000")
    assert _posts(emulator)[0][1] == {"state": "transferring", "transferTo": "+15550003000"}
