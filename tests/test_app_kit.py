"""Serving the app under test (WSGI and ASGI), waiting for what it did, and the marker options."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catapult import InvalidArgumentError, Session
from catapult.events import AnswerEvent, GatherEvent, IncomingCallEvent
from catapult.router import EventRouter
from catapult.testing import EMULATOR_OPTIONS, AppServer, EmulatorFixture


def _router(session: Session) -> EventRouter:
    router = EventRouter(session)

    @router.on(IncomingCallEvent)
    def pick_up(event: IncomingCallEvent) -> None:
        event.call().answer()

    @router.on(AnswerEvent)
    def ask(event: AnswerEvent) -> None:
        event.call().gather(max_digits=1)

    @router.on(GatherEvent)
    def dial(event: GatherEvent) -> None:
        session.calls.create(from_="+15550002222", to=f"+1555000000{event.digits}")

    return router


def test_a_wsgi_app_answers_gathers_and_dials(
    catapult_emulator: EmulatorFixture, catapult_session: Session, catapult_app: Any
) -> None:
    catapult_app(_router(catapult_session).wsgi_app, "/callbacks")
    caller = catapult_emulator.inbound_call(from_="+15551234567")
    catapult_emulator.assert_delivered("answer", call_id=caller.id)
    catapult_emulator.wait_for_request("POST", f"/calls/{caller.id}/gather")
    caller.press("7")
    catapult_emulator.assert_delivered("gather", call_id=caller.id, status=200)
    created = catapult_emulator.wait_for_request("POST", "/calls", {"to": "+15550000007"})
    assert created.status == 201


async def _asgi_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A bare ASGI app: counts lifespan phases, echoes each callback's event type."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            kind = message["type"].rsplit(".", 1)[-1]
            scope["state"].setdefault("phases", []).append(kind)
            LIFESPAN.append(kind)
            await send({"type": f"lifespan.{kind}.complete"})
            if kind == "shutdown":
                return
    message = await receive()
    event = json.loads(message["body"])["eventType"]
    status = 500 if event == "answer" else 200
    await send({"type": "http.response.start", "status": status, "headers": [(b"x-e", b"1")]})
    await send({"type": "http.response.body", "body": event.encode()})


LIFESPAN: list[str] = []


def test_an_asgi_app_is_served_with_its_lifespan(catapult_emulator: EmulatorFixture) -> None:
    LIFESPAN.clear()
    with AppServer(_asgi_app) as app:
        assert LIFESPAN == ["startup"]
        caller = catapult_emulator.inbound_call(callback_url=app.url("/events"), auto_answer=True)
        catapult_emulator.assert_delivered("incomingcall", call_id=caller.id)
        assert catapult_emulator.assert_delivered("answer", status=500).status == 500
    assert LIFESPAN == ["startup", "shutdown"]


def test_a_failed_wait_lists_what_happened_and_the_apps_traceback(
    catapult_emulator: EmulatorFixture, catapult_app: Any
) -> None:
    def broken(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        raise RuntimeError("boom in the handler")

    catapult_app(broken)
    caller = catapult_emulator.inbound_call()
    with pytest.raises(AssertionError) as failed:
        catapult_emulator.assert_delivered("incomingcall", call_id=caller.id, timeout=10)
    message = str(failed.value)
    assert "'incomingcall' callback for call" in message and "was answered 500" in message
    assert f"incomingcall (call {caller.id}) -> 500" in message
    assert "RuntimeError: boom in the handler" in message
    with pytest.raises(AssertionError) as missing:
        catapult_emulator.wait_for_request("POST", "/calls", {"to": "+1555"}, timeout=0.1)
    assert "did not send POST /calls with {'to': '+1555'}" in str(missing.value)
    assert "(no API request at all)" in str(missing.value)


def test_assert_delivered_refuses_an_event_type_no_callback_has_at_once(
    catapult_emulator: EmulatorFixture,
) -> None:
    catapult_emulator.inbound_call()
    # The refusal comes at once, not after the timeout.
    with pytest.raises(InvalidArgumentError, match=r"'anwser' \(did you mean 'answer'\?\)"):
        catapult_emulator.assert_delivered("anwser", timeout=5)
    with pytest.raises(InvalidArgumentError, match=r"'zzz' \(known: 'answer', "):
        catapult_emulator.assert_delivered("zzz", timeout=5)


def test_helpers_hide_their_frames() -> None:
    for helper in (
        EmulatorFixture.assert_delivered,
        EmulatorFixture.wait_for_request,
        EmulatorFixture.assert_requests,
    ):
        assert "__tracebackhide__" in helper.__code__.co_varnames


@pytest.mark.catapult_emulator(auto_answer_incoming=True, retries=2, auto_answer=False)
def test_the_marker_takes_emulator_and_callback_options(
    catapult_emulator: EmulatorFixture,
) -> None:
    assert catapult_emulator.callback_options.auto_answer_incoming is True
    assert catapult_emulator.callback_options.retries == 2
    assert catapult_emulator.options.auto_answer is False
    assert catapult_emulator.inbound_call().state == "active"


def test_every_option_is_known_to_the_marker() -> None:
    import dataclasses

    from catapult.emulator import CallbackOptions, EmulatorOptions

    for options in (EmulatorOptions, CallbackOptions):
        assert {f.name for f in dataclasses.fields(options)} <= EMULATOR_OPTIONS


def test_catapult_environ_points_from_env_at_the_emulator(
    catapult_emulator: EmulatorFixture, catapult_environ: dict[str, str]
) -> None:
    with Session.from_env() as session:
        session.bridges.create()
    assert catapult_environ["CATAPULT_BASE_URL"] == catapult_emulator.base_url
    assert len(catapult_emulator.requests("POST", "/bridges")) == 1


SHARED_APP_TESTS = """
import pytest
import urllib3

SERVED = []


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_serves_on_the_shared_emulator(catapult_emulator_shared, catapult_app_shared):
    server = catapult_app_shared(app, "/callbacks")
    SERVED.append(server.url("/callbacks"))
    caller = catapult_emulator_shared.inbound_call()
    catapult_emulator_shared.assert_delivered("incomingcall", call_id=caller.id, status=200)


def test_the_next_test_finds_it_stopped_and_the_emulator_reset(
    catapult_emulator_shared, catapult_environ_shared
):
    assert catapult_environ_shared["CATAPULT_BASE_URL"] == catapult_emulator_shared.base_url
    assert catapult_emulator_shared.configure_callbacks().incoming_call_url is None
    with pytest.raises(urllib3.exceptions.MaxRetryError):
        urllib3.request("POST", SERVED[0], retries=0, timeout=5)
"""


def test_apps_on_the_shared_emulator_stop_with_their_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SHARED_APP_TESTS)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
