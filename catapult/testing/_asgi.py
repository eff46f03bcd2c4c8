"""Serve an ASGI app (FastAPI, Starlette, ...) through a WSGI server, for tests.

:class:`AsgiAsWsgi` runs the app on its own event loop in a background thread and hands each
WSGI request to it as one ASGI ``http`` call (the whole body at once, the whole answer
collected), plus the ``lifespan`` startup and shutdown around the server's life. That is all a
callback test needs: no streaming, no websockets, no dependency on an ASGI server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http import HTTPStatus
from typing import Any

Message = MutableMapping[str, Any]
AsgiApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[Message]],
        Callable[[Message], Awaitable[None]],
    ],
    Awaitable[None],
]

ANSWER_TIMEOUT = 60.0
"""The longest a request waits for the app's answer, in s (then 500)."""
LIFESPAN_TIMEOUT = 10.0
"""The longest the app's startup or shutdown may take, in s."""


class AsgiAsWsgi:
    """A WSGI callable that serves ``app`` (call :meth:`start` first, :meth:`close` after)."""

    def __init__(self, app: AsgiApp) -> None:
        self.app = app
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._state: dict[str, Any] = {}
        self._lifespan: _Lifespan | None = None

    def start(self) -> None:
        """Start an event loop of its own and run the app's lifespan startup (if it has one).
        After :meth:`close`, it may start again (a new loop, a new lifespan)."""
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="catapult-asgi-app", daemon=True
        )
        self._thread.start()
        self._state = {}
        self._lifespan = _Lifespan(self.app, self._state)
        self._run(self._lifespan.startup(), LIFESPAN_TIMEOUT)

    @property
    def thread_id(self) -> int | None:
        """The identifier of the thread running the app's event loop (None unless started)."""
        return None if self._thread is None else self._thread.ident

    def close(self) -> None:
        """Run the lifespan shutdown, then stop the loop (nothing if it is not started)."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            if self._lifespan is not None:
                self._run(self._lifespan.shutdown(), LIFESPAN_TIMEOUT)
        finally:
            self._loop = self._thread = self._lifespan = None
            loop.call_soon_threadsafe(loop.stop)
            thread.join(LIFESPAN_TIMEOUT)
            if not thread.is_alive():
                loop.close()

    def _run(self, work: Awaitable[Any], timeout: float) -> Any:
        if self._loop is None:
            raise RuntimeError("the ASGI app is not started")
        future = asyncio.run_coroutine_threadsafe(_awaited(work), self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:  # not the built-in TimeoutError on 3.10
            future.cancel()  # the app's call is cancelled, not left running
            raise TimeoutError(f"the app did not answer within {timeout} s") from None

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        scope = _http_scope(environ, dict(self._state))
        status, headers, chunks = self._run(_call(self.app, scope, body), ANSWER_TIMEOUT)
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        start_response(f"{status} {reason}".strip(), headers)
        return [b"".join(chunks)]


async def _awaited(work: Awaitable[Any]) -> Any:
    return await work


def _http_scope(environ: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    headers: list[tuple[bytes, bytes]] = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").lower()
            headers.append((name.encode("latin-1"), value.encode("latin-1")))  # PEP 3333 text
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            name = key.replace("_", "-").lower()
            headers.append((name.encode("latin-1"), value.encode("latin-1")))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": environ["REQUEST_METHOD"],
        "scheme": "http",
        "path": environ.get("PATH_INFO") or "/",
        "query_string": (environ.get("QUERY_STRING") or "").encode("latin-1"),
        "root_path": "",
        "headers": headers,
        "client": (environ.get("REMOTE_ADDR", ""), 0),
        "server": (environ.get("SERVER_NAME", ""), int(environ.get("SERVER_PORT") or 0)),
        "state": state,
    }


async def _call(
    app: AsgiApp, scope: dict[str, Any], body: bytes
) -> tuple[int, list[tuple[str, str]], list[bytes]]:
    """One request: the body in one message, the answer collected whole. As from a real
    server, the client disconnects only once the answer is complete: an app listening for
    a disconnect meanwhile (Starlette's streaming answers) is not cut short."""
    sent = False
    answered = asyncio.Event()
    status = 500
    headers: list[tuple[str, str]] = []
    chunks: list[bytes] = []

    async def receive() -> Message:
        nonlocal sent
        if sent:
            await answered.wait()
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])
            for name, value in message.get("headers", []):
                headers.append((bytes(name).decode("latin-1"), bytes(value).decode("latin-1")))
        elif message["type"] == "http.response.body":
            chunks.append(bytes(message.get("body", b"")))
            if not message.get("more_body", False):
                answered.set()

    try:
        await app(scope, receive, send)
    finally:
        answered.set()  # an app that answered nothing: its listeners are told the client left
    return status, headers, chunks


class _Lifespan:
    """The ASGI ``lifespan`` conversation: one long app call fed startup, then shutdown."""

    def __init__(self, app: AsgiApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state
        self._task: asyncio.Task[None] | None = None

    async def startup(self) -> None:
        loop = asyncio.get_running_loop()
        self._inbox: asyncio.Queue[Message] = asyncio.Queue()
        self._started: asyncio.Future[None] = loop.create_future()
        self._stopped: asyncio.Future[None] = loop.create_future()
        self._task = loop.create_task(self._main())
        await self._inbox.put({"type": "lifespan.startup"})
        await asyncio.wait([self._started, self._task], return_when=asyncio.FIRST_COMPLETED)
        if self._started.done():
            self._started.result()  # raises when the app said startup failed

    async def shutdown(self) -> None:
        task = self._task
        if task is None or task.done():
            return
        await self._inbox.put({"type": "lifespan.shutdown"})
        await asyncio.wait([self._stopped, task], return_when=asyncio.FIRST_COMPLETED)
        if not task.done():
            task.cancel()

    async def _main(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}}
        try:
            await self.app({**scope, "state": self.state}, self._inbox.get, self._send)
        except Exception:  # an app without lifespan support refuses the scope: fine
            if not self._started.done():
                self._started.set_result(None)

    async def _send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "lifespan.startup.complete":
            self._started.set_result(None)
        elif kind == "lifespan.startup.failed":
            self._started.set_exception(
                RuntimeError(f"the app's startup failed: {message.get('message', '')}")
            )
        elif kind in ("lifespan.shutdown.complete", "lifespan.shutdown.failed"):
            self._stopped.set_result(None)


def is_asgi(app: object) -> bool:
    """Whether ``app`` is an ASGI app (an async callable) rather than a WSGI one."""
    import inspect

    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(app, "__call__", None)  # noqa: B004 - the method itself is inspected
    return call is not None and inspect.iscoroutinefunction(call)
