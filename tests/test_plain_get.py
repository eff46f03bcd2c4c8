"""GETs go straight to http.client on the pool's connection; everything else through urlopen."""

from __future__ import annotations

import gzip
import http.client
import http.server
import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import urllib3.connectionpool
from async_driver import LoopThread, blocking_session
from hostile_server import _read_request as read_request
from hostile_server import answer, hostile_server
from local_server import TLS, serving
from urllib3.connection import HTTPConnection

from catapult import APIConnectionError, APITimeoutError, ResponseTooLargeError, Session

CREDENTIALS = ("u-1", "token-123456", "secret-123456")
BRIDGE = {"id": "brg-1", "state": "active"}


class _Api(http.server.BaseHTTPRequestHandler):
    """Bridges by id (``brg-gz``: gzip-compressed; ``brg-bomb``: a compressed large body), and
    bridge creation; records each request's method and client address."""

    protocol_version = "HTTP/1.1"
    seen: list[tuple[str, tuple[str, int]]] = []  # noqa: RUF012

    def do_GET(self) -> None:
        self.seen.append(("GET", self.client_address))
        body = json.dumps({**BRIDGE, "id": self.path.rsplit("/", 1)[-1]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path.endswith(("/brg-gz", "/brg-bomb")):
            if self.path.endswith("/brg-bomb"):
                body = body[:-1] + b', "pad": "' + b" " * 200_000 + b'"}'
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.seen.append(("POST", self.client_address))
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(201)
        self.send_header("Location", f"{self.path}/brg-new")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(params=[False, True], ids=["http", "https"])
def api(request: pytest.FixtureRequest) -> Iterator[Session]:
    _Api.seen = []
    with (
        serving(_Api, tls=request.param) as origin,
        Session(
            *CREDENTIALS, base_url=f"{origin}/v1", verify=str(TLS / "cert.pem"), max_retries=0
        ) as session,
    ):
        yield session


def _urlopen_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The methods urlopen sends (spied on where it sends: the plain way steps aside for a
    patched urlopen itself)."""
    calls: list[str] = []
    make_request = urllib3.connectionpool.HTTPConnectionPool._make_request  # pyright: ignore[reportPrivateUsage]

    def spy(self: Any, conn: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(method)
        return make_request(self, conn, method, *args, **kwargs)

    monkeypatch.setattr(urllib3.connectionpool.HTTPConnectionPool, "_make_request", spy)
    return calls


def test_gets_skip_urlopen_and_reuse_one_connection(
    api: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _urlopen_calls(monkeypatch)
    assert [api.bridges.get(f"brg-{n}").id for n in range(3)] == ["brg-0", "brg-1", "brg-2"]
    assert api.bridges.create_id() == "brg-new"
    assert calls == ["POST"]  # the GETs went to http.client directly
    assert [method for method, _ in _Api.seen] == ["GET", "GET", "GET", "POST"]
    assert len({client for _, client in _Api.seen}) == 1  # one kept-alive connection


def test_a_compressed_answer_is_decoded_and_its_size_capped(
    api: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _urlopen_calls(monkeypatch)
    assert api.bridges.get("brg-gz").id == "brg-gz"
    assert calls == []
    with (
        Session(
            *CREDENTIALS,
            base_url=api.base_url,
            verify=str(TLS / "cert.pem"),
            max_response_bytes=100_000,
        ) as capped,
        pytest.raises(ResponseTooLargeError),
    ):
        capped.bridges.get("brg-bomb")  # 2 KB on the wire, 200 KB decoded


class _StandIn(HTTPConnection):
    """What a recording library installs in place of urllib3's connection class."""

    requests: list[str] = []  # noqa: RUF012

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> None:
        self.requests.append(url)
        super().request(method, url, *args, **kwargs)


def test_a_stand_in_connection_class_gets_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    _Api.seen, _StandIn.requests = [], []
    monkeypatch.setattr(urllib3.connectionpool.HTTPConnectionPool, "ConnectionCls", _StandIn)
    with (
        serving(_Api, tls=False) as origin,
        Session(*CREDENTIALS, base_url=f"{origin}/v1") as session,
    ):
        assert session.bridges.get("brg-1").id == "brg-1"
        assert session.bridges.get("brg-2").id == "brg-2"
    assert [url.rsplit("/", 1)[-1] for url in _StandIn.requests] == ["brg-1", "brg-2"]


def _session(server: Any, **options: Any) -> Session:
    return Session(*CREDENTIALS, base_url=server.base_url, **{"max_retries": 0, **options})


def test_a_body_shorter_than_declared_is_a_lost_connection() -> None:
    def short(request: object, connection: socket.socket) -> None:
        whole = answer(200, json.dumps(BRIDGE).encode())
        connection.sendall(whole[:-5])  # the declared length is not reached

    with (
        hostile_server(short) as server,
        _session(server) as session,
        pytest.raises(APIConnectionError, match="connection lost while reading"),
    ):
        session.bridges.get("brg-1")


def test_a_server_that_never_answers_is_a_timeout() -> None:
    def silent(request: object, connection: socket.socket) -> None:
        connection.recv(1)  # until the client gives up

    with (
        hostile_server(silent) as server,
        _session(server, timeout=(5.0, 0.3)) as session,
        pytest.raises(APITimeoutError, match="did not answer in time"),
    ):
        session.bridges.get("brg-1")


def test_a_connection_closed_before_the_answer_is_a_lost_connection() -> None:
    def hang_up(request: object, connection: socket.socket) -> None:
        connection.shutdown(socket.SHUT_RDWR)

    with (
        hostile_server(hang_up) as server,
        _session(server) as session,
        pytest.raises(APIConnectionError, match="connection lost before an answer"),
    ):
        session.bridges.get("brg-1")


def test_a_connection_the_server_dropped_is_replaced() -> None:
    body = json.dumps(BRIDGE).encode()

    def once(request: object, connection: socket.socket) -> None:
        # kept alive as far as HTTP/1.1 goes, then closed without a word
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

    with hostile_server(once) as server, _session(server, max_retries=1) as session:
        assert [session.bridges.get("brg-1").id for _ in range(3)] == ["brg-1"] * 3
        assert len(server.requests) >= 3


# -- failures leave the pool whole, and read as urlopen reads them --------------------------------

GOOD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
    len(json.dumps(BRIDGE)),
    json.dumps(BRIDGE).encode(),
)


def _keep_alive(first: bytes) -> Callable[[object, socket.socket], None]:
    """Answers the first request with ``first``, later ones with GOOD, on one connection."""
    sent: list[bytes] = []

    def handle(request: object, connection: socket.socket) -> None:
        while True:
            answer_now = GOOD if sent else first
            sent.append(first)  # before sending: the client may reconnect at once
            connection.sendall(answer_now)
            if read_request(connection) is None:
                return

    return handle


def _one_slot(server: Any, **options: Any) -> Session:
    return _session(server, **{"pool_maxsize": 1, "total_timeout": 5, **options})


class _Interrupt(BaseException):
    pass


def test_an_interrupt_while_reading_the_body_gives_the_slot_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read, interrupts = http.client.HTTPResponse.read, [_Interrupt()]

    def interrupted(self: http.client.HTTPResponse, amt: int | None = None) -> bytes:
        if interrupts:
            raise interrupts.pop()
        return read(self, amt)

    monkeypatch.setattr(http.client.HTTPResponse, "read", interrupted)
    with hostile_server(_keep_alive(GOOD)) as server, _one_slot(server) as session:
        with pytest.raises(_Interrupt):
            session.bridges.get("brg-1")
        assert session.bridges.get("brg-1").id == "brg-1"  # no wait for a free connection


def test_a_compressed_answer_urllib3_refuses_gives_the_slot_back() -> None:
    packed = gzip.compress(json.dumps(BRIDGE).encode())
    refused = (
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(packed), len(packed) + 1, packed)
    )
    with hostile_server(_keep_alive(refused)) as server, _one_slot(server) as session:
        with pytest.raises(APIConnectionError, match="InvalidHeader"):
            session.bridges.get("brg-1")
        assert session.bridges.get("brg-1").id == "brg-1"


