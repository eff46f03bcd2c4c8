"""Retries, rate limits, timeouts and broken answers, driven by the emulator's own faults.

Every test talks to the emulator over real sockets; the emulator's request log proves what
reached the server (for example, that a POST was never sent twice).
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from email.utils import formatdate
from typing import Any

import pytest
from conftest import session_for

from catapult import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    Session,
)
from catapult.emulator import Emulator, running


class Sleeper:
    """Records requested sleeps instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeper() -> Sleeper:
    return Sleeper()


Shared = Any
"""A Session, or an AsyncSession driven synchronously (conftest's ``open_session``)."""


@pytest.fixture
def fast(open_session: Opener, sleeper: Sleeper) -> Iterator[Shared]:
    """A session whose retries do not really sleep, with a fixed clock."""
    with open_session(sleep=sleeper, clock=lambda: 1_000_000.0) as session:
        yield session


Opener = Callable[..., AbstractContextManager[Any]]


def _statuses(emulator: Emulator, method: str, path: str) -> list[int]:
    return [r.status for r in emulator.requests(method=method, path=path)]


# -- GET: retried on transient failures --------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_get_recovers_from_transient_statuses(
    fast: Shared, emulator: Emulator, sleeper: Sleeper, status: int
) -> None:
    bridge_id = fast.bridges.create_id()
    emulator.inject_fault(method="GET", path="/bridges/*", status=status, times=2)
    assert fast.bridges.get(bridge_id).id == bridge_id
    assert _statuses(emulator, "GET", f"/bridges/{bridge_id}") == [status, status, 200]
    assert len(sleeper.waits) == 2
    assert all(0 <= wait <= 1.0 for wait in sleeper.waits)  # 0.5 s, then 1 s ceilings


def test_exhausted_retries_raise_the_last_error_with_attempts(
    fast: Shared, emulator: Emulator
) -> None:
    emulator.inject_fault(method="GET", path="/bridges/*", status=503, times=None)
    with pytest.raises(ServerError) as info:
        fast.bridges.get("brg-1")
    assert info.value.attempts == 3
    assert "after" not in str(info.value) or "3" in str(info.value)
    assert len(emulator.requests(method="GET")) == 3


def test_max_retries_zero_sends_once(
    open_session: Opener, emulator: Emulator, sleeper: Sleeper
) -> None:
    with open_session(max_retries=0, sleep=sleeper) as session:
        emulator.inject_fault(method="GET", status=503)
        with pytest.raises(ServerError):
            session.bridges.get("brg-1")
    assert len(emulator.requests()) == 1
    assert sleeper.waits == []


def test_get_recovers_from_a_dropped_connection(fast: Shared, emulator: Emulator) -> None:
    bridge_id = fast.bridges.create_id()
    emulator.inject_fault(method="GET", path="/bridges/*", action="drop")
    assert fast.bridges.get(bridge_id).id == bridge_id


def test_get_recovers_from_a_truncated_body(fast: Shared, emulator: Emulator) -> None:
    bridge_id = fast.bridges.create_id()
    emulator.inject_fault(method="GET", path="/bridges/*", action="truncate")
    assert fast.bridges.get(bridge_id).id == bridge_id


def test_client_errors_are_not_retried(fast: Shared, emulator: Emulator) -> None:
    with pytest.raises(NotFoundError):
        fast.bridges.get("brg-missing")
    assert len(emulator.requests()) == 1


# -- POST: never sent twice unless the server surely did not act ---------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_is_not_retried_after_a_server_error(
    fast: Shared, emulator: Emulator, status: int
) -> None:
    emulator.inject_fault(method="POST", path="/bridges", status=status)
    with pytest.raises(ServerError) as info:
        fast.bridges.create()
    assert info.value.attempts == 1
    assert len(emulator.requests(method="POST", path="/bridges")) == 1


def test_post_dropped_after_the_server_acted_is_not_duplicated(
    fast: Shared, emulator: Emulator
) -> None:
    emulator.inject_fault(method="POST", path="/bridges", action="drop_after_action")
    with pytest.raises(APIConnectionError):
        fast.bridges.create()
    assert len(emulator.requests(method="POST", path="/bridges")) == 1
    assert len(list(fast.bridges.list())) == 1  # exactly one bridge exists


