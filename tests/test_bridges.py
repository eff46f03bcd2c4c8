"""The typed bridge API against the emulator, over real sockets."""

from __future__ import annotations

import pytest

from catapult import (
    UNSET,
    BadRequestError,
    Bridge,
    BridgeState,
    Call,
    CallState,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    Session,
)
from catapult.emulator import Emulator

pytestmark = pytest.mark.both_sessions


def _two_calls(session: Session) -> tuple[Call, Call]:
    first = session.calls.create(from_="+15550001000", to="+15550002001")
    second = session.calls.create(from_="+15550001000", to="+15550002002")
    return first, second


def test_create_posts_then_gets_once(session: Session, emulator: Emulator) -> None:
    first, second = _two_calls(session)
    emulator.clear_requests()
    bridge = session.bridges.create(call_ids=[first.id, second.id], bridge_audio=True)
    assert isinstance(bridge, Bridge)
    assert bridge.state is BridgeState.ACTIVE
    assert bridge.bridge_audio is True
    assert bridge.created_time is not None and bridge.activated_time is not None
    sent = [(r.method, r.path) for r in emulator.requests()]
    assert sent == [("POST", "/bridges"), ("GET", f"/bridges/{bridge.id}")]


def test_empty_bridge_is_created_without_call_ids(session: Session, emulator: Emulator) -> None:
    bridge = session.bridges.create()
    assert bridge.state is BridgeState.CREATED
    assert emulator.requests(method="POST", path="/bridges")[0].json == {}


def test_get_unknown_bridge_raises_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError) as info:
        session.bridges.get("brg-missing")
    assert info.value.code == "bridge-not-found"
    assert info.value.category == "not-found"


def test_update_sends_only_given_fields_and_applies_them(
    session: Session, emulator: Emulator
) -> None:
    first, second = _two_calls(session)
    bridge = first.bridge_with(second)
    emulator.clear_requests()
    returned = bridge.update(bridge_audio=False)
    assert returned is bridge
    assert bridge.bridge_audio is False
    requests = emulator.requests()
    assert [(r.method, r.path, r.json) for r in requests] == [
        ("POST", f"/bridges/{bridge.id}", {"bridgeAudio": False})
    ]
    assert bridge.state is BridgeState.ACTIVE  # no hidden GET: state is what was last read
    assert bridge.refresh().state is BridgeState.HOLD
    assert bridge.update(bridge_audio=True).refresh().state is BridgeState.ACTIVE


def test_update_with_empty_call_ids_completes_the_bridge(session: Session) -> None:
    first, second = _two_calls(session)
    bridge = first.bridge_with(second)
    bridge.update(call_ids=[])
    assert bridge.call_ids == []
    assert bridge.refresh().state is BridgeState.COMPLETED
    assert bridge.completed_time is not None


def test_update_with_unset_sends_only_what_is_set(session: Session, emulator: Emulator) -> None:
    bridge = session.bridges.create()
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="nothing to change"):
        bridge.update(call_ids=UNSET, bridge_audio=UNSET)  # an empty update: refused unsent
    assert emulator.requests() == []
    bridge.update(call_ids=UNSET, bridge_audio=False)
    assert emulator.requests()[0].json == {"bridgeAudio": False}


def test_refresh_rereads_in_place(session: Session) -> None:
    first, second = _two_calls(session)
    bridge = first.bridge_with(second)
    same = session.bridges.get(bridge.id)
    same.update(bridge_audio=False)
    assert bridge.state is BridgeState.ACTIVE
    assert bridge.refresh() is bridge
    assert bridge.state is BridgeState.HOLD
    assert bridge.bridge_audio is False


def test_calls_lists_the_bridged_calls(session: Session) -> None:
    first, second = _two_calls(session)
    bridge = first.bridge_with(second)
    calls = list(bridge.calls())
    assert sorted(c.id for c in calls) == sorted([first.id, second.id])
    assert all(isinstance(c, Call) and c.bridge_id == bridge.id for c in calls)
    assert all(c.state is CallState.ACTIVE for c in calls)


def test_hanging_up_the_calls_completes_the_bridge(session: Session) -> None:
    first, second = _two_calls(session)
    bridge = first.bridge_with(second)
    first.hangup()
    second.hangup()
    assert first.state is CallState.COMPLETED
    assert bridge.refresh().state is BridgeState.COMPLETED
    assert first.refresh().state is CallState.COMPLETED


def test_speak_and_play_send_audio_bodies(session: Session, emulator: Emulator) -> None:
    first, second = _two_calls(session)
    bridge = first.bridge_with(second)
    emulator.clear_requests()
    bridge.speak("Hello", gender="female", voice="Kate", tag="greet")
    bridge.play_audio("http://host/file.mp3", loop_enabled=True)
    bridge.stop_audio()
    bridge.stop_speaking()
    bodies = [r.json for r in emulator.requests(path=f"/bridges/{bridge.id}/audio")]
    assert bodies == [
        {"sentence": "Hello", "gender": "female", "voice": "Kate", "tag": "greet"},
        {"fileUrl": "http://host/file.mp3", "loopEnabled": True},
        {"fileUrl": ""},
        {"sentence": ""},
    ]


def test_a_call_joining_a_full_bridge_is_refused(session: Session) -> None:
    first, second = _two_calls(session)
    bridge = first.bridge_with(second)
    with pytest.raises(PermissionDeniedError) as info:
        session.calls.create(from_="+15550001000", to="+15550002003", bridge_id=bridge.id)
    assert info.value.code == "bridge-callIds-overflow"


def test_a_call_in_another_bridge_is_refused(session: Session) -> None:
    first, second = _two_calls(session)
    first.bridge_with(second)
    third = session.calls.create(from_="+15550001000", to="+15550002003")
    with pytest.raises(BadRequestError) as info:
        session.bridges.create(call_ids=[second.id, third.id])
    assert info.value.code == "bridge-bridged-callId"


@pytest.mark.parametrize("call_ids", [["c-1", "c-2", "c-3"], ["../calls/x"], [""], ["c-1?x=1"]])
def test_bad_call_ids_are_refused_before_sending(
    session: Session, emulator: Emulator, call_ids: list[str]
) -> None:
    with pytest.raises(InvalidArgumentError):
        session.bridges.create(call_ids=call_ids)
    with pytest.raises(InvalidArgumentError):
        session.bridges.update("brg-1", call_ids=call_ids)
    assert emulator.requests() == []


@pytest.mark.parametrize("bridge_id", ["", "../calls/x", "brg-1?x=1", "brg 1", "a#b", ".."])
def test_bad_bridge_ids_never_reach_the_wire(
    session: Session, emulator: Emulator, bridge_id: str
) -> None:
    with pytest.raises(InvalidArgumentError):
        session.bridges.get(bridge_id)
    with pytest.raises(InvalidArgumentError):
        session.bridges.play_audio(bridge_id, {"sentence": "hi"})
    assert emulator.requests() == []


def test_audio_needs_exactly_one_source(session: Session, emulator: Emulator) -> None:
    with pytest.raises(InvalidArgumentError, match="exactly one"):
        session.bridges.play_audio("brg-1", {"gender": "female"})
    with pytest.raises(InvalidArgumentError, match="exactly one"):
        session.bridges.play_audio("brg-1", {"sentence": "a", "file_url": "b"})
    assert emulator.requests() == []
