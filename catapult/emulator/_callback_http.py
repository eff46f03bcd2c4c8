"""Callback requests on the wire: how one event is sent, bounded by ``callbackTimeout``.

The timeout bounds the whole attempt, connection to the last byte of the answer: a watchdog
thread shuts a connection down at its deadline, so an app that answers one byte at a time is
cut off like one that never answers.

Deliveries use the standard library's own connection classes, even while an HTTP recorder has
replaced the ones ``http.client`` exports (see :func:`genuine`): the emulator's traffic is
never recorded, replayed, refused, or sent in a way that disturbs the recording of others'.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import math
import socket
import ssl
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, unquote, urlencode, urlsplit

from ._records import CallRecord

MAX_ANSWER = 64 * 1024
"""The most of an app's answer body that is read (and ignored)."""


@dataclass(frozen=True)
class Target:
    """Where and how a call's events are sent (from its callback settings)."""

    url: str
    method: str
    timeout_ms: int
    fallback_url: str | None

    @property
    def app(self) -> str:
        """The ``host:port`` the events go to (deliveries to one app are capped)."""
        return urlsplit(self.url).netloc.rpartition("@")[2].lower()


@dataclass(frozen=True)
class Prepared:
    """One callback request, ready to send."""

    scheme: str
    netloc: str
    method: str
    target: str
    body: bytes | None
    headers: dict[str, str]

    @property
    def shown(self) -> str:
        """The URL requested, without credentials."""
        return f"{self.scheme}://{self.netloc}{self.target}"


def prepare(event: Mapping[str, Any], url: str, method: str, user_agent: str) -> Prepared:
    """The request for ``event``: POST of JSON, or GET with one query parameter per field.

    ``user:password@`` in ``url`` becomes ``Authorization: Basic``.
    """
    parts = urlsplit(url)
    headers = {"User-Agent": user_agent}
    if parts.username is not None:
        secret = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(secret.encode()).decode()
    target = parts.path or "/"
    body: bytes | None = None
    if method == "GET":
        query = urlencode([(k, _query_text(v)) for k, v in event.items()], quote_via=quote)
        target += "?" + (f"{parts.query}&" if parts.query else "") + query
    else:
        if parts.query:
            target += "?" + parts.query
        body = json.dumps(event, separators=(",", ":")).encode("utf-8")
        headers["Content-Type"] = "application/json; charset=utf-8"
    netloc = parts.netloc.rpartition("@")[2]
    return Prepared(parts.scheme, netloc, method, target, body, headers)


@dataclass
class Attempt:
    """How one attempt ended: the app's status, ``ok`` or a failure kind, and why."""

    status: int | None = None
    outcome: str = "ok"
    error: str | None = None


def genuine(cls: Any) -> type[http.client.HTTPConnection]:
    """``cls`` if it is the standard library's, else the ``http.client`` class it stands in for.

    While vcrpy records or replays, ``http.client.HTTPConnection`` and ``HTTPSConnection`` are
    its stand-ins, which keep the class they replace as ``_baseclass``. A delivery must not go
    through them: it would be recorded into (or refused by) the test's cassette, and each
    request vcrpy sends for real puts the original classes back in every module until it is
    sent, so the SDK's requests on other threads would meanwhile go out unrecorded. A class
    that is neither is returned as it is.
    """
    found = cls
    for _ in range(8):  # a stand-in of a stand-in at most, in practice
        if isinstance(found, type) and found.__module__ == "http.client":
            return found
        found = getattr(found, "_baseclass", None)
    return cast("type[http.client.HTTPConnection]", cls)


if TYPE_CHECKING:
    _PlainConnection = http.client.HTTPConnection
else:  # what plain ``http`` deliveries are sent through
    _PlainConnection = genuine(http.client.HTTPConnection)


class _TLSConnection(_PlainConnection):
    """What ``https`` deliveries are sent through: verified TLS, as ``HTTPSConnection`` does.

    Not ``HTTPSConnection`` itself: its constructor looks its own name up in ``http.client``,
    so it fails while a stand-in is there.
    """

    default_port = http.client.HTTPS_PORT

    def __init__(self, host: str, *, timeout: float) -> None:
        super().__init__(host, timeout=timeout)
        self._tls = ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self._tls.wrap_socket(self.sock, server_hostname=self.host)


