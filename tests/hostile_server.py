"""A tiny loopback HTTP server whose every answer is written by the test: trickles, lies, loops.

Each connection runs ``handler(request, connection)`` in its own thread. ``request`` is the
parsed request (method, path, headers, body); the handler writes raw bytes to ``connection``.
Handlers that trickle should loop on ``server.stopping`` so the server stops promptly.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class HostileServer:
    handler: Callable[[Request, socket.socket], None]
    stopping: threading.Event = field(default_factory=threading.Event)
    requests: list[Request] = field(default_factory=list)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def user_url(self, user_id: str = "u-test") -> str:
        return f"{self.base_url}/users/{user_id}"

    def trickle(self, connection: socket.socket, data: bytes, interval: float = 0.2) -> None:
        """Send ``data`` one byte per ``interval`` until done, stopped or the client leaves."""
        for byte in data:
            if self.stopping.wait(interval):
                return
            connection.sendall(bytes([byte]))


def _read_request(connection: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return Request(method, path, headers, body)


def answer(
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    reason: str = "OK",
) -> bytes:
    """Raw bytes of a complete answer (Content-Length set, connection closed after)."""
    lines = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@contextlib.contextmanager
def hostile_server(handler: Callable[[Request, socket.socket], None]) -> Iterator[HostileServer]:
    server = HostileServer(handler)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.settimeout(0.1)
    server.port = listener.getsockname()[1]
    workers: list[threading.Thread] = []

    def serve(connection: socket.socket) -> None:
        with connection:
            try:
                request = _read_request(connection)
                if request is not None:
                    server.requests.append(request)
                    server.handler(request, connection)
            except OSError:
                pass  # the client gave up: that is what these tests provoke

    def accept() -> None:
        while not server.stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=serve, args=(connection,), daemon=True)
            workers.append(worker)
            worker.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield server
    finally:
        server.stopping.set()
        acceptor.join(10)
        listener.close()
        deadline = time.monotonic() + 10
        for worker in workers:
            worker.join(max(deadline - time.monotonic(), 0.1))
