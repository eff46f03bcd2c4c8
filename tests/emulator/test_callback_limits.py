"""Hostile apps: ``callbackTimeout`` bounds the whole answer, and one slow app cannot take every
delivery worker from the others."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from catapult.emulator import Emulator

Behaviour = Callable[[socket.socket, threading.Event], None]


class _App:
    """A raw TCP app whose answers ``behaviour`` writes; ``stop`` ends every answer.

    ``in_flight`` counts the connections the emulator has not yet closed. It is counted when a
    request arrives, from the sockets themselves: the emulator closes a connection before it
    frees that delivery slot, so a connection it has let go already reads as closed then (a
    handler thread's own bookkeeping could lag behind the next delivery on a busy machine).
    """

    def __init__(self, behaviour: Behaviour) -> None:
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.open: set[socket.socket] = set()
        self.most_in_flight = 0
        app = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                _read_request(self.request)
                app.arrived(self.request)
                try:
                    behaviour(self.request, app.stop)
                    _wait_closed(self.request)
                except OSError:
                    pass  # the emulator hung up (its deadline)
                finally:
                    with app.lock:
                        app.open.discard(self.request)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,))
        self.thread.start()

    @property
    def in_flight(self) -> int:
        with self.lock:
            self.open = {sock for sock in self.open if not _closed_by_peer(sock)}
            return len(self.open)

    def arrived(self, sock: socket.socket) -> None:
        with self.lock:
            self.open = {other for other in self.open if not _closed_by_peer(other)} | {sock}
            self.most_in_flight = max(self.most_in_flight, len(self.open))

    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/cb"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def _closed_by_peer(sock: socket.socket) -> bool:
    """Whether the other end has closed ``sock`` (its end of stream is already readable)."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _wait_closed(sock: socket.socket) -> None:
    sock.settimeout(30)
    while sock.recv(65536):
        pass


def _read_request(sock: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65536)
        if not part:
            return
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            left = int(line.split(b":")[1]) - len(body)
            while left > 0:
                left -= len(sock.recv(left))


def _trickle_body(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
    while not stop.wait(0.05):
        sock.sendall(b"x")


def _trickle_headers(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\n")
    while not stop.wait(0.05):
        sock.sendall(b"X-Slow: 1\r\n")


def _hold(sock: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")


def _healthy(sock: socket.socket, stop: threading.Event) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")


@pytest.fixture
def make_app() -> Iterator[Callable[[Behaviour], _App]]:
    apps: list[_App] = []

    def make(behaviour: Behaviour) -> _App:
        apps.append(_App(behaviour))
        return apps[-1]

    yield make
    for app in apps:
        app.close()


@pytest.mark.parametrize("behaviour", [_trickle_body, _trickle_headers])
def test_a_trickling_answer_is_cut_off_at_the_callback_timeout(
    emu: Emulator, make_app: Callable[[Behaviour], _App], behaviour: Behaviour
) -> None:
    app = make_app(behaviour)
    emu.configure_callbacks(incoming_call_timeout=500)
    call_id = emu.incoming_call(callback_url=app.url())
    (delivery,) = emu.wait_for_deliveries(1, timeout=30, call_id=call_id)
    assert delivery.outcome == "timeout" and delivery.error == "no answer within 500 ms"
    # The trickle would last 5,000 s; the 0.5 s deadline held (a generous bound for a busy box).
    assert delivery.elapsed_ms < 15_000


def test_one_slow_app_does_not_starve_the_others(
    emu: Emulator, make_app: Callable[[Behaviour], _App]
) -> None:
    slow, healthy = make_app(_hold), make_app(_healthy)
    options = emu.callback_options
    assert options.max_workers_per_app < options.max_workers
    slow_calls = [emu.incoming_call(callback_url=slow.url()) for _ in range(10)]
    call_id = emu.incoming_call(callback_url=healthy.url())
    (delivery,) = emu.wait_for_deliveries(1, timeout=30, call_id=call_id)
    assert delivery.ok
    assert not any(emu.deliveries(call_id=slow_call) for slow_call in slow_calls)  # still held
    deadline = time.monotonic() + 30
    while slow.in_flight < options.max_workers_per_app:  # the slow app holds all it may get
        assert time.monotonic() < deadline
        time.sleep(0.01)
    slow.stop.set()
    emu.wait_for_deliveries(11, timeout=60)
    assert all(d.ok for d in emu.deliveries())
    assert slow.most_in_flight == options.max_workers_per_app
