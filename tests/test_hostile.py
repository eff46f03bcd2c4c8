"""Hostile or broken servers: every failure is a typed CatapultError and nothing hangs.

Each test runs its own loopback server (tests/hostile_server.py) that trickles, lies, loops or
answers absurdly. Time bounds are generous (a loaded 2-core machine): what they catch is a call
that waits for the server to give up (tens of seconds), not a slow one.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from async_driver import LoopThread, blocking_session
from hostile_server import HostileServer, Request, answer, hostile_server

from catapult import (
    APITimeoutError,
    BadRequestError,
    CatapultError,
    RateLimitError,
    ResponseDecodeError,
    ResponseValidationError,
    Session,
    UnsafeURLError,
)
from catapult._deadline import Attempt, Watchdog
from catapult._trail import MAX_EMPTY_PAGES
from catapult._urls import check_same_origin

#: Far below the 30-40 s a trickling server used to hold a call, far above a loaded machine's
#: scheduling noise.
GENEROUS = 10.0

BRIDGE = b'{"id": "brg-1", "state": "created", "calls": []}'


def session_for(server: HostileServer, **options: object) -> Session:
    options.setdefault("sleep", lambda seconds: None)
    return Session("u-test", "token-123456", "secret-123456", base_url=server.base_url, **options)  # type: ignore[arg-type]


Opener = Callable[..., Any]


@pytest.fixture(name="session_for", params=["Session", "AsyncSession"])
def shared_session_for(request: pytest.FixtureRequest, loop_thread: LoopThread) -> Opener:
    """``session_for`` for the tests whose behaviour both sessions share: a Session, or an
    AsyncSession driven synchronously (``async_driver``)."""
    if request.param == "Session":
        return session_for

    def opener(server: HostileServer, **options: Any) -> Any:
        options.setdefault("sleep", lambda seconds: None)
        credentials = ("u-test", "token-123456", "secret-123456")
        return blocking_session(loop_thread, *credentials, base_url=server.base_url, **options)

    return opener


def timed(call: Callable[[], object]) -> tuple[BaseException | None, float]:
    started = time.monotonic()
    try:
        call()
    except BaseException as exc:
        return exc, time.monotonic() - started
    return None, time.monotonic() - started


# -- trickle: total_timeout is a wall-clock bound ------------------------------------------


def trickle_body(server: HostileServer) -> Callable[[Request, socket.socket], None]:
    def handle(request: Request, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{")
        server.trickle(connection, b" " * 999)

    return handle


def trickle_chunked(server: HostileServer) -> Callable[[Request, socket.socket], None]:
    def handle(request: Request, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        server.trickle(connection, b"1\r\n \r\n" * 500)

    return handle


def trickle_headers(server: HostileServer) -> Callable[[Request, socket.socket], None]:
    def handle(request: Request, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        server.trickle(connection, b"X-Slow: " + b"a" * 1000 + b"\r\n")

    return handle


@pytest.fixture(params=[trickle_body, trickle_chunked, trickle_headers])
def trickling(request: pytest.FixtureRequest) -> Iterator[HostileServer]:
    holder: list[HostileServer] = []
    with hostile_server(lambda req, conn: request.param(holder[0])(req, conn)) as server:
        holder.append(server)
        yield server


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_total_timeout_is_a_wall_clock_bound_against_a_trickle(
    session_for: Opener, trickling: HostileServer, method: str
) -> None:
    with session_for(trickling, total_timeout=1) as session:
        if method == "GET":
            error, elapsed = timed(lambda: session.bridges.get("brg-1"))
        else:
            error, elapsed = timed(lambda: session.bridges.update("brg-1", bridge_audio=True))
    assert isinstance(error, APITimeoutError), error
    assert elapsed < GENEROUS


def test_each_attempt_is_bounded_by_connect_plus_read_without_total_timeout(
    session_for: Opener,
    trickling: HostileServer,
) -> None:
    with session_for(trickling, timeout=(0.5, 0.5), max_retries=0) as session:
        error, elapsed = timed(lambda: session.bridges.get("brg-1"))
    assert isinstance(error, APITimeoutError), error
    assert elapsed < GENEROUS
    assert len(trickling.requests) == 1


def test_an_injected_requests_session_keeps_the_body_deadline() -> None:
    with hostile_server(lambda req, conn: None) as server:
        server.handler = trickle_body(server)
        http = requests.Session()
        with session_for(server, total_timeout=1, http_session=http) as session:
            error, elapsed = timed(lambda: session.bridges.get("brg-1"))
        http.close()
    assert isinstance(error, APITimeoutError), error
    assert elapsed < GENEROUS


def test_waiting_for_a_pooled_connection_is_bounded() -> None:
    stuck = threading.Semaphore(0)

    def handle(request: Request, connection: socket.socket) -> None:
        if request.path.endswith("/slow"):
            stuck.release()
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
            server.stopping.wait(60)  # holds the connection until the test ends
        else:
            connection.sendall(answer(200, BRIDGE, {"Content-Type": "application/json"}))

    with (
        hostile_server(handle) as server,
        session_for(server, pool_maxsize=2, max_retries=0) as session,
    ):
        slow = f"{session.user_url}/bridges/slow"
        holders = [
            threading.Thread(target=timed, args=(lambda: session.transport.request("GET", slow),))
            for _ in range(2)
        ]
        for holder in holders:
            holder.start()
        assert stuck.acquire(timeout=GENEROUS) and stuck.acquire(timeout=GENEROUS)
        session.transport.total_timeout = 1.0  # the third call only
        error, elapsed = timed(lambda: session.bridges.get("brg-1"))
        server.stopping.set()
        for holder in holders:
            holder.join(GENEROUS)
    assert isinstance(error, APITimeoutError), error
    assert "no free connection" in str(error)
    assert elapsed < GENEROUS


# -- huge and deep answers --------------------------------------------------------------


def test_a_page_of_more_items_than_the_api_serves_is_refused_before_parsing(
    session_for: Opener,
) -> None:
    items = b"[" + b",".join([b'{"id":"b"}'] * 200_000) + b"]"
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(200, items))) as server,
        session_for(server) as session,
        pytest.raises(ResponseDecodeError, match="more than 1000 items"),
    ):
        list(session.bridges.list())


def test_a_page_of_the_maximum_size_with_nested_objects_is_accepted(session_for: Opener) -> None:
    item = {"id": "brg-x", "state": "created", "extra": {"a": {"b": {}}}}
    page = json.dumps([item] * 1000).encode()
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(200, page))) as server,
        session_for(server) as session,
    ):
        assert len(list(session.bridges.list())) == 1000


def test_an_answer_over_the_byte_cap_is_refused_while_read(session_for: Opener) -> None:
    def handle(request: Request, connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n[")
        connection.sendall(b" " * (2 * 1024 * 1024))

    with (
        hostile_server(handle) as server,
        session_for(server, max_response_bytes=1024 * 1024) as session,
        pytest.raises(ResponseDecodeError, match="max_response_bytes"),
    ):
        list(session.bridges.list())


DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
def test_an_error_body_nested_absurdly_deep_is_a_typed_error(
    session_for: Opener, body: bytes
) -> None:
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(400, body))) as server,
        session_for(server) as session,
        pytest.raises(BadRequestError),
    ):
        session.bridges.get("brg-1")


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
def test_a_success_body_nested_absurdly_deep_is_a_typed_error(
    session_for: Opener, body: bytes
) -> None:
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(200, body))) as server,
        session_for(server) as session,
    ):
        with pytest.raises(ResponseDecodeError):
            session.bridges.get("brg-1")
        with pytest.raises(ResponseDecodeError):
            list(session.bridges.list())


# -- bad headers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "300000000000"},
        {"Retry-After": "1e400"},
        {"Retry-After": "-inf"},
        {"Retry-After": "nan"},
        {"Retry-After": "Mon, 01 Jan 99999 00:00:00 GMT"},
        {"X-RateLimit-Reset": "9" * 400},
        {"X-RateLimit-Reset": "9" * 5000},
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_absurd_rate_limit_headers_give_a_rate_limit_error(
    session_for: Opener, headers: dict[str, str], method: str
) -> None:
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(429, b"", headers))) as server,
        session_for(server, max_retries=1) as session,
        pytest.raises(RateLimitError),
    ):
        if method == "GET":
            session.bridges.get("brg-1")
        else:
            session.bridges.create()


def test_an_absurd_reset_time_in_the_429_body_gives_a_rate_limit_error(session_for: Opener) -> None:
    body = json.dumps(
        {
            "category": "too-many-requests",
            "code": "rate-limit",
            "message": "slow down",
            "details": [{"name": "rateLimitResetTime", "value": "9" * 30}],
        }
    ).encode()
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(429, body))) as server,
        session_for(server, max_retries=0) as session,
        pytest.raises(RateLimitError) as caught,
    ):
        session.bridges.get("brg-1")
    assert caught.value.reset_at is None


def paged(link: str) -> Callable[[Request, socket.socket], None]:
    def handle(request: Request, connection: socket.socket) -> None:
        connection.sendall(answer(200, b'[{"id": "brg-1"}]', {"Link": link}))

    return handle


@pytest.mark.parametrize(
    "link",
    [
        '<http://127.0.0.1:99999/v1/users/u-test/bridges?page=1>; rel="next"',
        '<http://127.0.0.1:abc/v1/users/u-test/bridges?page=1>; rel="next"',
        '<http://[::1/v1/users/u-test/bridges?page=1>; rel="next"',
        '<http://[zz::1]/v1/users/u-test/bridges?page=1>; rel="next"',
    ],
)
def test_a_malformed_next_link_is_a_typed_error(session_for: Opener, link: str) -> None:
    with (
        hostile_server(paged(link)) as server,
        session_for(server) as session,
        pytest.raises(CatapultError),
    ):
        list(session.bridges.list())


def test_a_next_link_to_the_same_page_is_detected(session_for: Opener) -> None:
    with hostile_server(lambda req, conn: None) as server:
        server.handler = paged(f'<{server.user_url()}/bridges?page=0>; rel="next"')
        with (
            session_for(server) as session,
            pytest.raises(ResponseDecodeError, match="already read"),
        ):
            list(session.bridges.list())
    assert len(server.requests) <= 3


def test_a_next_link_cycle_is_detected(session_for: Opener) -> None:
    def handle(request: Request, connection: socket.socket) -> None:
        other = "1" if request.path.endswith("page=0") else "0"
        link = f'</v1/users/u-test/bridges?page={other}>; rel="next"'
        connection.sendall(answer(200, b'[{"id": "brg-1"}]', {"Link": link}))

    with (
        hostile_server(handle) as server,
        session_for(server) as session,
        pytest.raises(ResponseDecodeError, match="already read"),
    ):
        list(session.bridges.list())
    assert len(server.requests) <= 4


def endless_pages(items: Callable[[int], bytes]) -> Callable[[Request, socket.socket], None]:
    """Page ``n`` holds ``items(n)`` and links to page ``n + 1``, a URL never read before (up
    to page 100, so a pager that does not give up still ends)."""

    def handle(request: Request, connection: socket.socket) -> None:
        number = int(request.path.partition("page=")[2] or 0)
        link = f'</v1/users/u-test/bridges?page={number + 1}>; rel="next"'
        connection.sendall(answer(200, items(number), {"Link": link} if number < 100 else {}))

    return handle


def test_empty_pages_linking_on_and_on_are_refused(session_for: Opener) -> None:
    with (
        hostile_server(endless_pages(lambda number: b" [ ]\r\n")) as server,
        session_for(server) as session,
        pytest.raises(ResponseDecodeError, match="11 empty pages in a row"),
    ):
        list(session.bridges.list())
    assert len(server.requests) == MAX_EMPTY_PAGES + 1


def test_a_few_empty_pages_between_items_are_followed(session_for: Opener) -> None:
    def items(number: int) -> bytes:
        if number >= 3 * MAX_EMPTY_PAGES:  # the last page: no next link
            raise ValueError
        return b'[{"id": "brg-%d"}]' % number if number % MAX_EMPTY_PAGES == 0 else b"[]"

    def handle(request: Request, connection: socket.socket) -> None:
        try:
            endless_pages(items)(request, connection)
        except ValueError:
            connection.sendall(answer(200, b"[]"))

    with hostile_server(handle) as server, session_for(server) as session:
        ids = [bridge.id for bridge in session.bridges.list()]
    assert ids == ["brg-0", "brg-10", "brg-20"]


def test_explicit_default_ports_are_the_same_origin() -> None:
    assert check_same_origin("https://api.example.com:443/v1/x", "https://api.example.com/v1")
    assert check_same_origin("https://api.example.com/v1/x", "https://api.example.com:443/v1")
    assert check_same_origin("http://127.0.0.1:80/v1/x", "http://127.0.0.1/v1")
    with pytest.raises(UnsafeURLError):
        check_same_origin("https://api.example.com:8443/v1/x", "https://api.example.com/v1")
    with pytest.raises(UnsafeURLError):
        check_same_origin("http://api.example.com:443/v1/x", "https://api.example.com/v1")


# -- answers that do not fit the question -----------------------------------------------


def test_get_refuses_an_answer_about_another_object(session_for: Opener) -> None:
    other = b'{"id": "brg-other", "state": "created"}'
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(200, other))) as server,
        session_for(server) as session,
        pytest.raises(ResponseValidationError, match="brg-other"),
    ):
        session.bridges.get("brg-1")


@pytest.mark.parametrize(
    "location",
    [
        "/v1/users/u-test/bridges/brg-1/../../../../admin",
        "/v1/users/u-test/bridges/brg-1/../../calls/c-1",
        "/v1/users/u-test/calls/c-1",
        "/v1/users/u-test/bridges/a/b",
        "http://[::1",
    ],
)
def test_a_location_outside_the_collection_is_refused(session_for: Opener, location: str) -> None:
    headers = {"Location": location}
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(201, b"", headers))) as server,
        session_for(server) as session,
        pytest.raises(ResponseDecodeError),
    ):
        session.bridges.create()
    assert [request.method for request in server.requests] == ["POST"]


def test_a_relative_location_in_the_collection_gives_the_id(session_for: Opener) -> None:
    def handle(request: Request, connection: socket.socket) -> None:
        if request.method == "POST":
            headers = {"Location": "/v1/users/u-test/bridges/brg-new"}
            connection.sendall(answer(201, b"", headers))
        else:
            connection.sendall(answer(200, b'{"id": "brg-new", "state": "created"}'))

    with hostile_server(handle) as server, session_for(server) as session:
        assert session.bridges.create().id == "brg-new"


def test_an_update_answered_with_an_html_page_is_an_error(session_for: Opener) -> None:
    page = b"<html><body>Welcome to the captive portal</body></html>"
    headers = {"Content-Type": "text/html"}
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(200, page, headers))) as server,
        session_for(server) as session,
        pytest.raises(ResponseDecodeError, match="html"),
    ):
        session.bridges.update("brg-1", bridge_audio=True)


def test_a_redirect_to_another_host_is_not_followed(session_for: Opener) -> None:
    headers = {"Location": "https://evil.example.com/v1/users/u-test/bridges/brg-1"}
    with (
        hostile_server(lambda req, conn: conn.sendall(answer(302, b"", headers))) as server,
        session_for(server) as session,
        pytest.raises(CatapultError),
    ):
        session.bridges.get("brg-1")
    assert len(server.requests) == 1


# -- the deadline watchdog itself ---------------------------------------------------------


def test_the_watchdog_expires_a_late_attempt_and_spares_a_finished_one() -> None:
    watchdog = Watchdog()
    late, finished = Attempt(time.monotonic() + 0.05), Attempt(time.monotonic() + 0.05)
    watchdog.watch(late)
    watchdog.watch(finished)
    finished.finish()
    deadline = time.monotonic() + GENEROUS
    while not late.expired and time.monotonic() < deadline:
        time.sleep(0.01)
    assert late.expired
    assert not finished.expired


def test_finished_attempts_do_not_pile_up_in_the_watchdog() -> None:
    watchdog = Watchdog()
    for _ in range(10_000):
        attempt = Attempt(time.monotonic() + 60)
        watchdog.watch(attempt)
        attempt.finish()
    assert len(watchdog._heap) <= 2 * 1024