def test_conflicting_content_lengths_are_refused_as_urlopen_refuses_them() -> None:
    body = json.dumps(BRIDGE).encode()
    bad = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
    )
    with (
        hostile_server(lambda request, connection: connection.sendall(bad)) as server,
        _one_slot(server) as session,
        pytest.raises(APIConnectionError, match="InvalidHeader"),
    ):
        session.bridges.get("brg-1")


def test_a_folded_link_header_is_unfolded_before_the_next_page_is_read() -> None:
    holder: list[Any] = []

    def handle(request: Any, connection: socket.socket) -> None:
        base = f"{holder[0].base_url}/users/u-1/bridges".encode()
        link, items = b"", [{"id": "brg-2"}]
        if "page=2" not in request.path:
            items = [{"id": "brg-1"}]
            link = b'Link: <%s?page=1>; rel="first",\r\n <%s?page=2>; rel="next"\r\n' % (base, base)
        body = json.dumps(items).encode()
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n"
            b"Connection: close\r\n\r\n%s" % (link, len(body), body)
        )

    with hostile_server(handle) as server, _one_slot(server) as session:
        holder.append(server)
        assert [bridge.id for bridge in session.bridges.list()] == ["brg-1", "brg-2"]


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 60\r\nConnection: close\r\n\r\n",
        b"HTTP/1.0 200 OK\r\nContent-Length: 60\r\n\r\n",
    ],
    ids=["close-delimited", "connection-close", "http-1.0"],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_total_timeout_cuts_a_trickle_on_a_connection_the_server_will_close(
    head: bytes, method: str
) -> None:
    holder: list[Any] = []

    def handle(request: object, connection: socket.socket) -> None:
        connection.sendall(head + b"[")
        holder[0].trickle(connection, b" " * 59, 0.1)

    with hostile_server(handle) as server, _one_slot(server, total_timeout=1) as session:
        holder.append(server)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            if method == "GET":
                session.bridges.get("brg-1")
            else:
                session.bridges.update("brg-1", bridge_audio=True)
        assert time.monotonic() - started < 4  # the trickle lasts 6 s


