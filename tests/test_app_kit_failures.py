"""The kit's failure messages show an EventRouter's handler failures (logged by the router,
answered 500) next to the deliveries; ``wait_for_requests`` waits for a number of requests."""

from __future__ import annotations

import logging

import pytest

from catapult import InvalidArgumentError, Session
from catapult.events import AnswerEvent, IncomingCallEvent
from catapult.router import EventRouter
from catapult.testing import AppFixture, EmulatorFixture


def _failing_router(session: Session) -> EventRouter:
    router = EventRouter(session)

    @router.on(IncomingCallEvent)
    def on_incoming(event: IncomingCallEvent) -> None:
        raise RuntimeError("boom in the router's handler")

    return router


def test_a_routers_handler_failure_shows_in_both_helpers_messages(
    catapult_emulator: EmulatorFixture, catapult_session: Session, catapult_app: AppFixture
) -> None:
    catapult_app(_failing_router(catapult_session), "/cb")  # the router itself: its wsgi_app
    caller = catapult_emulator.inbound_call()
    with pytest.raises(AssertionError) as answered:
        catapult_emulator.assert_delivered("incomingcall", call_id=caller.id, timeout=10)
    with pytest.raises(AssertionError) as missing:
        catapult_emulator.wait_for_request("POST", f"/calls/{caller.id}/gather", timeout=0.1)
    for message in (str(answered.value), str(missing.value)):
        assert f"#1 incomingcall (call {caller.id}) -> 500" in message
        assert "the app raised:" in message
        assert f"handler for incomingcall event (call {caller.id}) failed" in message
        assert "RuntimeError: boom in the router's handler" in message
        assert "in on_incoming" in message
    [error] = catapult_emulator.app_errors()
    assert error.startswith("catapult.router: handler for incomingcall event")


def test_an_async_routers_handler_failure_is_kept_too(
    catapult_emulator: EmulatorFixture, catapult_app: AppFixture
) -> None:
    router = EventRouter()

    @router.on(IncomingCallEvent)
    async def on_incoming(event: IncomingCallEvent) -> None:
        raise RuntimeError("boom in an async handler")

    catapult_app(router.asgi_app, "/cb")
    caller = catapult_emulator.inbound_call()
    catapult_emulator.assert_delivered("incomingcall", call_id=caller.id, status=500)
    [error] = catapult_emulator.app_errors()
    assert "RuntimeError: boom in an async handler" in error


def test_router_failures_outside_the_served_apps_are_not_theirs(
    catapult_emulator: EmulatorFixture, catapult_app: AppFixture
) -> None:
    catapult_app(_failing_router(Session("u", "t", "s")), "/cb")
    logging.getLogger("catapult.router").error("logged by a thread that is not the app's")
    answered = _failing_router(Session("u", "t", "s")).handle(
        method="POST", body=b'{"eventType": "incomingcall", "callId": "c-1"}'
    )
    assert answered.status == 500  # the router's own answer is unchanged
    assert catapult_emulator.app_errors() == []


def test_wait_for_requests_waits_for_the_count(
    catapult_emulator: EmulatorFixture, catapult_session: Session, catapult_app: AppFixture
) -> None:
    router = EventRouter(catapult_session)

    @router.on(AnswerEvent)
    def ask_twice(event: AnswerEvent) -> None:
        event.call().gather(max_digits=1, tag="first")
        event.call().gather(max_digits=1, tag="second")

    catapult_app(router, "/cb")
    caller = catapult_emulator.inbound_call(auto_answer=True)
    path = f"/calls/{caller.id}/gather"
    both = catapult_emulator.wait_for_requests("POST", path, count=2, timeout=10)
    assert [entry.json["tag"] for entry in both] == ["first", "second"]
    with pytest.raises(AssertionError, match=r"gather 3 times \(only 2\) within 0.1 s"):
        catapult_emulator.wait_for_requests("POST", path, count=3, timeout=0.1)
    for count in (0, True, 1.5):
        with pytest.raises(InvalidArgumentError, match="count must be a positive int"):
            catapult_emulator.wait_for_requests("POST", path, count=count)  # type: ignore[arg-type]
