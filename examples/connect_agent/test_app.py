"""Tests of the connect-agent example, written only with catapult.testing."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import ANY

import pytest

from catapult import BridgeState, CallState, Session
from catapult.testing import (
    VCR_CREDENTIALS,
    EmulatorFixture,
    make_bridge,
    make_call,
    scan_cassettes,
)

from .app import HOLD_MESSAGE, CallerGone, call_back, connect_agent, release

AGENT = "+15557770000"
OUR_NUMBER = "+15550002222"


def test_connect_agent_answers_speaks_dials_and_bridges(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    caller = catapult_emulator.inbound_call(from_="+15551234567", to=OUR_NUMBER)

    bridge = connect_agent(catapult_session, caller.id, AGENT, from_=OUR_NUMBER)

    assert bridge.state is BridgeState.ACTIVE
    assert caller.state == "active"
    catapult_emulator.assert_requests(
        [
            ("POST", f"/calls/{caller.id}", {"state": "active"}),
            ("POST", f"/calls/{caller.id}/audio", {"sentence": HOLD_MESSAGE}),
            ("POST", "/calls", {"from": OUR_NUMBER, "to": AGENT, "tag": f"agent-for:{caller.id}"}),
            ("POST", "/bridges", {"callIds": [caller.id, ANY]}),
        ],
        method="POST",
    )


def test_connect_agent_refuses_a_caller_who_hung_up(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    caller = catapult_emulator.inbound_call().hangup()

    with pytest.raises(CallerGone):
        connect_agent(catapult_session, caller.id, AGENT, from_=OUR_NUMBER)

    assert catapult_emulator.requests(method="POST") == []


@pytest.mark.catapult_emulator(auto_answer=False)
def test_bridge_activates_when_the_agent_picks_up(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    caller = catapult_emulator.inbound_call()
    bridge = connect_agent(catapult_session, caller.id, AGENT, from_=OUR_NUMBER)
    assert bridge.state is BridgeState.CREATED  # the agent's phone rings

    agent_id = next(call_id for call_id in bridge.call_ids or [] if call_id != caller.id)
    catapult_emulator.call(agent_id).answer()

    assert bridge.refresh().state is BridgeState.ACTIVE


def test_release_hangs_up_both_calls(
    catapult_emulator_shared: EmulatorFixture, catapult_session_shared: Session
) -> None:
    caller = catapult_emulator_shared.inbound_call()
    bridge = connect_agent(catapult_session_shared, caller.id, AGENT, from_=OUR_NUMBER)

    release(bridge)

    assert caller.state == "completed"
    assert bridge.refresh().state is BridgeState.COMPLETED


def test_release_skips_calls_that_already_ended(
    catapult_emulator_shared: EmulatorFixture, catapult_session_shared: Session
) -> None:
    caller = catapult_emulator_shared.inbound_call()
    bridge = connect_agent(catapult_session_shared, caller.id, AGENT, from_=OUR_NUMBER)
    caller.hangup()

    release(bridge)

    hangups = catapult_emulator_shared.requests(method="POST", path=f"/calls/{caller.id}")
    assert [entry.json for entry in hangups] == [{"state": "active"}]  # only the answer


def test_factories_stand_in_for_api_objects() -> None:
    call = make_call(state="completed", direction="in")
    bridge = make_bridge(state="completed")
    assert call.is_terminal and call.state is CallState.COMPLETED
    assert bridge.call_ids == []


# -- recorded: replayed from cassettes/ with vcrpy, no emulator needed ------------------------

CASSETTES = Path(__file__).parent / "cassettes"


@pytest.mark.vcr
def test_call_back_bridges_agent_and_customer(catapult_vcr_session: Session) -> None:
    bridge = call_back(catapult_vcr_session, "+15553334444", AGENT, from_=OUR_NUMBER)

    assert bridge.state is BridgeState.ACTIVE
    calls = list(bridge.calls())
    assert sorted(call.tag or "" for call in calls) == ["callback-agent", "callback-customer"]


def test_cassettes_hold_no_credentials_or_user_id() -> None:
    assert list(CASSETTES.rglob("*.yaml")), "record with --record-mode=rewrite first"
    secrets = [VCR_CREDENTIALS["api_token"], VCR_CREDENTIALS["api_secret"]]
    assert scan_cassettes(CASSETTES, secrets=secrets, user_ids=[VCR_CREDENTIALS["user_id"]]) == []
