"""The realistic profile, and the emulator behaviours that used to hide what the real API does
(docs/emulator.md#profiles, one test group per row of the table)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from catapult.emulator import Emulator, running
from catapult.emulator.__main__ import emulator_from, parse_args

from .conftest import ApiClient, error_code


@pytest.fixture
def realistic() -> Iterator[Emulator]:
    # rate limits off: these tests send several requests a second (they have their own test)
    with running(profile="realistic", ring_time=0.2, rate_limits=False) as emulator:
        yield emulator


def _until(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll ``check`` until it returns something truthy (a loaded machine is slow)."""
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)
    return found


# 1. ringing before the far end acts


def test_realistic_outbound_calls_ring_before_the_far_end_answers(realistic: Emulator) -> None:
    api = ApiClient(realistic)
    call_id = api.call(to="+15559990000")
    assert api.get(f"/calls/{call_id}").json()["state"] == "started"
    assert error_code(api.post(f"/calls/{call_id}/audio", {"sentence": "too early"}))[0] == 403
    _until(lambda: api.get(f"/calls/{call_id}").json()["state"] == "active")
    assert realistic.options.ring_time == 0.2


def test_the_far_end_may_not_answer() -> None:
    with running(
        profile="realistic", ring_time=0.05, far_end="no-answer", rate_limits=False
    ) as emu:
        api = ApiClient(emu)
        call_id = api.call()
        _until(lambda: api.get(f"/calls/{call_id}").json()["state"] == "completed")
        names = [e["name"] for e in api.get(f"/calls/{call_id}/events").json()]
        assert names[-2:] == ["timeout", "hangup"]


def test_a_call_hung_up_while_ringing_stays_ended(realistic: Emulator) -> None:
    api = ApiClient(realistic)
    call_id = api.call()
    assert api.post(f"/calls/{call_id}", {"state": "completed"}).status_code == 200
    time.sleep(0.4)  # past the ring time: the far end's answer must not revive the call
    assert api.get(f"/calls/{call_id}").json()["state"] == "completed"


def test_the_default_profile_answers_at_once_and_ring_time_applies_there_too() -> None:
    with running() as emu:
        api = ApiClient(emu)
        assert api.get(f"/calls/{api.call()}").json()["state"] == "active"
    with running(ring_time=0.05) as emu:
        api = ApiClient(emu)
        call_id = api.call()
        _until(lambda: api.get(f"/calls/{call_id}").json()["state"] == "active")


# 2. the account's numbers


def test_realistic_calls_only_from_the_accounts_numbers(realistic: Emulator) -> None:
    api = ApiClient(realistic)
    refused = api.post("/calls", {"from": "+15557770000", "to": "+15559990000"})
    assert error_code(refused) == (401, "number-access-denied")
    assert "+15557770000" in refused.json()["message"]
    assert api.post("/calls", {"from": "+15550001000", "to": "+15559990000"}).status_code == 201
    realistic.set_numbers(["+15557770000"])
    assert api.post("/calls", {"from": "+15557770000", "to": "+1555999"}).status_code == 201
    realistic.reset()
    assert realistic.numbers == frozenset({"+15550001000", "+15550002222"})


def test_the_default_profile_takes_any_number_unless_given_numbers(
    emu: Emulator, api: ApiClient
) -> None:
    assert emu.numbers is None
    assert api.post("/calls", {"from": "+15557770000", "to": "+1555999"}).status_code == 201
    with running(numbers=["+15551112222"]) as owned:
        refused = ApiClient(owned).post("/calls", {"from": "+15557770000", "to": "+1555999"})
        assert error_code(refused) == (401, "number-access-denied")


# 3. rate limits, 4. inbound auto-answer


def test_realistic_has_rate_limits_and_auto_answers_inbound_calls() -> None:
    with running(profile="realistic") as emu:
        api = ApiClient(emu)
        assert emu.options.rate_limits is True
        assert api.get("/bridges").status_code == 200
        assert error_code(api.get("/bridges")) == (429, "rate-limit-reached")
        assert emu.call_state(emu.incoming_call())["state"] == "active"


def test_the_429_code_is_configurable() -> None:
    with running(rate_limits={"code": "too-many-requests"}) as emu:
        api = ApiClient(emu)
        assert api.get("/bridges").status_code == 200
        assert error_code(api.get("/bridges")) == (429, "too-many-requests")


def test_explicit_options_win_over_the_profile() -> None:
    with running(
        profile="realistic", rate_limits=False, callbacks={"auto_answer_incoming": False}
    ) as emu:
        assert emu.options.rate_limits is False
        assert emu.call_state(emu.incoming_call())["state"] == "started"


