"""The IVR example, tested end to end through the public testing kit only.

``catapult_app`` serves the IVR on loopback and sends it the inbound calls' callbacks; the
far end of each call is scripted (``press``, ``hangup``); the helpers wait for what the app
did (``wait_for_request``, ``assert_delivered``) without sleeping.
"""

from __future__ import annotations

from unittest.mock import ANY

import pytest

from catapult import Session
from catapult.testing import AppFixture, EmulatorFixture

from .app import GOODBYE, MENU, RETRY, IvrSettings, build_ivr

OUR_NUMBER, SALES, SUPPORT = "+15550002222", "+15550007001", "+15550007002"


@pytest.fixture
def ivr(
    catapult_emulator: EmulatorFixture, catapult_session: Session, catapult_app: AppFixture
) -> IvrSettings:
    """The IVR served for this test; inbound calls' callbacks go to it."""
    settings = IvrSettings(OUR_NUMBER, SALES, SUPPORT, callback_url="")
    server = catapult_app(build_ivr(catapult_session, settings), "/callbacks")
    settings.callback_url = server.url("/callbacks")
    return settings


def _menu_offered(emulator: EmulatorFixture, call_id: str, times: int = 1) -> None:
    path = f"/calls/{call_id}/gather"
    menu = {"prompt": {"sentence": MENU}, "tag": "menu"}
    assert len(emulator.wait_for_requests("POST", path, menu, count=times)) == times


def test_the_ivr_answers_and_offers_the_menu(
    ivr: IvrSettings, catapult_emulator: EmulatorFixture
) -> None:
    caller = catapult_emulator.inbound_call(from_="+15551234567", to=OUR_NUMBER)
    catapult_emulator.assert_delivered("incomingcall", call_id=caller.id)
    _menu_offered(catapult_emulator, caller.id)
    assert caller.state == "active"
    catapult_emulator.assert_requests(
        [
            ("POST", f"/calls/{caller.id}", {"state": "active"}),
            ("POST", f"/calls/{caller.id}/gather", ANY),
        ],
        method="POST",
    )


def test_1_transfers_the_caller_to_sales(
    ivr: IvrSettings, catapult_emulator: EmulatorFixture
) -> None:
    caller = catapult_emulator.inbound_call(to=OUR_NUMBER)
    _menu_offered(catapult_emulator, caller.id)
    caller.press("1")
    catapult_emulator.assert_delivered("gather", call_id=caller.id, status=200)
    catapult_emulator.wait_for_request(
        "POST",
        f"/calls/{caller.id}",
        {"state": "transferring", "transferTo": SALES, "transferCallerId": OUR_NUMBER},
    )
    assert caller.state == "transferring"


def test_2_dials_support_and_bridges_the_two(
    ivr: IvrSettings, catapult_emulator: EmulatorFixture
) -> None:
    caller = catapult_emulator.inbound_call(to=OUR_NUMBER)
    _menu_offered(catapult_emulator, caller.id)
    caller.press("2")
    dialled = catapult_emulator.wait_for_request(
        "POST", "/calls", {"from": OUR_NUMBER, "to": SUPPORT, "callbackUrl": ivr.callback_url}
    )
    bridge = catapult_emulator.wait_for_request("POST", "/bridges", {"callIds": [ANY, caller.id]})
    agent_id = bridge.json["callIds"][0]
    assert dialled.status == 201
    assert catapult_emulator.call(agent_id).snapshot["bridgeId"] == caller.snapshot["bridgeId"]

    caller.hangup()  # the caller leaves: the app hangs up the agent
    catapult_emulator.wait_for_request("POST", f"/calls/{agent_id}", {"state": "completed"})
    catapult_emulator.assert_delivered("hangup", call_id=agent_id)


def test_a_wrong_key_is_retried_then_the_caller_is_let_go(
    ivr: IvrSettings, catapult_emulator: EmulatorFixture
) -> None:
    caller = catapult_emulator.inbound_call(to=OUR_NUMBER)
    _menu_offered(catapult_emulator, caller.id)
    caller.press("9")
    catapult_emulator.wait_for_request("POST", f"/calls/{caller.id}/audio", {"sentence": RETRY})
    _menu_offered(catapult_emulator, caller.id, times=2)
    caller.expire_gather()  # no key this time
    catapult_emulator.wait_for_request("POST", f"/calls/{caller.id}/audio", {"sentence": GOODBYE})
    catapult_emulator.wait_for_request("POST", f"/calls/{caller.id}", {"state": "completed"})
    catapult_emulator.assert_delivered("hangup", call_id=caller.id)


@pytest.mark.catapult_emulator(profile="realistic", ring_time=0.2, rate_limits=False)
def test_support_is_bridged_only_once_the_agent_answers(
    ivr: IvrSettings, catapult_emulator: EmulatorFixture
) -> None:
    # Realistic: the caller is answered by the application (autoAnswer), the agent's phone
    # rings before it answers, and only the account's numbers may place calls.
    caller = catapult_emulator.inbound_call(to=OUR_NUMBER)
    assert caller.state == "active"
    _menu_offered(catapult_emulator, caller.id)
    caller.press("2")
    dialled = catapult_emulator.wait_for_request("POST", "/calls", {"to": SUPPORT})
    assert dialled.status == 201
    catapult_emulator.wait_for_request("POST", "/bridges", {"callIds": [ANY, caller.id]})
    assert catapult_emulator.requests("POST", "/bridges")[0].status == 201
