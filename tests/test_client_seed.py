"""Every example of the seed document (shared/seed/bridges-api.txt), run as written against the
emulator, plus the matching call methods of the original client."""

from __future__ import annotations

import types
from collections.abc import Iterator

import pytest

from catapult import Bridge, Call, Client, InvalidArgumentError
from catapult.emulator import Emulator


@pytest.fixture
def api(client: Client) -> Client:
    return client


@pytest.fixture
def call_ids(api: Client) -> tuple[str, str]:
    return (
        api.create_call(from_="+15550001000", to="+15550002001"),
        api.create_call(from_="+15550001000", to="+15550002002"),
    )


def test_list_bridges_1000_at_a_time(api: Client, capsys: pytest.CaptureFixture[str]) -> None:
    created = [api.create_bridge() for _ in range(3)]
    bridges = api.list_bridges(size=1000)

    for bridge in bridges:
        print(bridge["id"])

    printed = capsys.readouterr().out.split()
    assert sorted(printed) == sorted(created)
    assert isinstance(api.list_bridges(), Iterator)


def test_create_bridge_with_two_calls_and_audio(
    api: Client, call_ids: tuple[str, str], emulator: Emulator
) -> None:
    emulator.clear_requests()
    bridge_id = api.create_bridge(call_ids=[call_ids[0], call_ids[1]], bridge_audio=True)

    assert isinstance(bridge_id, str) and bridge_id.startswith("brg-")
    assert len(emulator.requests()) == 1  # the id comes from Location: no extra GET


def test_get_bridge(api: Client, call_ids: tuple[str, str]) -> None:
    bridge_id = api.create_bridge(call_ids=list(call_ids), bridge_audio=True)
    my_bridge = api.get_bridge(bridge_id)
    print(my_bridge)

    assert my_bridge["state"] == "active"
    assert my_bridge["id"] == bridge_id
    assert my_bridge["bridge_audio"] is True
    assert my_bridge["calls"].endswith(f"/bridges/{bridge_id}/calls")
    assert "created_time" in my_bridge


def test_update_bridge_stops_bridging_audio(api: Client, call_ids: tuple[str, str]) -> None:
    bridge_id = api.create_bridge(call_ids=list(call_ids), bridge_audio=True)
    my_bridge = api.get_bridge(bridge_id)
    assert my_bridge["bridge_audio"] is True

    api.update_bridge(my_bridge["id"], call_ids=[call_ids[0], call_ids[1]], bridge_audio=False)
    my_bridge = api.get_bridge(my_bridge["id"])

    assert my_bridge["bridge_audio"] is False
    assert my_bridge["state"] == "hold"


def test_update_bridge_without_call_ids_keeps_the_calls(
    api: Client, call_ids: tuple[str, str], emulator: Emulator
) -> None:
    bridge_id = api.create_bridge(call_ids=list(call_ids))
    emulator.clear_requests()
    api.update_bridge(bridge_id, bridge_audio=False)
    assert emulator.requests()[0].json == {"bridgeAudio": False}  # never "callIds": null
    assert api.get_bridge(bridge_id)["state"] == "hold"


def test_get_bridge_calls(api: Client, call_ids: tuple[str, str]) -> None:
    bridge_id = api.create_bridge(call_ids=list(call_ids))
    call_list = api.get_bridge_calls(bridge_id)
    assert isinstance(call_list, Iterator)

    calls = list(call_list)
    print(calls)
    assert sorted(c["id"] for c in calls) == sorted(call_ids)
    for call in calls:
        assert call["bridge_id"] == bridge_id
        assert call["state"] == "active"
        assert call["direction"] == "out"
        assert call["from"] == "+15550001000"
        assert call["bridge"].endswith(f"/bridges/{bridge_id}")
        assert call["recording_enabled"] is False
    assert [c.id for c in api.list_bridge_calls(bridge_id)] == [c.id for c in calls]


def test_play_audio_to_bridge_examples(
    api: Client, call_ids: tuple[str, str], emulator: Emulator
) -> None:
    bridge_id = api.create_bridge(call_ids=list(call_ids))
    emulator.clear_requests()

    api.play_audio_to_bridge(bridge_id, file_url="http://host/path/file.mp3")
    api.play_audio_to_bridge(bridge_id, sentence="Press 0 to complete call", gender="female")

    # or with extension methods
    api.play_audio_file_to_bridge(bridge_id, "http://host/path/file.mp3")
    api.speak_sentence_to_bridge(bridge_id, "Hello")

    assert [r.json for r in emulator.requests()] == [
        {"fileUrl": "http://host/path/file.mp3"},
        {"sentence": "Press 0 to complete call", "gender": "female"},
        {"fileUrl": "http://host/path/file.mp3"},
        {"sentence": "Hello"},
    ]


