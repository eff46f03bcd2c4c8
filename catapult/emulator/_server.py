"""HTTP plumbing: a threaded HTTP/1.1 server that reads requests and writes :class:`Outcome`\\ s.

Details that keep keep-alive clients healthy: TCP_NODELAY,
``Content-Length`` on every answer, no per-request logging, broken connections ignored quietly.

A request body is read only when the pipeline asks for it, after the checks that need no body
(credentials, the control API's guard), and never beyond the body limit: a declared
``Content-Length`` over it is refused (413) unread, a chunked body is cut off there. A
connection whose body was not read is closed after the answer.

The server also knows which connections hold a request: :meth:`EmulatorHTTPServer.quiesce`
waits until every request already sent has been answered (``Emulator.reset()`` does). A
connection holds one while request bytes wait unread in its socket, or while its handler
works on bytes it took, or waits for the rest of a request whose bytes still come (for
:data:`PARTIAL_REQUEST_WAIT` after the last ones: an unfinished request left by a client that
stopped sending must not hold every reset back). Never pending: an idle or half-closed
keep-alive connection (EOF is not a request), and the connection carrying the control request
that asked for the wait (its own unread body).
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import io
import select
import socket
import sys
import termios
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

PARTIAL_REQUEST_WAIT = 2.0
"""How long (s) after its last bytes an unfinished request still holds a reset back."""


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
        self._connections: dict[socket.socket, _Progress] = {}
        self._workers: set[threading.Thread] = set()
        self._accepting = 0
        self._accepted = 0
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        with self._conn_lock:
            self._accepting += 1
        try:
            conn, address = super().get_request()
            with self._conn_lock:
                self._connections[conn] = _Progress()
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
                self._connections.pop(request, None)
                self._workers.discard(threading.current_thread())

    def progress(self, conn: socket.socket) -> _Progress:
        """What the handler of ``conn`` is doing, as :meth:`quiesce` reads it."""
        with self._conn_lock:
            return self._connections.setdefault(conn, _Progress())

    def quiesce(self, timeout: float) -> bool:
        """Wait until no request is pending or being answered; False if ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        while not self._quiet():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    def _quiet(self) -> bool:
        # Order matters: the handlers' progress first, then the sockets, then the progress
        # again (a read or an accept that happened while the sockets were looked at shows).
        with self._conn_lock:
            if self._accepting:
                return False
            accepted = self._accepted
            seen = [
                (conn, progress, progress.snapshot())
                for conn, progress in self._connections.items()
            ]
        if _readable([self.socket]):
            return False
        for conn, progress, (pending, _) in seen:
            if pending or (not progress.control and _has_bytes(conn)):
                return False
        with self._conn_lock:
            if self._accepting or self._accepted != accepted:
                return False
        return all(progress.snapshot()[1] == reads for _, progress, (_, reads) in seen)

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
    """Whether any of ``sockets`` has something (a connection to accept) waiting."""
    poller = select.poll()
    for sock in sockets:
        with contextlib.suppress(OSError, ValueError):
            poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


def _has_bytes(sock: socket.socket) -> bool:
    """Whether unread bytes wait in ``sock`` (EOF and a closed socket are not bytes).

    Asks the kernel how many bytes are queued (``FIONREAD``) rather than peeking: a peek on a
    socket with a timeout would wait for bytes.
    """
    queued = array.array("i", [0])
    try:
        fcntl.ioctl(sock.fileno(), termios.FIONREAD, queued)
    except (OSError, ValueError):
        return False
    return queued[0] > 0


class _Progress:
    """One connection's handler as :meth:`EmulatorHTTPServer.quiesce` sees it.

    ``working``: the handler reads or serves a request; ``waiting``: it waits for bytes from
    the client (the rest of a request when ``started``, else the next one on a keep-alive
    connection); ``reads`` counts the reads that took bytes (a change means bytes moved while
    the server looked); ``control``: the handler serves a control request.
    """

    __slots__ = ("_lock", "control", "last_read", "reads", "started", "waiting", "working")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.working = self.waiting = self.started = self.control = False
        self.reads = 0
        self.last_read = 0.0

    def snapshot(self) -> tuple[bool, int]:
        """(whether a request is pending here, ``reads``)."""
        with self._lock:
            if not self.working or self.control:
                return False, self.reads
            if not self.waiting:
                return True, self.reads
            stalled = time.monotonic() - self.last_read >= PARTIAL_REQUEST_WAIT
            return self.started and not stalled, self.reads

    def wait_for_bytes(self, waiting: bool) -> None:
        with self._lock:
            self.waiting = waiting

    def took_bytes(self) -> None:
        with self._lock:
            self.reads += 1
            self.started = True
            self.last_read = time.monotonic()

    def begin(self) -> None:
        with self._lock:
            self.working, self.started = True, False

    def done(self) -> None:
        with self._lock:
            self.working = self.control = False


class _Watched(io.RawIOBase):
    """A socket's reading side that tells its :class:`_Progress` when it waits and reads."""

    def __init__(self, sock: socket.socket, progress: _Progress) -> None:
        self._sock = sock
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # Waiting is flagged only while no byte is in the socket: the peek leaves them there,
        # so a reader sees either the bytes or, after they are taken, a changed ``reads``.
        self._progress.wait_for_bytes(True)
        try:
            if not self._sock.recv(1, socket.MSG_PEEK):
                return 0
        finally:
            self._progress.wait_for_bytes(False)
        taken = self._sock.recv_into(buffer)
        self._progress.took_bytes()
        return taken


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
        self._body_read = True
        self._progress = self.server.progress(self.connection)
        self.rfile = io.BufferedReader(_Watched(self.connection, self._progress), 64 * 1024)

    def handle_one_request(self) -> None:
        self._progress.begin()  # bytes a buffer already holds are a request too
        try:
            super().handle_one_request()
        finally:
            self._progress.done()

    def parse_request(self) -> bool:
        """HTTP/1.x only: a request line cut short or without a version (HTTP/0.9) is dropped."""
        served = getattr(self, "raw_requestline", b"").endswith(b"\n") and super().parse_request()
        served = served and self.request_version != "HTTP/0.9"
        self.close_connection = self.close_connection or not served
        return served

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
            self._progress.control = True  # control requests (reset among them) never hold one back
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