@pytest.mark.parametrize("patched", ["request", "getresponse"])
def test_a_patched_http_client_sends_gets_through_urlopen(
    patched: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what a mocking library patching below requests (pook) does
    calls = _urlopen_calls(monkeypatch)
    original = getattr(http.client.HTTPConnection, patched)

    def passing(self: Any, *args: Any, **kwargs: Any) -> Any:
        return original(self, *args, **kwargs)

    monkeypatch.setattr(http.client.HTTPConnection, patched, passing)
    with serving(_Api, tls=False) as origin, Session(*CREDENTIALS, base_url=f"{origin}/v1") as s:
        assert s.bridges.get("brg-1").id == "brg-1"
    assert calls == ["GET"]


@pytest.mark.parametrize("kind", ["Session", "AsyncSession"])
def test_a_body_that_does_not_decode_is_a_typed_error(kind: str, loop_thread: LoopThread) -> None:
    corrupt = b"\x1f\x8bnot gzip at all"
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(corrupt)
    with hostile_server(lambda request, connection: connection.sendall(head + corrupt)) as server:
        options: dict[str, Any] = {"base_url": server.base_url, "max_retries": 0}
        opened: Any = (
            Session(*CREDENTIALS, **options)
            if kind == "Session"
            else blocking_session(loop_thread, *CREDENTIALS, **options)
        )
        with opened as session, pytest.raises(APIConnectionError, match="does not decode"):
            session.bridges.get("brg-1")
