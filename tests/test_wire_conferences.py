"""The requests the SDK sends for conferences, members, recordings and transcriptions, and the
objects it reads, pinned to the official SDKs' test vectors (docs/wire/conferences.md,
docs/wire/recordings.md).

Each request case runs a ``Client`` method against the emulator and compares method, path and
JSON body with the vector (ids replaced by the emulator's real ones). The bodies are the
vectors' intended form: only what was given, booleans and numbers as JSON values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from catapult import Client, ConferenceMember, ConferenceState, Recording, Transcription
from catapult.emulator import Emulator


@dataclass
class World:
    """A conference with one active member, and a call with a complete recording."""

    api: Client
    conf: str
    call: str
    member: str
    rec: str
    second: str = ""


@pytest.fixture
def world(client: Client, emulator: Emulator) -> World:
    conf = client.create_conference(from_="+15550001000")
    call = client.create_call(from_="+15550001000", to="+15550002001", conference_id=conf)
    member = client.create_conference_member(conf, call_id=call)
    recorded = client.calls.get(call).enable_recording().disable_recording()
    rec = next(iter(recorded.recordings())).id
    emulator.clear_requests()
    return World(client, conf, call, member, rec)


Action = Callable[[World], Any]
M = "/conferences/{conf}/members/{member}"

VECTORS: list[tuple[str, Action, str, dict[str, Any]]] = [
    # python-bandwidth 3.x test_conference.py: the intended bodies, without the nulls
    (
        "py3 create",
        lambda w: w.api.create_conference(
            "+1234567980", callback_url="http://abc.com", callback_http_method="GET", tag="my_tag"
        ),
        "/conferences",
        {
            "from": "+1234567980",
            "callbackUrl": "http://abc.com",
            "callbackHttpMethod": "GET",
            "tag": "my_tag",
        },
    ),
    (
        "py3 update",
        lambda w: w.api.update_conference(w.conf, state="completed"),
        "/conferences/{conf}",
        {"state": "completed"},
    ),
    (
        "py3 terminate",
        lambda w: w.api.terminate_conference(w.conf),
        "/conferences/{conf}",
        {"state": "completed"},
    ),
    (
        "py3 audio",
        lambda w: w.api.play_audio_to_conference(w.conf, file_url="url"),
        "/conferences/{conf}/audio",
        {"fileUrl": "url"},
    ),
    (
        "py3 speak (the old body put a dict in fileUrl)",
        lambda w: w.api.speak_sentence_to_conference(w.conf, "Hello"),
        "/conferences/{conf}/audio",
        {"sentence": "Hello"},
    ),
    (
        "py3 play file (the old body put a dict in fileUrl)",
        lambda w: w.api.play_audio_file_to_conference(id=w.conf, file_url="url", tag="t"),
        "/conferences/{conf}/audio",
        {"fileUrl": "url", "tag": "t"},
    ),
    (
        "py3 add member",
        lambda w: w.api.create_conference_member(w.conf, call_id=_second(w), mute=False),
        "/conferences/{conf}/members",
        {"callId": "{second}", "mute": False},
    ),
    (
        "py3 member update",
        lambda w: w.api.update_conference_member(w.conf, w.member, state="completed"),
        M,
        {"state": "completed"},
    ),
    (
        "py3 remove member",
        lambda w: w.api.remove_conference_member(w.conf, w.member),
        M,
        {"state": "completed"},
    ),
    (
        "py3 member audio",
        lambda w: w.api.play_audio_to_conference_member(w.conf, w.member, file_url="url"),
        f"{M}/audio",
        {"fileUrl": "url"},
    ),
    (
        "py3 member speak",
        lambda w: w.api.speak_sentence_to_conference_member(w.conf, w.member, "Hello"),
        f"{M}/audio",
        {"sentence": "Hello"},
    ),
    (
        "py3 member file",
        lambda w: w.api.play_audio_file_to_conference_member(w.conf, w.member, "url", tag="x"),
        f"{M}/audio",
        {"fileUrl": "url", "tag": "x"},
    ),
    (
        "py3 transcribe",
        lambda w: w.api.create_transcription(w.rec),
        "/recordings/{rec}/transcriptions",
        {},
    ),
    # node-bandwidth conference-test.js
    (
        "node create",
        lambda w: w.api.conferences.create_id(from_="+1234567890"),
        "/conferences",
        {"from": "+1234567890"},
    ),
    (
        "node speak",
        lambda w: w.api.conferences.get(w.conf).speak("Hello world", tag="tag"),
        "/conferences/{conf}/audio",
        {"sentence": "Hello world", "tag": "tag"},
    ),
    (
        "node stop speaking",
        lambda w: w.api.conferences.get(w.conf).stop_speaking(),
        "/conferences/{conf}/audio",
        {"sentence": ""},
    ),
    (
        "node play",
        lambda w: w.api.conferences.get(w.conf).play_audio("http://somewhere/something.mp3"),
        "/conferences/{conf}/audio",
        {"fileUrl": "http://somewhere/something.mp3"},
    ),
    (
        "node stop audio",
        lambda w: w.api.conferences.get(w.conf).stop_audio(),
        "/conferences/{conf}/audio",
        {"fileUrl": ""},
    ),
    (
        "node member speak",
        lambda w: w.api.get_conference_member(w.conf, w.member).speak("Hello world"),
        f"{M}/audio",
        {"sentence": "Hello world"},
    ),
    # go-bandwidth conferences_test.go (false and "" are sent, unlike go's omitempty)
    (
        "go mute",
        lambda w: w.api.mute_conference(w.conf, True),
        "/conferences/{conf}",
        {"mute": True},
    ),
    (
        "go unmute",
        lambda w: w.api.conferences.get(w.conf).mute(False),
        "/conferences/{conf}",
        {"mute": False},
    ),
    (
        "go member mute",
        lambda w: w.api.mute_conference_member(w.conf, w.member, True),
        M,
        {"mute": True},
    ),
    (
        "go member hold",
        lambda w: w.api.hold_conference_member(w.conf, w.member, True),
        M,
        {"hold": True},
    ),
    (
        "go member unhold",
        lambda w: w.api.get_conference_member(w.conf, w.member).hold(False),
        M,
        {"hold": False},
    ),
    (
        "go conference unhold",
        lambda w: w.api.hold_conference(w.conf, False),
        "/conferences/{conf}",
        {"hold": False},
    ),
    # csharp-bandwidth ConferenceTests.cs
    (
        "cs create",
        lambda w: w.api.conferences.create_id(from_="+1234567980", profile="passthru_digits"),
        "/conferences",
        {"from": "+1234567980", "profile": "passthru_digits"},
    ),
    # python-bandwidth 1.x test_models.py (numbers as numbers)
    (
        "py1 create",
        lambda w: w.api.create_conference(
            "+1919000001",
            callback_url="http://my.callback.url",
            callback_timeout=2000,
            fallback_url="http://my.fallback.url",
        ),
        "/conferences",
        {
            "from": "+1919000001",
            "callbackUrl": "http://my.callback.url",
            "callbackTimeout": 2000,
            "fallbackUrl": "http://my.fallback.url",
        },
    ),
    (
        "py1 audio",
        lambda w: w.api.play_audio_to_conference(
            w.conf, file_url="Hello.mp3", loop_enabled=True, tag="custom_tag"
        ),
        "/conferences/{conf}/audio",
        {"loopEnabled": True, "tag": "custom_tag", "fileUrl": "Hello.mp3"},
    ),
    (
        "py1 member update",
        lambda w: w.api.update_conference_member(w.conf, w.member, hold=True, mute=True),
        M,
        {"hold": True, "mute": True},
    ),
]


def _second(w: World) -> str:
    w.second = w.api.create_call(from_="+15550001000", to="+15550002002", conference_id=w.conf)
    return w.second


def _fill(value: Any, w: World) -> Any:
    if isinstance(value, str):
        return value.format(conf=w.conf, call=w.call, member=w.member, rec=w.rec, second=w.second)
    if isinstance(value, dict):
        return {k: _fill(v, w) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("name", "action", "path", "body"), VECTORS, ids=[v[0] for v in VECTORS])
def test_request_vector(
    world: World, emulator: Emulator, name: str, action: Action, path: str, body: dict[str, Any]
) -> None:
    action(world)
    last = [r for r in emulator.requests() if r.method == "POST"][-1]
    assert last.path == _fill(path, world)
    assert last.json == _fill(body, world)


def test_list_requests(world: World, emulator: Emulator) -> None:
    assert [r.id for r in world.api.list_recordings()] == [world.rec]
    assert list(world.api.list_transcriptions(world.rec, size=5)) == []
    assert [m.id for m in world.api.list_conference_members(world.conf)] == [world.member]
    gets = [(r.path, r.query) for r in emulator.requests(method="GET")]
    assert gets == [
        ("/recordings", {}),
        (f"/recordings/{world.rec}/transcriptions", {"size": ["5"]}),
        (f"/conferences/{world.conf}/members", {}),
    ]


def test_old_results(world: World) -> None:
    api = world.api
    transcription_id = api.create_transcription(world.rec)
    assert isinstance(transcription_id, str)
    assert api.get_transcription(world.rec, transcription_id)["state"] == "completed"
    assert api.get_recording(world.rec)["state"] == "complete"
    assert api.get_conference(world.conf)["active_members"] == 1
    assert api.get_conference_member(world.conf, world.member)["state"] == "active"
    assert api.update_conference(world.conf, mute=True) is None


MINUS_2 = timezone(timedelta(hours=-2))


def test_member_vector_parses() -> None:
    # csharp-bandwidth ConferenceTests.cs and the docs' member example
    member = ConferenceMember.model_validate(
        {
            "addedTime": "2013-07-12T15:54:47-02",
            "hold": False,
            "id": "memberId",
            "mute": False,
            "state": "active",
            "joinTone": False,
            "leavingTone": False,
            "call": "https://localhost:8444/v1/users/{userId}/calls/callId1",
        }
    )
    assert member.call_id == "callId1"
    assert member.added_time == datetime(2013, 7, 12, 15, 54, 47, tzinfo=MINUS_2)
    assert (member.muted, member.held, member.removed_time) == (False, False, None)


def test_conference_vector_parses() -> None:
    from catapult import Conference

    conference = Conference.model_validate(
        {
            "activeMembers": 0,
            "createdTime": "2013-07-12T15:22:47-02",
            "from": "+19703255647",
            "id": "conferenceId",
            "state": "created",
        }
    )
    assert conference.state is ConferenceState.CREATED and conference.from_ == "+19703255647"
    assert conference.created_time == datetime(2013, 7, 12, 15, 22, 47, tzinfo=MINUS_2)


def test_recording_and_transcription_vectors_parse() -> None:
    recording = Recording.model_validate(
        {
            "endTime": "2013-02-08T13:17:12.181Z",
            "id": "r-id",
            "media": "https://api.catapult.inetwork.com/v1/users/u/media/c-bonay3r4mtwbplurq4nkt7q-1.wav",
            "call": "https://api.catapult.inetwork.com/v1/users/u-user-id/calls/c-call-id",
            "startTime": "2013-02-08T13:15:47.587Z",
            "state": "complete",
        }
    )
    assert recording.call_id == "c-call-id"
    assert recording.media_name == "c-bonay3r4mtwbplurq4nkt7q-1.wav"
    still = Recording.model_validate({"id": "r-id2", "state": "recording"})
    assert still.end_time is None
    transcription = Transcription.model_validate(
        {
            "chargeableDuration": 11,
            "id": "transcriptionId",
            "state": "completed",
            "text": "Hey there",
            "textSize": 63,
            "textUrl": "https://api.catapult.inetwork.com/v1/users/u/media/transcriptionId",
            "time": "2014-12-23T23:08:59Z",
        }
    )
    assert (transcription.text_size, transcription.chargeable_duration) == (63, 11)


OLD_METHODS = [
    "create_conference",
    "get_conference",
    "update_conference",
    "play_audio_to_conference",
    "speak_sentence_to_conference",
    "play_audio_file_to_conference",
    "list_conference_members",
    "create_conference_member",
    "get_conference_member",
    "update_conference_member",
    "play_audio_to_conference_member",
    "speak_sentence_to_conference_member",
    "play_audio_file_to_conference_member",
    "remove_conference_member",
    "hold_conference_member",
    "mute_conference_member",
    "terminate_conference",
    "hold_conference",
    "mute_conference",
    "list_recordings",
    "get_recording",
    "list_transcriptions",
    "create_transcription",
    "get_transcription",
]


def test_the_old_clients_24_methods_are_there() -> None:
    assert len(set(OLD_METHODS)) == 24
    assert [name for name in OLD_METHODS if not callable(getattr(Client, name, None))] == []


def test_camel_case_kwargs_are_sent_not_clobbered(world: World, emulator: Emulator) -> None:
    world.api.create_conference("+15550001000", callbackUrl="http://abc.com")
    world.api.update_conference_member(world.conf, world.member, state="completed")
    bodies = [r.json for r in emulator.requests(method="POST")]
    assert bodies == [
        {"from": "+15550001000", "callbackUrl": "http://abc.com"},
        {"state": "completed"},
    ]
