"""The testing kit (catapult.testing): fixtures, markers, request-log assertions, call scripts,
model factories, the vcr preset and strict validation against real emulator answers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timezone
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
import requests
from vcr.request import Request as VcrRequest

from catapult import (
    Bridge,
    BridgeState,
    Call,
    CallDirection,
    CallState,
    CatapultError,
    Client,
    InvalidArgumentError,
    ResponseValidationError,
    Session,
)
from catapult.emulator import ApiFault
from catapult.testing import (
    CANONICAL_HOST,
    REDACTED_USER_ID,
    CallScript,
    EmulatorFixture,
    assert_requests,
    catapult_vcr_config,
    make_bridge,
    make_call,
    make_member,
    scan_cassettes,
)

# -- catapult_emulator ---------------------------------------------------------------------------


def test_emulator_fixture_is_running_on_a_free_loopback_port(
    catapult_emulator: EmulatorFixture,
) -> None:
    assert isinstance(catapult_emulator, EmulatorFixture)
    assert catapult_emulator.host == "127.0.0.1"
    assert catapult_emulator.port > 0
    health = requests.get(f"{catapult_emulator.url}/_emulator/health", timeout=5)
    assert health.json()["status"] == "ok"


def test_each_test_gets_a_fresh_emulator_that_is_stopped_afterwards(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import requests, pytest
        seen = {}

        def test_first(catapult_emulator, catapult_session):
            catapult_session.bridges.create()
            catapult_emulator.inject_fault(path="/calls", times=None)
            seen["first"] = catapult_emulator

        def test_second(catapult_emulator, catapult_session):
            first = seen["first"]
            assert first is not catapult_emulator
            with pytest.raises(RuntimeError):
                first.port  # stopped
            assert catapult_emulator.requests() == []
            assert list(catapult_session.bridges.list()) == []
            catapult_session.calls.create(from_="+15550001000", to="+15550002000")
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


@pytest.mark.catapult_emulator(auto_answer=False)
def test_marker_sets_emulator_options(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    call = catapult_session.calls.create(from_="+15550001000", to="+15550002000")
    assert call.state is CallState.STARTED  # still ringing: not auto-answered


@pytest.mark.parametrize(
    "catapult_emulator",
    [{"rate_limits": {"requests_per_window": 1, "window_ms": 60_000}}],
    indirect=True,
)
@pytest.mark.catapult_session(max_retries=0)
def test_indirect_parameter_sets_emulator_options(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    catapult_session.bridges.create_id()
    with pytest.raises(CatapultError) as info:
        catapult_session.bridges.create_id()
    assert getattr(info.value, "status_code", None) == 429


def test_unknown_emulator_option_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.catapult_emulator(auto_anwser=False)
        def test_typo(catapult_emulator):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown catapult emulator option(s) auto_anwser*"])


def test_markers_and_options_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["*catapult_emulator(*", "*catapult_session(*"])
    assert "--catapult-strict" in pytester.runpytest("--help").stdout.str()


# -- catapult_emulator_shared --------------------------------------------------------------------


def test_shared_emulator_is_reused_and_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        seen = []

        def test_dirty_everything(catapult_emulator_shared, catapult_session_shared):
            seen.append(catapult_emulator_shared)
            catapult_session_shared.bridges.create()
            catapult_emulator_shared.inbound_call()
            catapult_emulator_shared.inject_fault(path="/bridges", times=None)

        def test_sees_clean_state(catapult_emulator_shared, catapult_session_shared):
            assert catapult_emulator_shared is seen[0]
            assert catapult_emulator_shared.requests() == []
            assert list(catapult_session_shared.bridges.list()) == []
            assert list(catapult_session_shared.calls.list()) == []
            catapult_session_shared.bridges.create()  # the fault is gone

        @pytest.mark.catapult_emulator(auto_answer=False)
        def test_other_options_get_their_own(catapult_emulator_shared):
            assert catapult_emulator_shared is not seen[0]
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


@pytest.mark.parametrize("catapult_emulator_shared", [{"auto_answer": False}], indirect=True)
def test_shared_emulator_takes_an_indirect_parameter(
    catapult_emulator_shared: EmulatorFixture, catapult_session_shared: Session
) -> None:
    call = catapult_session_shared.calls.create(from_="+15550001000", to="+15550002000")
    assert call.state is CallState.STARTED


def test_shared_session_is_bound_to_the_shared_emulator(
    catapult_emulator_shared: EmulatorFixture, catapult_session_shared: Session
) -> None:
    assert catapult_session_shared.base_url == catapult_emulator_shared.base_url
    bridge_id = catapult_session_shared.bridges.create_id()
    assert catapult_emulator_shared.bridge_state(bridge_id)["id"] == bridge_id


# -- catapult_session / catapult_client ----------------------------------------------------------


def test_session_is_bound_to_the_emulator_and_strict(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    assert catapult_session.base_url == catapult_emulator.base_url
    assert catapult_session.user_id == catapult_emulator.user_id
    assert catapult_session.strict is True
    assert catapult_session.bridges.create().state is BridgeState.CREATED


def test_session_retries_without_sleeping(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    # The server asks for 15 s before each retry: sleeping would take 30 s at least.
    catapult_emulator.inject_fault(
        method="GET", path="/bridges", status=503, times=2, headers={"Retry-After": "15"}
    )
    started = time.monotonic()
    assert list(catapult_session.bridges.list()) == []
    assert time.monotonic() - started < 30
    assert [r.status for r in catapult_emulator.requests()] == [503, 503, 200]


@pytest.mark.catapult_session(strict=False)
def test_session_marker_sets_session_options(catapult_session: Session) -> None:
    assert catapult_session.strict is False


@pytest.mark.parametrize(
    ("args", "ini", "strict"),
    [
        ((), "", True),
        (("--catapult-tolerant",), "", False),
        ((), "catapult_strict = false", False),
        (("--catapult-strict",), "catapult_strict = false", True),
    ],
)
def test_strictness_follows_options_then_ini(
    pytester: pytest.Pytester, args: tuple[str, ...], ini: str, strict: bool
) -> None:
    pytester.makeini(f"[pytest]\nasyncio_default_fixture_loop_scope = function\n{ini}\n")
    pytester.makepyfile(
        f"""
        def test_strictness(catapult_session):
            assert catapult_session.strict is {strict}
        """
    )
    pytester.runpytest(*args).assert_outcomes(passed=1)


def test_session_is_closed_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from catapult import APIConnectionError, CatapultError
        kept = []

        def test_keep(catapult_session):
            kept.append(catapult_session)

        def test_closed():
            with pytest.raises(CatapultError):
                kept[0].bridges.create_id()
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_client_fixture_is_the_seed_client(
    catapult_emulator: EmulatorFixture, catapult_client: Client
) -> None:
    bridge_id = catapult_client.create_bridge()
    assert catapult_client.get_bridge(bridge_id)["id"] == bridge_id
    assert catapult_emulator.requests(method="POST", path="/bridges")[0].json == {}


# -- request log assertions ----------------------------------------------------------------------


def test_assert_requests_accepts_strings_tuples_wildcards_and_any(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    call = catapult_session.calls.create(from_="+15550001000", to="+15550002000")
    catapult_session.bridges.create(call_ids=[call.id], bridge_audio=False)
    catapult_emulator.assert_requests(
        [
            "POST /calls",
            ("GET", f"/calls/{call.id}"),
            ("POST", "/bridges", {"callIds": [call.id], "bridgeAudio": ANY}),
            ("get", "/bridges/*"),
        ]
    )
    catapult_emulator.assert_requests([("POST", "/calls"), "POST /bridges"], method="POST")
    catapult_emulator.assert_requests(["POST /bridges", "GET /bridges/*"], path_prefix="/bridges")


def test_assert_requests_failure_shows_a_diff(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    catapult_session.bridges.create_id(bridge_audio=False)
    catapult_session.bridges.list()  # lazy: sends nothing
    with pytest.raises(AssertionError) as info:
        catapult_emulator.assert_requests(
            [("POST", "/bridges", {"bridgeAudio": True}), "GET /bridges"]
        )
    message = str(info.value)
    assert "the app sent 1 request(s), 2 expected" in message
    assert '-POST /bridges {"bridgeAudio": true}' in message
    assert '+POST /bridges {"bridgeAudio": false}' in message
    assert "-GET /bridges" in message


def test_assert_requests_reports_unexpected_extra_requests(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    catapult_session.bridges.create()
    with pytest.raises(AssertionError, match=r"\+GET /bridges/brg-"):
        catapult_emulator.assert_requests(["POST /bridges"])


def test_assert_requests_rejects_malformed_expectations() -> None:
    with pytest.raises(TypeError):
        assert_requests([], [("POST",)])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"expected request 42 is not \(method, path\)"):
        assert_requests([], [42])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"expected request \(1, '/bridges'\) is not"):
        assert_requests([], [(1, "/bridges")])  # type: ignore[list-item]


def test_assert_requests_refuses_one_request_not_in_a_list(
    catapult_emulator: EmulatorFixture,
) -> None:
    # A lone string would otherwise be read one character per expected request.
    with pytest.raises(TypeError, match=r"expected must be a list of requests, not str"):
        catapult_emulator.assert_requests("POST /bridges")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not set"):
        assert_requests([], {"POST /bridges"})  # type: ignore[arg-type]


def test_bodies_lists_json_bodies_in_order(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    catapult_session.bridges.create_id(bridge_audio=True)
    catapult_session.bridges.create_id()
    assert catapult_emulator.bodies("POST", "/bridges") == [{"bridgeAudio": True}, {}]


# -- scripted call flows -------------------------------------------------------------------------


def test_inbound_call_rings_until_answered(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    script = catapult_emulator.inbound_call(from_="+15551112222", to="+15553334444")
    assert isinstance(script, CallScript)
    call = catapult_session.calls.get(script.id)
    assert call.direction is CallDirection.IN
    assert (call.from_, call.to, call.state) == ("+15551112222", "+15553334444", CallState.STARTED)
    assert script.answer().state == "active"
    assert script.snapshot["activeTime"]
    assert script.hangup().state == "completed"


def test_far_end_hangup_and_no_answer(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    assert catapult_emulator.inbound_call().hangup().state == "completed"
    ringing = catapult_emulator.inbound_call()
    assert ringing.no_answer().state == "completed"
    events = [e.name for e in catapult_session.calls.get(ringing.id).events()]
    assert "timeout" in events


def test_press_digits_feeds_a_gather(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    call = catapult_emulator.inbound_call().answer()
    gather = catapult_session.calls.get(call.id).gather(max_digits=4)
    call.press("12")
    assert gather.refresh().digits == "12"
    call.expire_gather()
    gather.refresh()
    assert (gather.state, gather.reason) == ("completed", "inter-digit-timeout")


def test_complete_recording_closes_the_recording(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    call = catapult_session.calls.create(
        from_="+15550001000", to="+15550002000", recording_enabled=True
    )
    catapult_emulator.call(call.id).complete_recording()
    recordings = list(call.recordings())
    assert recordings and recordings[0].state == "complete"


def test_call_script_for_an_outbound_call(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    call = catapult_session.calls.create(from_="+15550001000", to="+15550002000")
    script = catapult_emulator.call(call.id)
    assert repr(script) == f"<CallScript {call.id}>"
    script.hangup()
    assert call.refresh().is_terminal


def test_scripting_an_unknown_call_fails_at_once(catapult_emulator: EmulatorFixture) -> None:
    with pytest.raises(ApiFault):
        catapult_emulator.call("c-doesnotexist")
    with pytest.raises(ApiFault):
        catapult_emulator.inbound_call().hangup().answer()


# -- model factories -----------------------------------------------------------------------------


def test_make_bridge_defaults_are_valid_and_realistic() -> None:
    bridge = make_bridge()
    assert isinstance(bridge, Bridge)
    assert bridge.id.startswith("brg-") and bridge.state is BridgeState.ACTIVE
    assert bridge.bridge_audio is True
    assert bridge.call_ids is not None and len(bridge.call_ids) == 2
    assert bridge.created_time is not None and bridge.created_time.tzinfo is timezone.utc
    assert bridge.activated_time is not None and bridge.completed_time is None
    assert (
        bridge.calls_url
        == f"{bridge.calls_url.split('/users/')[0]}/users/u-factory/bridges/{bridge.id}/calls"
    )
    assert make_bridge().id != bridge.id


@pytest.mark.parametrize(
    ("state", "audio", "calls", "activated", "completed"),
    [
        ("created", True, 0, False, False),
        ("hold", False, 2, True, False),
        ("completed", True, 0, True, True),
    ],
)
def test_make_bridge_defaults_follow_the_state(
    state: str, audio: bool, calls: int, activated: bool, completed: bool
) -> None:
    bridge = make_bridge(state=state)
    assert bridge.state == state
    assert bridge.bridge_audio is audio
    assert len(bridge.call_ids or []) == calls
    assert (bridge.activated_time is not None) is activated
    assert (bridge.completed_time is not None) is completed


def test_make_call_defaults_and_overrides() -> None:
    call = make_call()
    assert isinstance(call, Call) and call.id.startswith("c-")
    assert (call.state, call.direction) == (CallState.ACTIVE, CallDirection.OUT)
    assert call.active_time is not None and call.end_time is None
    assert (
        call.events_url
        == f"https://api.catapult.inetwork.com/v1/users/u-factory/calls/{call.id}/events"
    )
    ringing = make_call(state="started", direction="in", from_="+15559998888", tag="vip")
    assert ringing.active_time is None and ringing.from_ == "+15559998888"
    assert ringing["from"] == "+15559998888" and ringing.tag == "vip"
    done = make_call(state="completed", bridge_id="brg-abc")
    assert done.is_terminal and done.end_time is not None and done.chargeable_duration == 60
    assert done.bridge_url is not None and done.bridge_url.endswith("/bridges/brg-abc")
    assert make_call(id="c-fixed").id == "c-fixed"


def test_factories_reject_unknown_fields() -> None:
    with pytest.raises(TypeError, match="bridgeAudio"):
        make_bridge(bridgeAudio=False)
    with pytest.raises(TypeError, match="colour"):
        make_call(colour="red")


def test_factories_refuse_bad_values_and_sessions_with_our_error() -> None:
    with pytest.raises(InvalidArgumentError, match=r"Call\.state: Input should be"):
        make_call(state=5)
    with pytest.raises(InvalidArgumentError, match=r"Call\.from_: Input should be a valid string"):
        make_call(from_=5)
    with pytest.raises(InvalidArgumentError, match=r"session must be a Session.*got str"):
        make_bridge(session="not a session")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"session must be a Session.*got int"):
        make_member(conference_id="conf-1", session=42)  # type: ignore[arg-type]


def test_factories_bind_to_a_session(catapult_session: Session) -> None:
    bridge = make_bridge(session=catapult_session, state="created")
    assert bridge.session is catapult_session
    assert bridge.calls_url is not None
    assert bridge.calls_url.startswith(catapult_session.user_url)
    call = make_call(session=catapult_session)
    assert call.session is catapult_session
    with pytest.raises(CatapultError, match="not bound"):
        _ = make_call().session


def test_bound_factory_model_acts_through_the_session(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    real_id = catapult_session.bridges.create_id()
    bridge = make_bridge(session=catapult_session, id=real_id, state="active")
    assert bridge.refresh().state is BridgeState.CREATED  # the emulator's truth replaced ours


# -- strict response validation against real emulator answers ------------------------------------


def _serve(emulator: EmulatorFixture, path: str, body: Any) -> None:
    emulator.inject_fault(method="GET", path=path, status=200, body=body, times=None)


def test_strict_session_names_an_unknown_field(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    _serve(catapult_emulator, "/bridges/*", {"id": "brg-x", "state": "active", "recordingId": 7})
    with pytest.raises(ResponseValidationError) as info:
        catapult_session.bridges.get("brg-x")
    assert "unknown field 'recordingId'" in str(info.value)
    assert info.value.status_code == 200


def test_strict_session_names_an_unknown_enum_value(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    _serve(catapult_emulator, "/calls/*", {"id": "c-x", "state": "parked"})
    with pytest.raises(ResponseValidationError) as info:
        catapult_session.calls.get("c-x")
    message = str(info.value)
    assert "Call.state" in message and "'parked'" in message and "CallState" in message


def test_strict_session_checks_every_item_of_a_list(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    _serve(catapult_emulator, "/bridges", [{"id": "brg-a"}, {"id": "brg-b", "state": "merged"}])
    with pytest.raises(ResponseValidationError, match="'merged'"):
        list(catapult_session.bridges.list())


def test_default_session_stays_tolerant_of_the_same_answers(
    catapult_emulator: EmulatorFixture,
) -> None:
    _serve(catapult_emulator, "/bridges/*", {"id": "brg-x", "state": "merged", "recordingId": 7})
    with Session(
        catapult_emulator.user_id,
        catapult_emulator.api_token,
        catapult_emulator.api_secret,
        base_url=catapult_emulator.base_url,
    ) as session:
        bridge = session.bridges.get("brg-x")
    assert bridge.state == "merged" and bridge.state is not None and not bridge.state.is_known
    assert bridge.model_extra == {"recordingId": 7}


def test_strict_session_accepts_what_the_emulator_really_serves(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    caller = catapult_emulator.inbound_call().answer()
    agent = catapult_session.calls.create(from_="+15550001000", to="+15550002000")
    bridge = catapult_session.calls.get(caller.id).bridge_with(agent)
    bridge.speak("Hello")
    assert [c.id for c in bridge.calls()] == [caller.id, agent.id]


# -- the vcr preset ------------------------------------------------------------------------------


def _vcr_request(uri: str, body: bytes | None = None) -> VcrRequest:
    return VcrRequest("POST", uri, body, {"Content-Type": "application/json"})


def test_vcr_config_shape_without_ci() -> None:
    config = catapult_vcr_config(environ={})
    assert "record_mode" not in config  # it would override --record-mode
    assert config["filter_headers"] == [("authorization", "REDACTED"), ("cookie", None)]
    assert config["match_on"] == ["method", "scheme", "host", "port", "path", "query", "body"]
    assert config["decode_compressed_response"] is True


def test_vcr_config_replays_only_under_ci() -> None:
    assert catapult_vcr_config(environ={"CI": "true"})["record_mode"] == "none"


def test_vcr_request_hook_scrubs_user_host_and_secrets() -> None:
    config = catapult_vcr_config(
        environ={
            "CATAPULT_USER_ID": "u-secretuser",
            "CATAPULT_API_TOKEN": "tok-123456",
            "CATAPULT_API_SECRET": "sec-456789",
        }
    )
    hook = config["before_record_request"]
    request = hook(
        _vcr_request(
            "http://127.0.0.1:5123/v1/users/u-secretuser/bridges?token=tok-123456",
            b'{"tag": "u-secretuser sec-456789"}',
        )
    )
    assert (
        request.uri == f"http://{CANONICAL_HOST}/v1/users/{REDACTED_USER_ID}/bridges?token=REDACTED"
    )
    assert request.body == b'{"tag": "u-REDACTED REDACTED"}'
    remote = hook(_vcr_request("https://api.catapult.inetwork.com/v1/users/u-other/calls/c-1"))
    assert remote.uri == "https://api.catapult.inetwork.com/v1/users/u-REDACTED/calls/c-1"


def test_vcr_response_hook_scrubs_headers_and_body() -> None:
    hook = catapult_vcr_config(
        user_id="u-me", api_token="token-1", api_secret="secret-1", environ={}
    )["before_record_response"]
    body = b'{"calls":"http://127.0.0.1:4000/v1/users/u-me/bridges/brg-1/calls"}'
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {
            "Set-Cookie": ["session=abc"],
            "Date": ["Fri, 27 Nov 2026 23:07:26 GMT"],
            "Content-Length": [str(len(body))],
            "Link": ['<http://127.0.0.1:4000/v1/users/u-me/bridges?page=1&size=2>; rel="next"'],
            "Location": ["http://localhost:4000/v1/users/u-me/bridges/brg-1"],
        },
        "body": {"string": body},
    }
    scrubbed = hook(response)
    headers = scrubbed["headers"]
    assert "Set-Cookie" not in headers and "Date" not in headers
    assert headers["Link"] == ['</v1/users/u-REDACTED/bridges?page=1&size=2>; rel="next"']
    assert headers["Location"] == ["/v1/users/u-REDACTED/bridges/brg-1"]
    expected = b'{"calls":"http://emulator.invalid/v1/users/u-REDACTED/bridges/brg-1/calls"}'
    assert scrubbed["body"]["string"] == expected
    assert headers["Content-Length"] == [str(len(expected))]


def test_vcr_response_hook_leaves_binary_bodies_alone() -> None:
    hook = catapult_vcr_config(environ={})["before_record_response"]
    response = {"headers": {}, "body": {"string": b"\xff\xfe audio"}}
    assert hook(response)["body"]["string"] == b"\xff\xfe audio"


def test_vcr_config_fixture_is_the_preset(catapult_vcr_config: dict[str, Any]) -> None:
    assert catapult_vcr_config["match_on"][-1] == "body"
    assert ("authorization", "REDACTED") in catapult_vcr_config["filter_headers"]


VCR_TEST = """
import pytest
from catapult import BridgeState

