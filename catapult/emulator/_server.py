"""HTTP plumbing: a threaded HTTP/1.1 server that reads requests and writes :class:`Outcome`\\ s.

Details that keep keep-alive clients healthy (testing-and-reliability.md §2.4): TCP_NODELAY,
``Content-Length`` on every answer, request bodies always drained before answering (even with
a fault), no per-request logging, and broken connections ignored quietly.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ._pipeline import Outcome, Pipeline
from ._wire import Request, Response

#: Bodies above this size are refused (413) after being drained.
MAX_BODY = 16 * 1024 * 1024
_CHUNK = 256 * 1024


class _BadFraming(Exception):
    """The request body framing cannot be trusted; answer 400 and close."""


class EmulatorHTTPServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that can close every open connection when stopped."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        #: Holds the callbacks a request raises until its answer is written (set by Emulator).
        self.batch: Callable[[], AbstractContextManager[None]] = contextlib.nullcontext
        self._conn_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._workers: set[threading.Thread] = set()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self._work,
            args=(request, client_address),
            name="catapult-emulator-conn",
            daemon=True,
        )
        with self._conn_lock:
            self._connections.add(request)
            self._workers.add(worker)
        worker.start()

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.process_request_thread(request, client_address)
        finally:
            with self._conn_lock:
                self._connections.discard(request)
                self._workers.discard(threading.current_thread())

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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "CatapultEmulator/1"
    sys_version = ""
    #: Idle keep-alive connections are closed after this many seconds.
    timeout = 60
    server: EmulatorHTTPServer

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request logging (it would dominate benchmark time and clutter stderr)."""

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _serve(self) -> None:
        try:
            body = self._drain_body()
        except _BadFraming as exc:
            self.close_connection = True
            self._send(
                Response.json(
                    400,
                    {
                        "category": "bad-request",
                        "code": "bad-framing",
                        "message": str(exc),
                        "details": [],
                    },
                )
            )
            return
        request = Request(
            self.command, self.path, list(self.headers.items()), body, self.client_address[0]
        )
        if len(body) > MAX_BODY:
            self._send(
                Response.json(
                    413,
                    {
                        "category": "bad-request",
                        "code": "body-too-large",
                        "message": "The request body is too large",
                        "details": [],
                    },
                )
            )
            return
        with self.server.batch():  # the app hears of a change only after its answer went out
            try:
                outcome = self.server.pipeline.serve(request)
            except Exception:  # a bug: answer 500 rather than hang the client
                traceback.print_exc()
                outcome = Outcome(
                    Response.json(
                        500,
                        {
                            "category": "backend",
                            "code": "internal-error",
                            "message": "Emulator error",
                            "details": [],
                        },
                    )
                )
            self._write(outcome)

    def _drain_body(self) -> bytes:
        """Read the whole request body (Content-Length or chunked) so the stream stays in sync."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        try:
            length = int(raw)
        except ValueError:
            raise _BadFraming("Invalid Content-Length") from None
        if length < 0:
            raise _BadFraming("Invalid Content-Length")
        parts: list[bytes] = []
        left = length
        while left > 0:
            part = self.rfile.read(min(left, _CHUNK))
            if not part:
                raise _BadFraming("The request body ended early")
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise _BadFraming("Invalid chunk size") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            parts.append(self.rfile.read(size))
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