class Courier:
    """Sends callback requests, each within its deadline; can abort all of them at once."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._open: dict[http.client.HTTPConnection, float] = {}
        self._watcher: threading.Thread | None = None

    def send(self, request: Prepared, timeout_ms: int) -> Attempt:
        budget = timeout_ms / 1000
        deadline = time.monotonic() + budget
        if request.scheme not in ("http", "https") or not request.netloc:
            error = f"not an http(s) URL: {request.scheme}://{request.netloc}"
            return Attempt(outcome="connect", error=error)
        factory = _TLSConnection if request.scheme == "https" else _PlainConnection
        stage = "connect"
        conn: http.client.HTTPConnection | None = None
        try:
            conn = factory(request.netloc, timeout=budget)
            conn.connect()
            self._track(conn, deadline)
            stage = "send"
            conn.request(request.method, request.target, request.body, request.headers)
            response = conn.getresponse()
            response.read(MAX_ANSWER)
            if time.monotonic() >= deadline:
                raise TimeoutError
            if not 200 <= response.status < 300:
                return Attempt(response.status, "status", f"the app answered {response.status}")
            return Attempt(response.status)
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, TimeoutError) or time.monotonic() >= deadline:
                return Attempt(outcome="timeout", error=f"no answer within {timeout_ms} ms")
            kind = "connect" if stage == "connect" else "error"
            return Attempt(outcome=kind, error=f"{type(exc).__name__}: {exc}".rstrip(": "))
        except Exception as exc:  # whatever else goes wrong ends the attempt, not the worker
            return Attempt(outcome="error", error=f"{type(exc).__name__}: {exc}".rstrip(": "))
        finally:
            if conn is not None:
                self._untrack(conn)
                conn.close()

    def abort(self) -> None:
        """Cut every request in flight short (they end as failed attempts)."""
        with self._cond:
            for conn in self._open:
                _shutdown(conn)

    def _track(self, conn: http.client.HTTPConnection, deadline: float) -> None:
        with self._cond:
            self._open[conn] = deadline
            if self._watcher is None:
                self._watcher = threading.Thread(
                    target=self._watch, name="catapult-callbacks-deadline", daemon=True
                )
                self._watcher.start()
            self._cond.notify_all()

    def _untrack(self, conn: http.client.HTTPConnection) -> None:
        with self._cond:
            self._open.pop(conn, None)
            self._cond.notify_all()

    def _watch(self) -> None:
        """Shut each connection down at its deadline; ends when none is open."""
        with self._cond:
            while self._open:
                now = time.monotonic()
                for conn, deadline in self._open.items():
                    if deadline <= now:
                        _shutdown(conn)
                        self._open[conn] = math.inf
                upcoming = [d for d in self._open.values() if d != math.inf]
                self._cond.wait(min(upcoming) - now if upcoming else None)
            self._watcher = None


def _shutdown(conn: http.client.HTTPConnection) -> None:
    """Cut a connection short; a socket without ``shutdown`` is closed instead."""
    sock: Any = conn.sock
    if sock is None:
        return
    cut = getattr(sock, "shutdown", None)
    with contextlib.suppress(Exception):
        if cut is not None:
            cut(socket.SHUT_RDWR)
        else:
            sock.close()


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def target_of(call: CallRecord) -> Target | None:
    """The call's delivery target; None when it has no callback URL (no events)."""
    return target_of_options(call.options)


def target_of_options(options: Mapping[str, Any]) -> Target | None:
    """The target named by callback settings (a call's or a conference's), if any."""
    url = options.get("callbackUrl") or ""
    if not url:
        return None
    return Target(
        url,
        str(options.get("callbackHttpMethod") or "POST").upper(),
        int(options.get("callbackTimeout") or 10000),
        options.get("fallbackUrl") or None,
    )