def test_the_default_profile_leaves_inbound_calls_ringing(emu: Emulator) -> None:
    assert emu.call_state(emu.incoming_call())["state"] == "started"


# 5. terminatingDigits, 6. recordingMaxDuration


def test_an_empty_terminating_digits_is_refused(api: ApiClient) -> None:
    call_id = api.call()
    response = api.post(f"/calls/{call_id}/gather", {"maxDigits": 3, "terminatingDigits": ""})
    assert error_code(response) == (400, "validation-error")
    assert api.post(f"/calls/{call_id}/gather", {"terminatingDigits": "*"}).status_code == 201


def test_a_recording_max_duration_over_the_limit_is_403(api: ApiClient) -> None:
    body = {"from": "+15550001000", "to": "+15559990000", "recordingMaxDuration": 14401}
    assert error_code(api.post("/calls", body)) == (403, "maximum-recording-value-request")
    call_id = api.call()
    update = api.post(f"/calls/{call_id}", {"recordingMaxDuration": 20000})
    assert error_code(update) == (403, "maximum-recording-value-request")
    assert error_code(api.post(f"/calls/{call_id}", {"recordingMaxDuration": 0}))[0] == 400
    assert api.post(f"/calls/{call_id}", {"recordingMaxDuration": 14400}).status_code == 200


# 8. one truth for bridge membership


def test_a_call_removed_from_a_bridge_is_not_listed_as_its_member(api: ApiClient) -> None:
    first, second = api.call(), api.call()
    bridge_id = api.bridge(callIds=[first, second])
    assert api.post(f"/bridges/{bridge_id}", {"callIds": [first]}).status_code == 200
    listed = api.get(f"/bridges/{bridge_id}/calls").json()
    assert [c["id"] for c in listed] == [first]
    assert "bridgeId" not in api.get(f"/calls/{second}").json()
    assert api.get("/calls", params={"bridgeId": bridge_id}).json() == listed
    assert api.post(f"/calls/{first}", {"state": "completed"}).status_code == 200
    ended = api.get(f"/bridges/{bridge_id}/calls").json()
    assert [(c["id"], c["bridgeId"]) for c in ended] == [(first, bridge_id)]


# 9. fromDateTime / toDateTime


def test_calls_are_filtered_by_start_time(api: ApiClient) -> None:
    ids = {api.call(), api.call()}
    now = datetime.now(timezone.utc)
    window = {
        "fromDateTime": (now - timedelta(minutes=5)).isoformat(),
        "toDateTime": (now + timedelta(minutes=5)).isoformat().replace("+00:00", "Z"),
    }
    assert {c["id"] for c in api.get("/calls", params=window).json()} == ids
    assert api.get("/calls", params={"toDateTime": "2012-10-06"}).json() == []
    assert api.get("/calls", params={"fromDateTime": "2012-10-04"}).status_code == 200
    assert len(api.get("/calls", params={"fromDateTime": "2012-10-04"}).json()) == 2
    bad = api.get("/calls", params={"fromDateTime": "yesterday"})
    assert error_code(bad) == (400, "validation-error")


# 10. deliveries in order, no empty callbackUrl


def test_a_call_without_a_callback_url_has_none(api: ApiClient) -> None:
    assert "callbackUrl" not in api.get(f"/calls/{api.call()}").json()
    with_url = api.call(callbackUrl="http://127.0.0.1:9/cb")
    assert api.get(f"/calls/{with_url}").json()["callbackUrl"] == "http://127.0.0.1:9/cb"


def test_deliveries_are_listed_in_event_order(emu: Emulator, api: ApiClient) -> None:
    urls = [f"http://127.0.0.1:9/{n}" for n in range(3)]
    calls = [api.call(callbackUrl=url) for url in urls]
    for call_id in calls:
        api.post(f"/calls/{call_id}", {"state": "completed"})
    emu.wait_for_callbacks()
    sequences = [d.sequence for d in emu.deliveries()]
    assert len(sequences) == 6 and sequences == sorted(sequences)


# the command line


def test_the_command_line_takes_the_profile_ring_time_and_numbers() -> None:
    args = parse_args(
        ["--profile", "realistic", "--ring-time", "0.5", "--numbers", "+15550001000,+15550006666"]
    )
    options = emulator_from(args).options
    assert (options.profile, options.ring_time, options.numbers) == (
        "realistic",
        0.5,
        ("+15550001000", "+15550006666"),
    )
    assert options.rate_limits is True
    assert emulator_from(parse_args([])).options.rate_limits is False
