"""Replayed HTTP: bridge and call flows recorded against the emulator, replayed with vcrpy.

CI replays with pytest-recording's default record mode ``none`` (nothing can reach a network).
Re-record with ``python -m pytest tests/test_cassettes.py --record-mode=rewrite``: the
``recorded_session`` fixture then starts the emulator on the fixed cassette port.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import CASSETTE_CREDENTIALS, ROOT

from catapult import Bridge, BridgeState, CallState, Client, NotFoundError, Session


@pytest.mark.vcr
def test_bridge_lifecycle_replays(recorded_session: Session) -> None:
    session = recorded_session
    first = session.calls.create(from_="+15550001000", to="+15550002001")
    second = session.calls.create(from_="+15550001000", to="+15550002002")
    bridge = first.bridge_with(second)
    assert bridge.state is BridgeState.ACTIVE
    bridge.speak("Hello", voice="Kate")
    assert bridge.update(bridge_audio=False).refresh().state is BridgeState.HOLD
    assert bridge.update(bridge_audio=True).refresh().state is BridgeState.ACTIVE
    assert sorted(c.id for c in bridge.calls()) == sorted([first.id, second.id])
    first.hangup()
    second.hangup()
    assert bridge.refresh().state is BridgeState.COMPLETED
    assert first.refresh().state is CallState.COMPLETED


@pytest.mark.vcr
def test_list_follows_link_pages(recorded_session: Session) -> None:
    created = {recorded_session.bridges.create_id() for _ in range(5)}
    listed = [b.id for b in recorded_session.bridges.list(size=2)]
    assert len(listed) == 5
    assert set(listed) == created


@pytest.mark.vcr
def test_not_found_replays_as_typed_error(recorded_session: Session) -> None:
    with pytest.raises(NotFoundError) as info:
        recorded_session.bridges.get("brg-does-not-exist")
    assert info.value.code == "bridge-not-found"


@pytest.mark.vcr
def test_seed_client_replays(recorded_session: Session) -> None:
    api = Client(
        CASSETTE_CREDENTIALS["user_id"],
        CASSETTE_CREDENTIALS["api_token"],
        CASSETTE_CREDENTIALS["api_secret"],
        base_url=recorded_session.base_url,
    )
    c1 = api.create_call(from_="+15550001000", to="+15550002001")
    c2 = api.create_call(from_="+15550001000", to="+15550002002")
    bridge_id = api.create_bridge(call_ids=[c1, c2], bridge_audio=True)
    my_bridge = api.get_bridge(bridge_id)
    assert isinstance(my_bridge, Bridge)
    assert my_bridge["bridge_audio"] is True
    api.update_bridge(my_bridge["id"], call_ids=[c1, c2], bridge_audio=False)
    assert api.get_bridge(bridge_id)["bridge_audio"] is False
    assert sorted(c["id"] for c in api.get_bridge_calls(bridge_id)) == sorted([c1, c2])
    api.speak_sentence_to_bridge(bridge_id, "Hello")


# -- what the cassettes must never contain ------------------------------------------------------

CASSETTES = sorted((ROOT / "cassettes").rglob("*.yaml"))


def _secrets() -> list[str]:
    token, secret = CASSETTE_CREDENTIALS["api_token"], CASSETTE_CREDENTIALS["api_secret"]
    basic = base64.b64encode(f"{token}:{secret}".encode()).decode()
    return [token, secret, basic]


def test_cassettes_exist_for_every_replayed_test() -> None:
    names = {path.stem for path in CASSETTES}
    assert {
        "test_bridge_lifecycle_replays",
        "test_list_follows_link_pages",
        "test_not_found_replays_as_typed_error",
        "test_seed_client_replays",
    } <= names


@pytest.mark.parametrize("cassette", CASSETTES, ids=[p.name for p in CASSETTES])
def test_cassette_holds_no_credentials(cassette: Path) -> None:
    text = cassette.read_text()
    for secret in _secrets():
        assert secret not in text
    lowered = text.lower()
    assert "basic " not in lowered
    assert "cookie" not in lowered
    assert "authorization:\n      - REDACTED" in text or "authorization" not in lowered