def test_post_read_timeout_is_not_retried(
    open_session: Opener, emulator: Emulator, sleeper: Sleeper
) -> None:
    with open_session(timeout=(2, 0.3), sleep=sleeper) as session:
        emulator.inject_fault(method="POST", path="/calls", action="delay", delay=1.0)
        with pytest.raises(APITimeoutError):
            session.calls.create_id(from_="+15550001000", to="+15550002001")
    time.sleep(1.5)  # the delayed request is logged when the server finishes it
    assert len(emulator.requests(method="POST", path="/calls")) == 1


def test_post_is_retried_after_429_following_the_reset_header(
    fast: Shared, emulator: Emulator, sleeper: Sleeper
) -> None:
    reset_ms = str(int((1_000_000.0 + 1.5) * 1000))  # 1.5 s after the injected clock's "now"
    emulator.inject_fault(
        method="POST", path="/bridges", status=429, headers={"X-RateLimit-Reset": reset_ms}
    )
    bridge = fast.bridges.create()
    assert _statuses(emulator, "POST", "/bridges") == [429, 201]
    assert sleeper.waits == [pytest.approx(1.5)]
    assert bridge.id


def test_post_is_retried_when_the_connection_cannot_be_opened(sleeper: Sleeper) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before use: nothing listens there
    with (
        Session(
            "u-x", "token", "secret", base_url=f"http://127.0.0.1:{port}/v1", sleep=sleeper
        ) as session,
        pytest.raises(APIConnectionError) as info,
    ):
        session.bridges.create_id()
    assert info.value.attempts == 3
    assert len(sleeper.waits) == 2


# -- waits follow the server's headers ------------------------------------------------------------


def test_retry_after_seconds_is_honoured(
    fast: Shared, emulator: Emulator, sleeper: Sleeper
) -> None:
    emulator.inject_fault(method="GET", status=503, headers={"Retry-After": "2"})
    list(fast.bridges.list())
    assert sleeper.waits == [2.0]


def test_retry_after_http_date_is_honoured(
    open_session: Opener, emulator: Emulator, sleeper: Sleeper
) -> None:
    now = time.time()
    with open_session(sleep=sleeper, clock=lambda: now) as session:
        emulator.inject_fault(
            method="GET", status=429, headers={"Retry-After": formatdate(now + 5, usegmt=True)}
        )
        list(session.bridges.list())
    assert sleeper.waits == [pytest.approx(5, abs=1)]


def test_long_rate_limit_waits_raise_instead_of_sleeping(
    fast: Shared, emulator: Emulator, sleeper: Sleeper
) -> None:
    reset_ms = str(int((1_000_000.0 + 600) * 1000))  # ten minutes away
    emulator.inject_fault(method="GET", status=429, headers={"X-RateLimit-Reset": reset_ms})
    with pytest.raises(RateLimitError) as info:
        list(fast.bridges.list())
    assert sleeper.waits == []
    assert info.value.reset_at is not None
    assert info.value.reset_at.timestamp() == pytest.approx(1_000_600.0)


def test_emulated_rate_limits_are_waited_out() -> None:
    with running(rate_limits=True) as emulator, session_for(emulator) as session:
        started = time.monotonic()
        for _ in range(3):
            list(session.bridges.list())
        elapsed = time.monotonic() - started
        statuses = [r.status for r in emulator.requests(method="GET")]
    assert statuses.count(200) == 3
    assert 429 in statuses
    assert elapsed < 10


# -- timeouts -----------------------------------------------------------------------------------


def test_read_timeout_is_typed_and_bounded(open_session: Opener, emulator: Emulator) -> None:
    # The answer would take 60 s (the next reset cuts that short); the 0.5 s read timeout ends
    # the call long before, even on a loaded machine.
    emulator.inject_fault(method="GET", action="delay", delay=60.0)
    with open_session(timeout=(2, 0.5), max_retries=0) as session:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            session.bridges.get("brg-1")
        assert time.monotonic() - started < 30.0


def test_get_read_timeout_is_retried(
    open_session: Opener, emulator: Emulator, sleeper: Sleeper
) -> None:
    with open_session(timeout=(2, 0.5), sleep=sleeper) as session:
        bridge_id = session.bridges.create_id()
        emulator.inject_fault(method="GET", action="delay", delay=1.5)
        assert session.bridges.get(bridge_id).id == bridge_id