def test_results_are_typed_models(api: Client, call_ids: tuple[str, str]) -> None:
    bridge_id = api.create_bridge(call_ids=list(call_ids))
    assert isinstance(api.get_bridge(bridge_id), Bridge)
    assert isinstance(api.get_call(call_ids[0]), Call)
    assert isinstance(api.list_bridges(), types.GeneratorType)  # as documented
    assert isinstance(api.list_bridge_calls(bridge_id), types.GeneratorType)
    assert isinstance(api.list_calls(), types.GeneratorType)


def test_list_bridges_size_out_of_range_is_refused(api: Client, emulator: Emulator) -> None:
    for size in (0, 1001, -5):
        with pytest.raises(InvalidArgumentError):
            api.list_bridges(size=size)
    assert emulator.requests() == []


# -- the call methods of the original client ----------------------------------------------------


def test_call_lifecycle_through_the_flat_methods(api: Client, emulator: Emulator) -> None:
    call_id = api.create_call(from_="+15550001000", to="+15550002001", tag="t1")
    assert api.get_call(call_id)["state"] == "active"
    api.speak_sentence_to_call(call_id, "Hello", voice="Kate")
    api.play_audio_file_to_call(call_id, "http://host/a.wav", tag="x")
    api.play_audio_to_call(
        call_id, api.build_sentence("Hi there", gender="male", loop_enabled=True)
    )
    api.play_audio_to_call(call_id, api.build_audio_playback("http://host/b.mp3"))
    api.hangup_call(call_id)
    assert api.get_call(call_id)["state"] == "completed"
    audio = [r.json for r in emulator.requests(path=f"/calls/{call_id}/audio")]
    assert audio == [
        {"sentence": "Hello", "voice": "Kate"},
        {"fileUrl": "http://host/a.wav", "tag": "x"},
        {"sentence": "Hi there", "gender": "male", "loopEnabled": True},
        {"fileUrl": "http://host/b.mp3"},
    ]


def test_create_call_sends_no_nulls_and_no_forced_flags(api: Client, emulator: Emulator) -> None:
    api.create_call(from_="+15550001000", to="+15550002001")
    assert emulator.requests(method="POST", path="/calls")[0].json == {
        "from": "+15550001000",
        "to": "+15550002001",
    }


def test_answer_and_reject_incoming_calls(api: Client, emulator: Emulator) -> None:
    ringing = emulator.incoming_call(from_="+15550009999", to="+15550001000")
    api.answer_call(ringing)
    assert api.get_call(ringing)["state"] == "active"
    other = emulator.incoming_call(from_="+15550009998", to="+15550001000")
    api.reject_call(other)
    assert api.get_call(other)["state"] == "rejected"


def test_list_calls_with_filters(api: Client, emulator: Emulator) -> None:
    first = api.create_call(from_="+15550001000", to="+15550002001")
    api.create_call(from_="+15550001111", to="+15550002002")
    found = [c.id for c in api.list_calls(from_="+15550001000", size=10, sort_order="asc")]
    assert found == [first]
    query = emulator.requests(method="GET", path="/calls")[0].query
    assert query["from"] == ["+15550001000"]
    assert query["sortOrder"] == ["asc"]
    assert query["size"] == ["10"]


def test_update_call_transfer_returns_the_new_call_id(api: Client) -> None:
    call_id = api.create_call(from_="+15550001000", to="+15550002001")
    new_id = api.update_call(call_id, state="transferring", transfer_to="+15550003000")
    assert new_id is not None and new_id != call_id
    assert api.get_call(new_id)["to"] == "+15550003000"


def test_list_bridges_passes_extra_query_parameters(api: Client, emulator: Emulator) -> None:
    for _ in range(3):
        api.create_bridge()
    emulator.clear_requests()
    listed = list(api.list_bridges(size=2, page=1))
    assert len(listed) == 1
    assert emulator.requests(method="GET")[0].query == {"size": ["2"], "page": ["1"]}


def test_a_bridge_reads_like_the_dict_the_seed_documents(
    api: Client, call_ids: tuple[str, str]
) -> None:
    my_bridge = api.get_bridge(api.create_bridge(call_ids=list(call_ids), bridge_audio=True))
    keys = my_bridge.keys()
    assert {"bridge_audio", "calls", "created_time", "id", "state"} <= set(keys)
    assert my_bridge.items() == [(key, my_bridge[key]) for key in keys]
    assert my_bridge.values() == [my_bridge[key] for key in keys]
    assert dict(my_bridge.items()) == dict(my_bridge)
    for missing in (0, None, ("id",), "nope"):
        assert my_bridge.get(missing, "absent") == "absent"  # type: ignore[arg-type]
        assert missing not in my_bridge
        with pytest.raises(KeyError):
            my_bridge[missing]
