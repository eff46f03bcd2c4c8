"""The app fixtures' end of test: in-flight callbacks are waited for before the emulator is
reset or stopped, stuck ones are named; and what the fixtures refuse."""

from __future__ import annotations

import threading
import urllib.request
from typing import Any

import pytest

from catapult import InvalidArgumentError
from catapult.testing import AppServer

SLOW_HANDLER = """
import threading
import time

import pytest

from catapult.events import IncomingCallEvent
from catapult.router import EventRouter

STARTED, DONE = threading.Event(), threading.Event()
RESULT = []


def slow_router(session):
    router = EventRouter(session)

    @router.on(IncomingCallEvent)
    def on_incoming(event):
        STARTED.set()
        time.sleep(0.5)
        try:
            RESULT.append(session.calls.create(from_="+15550002222", to="+15550003333").id)
        finally:
            DONE.set()

    return router
"""

SHARED_TESTS = (
    SLOW_HANDLER
    + """

def test_a_ends_while_its_handler_works(
    catapult_emulator_shared, catapult_session_shared, catapult_app_shared
):
    catapult_app_shared(slow_router(catapult_session_shared), "/cb")
    catapult_emulator_shared.inbound_call()
    assert STARTED.wait(10)


def test_b_sees_nothing_of_it(catapult_emulator_shared):
    assert DONE.wait(10)
    assert RESULT  # the handler finished its work, during a's teardown
    assert catapult_emulator_shared.requests() == []
    assert catapult_emulator_shared.deliveries() == []
"""
)


def test_a_shared_apps_handler_finishes_before_the_reset(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SHARED_TESTS)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


PER_TEST_TESTS = (
    SLOW_HANDLER
    + """

def test_a_ends_while_its_handler_works(catapult_emulator, catapult_session, catapult_app):
    catapult_app(slow_router(catapult_session), "/cb")
    catapult_emulator.inbound_call()
    assert STARTED.wait(10)


def test_b_finds_it_done_and_answered(catapult_emulator):
    assert DONE.is_set() and RESULT
    assert not [t for t in threading.enumerate() if t.name.startswith("catapult-app")]
"""
)


def test_a_per_test_apps_handler_finishes_before_the_emulator_stops(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(PER_TEST_TESTS)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


STUCK_TESTS = """
import threading

import pytest

import catapult.testing._app_requests as app_requests

ENTERED, RELEASE = threading.Event(), threading.Event()


@pytest.fixture(autouse=True)
def short_wait(monkeypatch):
    monkeypatch.setattr(app_requests, "STOP_WAIT", 0.3)


def stuck_handler(environ, start_response):
    ENTERED.set()
    RELEASE.wait(30)
    start_response("200 OK", [])
    return [b""]


@pytest.mark.parametrize("shared", [False, True])
def test_a_handler_that_never_ends(shared, request):
    emulator = request.getfixturevalue(
        "catapult_emulator_shared" if shared else "catapult_emulator"
    )
    request.getfixturevalue("catapult_app_shared" if shared else "catapult_app")(
        stuck_handler, "/cb"
    )
    ENTERED.clear()
    emulator.inbound_call()
    assert ENTERED.wait(10)


def test_release():
    RELEASE.set()
"""


def test_a_stuck_handler_fails_the_test_naming_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(STUCK_TESTS)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=2)
    output = result.stdout.str()
    assert "ERROR at teardown of test_a_handler_that_never_ends[False]" in output
    assert "ERROR at teardown of test_a_handler_that_never_ends[True]" in output
    assert "1 request(s) still answered 0.3 s after the app stopped accepting" in output
    assert "POST /cb, answered for" in output
    assert "in stuck_handler" in output


def test_app_server_stop_waits_for_the_request_being_answered() -> None:
    entered, finished = threading.Event(), threading.Event()

    def slow(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        entered.set()
        finished.wait(0.3)  # then answers: the stop must wait for it
        finished.set()
        start_response("200 OK", [])
        return [b"done"]

    server = AppServer(slow).start()
    answers: list[bytes] = []
    client = threading.Thread(
        target=lambda: answers.append(urllib.request.urlopen(server.url(), timeout=10).read())
    )
    client.start()
    assert entered.wait(10)
    server.stop()
    assert finished.is_set()
    client.join(10)
    assert answers == [b"done"]


def test_app_server_refuses_what_it_cannot_serve() -> None:
    with pytest.raises(InvalidArgumentError, match="not int"):
        AppServer(42)  # type: ignore[arg-type]


def test_the_app_fixture_refuses_a_bad_app_or_path(catapult_app: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="WSGI callable, an ASGI app or an EventRouter"):
        catapult_app(42, "/cb")
    with pytest.raises(InvalidArgumentError, match="path must be a str"):
        catapult_app(lambda environ, start_response: [b""], 7)


MIXED_TESTS = """
def test_per_test_app_on_the_shared_emulator(catapult_emulator_shared, catapult_app):
    pass


def test_shared_app_on_a_per_test_emulator(catapult_emulator, catapult_app_shared):
    pass
"""


def test_an_app_fixture_of_the_other_emulator_is_refused(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(MIXED_TESTS)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=2)
    output = result.stdout.str()
    assert "uses catapult_app with catapult_emulator_shared" in output
    assert "use catapult_app_shared" in output
    assert "uses catapult_app_shared with catapult_emulator" in output


MARKER_TESTS = """
import pytest

pytestmark = pytest.mark.catapult_emulator(auto_answer=False)


@pytest.mark.catapult_emulator(auto_answer=False)
def test_marked_without_an_emulator():
    pass


@pytest.mark.catapult_emulator(auto_answer=False)
def test_marked_with_the_shared_one(catapult_emulator_shared):
    assert catapult_emulator_shared.options.auto_answer is False


def test_under_a_module_marker_without_an_emulator():
    pass
"""


def test_a_marker_on_a_test_without_an_emulator_fails_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(MARKER_TESTS)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    assert "test_marked_without_an_emulator is marked catapult_emulator but uses no emulator" in (
        result.stdout.str()
    )
