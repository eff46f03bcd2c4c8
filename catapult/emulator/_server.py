"""HTTP plumbing: a threaded HTTP/1.1 server that reads requests and writes :class:`Outcome`\\ s.

Details that keep keep-alive clients healthy: TCP_NODELAY,
``Content-Length`` on every answer, no per-request logging, broken connections ignored quietly.

A request body is read only when the pipeline asks for it, after the checks that need no body
(credentials, the control API's guard), and never beyond the body limit: a declared
``Content-Length`` over it is refused (413) unread, a chunked body is cut off there. A
connection whose body was not read is closed after the answer.

The server also knows which connections are busy: a connection counts from the moment bytes
of a request arrive until its answer is written, so :meth:`EmulatorHTTPServer.quiesce` can
wait until every request already sent has been answered (``Emulator.reset()`` does).
"""

from __future__ import annotations

import contextlib
import io
import select
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ._errors import ApiFault
from ._pipeline import Outcome, Pipeline
from ._wire import Request, Response

_CHUNK = 256 * 1024


def _framing(message: str) -> ApiFault:
    return ApiFault(400, "bad-request", "bad-framing", message)


def _too_large(limit: int) -> ApiFault:
    return ApiFault(413, "bad-request", "body-too-large", f"The request body is over {limit} bytes")


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that tracks its connections, busy or idle, and can close them."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.batch: Callable[[], AbstractContextManager[None]] = contextlib.nullcontext
        """Holds the callbacks a request raises until its answer is written (set by Emulator)."""
        self._conn_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        self._busy = 0
        self._accepting = 0
        self._accepted = 0
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        with self._conn_lock:
            self._accepting += 1
        try:
            conn, address = super().get_request()
            with self._conn_lock:
                self._connections.add(conn)
                self._accepted += 1
            return conn, address
        finally:
            with self._conn_lock:
                self._accepting -= 1

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self._work,
            args=(request, client_address),
            name="catapult-emulator-conn",
            daemon=True,
        )
        with self._conn_lock:
            self._workers.add(worker)
        worker.start()

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._conn_lock:
                self._connections.discard(request)
                self._workers.discard(threading.current_thread())

    def mark_busy(self, change: int) -> None:
        """A connection started (+1) or finished (-1) handling a request."""
        with self._conn_lock:
            self._busy += change

    def quiesce(self, timeout: float) -> bool:
        """Wait until no request is pending or being answered; False if ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        while not self._quiet():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    def _quiet(self) -> bool:
        # Order matters: connections first, then their sockets, then the counters (which
        # also reveal an accept or a request that began while the sockets were looked at).
        with self._conn_lock:
            connections, accepted = list(self._connections), self._accepted
            if self._accepting:
                return False
        if _readable([self.socket, *connections]):
            return False
        with self._conn_lock:
            return not self._busy and not self._accepting and self._accepted == accepted

    def close_connections(self, timeout: float = 2.0) -> None:
        """Shut every open connection down and wait (briefly) for their threads."""
        with self._conn_lock:
            connections, workers = list(self._connections), list(self._workers)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet about dropped connections; print anything else (a real bug)."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        traceback.print_exc()


def _readable(sockets: list[socket.socket]) -> bool:
    """Whether any of ``sockets`` has bytes (or a connection, or EOF) waiting."""
    poller = select.poll()
    for sock in sockets:
        with contextlib.suppress(OSError, ValueError):
            poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class _Watched(io.RawIOBase):
    """A socket's reading side that reports the first bytes of each request before taking them."""

    def __init__(self, sock: socket.socket, arrived: Callable[[], None]) -> None:
        self._sock = sock
        self._arrived = arrived

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._sock.recv(1, socket.MSG_PEEK):
            return 0
        self._arrived()
        return self._sock.recv_into(buffer)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "CatapultEmulator/1"
    sys_version = ""
    timeout = 60
    """Idle keep-alive connections are closed after this many seconds."""
    server: EmulatorHTTPServer  # pyright: ignore[reportIncompatibleVariableOverride]

    def setup(self) -> None:
        super().setup()
        self._busy = False
        self._body_read = True
        self.rfile = io.BufferedReader(_Watched(self.connection, self._arrived), 64 * 1024)

    def _arrived(self) -> None:
        if not self._busy:
            self._busy = True
            self.server.mark_busy(+1)

    def _idle(self) -> None:
        if self._busy:
            self._busy = False
            self.server.mark_busy(-1)

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        finally:
            self._idle()

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request logging (it would dominate benchmark time and clutter stderr)."""

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _serve(self) -> None:
        request = Request(
            self.command, self.path, list(self.headers.items()), b"", self.client_address[0]
        )
        if self.server.pipeline.is_control(request):
            self._idle()  # control requests (reset among them) never hold a reset back
        self._body_read = not self._has_body()
        with self.server.batch():  # the app hears of a change only after its answer went out
            try:
                outcome = self.server.pipeline.serve(request, self._read_body)
            except Exception:  # a bug: answer 500 rather than hang the client
                traceback.print_exc()
                outcome = Outcome(Response.json(500, _INTERNAL_ERROR))
            if not self._body_read:
                self.close_connection = True
            self._write(outcome)

    def _has_body(self) -> bool:
        chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
        return chunked or (self.headers.get("Content-Length") or "0").strip() != "0"

    def _read_body(self, limit: int) -> bytes:
        """Read the request body (Content-Length or chunked), refusing more than ``limit``."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = self._read_chunked(limit)
        else:
            body = self._read_sized(limit)
        self._body_read = True
        return body

    def _read_sized(self, limit: int) -> bytes:
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        if not raw.strip().isdigit():
            raise _framing("Invalid Content-Length")
        length = int(raw)
        if length > limit:
            raise _too_large(limit)
        body = self.rfile.read(length)
        if len(body) < length:
            raise _framing("The request body ended early")
        return body

    def _read_chunked(self, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise _framing("Invalid chunk size") from None
            if size < 0:
                raise _framing("Invalid chunk size")
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > limit:
                raise _too_large(limit)
            part = self.rfile.read(size)
            if len(part) < size:
                raise _framing("The request body ended early")
            parts.append(part)
            self.rfile.readline(1024)

    def _write(self, outcome: Outcome) -> None:
        if outcome.response is None:
            self.close_connection = True
            return
        if outcome.truncate:
            self.close_connection = True
            body = outcome.response.body
            self._send(outcome.response, declared=len(body) + 64, body=body[: len(body) // 2])
            return
        self._send(outcome.response)

    def _send(
        self, response: Response, declared: int | None = None, body: bytes | None = None
    ) -> None:
        payload = response.body if body is None else body
        try:
            self.send_response(response.status)
            names = {name.lower() for name, _ in response.headers}
            if response.content_type and "content-type" not in names:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(payload) if declared is None else declared))
            for name, value in response.headers:
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            for start in range(0, len(payload), _CHUNK):
                self.wfile.write(payload[start : start + _CHUNK])
            self.wfile.flush()
        except OSError:  # the client went away; nothing to tell it
            self.close_connection = True


_INTERNAL_ERROR: dict[str, Any] = {
    "category": "backend",
    "code": "internal-error",
    "message": "Emulator error",
    "details": [],
}
