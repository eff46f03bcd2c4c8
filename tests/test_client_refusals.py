"""Bad input to the flat methods of ``Client``: refused with an ``InvalidArgumentError`` (a
``ValueError``) before anything is sent."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from catapult import BadRequestError, Client, InvalidArgumentError, Session
from catapult.emulator import Emulator

FROM = "+15550001000"


@pytest.fixture
def conference(client: Client) -> tuple[str, str]:
    """A conference and one member of it."""
    conference_id = client.create_conference(from_=FROM)
    call_id = client.create_call(from_=FROM, to="+15550002001", conference_id=conference_id)
    return conference_id, client.create_conference_member(conference_id, call_id=call_id)


def _refused_unsent(emulator: Emulator, call: Callable[[], object], *words: str) -> None:
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError) as caught:
        call()
    assert emulator.requests() == []
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(
    "helper",
    ["mute_conference", "hold_conference", "mute_conference_member", "hold_conference_member"],
)
def test_a_switch_given_as_none_is_refused(
    client: Client, emulator: Emulator, conference: tuple[str, str], helper: str
) -> None:
    conference_id, member_id = conference
    ids = (conference_id,) if "member" not in helper else (conference_id, member_id)
    name = helper.split("_")[0]
    method = getattr(client, helper)
    for value in (None, "false", 0):
        _refused_unsent(emulator, lambda v=value: method(*ids, v), name, "True or False")
    method(*ids, False)
    assert emulator.requests()[0].json == {name: False}


def test_updates_that_change_nothing_are_refused(
    client: Client, emulator: Emulator, conference: tuple[str, str]
) -> None:
    conference_id, member_id = conference
    call_id = client.create_call(from_=FROM, to="+15550002002")
    bridge_id = client.create_bridge()
    empty: list[Callable[[], object]] = [
        lambda: client.update_bridge(bridge_id),
        lambda: client.update_bridge(bridge_id, call_ids=None, bridge_audio=None),
        lambda: client.update_call(call_id),
        lambda: client.update_conference(conference_id, mute=None),
        lambda: client.update_conference_member(conference_id, member_id),
        lambda: client.update_call(call_id, unknown=None),  # None extras are not sent either
    ]
    for call in empty:
        _refused_unsent(emulator, call, "nothing to change")


def test_a_field_given_under_two_spellings_is_refused(client: Client, emulator: Emulator) -> None:
    call_id = client.create_call(from_=FROM, to="+15550002002")
    bridge_id = client.create_bridge()
    cb, other, to = "https://a.example/cb", "https://b.example/cb", "+15550003000"
    twice: dict[tuple[str, str], Callable[[], object]] = {
        ("callback_url", "callbackUrl"): lambda: client.update_call(
            call_id, callback_url=cb, callbackUrl=other
        ),
        ("callbackUrl", "callback_url"): lambda: client.update_call(
            call_id, callbackUrl=cb, **{"callback_url": other}
        ),
        ("from_", "from"): lambda: client.create_call(from_=FROM, to=to, **{"from": to}),
        ("dtmf_out", "dtmfOut"): lambda: client.send_dtmf_to_call(call_id, "1", dtmfOut="2"),
        ("callback_url", "callbackUrl "): lambda: client.transfer_call(
            call_id, to, callback_url=cb, callbackUrl=cb
        ),
        ("call_ids", "callIds"): lambda: client.update_bridge(
            bridge_id, call_ids=[call_id], callIds=[]
        ),
        ("from_", "from "): lambda: client.list_calls(from_=FROM, **{"from": to}),
        ("loop_enabled", "loopEnabled"): lambda: client.build_sentence(
            "hi", loop_enabled=True, loopEnabled=False
        ),
        ("sentence", "audio dict"): lambda: client.play_audio_to_bridge(
            bridge_id, {"sentence": "a"}, sentence="b"
        ),
        ("loopEnabled", "audio dict"): lambda: client.play_audio_to_call(
            call_id, {"loopEnabled": True}, loopEnabled=False
        ),
    }
    for (first, second), call in twice.items():
        _refused_unsent(emulator, call, first, second.strip())
    client.update_call(call_id, callback_url=None, callbackUrl=cb)  # None: not given
    assert [r.json for r in emulator.requests()] == [{"callbackUrl": cb}]


@pytest.mark.parametrize("size", ["5", " 5", "--5", "\u00b2", "\u0665", 5.0, True, 0, -1, 1001])
def test_size_is_a_whole_number_from_1_to_1000(
    client: Client, session: Session, emulator: Emulator, size: object
) -> None:
    for listing in (client.list_bridges, client.list_calls, client.list_recordings):
        _refused_unsent(emulator, lambda f=listing: f(size=size), "size")
    _refused_unsent(emulator, lambda: session.bridges.list(size=size), "size")  # type: ignore[arg-type]


def test_numbers_and_flags_are_not_read_from_strings(
    client: Client, session: Session, emulator: Emulator
) -> None:
    bridge_id = client.create_bridge()
    for call in (
        lambda: client.update_bridge(bridge_id, bridge_audio="false"),
        lambda: client.create_call(from_=FROM, to="+15550002001", call_timeout="30"),
        lambda: client.create_call(from_=FROM, to="+15550002001", recording_enabled="true"),
        lambda: session.bridges.update(bridge_id, bridge_audio="false"),  # type: ignore[typeddict-item]
    ):
        _refused_unsent(emulator, call, "got str")


@pytest.mark.parametrize("size", ["--5", "\u00b2", "\u0665", "5x"])
def test_the_emulator_refuses_sizes_that_are_no_numbers(session: Session, size: str) -> None:
    with pytest.raises(BadRequestError, match="size"):
        session.transport.request("GET", f"{session.user_url}/bridges", params={"size": size})
    assert session.transport.request("GET", f"{session.user_url}/bridges", params={"size": "5"})


@pytest.mark.parametrize(
    "value", [object(), b"raw", float("nan"), float("inf"), "a\ud800b", {1j: "x"}, [{1, 2}]]
)
def test_an_extra_field_that_is_no_json_is_refused(
    client: Client, session: Session, emulator: Emulator, value: object
) -> None:
    call_id = client.create_call(from_=FROM, to="+15550002001")
    for call in (
        lambda: client.update_call(call_id, state="active", extraField=value),
        lambda: client.create_bridge(extraField=value),
        lambda: session.bridges.create_id(extra={"extraField": value}),
    ):
        _refused_unsent(emulator, call, "extraField")


@pytest.mark.parametrize("value", [object(), {"a": 1}, [{"a": 1}], None.__class__, b"raw"])
def test_an_extra_query_parameter_is_text_or_numbers(
    client: Client, emulator: Emulator, value: object
) -> None:
    _refused_unsent(emulator, lambda: client.list_bridges(page=value), "page")
    list(client.list_bridges(extraParam=["a", 1]))
    assert emulator.requests()[-1].query == {"extraParam": ["a", "1"]}


def test_text_with_a_lone_surrogate_is_refused(client: Client, emulator: Emulator) -> None:
    call_id = client.create_call(from_=FROM, to="+15550002001")
    _refused_unsent(emulator, lambda: client.update_call(call_id, tag="a\ud800b"), "tag")
    _refused_unsent(emulator, lambda: client.speak_sentence_to_call(call_id, "\udfff"), "Unicode")
    client.update_call(call_id, tag="h\u00e9llo \U0001f30d")  # any other Unicode is sent
    assert emulator.requests()[-1].json == {"tag": "h\u00e9llo \U0001f30d"}


def test_a_field_this_endpoint_leaves_out_is_refused(
    client: Client, session: Session, emulator: Emulator, conference: tuple[str, str]
) -> None:
    bridge_id = client.create_bridge()
    conference_id, _ = conference
    for call in (
        lambda: client.play_audio_to_bridge(bridge_id, sentence="Hi", volume=2),
        lambda: client.play_audio_to_conference(conference_id, sentence="Hi", volume=2),
        lambda: client.play_audio_to_bridge(bridge_id, {"sentence": "Hi", "volume": 2}),
    ):
        _refused_unsent(emulator, call, "volume is not taken here")
    call_id = client.create_call(from_=FROM, to="+15550002009")
    client.play_audio_to_call(call_id, sentence="Hi", volume=2)  # a call's audio takes it
    assert emulator.requests()[-1].json == {"sentence": "Hi", "volume": 2}


def test_a_call_the_signature_does_not_take_is_bad_input(
    client: Client, emulator: Emulator
) -> None:
    bridge_id = client.create_bridge()
    for call in (
        lambda: client.get_bridge(bridge_id, foo=1),  # type: ignore[call-arg]
        lambda: client.get_bridge(),  # type: ignore[call-arg]
        lambda: client.speak_sentence_to_bridge(bridge_id, "Hi", foo=1),  # type: ignore[call-overload]
        lambda: client.hold_conference("conf-1", True, 3),  # type: ignore[call-arg]
        lambda: client.build_sentence(),  # type: ignore[call-arg]
    ):
        emulator.clear_requests()
        with pytest.raises(InvalidArgumentError) as caught:
            call()
        assert isinstance(caught.value, TypeError)  # what Python raises for such a call
        assert caught.value.__traceback__ is not None
        assert emulator.requests() == []
