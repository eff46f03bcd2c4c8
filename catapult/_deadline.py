"""Wall-clock deadlines for HTTP attempts, kept even against a server that trickles.

Socket timeouts bound each read, not a whole answer: a server sending one byte a second (in the
body, or in the headers) never trips them. So every attempt gets a deadline, and one watchdog
thread shuts down the socket of any attempt still running when its deadline passes; the blocked
read then fails at once and the transport reports a timeout. The connection pool's wait for a
free connection is bounded by the same deadline.

The transport marks the running attempt in a thread-local; the connection classes below attach
themselves to it when they connect or send, which is how the watchdog finds the socket.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import PoolManager, ProxyManager

#: How long the watchdog thread lingers with nothing to watch before it exits.
_IDLE_SECONDS = 10.0
#: Finished attempts stay queued until their deadline; past this many, they are swept out.
_SWEEP_AT = 1024


class Attempt:
    """One attempt's deadline (``time.monotonic()`` seconds) and the connection it uses."""

    __slots__ = ("_connection", "_lock", "deadline", "done", "expired")

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self.done = False
        self._connection: HTTPConnection | None = None
        self._lock = threading.Lock()

    def remaining(self) -> float:
        """Seconds left before the deadline (never below a millisecond)."""
        return max(self.deadline - time.monotonic(), 0.001)

    def attach(self, connection: HTTPConnection) -> None:
        """Record the connection this attempt is using (it may already be too late)."""
        with self._lock:
            self._connection = connection
            if self.expired:
                _shut_down(connection)

    def expire(self) -> None:
        """The deadline passed: unblock whatever read or write the attempt is stuck in."""
        with self._lock:
            if self.done:
                return
            self.expired = True
            if self._connection is not None:
                _shut_down(self._connection)

    def finish(self) -> None:
        """The attempt no longer uses its connection (call before the pool gets it back)."""
        with self._lock:
            self.done = True
            self._connection = None


def _shut_down(connection: HTTPConnection) -> None:
    # A connection the server will close (``Connection: close``, HTTP/1.0, a body that ends
    # with the connection) is closed by http.client as soon as the head is read, its socket
    # handed to the answer: the socket it had is the one the body still comes from.
    sock = getattr(connection, "sock", None) or getattr(connection, "last_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


class Watchdog:
    """One daemon thread expiring attempts whose deadline has passed; started on demand."""

    def __init__(self) -> None:
        self._order = itertools.count()
        self._start_empty()

    def _start_empty(self) -> None:
        """No attempts, no thread, a fresh lock (also in a forked child: the parent's lock
        may have been held at the fork, and its thread does not exist there)."""
        self._heap: list[tuple[float, int, Attempt]] = []
        self._wake = threading.Condition(threading.Lock())
        self._thread: threading.Thread | None = None
        self._sweep_at = _SWEEP_AT

    def watch(self, attempt: Attempt) -> None:
        """Expire ``attempt`` at its deadline unless it finishes first."""
        with self._wake:
            if len(self._heap) >= self._sweep_at:  # amortized: the threshold doubles
                self._heap = [entry for entry in self._heap if not entry[2].done]
                heapq.heapify(self._heap)
                self._sweep_at = max(_SWEEP_AT, 2 * len(self._heap))
            heapq.heappush(self._heap, (attempt.deadline, next(self._order), attempt))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="catapult-deadlines", daemon=True
                )
                self._thread.start()
            elif self._heap[0][2] is attempt:
                self._wake.notify()

    def _run(self) -> None:
        with self._wake:
            while True:
                if not self._heap:
                    self._wake.wait(_IDLE_SECONDS)
                    if not self._heap:
                        self._thread = None
                        return
                    continue
                deadline, _, attempt = self._heap[0]
                now = time.monotonic()
                if attempt.done or deadline <= now:
                    heapq.heappop(self._heap)
                    attempt.expire()
                else:
                    self._wake.wait(deadline - now)


WATCHDOG = Watchdog()
if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=WATCHDOG._start_empty)  # pyright: ignore[reportPrivateUsage]
_current = threading.local()


def current_attempt() -> Attempt | None:
    """The attempt running in this thread, if any."""
    attempt: Attempt | None = getattr(_current, "attempt", None)
    return attempt


def set_current_attempt(attempt: Attempt | None) -> None:
    """Mark (or, with None, unmark) the attempt running in this thread."""
    _current.attempt = attempt


class _Watched:
    """Mixin for urllib3 connections: attach to the running attempt on connect and send, and
    keep the socket they last closed (see :func:`_shut_down`)."""

    last_sock: socket.socket | None = None

    def close(self) -> None:
        sock = getattr(self, "sock", None)
        if sock is not None:
            self.last_sock = sock
        super().close()  # type: ignore[misc]

    def connect(self) -> None:
        attempt = current_attempt()
        if attempt is not None:
            attempt.attach(self)  # type: ignore[arg-type]
        super().connect()  # type: ignore[misc]

    def request(self, *args: Any, **kwargs: Any) -> None:
        attempt = current_attempt()
        if attempt is not None:
            attempt.attach(self)  # type: ignore[arg-type]
        super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


OWN_CONNECTIONS = (_WatchedHTTPConnection, _WatchedHTTPSConnection)
"""The connection classes the SDK installs (not a recording library's stand-ins)."""


class _BoundedWait:
    """Mixin for urllib3 pools: wait for a free connection no longer than the deadline."""

    def urlopen(self, *args: Any, **kwargs: Any) -> Any:
        attempt = current_attempt()
        if attempt is not None and kwargs.get("pool_timeout") is None:
            kwargs["pool_timeout"] = attempt.remaining()
        return super().urlopen(*args, **kwargs)  # type: ignore[misc]


def _connection_class(pool: type[HTTPConnectionPool], plain: type, watched: type) -> Any:
    """A pool's ``ConnectionCls``: ``watched`` while urllib3's own ``plain`` class is installed.

    Looked up on every new connection, not fixed: a recording library (vcrpy) that swaps
    urllib3's connection classes for its own stand-ins must keep working.
    """

    def installed_or_watched(self: object) -> Any:
        installed: Any = pool.ConnectionCls
        return watched if installed is plain else installed

    return property(installed_or_watched)


class _WatchedHTTPPool(_BoundedWait, HTTPConnectionPool):
    ConnectionCls = _connection_class(HTTPConnectionPool, HTTPConnection, _WatchedHTTPConnection)


class _WatchedHTTPSPool(_BoundedWait, HTTPSConnectionPool):
    ConnectionCls = _connection_class(HTTPSConnectionPool, HTTPSConnection, _WatchedHTTPSConnection)


_POOL_CLASSES: dict[str, type[HTTPConnectionPool]] = {
    "http": _WatchedHTTPPool,
    "https": _WatchedHTTPSPool,
}


class WatchedAdapter(HTTPAdapter):
    """``HTTPAdapter`` whose pools honour the running attempt's deadline (see module doc)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> PoolManager:
        manager: PoolManager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if type(manager) is ProxyManager:  # a SOCKS manager keeps its own pool classes
            manager.pool_classes_by_scheme = _POOL_CLASSES
        return manager