@pytest.fixture(scope="module")
def vcr_config(catapult_vcr_config):
    return catapult_vcr_config

@pytest.mark.vcr
def test_paged_flow(catapult_vcr_session):
    created = {catapult_vcr_session.bridges.create_id() for _ in range(5)}
    assert {b.id for b in catapult_vcr_session.bridges.list(size=2)} == created
    call = catapult_vcr_session.calls.create(from_="+15550001000", to="+15550002000")
    other = catapult_vcr_session.calls.create(from_="+15550001000", to="+15550002001")
    bridge = call.bridge_with(other)
    assert bridge.refresh().state is BridgeState.ACTIVE
"""


ASYNC_VCR_TEST = """
import pytest
from catapult import BridgeState

@pytest.fixture(scope="module")
def vcr_config(catapult_vcr_config):
    return catapult_vcr_config

@pytest.mark.vcr
@pytest.mark.asyncio
async def test_paged_flow(catapult_async_vcr_session):
    session = catapult_async_vcr_session
    created = {await session.bridges.create_id() for _ in range(5)}
    assert {b.id async for b in session.bridges.list(size=2)} == created
    call = await session.calls.create(from_="+15550001000", to="+15550002000")
    other = await session.calls.create(from_="+15550001000", to="+15550002001")
    bridge = await call.bridge_with_async(other)
    assert (await bridge.refresh_async()).state is BridgeState.ACTIVE
