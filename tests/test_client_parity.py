"""What the original client's own tests and examples do, working the same way here."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from catapult import Bridge, Client, ConfigurationError, InvalidArgumentError
from catapult.emulator import Emulator

OURS = "+15550001000"


@pytest.fixture
def call_id(client: Client, emulator: Emulator) -> str:
    call_id = client.create_call(from_=OURS, to="+15550002001")
    emulator.clear_requests()
    return call_id


@pytest.fixture
def bridge_id(client: Client, emulator: Emulator, call_id: str) -> str:
    bridge_id = client.create_bridge(call_ids=[call_id])
    emulator.clear_requests()
    return bridge_id


def _bodies(emulator: Emulator) -> list[Any]:
    return [r.json for r in emulator.requests(method="POST")]


# -- gender in any case ------------------------------------------------------------------------


@pytest.mark.parametrize("gender", ["Female", "FEMALE", "female"])
def test_build_sentence_accepts_the_gender_in_any_case(client: Client, gender: str) -> None:
    assert client.build_sentence("Hello", gender=gender) == {
        "sentence": "Hello",
        "gender": "female",
    }


def test_transfer_call_with_a_female_whisper_sends_the_wire_value(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    whisper = client.build_sentence("Hello", gender="Female", locale="en_US", voice="Kate")
    client.transfer_call(call_id, "+1919000008", whisper_audio=whisper)
    assert _bodies(emulator)[0]["whisperAudio"] == {
        "sentence": "Hello",
        "gender": "female",
        "locale": "en_US",
        "voice": "Kate",
    }


def test_speak_sentence_sends_a_capitalised_gender_in_lower_case(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    client.speak_sentence_to_call(call_id, "Hi", gender="Male")
    assert _bodies(emulator) == [{"sentence": "Hi", "gender": "male"}]


def test_an_unknown_gender_is_still_refused_before_sending(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    with pytest.raises(InvalidArgumentError):
        client.speak_sentence_to_call(call_id, "Hi", gender="robot")
    assert emulator.requests() == []


# -- construction ------------------------------------------------------------------------------


def test_api_endpoint_and_api_version_default_to_the_original_values() -> None:
    with Client("userId", "apiToken", "apiSecret") as client:
        assert client.api_endpoint == "https://api.catapult.inetwork.com"
        assert client.api_version == "v1"
        assert client.base_url == f"{client.api_endpoint}/{client.api_version}"


def test_api_endpoint_and_api_version_follow_the_options() -> None:
    options = {"api_endpoint": "https://api.example.com/", "api_version": "v2"}
    with Client("userId", "apiToken", "apiSecret", **options) as client:
        assert (client.api_endpoint, client.api_version) == ("https://api.example.com", "v2")
        assert client.base_url == "https://api.example.com/v2"


def test_api_endpoint_and_api_version_follow_a_base_url() -> None:
    with Client("u", "t", "s", base_url="http://127.0.0.1:8080/v1/") as client:
        assert (client.api_endpoint, client.api_version) == ("http://127.0.0.1:8080", "v1")
    with Client("u", "t", "s", base_url="http://127.0.0.1:8080") as client:
        assert (client.api_endpoint, client.api_version) == ("http://127.0.0.1:8080", "")


def test_api_endpoint_and_api_version_are_read_only() -> None:
    with Client("userId", "apiToken", "apiSecret") as client, pytest.raises(AttributeError):
        client.api_version = "v2"  # type: ignore[misc]


@pytest.mark.parametrize(
    "args", [(), ("userId",), ("userId", "apiToken"), ("", "t", "s"), ("u", "t", "")]
)
def test_missing_credentials_raise_a_value_error(args: tuple[str, ...]) -> None:
    with pytest.raises(ConfigurationError) as info:
        Client(*args)
    assert isinstance(info.value, ValueError)
    assert "user_id, api_token and api_secret are required" in str(info.value)


# -- the original helpers' ``id`` parameter ----------------------------------------------------


HELPERS = (
    "speak_sentence_to_call",
    "speak_sentence_to_bridge",
    "play_audio_file_to_call",
    "play_audio_file_to_bridge",
)


def _helpers(client: Client) -> dict[str, Callable[..., None]]:
    return {name: getattr(client, name) for name in HELPERS}


def test_speak_sentence_to_call_with_id_keyword(
    client: Client, emulator: Emulator, call_id: str
) -> None:
    client.speak_sentence_to_call(id=call_id, sentence="Hi")
    client.speak_sentence_to_call(call_id=call_id, sentence="Hi")
    client.speak_sentence_to_call(call_id, "Hi")
    paths = [r.path for r in emulator.requests(method="POST")]
    assert paths == [f"/calls/{call_id}/audio"] * 3
    assert _bodies(emulator) == [{"sentence": "Hi"}] * 3


def test_every_helper_takes_id_or_its_own_name(
    client: Client, emulator: Emulator, call_id: str, bridge_id: str
) -> None:
    ids = {"call": call_id, "bridge": bridge_id}
    for name, helper in _helpers(client).items():
        kind = name.rsplit("_", 1)[1]
        second = {"sentence": "Hi"} if name.startswith("speak") else {"file_url": "https://x/a.mp3"}
        helper(id=ids[kind], tag="old", **second)
        helper(**{f"{kind}_id": ids[kind]}, tag="new", **second)
    requests = emulator.requests(method="POST")
    assert [r.path for r in requests] == [
        f"/calls/{call_id}/audio",
        f"/calls/{call_id}/audio",
        f"/bridges/{bridge_id}/audio",
        f"/bridges/{bridge_id}/audio",
    ] * 2
    assert [r.json["tag"] for r in requests] == ["old", "new"] * 4


ALL_HELPERS = (*HELPERS, "speak_sentence_to_conference", "play_audio_file_to_conference")


@pytest.mark.parametrize("name", ALL_HELPERS)
def test_helpers_show_their_own_signature_with_id(client: Client, name: str) -> None:
    target = name.rsplit("_", 1)[1]
    second = "sentence, gender, voice, locale, tag" if "speak" in name else "file_url, tag"
    parameters = inspect.signature(getattr(client, name)).parameters
    assert ", ".join(parameters) == f"{target}_id, {second}, id"
    assert all(p.default is None for p in parameters.values())
    assert parameters["id"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters[f"{target}_id"].annotation == "str | None"
    assert getattr(client, name).__doc__.startswith(("Speak", "Play"))


@pytest.mark.parametrize("name", ALL_HELPERS)
def test_helpers_refuse_both_or_neither_id_before_sending(
    client: Client, emulator: Emulator, name: str
) -> None:
    helper = getattr(client, name)
    second = {"sentence": "Hi"} if name.startswith("speak") else {"file_url": "https://x/a.mp3"}
    with pytest.raises(InvalidArgumentError, match="exactly once"):
        helper("c-1", id="c-1", **second)
    with pytest.raises(InvalidArgumentError, match="exactly once"):
        helper(**second)
    assert emulator.requests() == []


# -- hour-only offsets in resource timestamps --------------------------------------------------


def test_a_page_with_hour_only_offsets_is_read(client: Client, emulator: Emulator) -> None:
    page = [
        {"id": "brg-1", "state": "completed", "createdTime": "2013-07-12T15:22:47-02"},
        {"id": "brg-2", "state": "completed", "createdTime": "2013-07-12T15:22:47.5+05"},
        {"id": "brg-3", "state": "completed", "createdTime": "2013-07-12T15:22:47Z"},
    ]
    emulator.inject_fault(method="GET", path="/bridges", status=200, body=page)
    bridges = list(client.list_bridges())
    assert [b.created_time for b in bridges] == [
        datetime(2013, 7, 12, 15, 22, 47, tzinfo=timezone(timedelta(hours=-2))),
        datetime(2013, 7, 12, 15, 22, 47, 500000, tzinfo=timezone(timedelta(hours=5))),
        datetime(2013, 7, 12, 15, 22, 47, tzinfo=timezone.utc),
    ]


def test_a_date_without_time_is_not_mistaken_for_an_offset() -> None:
    bridge = Bridge.model_validate({"id": "brg-1", "createdTime": "2013-07-12"})
    assert bridge.created_time == datetime(2013, 7, 12, tzinfo=timezone.utc)