# -- broken answers -----------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["malformed", "non_json"])
def test_a_2xx_that_is_not_json_raises_a_decode_error(
    fast: Shared, emulator: Emulator, action: str
) -> None:
    emulator.inject_fault(method="GET", action=action)
    with pytest.raises(ResponseDecodeError):
        fast.bridges.get("brg-1")


def test_oversized_answers_are_refused(open_session: Opener, emulator: Emulator) -> None:
    with open_session(max_response_bytes=64 * 1024) as session:
        emulator.inject_fault(method="GET", action="huge", size=1024 * 1024)
        with pytest.raises(ResponseTooLargeError):
            list(session.bridges.list())
        assert session.bridges.create_id()  # the session still works afterwards


# -- secrets and logs ---------------------------------------------------------------------------


def test_logs_and_errors_never_show_credentials(
    open_session: Opener, emulator: Emulator, sleeper: Sleeper, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with open_session(sleep=sleeper) as session:
        emulator.inject_fault(method="GET", status=503)
        list(session.bridges.list())
        with pytest.raises(NotFoundError) as info:
            session.bridges.get("brg-missing")
    text = "\n".join(r.getMessage() for r in caplog.records) + str(info.value) + repr(info.value)
    for secret in (emulator.api_token, emulator.api_secret, "Basic "):
        assert secret not in text
    catapult_lines = [r for r in caplog.records if r.name == "catapult"]
    debug = [r.getMessage() for r in catapult_lines if r.levelno == logging.DEBUG]
    assert any("GET" in line and "-> 503" in line and "attempt 1" in line for line in debug)
    assert any(r.levelno >= logging.INFO and "retrying" in r.getMessage() for r in catapult_lines)


def test_requests_carry_basic_auth_and_json_content_type(
    open_session: Opener, emulator: Emulator
) -> None:
    with open_session() as session:
        session.bridges.create_id(bridge_audio=True)
    request = emulator.requests()[0]
    assert request.headers["Authorization"] == "REDACTED"  # the log redacts; the server checked it
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.headers["User-Agent"].startswith("catapult-python/")


# -- concurrency --------------------------------------------------------------------------------


def test_one_session_shared_by_many_threads(emulator: Emulator) -> None:
    threads, per_thread = 8, 100
    errors: list[BaseException] = []
    with session_for(emulator) as session:
        ids = [session.bridges.create_id() for _ in range(threads)]

        def work(bridge_id: str) -> None:
            try:
                for _ in range(per_thread):
                    assert session.bridges.get(bridge_id).id == bridge_id
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

        workers = [threading.Thread(target=work, args=(bridge_id,)) for bridge_id in ids]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert errors == []
    assert len(emulator.requests(method="GET")) == threads * per_thread


def test_redirects_are_not_followed(fast: Shared, emulator: Emulator) -> None:
    emulator.inject_fault(method="GET", status=302, headers={"Location": "http://evil.example/"})
    with pytest.raises(APIError) as info:
        fast.bridges.get("brg-1")
    assert info.value.status_code == 302
    assert len(emulator.requests()) == 1


def test_total_timeout_bounds_a_request_and_its_retries(
    open_session: Opener, emulator: Emulator
) -> None:
    emulator.inject_fault(method="GET", action="delay", delay=2.0, times=None)
    with open_session(timeout=(2, 0.6), total_timeout=1.0, max_retries=5) as session:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as info:
            session.bridges.get("brg-1")
        elapsed = time.monotonic() - started
    assert elapsed < 1.6
    assert 1 <= info.value.attempts < 6


def test_total_timeout_skips_a_wait_that_would_not_fit(
    open_session: Opener, emulator: Emulator, sleeper: Sleeper
) -> None:
    emulator.inject_fault(method="GET", status=503, headers={"Retry-After": "30"})
    with (
        open_session(sleep=sleeper, total_timeout=5) as session,
        pytest.raises(ServerError) as info,
    ):
        session.bridges.get("brg-1")
    assert sleeper.waits == []
    assert info.value.attempts == 1


def test_total_timeout_must_be_positive(open_session: Opener, emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="total_timeout"):
        open_session(total_timeout=0)