"""


@pytest.mark.parametrize("flow", [VCR_TEST, ASYNC_VCR_TEST], ids=["requests", "httpx"])
def test_vcr_sessions_record_against_the_emulator_then_replay_offline(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, flow: str
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(test_flow=flow)
    pytester.runpytest("--record-mode=rewrite").assert_outcomes(passed=1)
    cassette = pytester.path / "cassettes" / "test_flow" / "test_paged_flow.yaml"
    text = cassette.read_text()
    assert "page=1" in text and "u-REDACTED" in text and "127.0.0.1" not in text
    assert "Authorization" not in text or "REDACTED" in text
    assert scan_cassettes(cassette, secrets=["recording-token", "recording-secret"]) == []

    pytester.runpytest("--block-network").assert_outcomes(passed=1)
    monkeypatch.setenv("CI", "1")  # CI never records, even when asked to
    pytester.runpytest("--record-mode=rewrite", "--block-network").assert_outcomes(passed=1)
    assert cassette.read_text() == text
    pytester.makepyfile(test_flow=flow.replace('"+15550002001"', '"+15550002009"'))
    result = pytester.runpytest("--block-network")
    result.assert_outcomes(failed=1)  # a request the cassette lacks reaches no server
    result.stdout.fnmatch_lines(["*CannotOverwriteExistingCassetteException*"])


def test_vcr_replay_fails_on_a_request_the_cassette_lacks(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(test_flow=VCR_TEST)
    pytester.runpytest("--record-mode=rewrite").assert_outcomes(passed=1)
    pytester.makepyfile(test_flow=VCR_TEST.replace('"+15550002001"', '"+15550002009"'))
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*CannotOverwriteExistingCassetteException*"])


# -- the cassette scanner ------------------------------------------------------------------------


def test_scan_cassettes_finds_every_kind_of_leak(tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    clean.write_text("uri: http://emulator.invalid/v1/users/u-REDACTED/bridges\n")
    assert scan_cassettes(tmp_path, secrets=["tok"], user_ids=["u-me"]) == []
    (tmp_path / "leaky.yaml").write_text(
        "uri: http://x/v1/users/u-me/bridges\n"
        "authorization: Basic dG9rOnNlYw==\n"
        "Cookie: a=b\n"
        "body: tok\n"
    )
    problems = scan_cassettes(tmp_path, secrets=["tok"], user_ids=["u-me"])
    joined = "\n".join(problems)
    assert all("leaky.yaml" in problem for problem in problems)
    for fragment in ("tok...", "u-m...", "Basic", "Cookie", "users/u-me"):
        assert fragment in joined


def test_committed_cassettes_hold_no_secrets_or_user_ids() -> None:
    root = Path(__file__).resolve().parent.parent
    example = root / "examples" / "connect_agent" / "cassettes"
    assert list(example.rglob("*.yaml"))
    assert scan_cassettes(example, secrets=["recording-token", "recording-secret"]) == []


# -- imports -------------------------------------------------------------------------------------


def test_import_catapult_does_not_import_the_kit_and_the_kit_does_not_import_vcr() -> None:
    code = (
        "import sys, catapult\n"
        "assert 'catapult.testing' not in sys.modules\n"
        "import catapult.testing\n"
        "assert 'vcr' not in sys.modules and 'pytest_recording' not in sys.modules\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
