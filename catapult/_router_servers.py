"""Serving an :class:`~catapult.router.EventRouter` as a WSGI or an ASGI application."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import TYPE_CHECKING, Any

from ._router_http import (
    BODY_TIMEOUT,
    INCOMPLETE,
    MAX_BODY,
    MAX_QUERY,
    QUERY_TOO_LONG,
    TOO_LARGE,
    TOO_SLOW,
    HeaderList,
    RouterResponse,
    status_line,
)

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .router import EventRouter

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def serve_wsgi(
    router: EventRouter, environ: WSGIEnvironment, start_response: StartResponse
) -> Iterable[bytes]:
    """Answer one WSGI request: 405, 401 and 413 before the body is read, else what the router
    says."""
    method = environ.get("REQUEST_METHOD", "POST")
    received = HeaderList(
        tuple(
            (key[5:].replace("_", "-").title(), value)
            for key, value in environ.items()
            if key.startswith("HTTP_")
        )
    )
    response = router.refusal(method=method, headers=received) or _wsgi_handled(
        router, method, received, environ
    )
    headers = [
        ("Content-Type", response.content_type),
        ("Content-Length", str(len(response.body))),
        *response.headers,
    ]
    start_response(status_line(response.status), headers)
    return [response.body]


def _wsgi_handled(
    router: EventRouter, method: str, headers: HeaderList, environ: WSGIEnvironment
) -> RouterResponse:
    query = _wsgi_query(environ)
    if len(query) > MAX_QUERY:
        return QUERY_TOO_LONG
    body = _wsgi_body(environ)
    if isinstance(body, RouterResponse):
        return body
    return router.handle(method=method, body=body, query=query, headers=headers)


class AsgiApp:
    """``router.asgi_app``: an ASGI 3 application serving one router.

    An object whose ``__call__`` is a coroutine function, which is how ASGI servers tell an
    ASGI 3 application (``uvicorn module:router.asgi_app`` needs no ``--interface``); a bound
    method would be taken for an ASGI 2 one.
    """

    __slots__ = ("router",)

    def __init__(self, router: EventRouter) -> None:
        self.router = router

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        await serve_asgi(self.router, scope, receive, send)

    def __repr__(self) -> str:
        return f"<AsgiApp of {self.router!r}>"


def _wsgi_query(environ: WSGIEnvironment) -> str | bytes:
    """The query string as the client sent it: a WSGI server gives its bytes as latin-1 text
    (PEP 3333), so text beyond ASCII sent unencoded is read as UTF-8 as ``handle`` reads bytes."""
    query: str = environ.get("QUERY_STRING", "")
    try:
        return query.encode("latin-1")
    except UnicodeEncodeError:  # a server that decoded it already
        return query


def _wsgi_body(environ: WSGIEnvironment) -> bytes | RouterResponse:
    """The request body, or the answer refusing it: 413 over :data:`MAX_BODY`, 400 when the
    input ends (or fails) before ``Content-Length`` bytes came. Without ``Content-Length`` (a
    chunked body) it is read to its end only when the server says the input ends there
    (``wsgi.input_terminated``); otherwise there is no way to tell where it ends."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return TOO_LARGE
    chunked = environ.get("CONTENT_LENGTH") is None and environ.get("wsgi.input_terminated")
    if length <= 0 and not chunked:
        return b""
    try:
        body = _read_up_to(environ["wsgi.input"], length if length > 0 else MAX_BODY + 1)
    except OSError:  # the client left (a reset, a server's own "no more data" error)
        return INCOMPLETE
    if length > 0:
        return body if len(body) == length else INCOMPLETE
    return body if len(body) <= MAX_BODY else TOO_LARGE


def _read_up_to(stream: Any, size: int) -> bytes:
    """``size`` bytes of ``stream``, or fewer when it ends first (a read may return less than
    asked before the end)."""
    chunks: list[bytes] = []
    left = size
    while left > 0:
        chunk = bytes(stream.read(left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


async def serve_asgi(
    router: EventRouter, scope: MutableMapping[str, Any], receive: Receive, send: Send
) -> None:
    """Serve one ASGI connection: a lifespan, or one HTTP request (nothing else is served).

    405 and 401 are answered before the body is read, 413 once it exceeds :data:`MAX_BODY`,
    408 when it is not complete within :data:`BODY_TIMEOUT`; a client that disconnects before
    its body is complete gets nothing, and nothing is dispatched.
    """
    if scope["type"] == "lifespan":
        await _lifespan(receive, send)
        return
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1003})  # callbacks are plain HTTP
        return
    if scope["type"] != "http":
        return
    method = scope.get("method", "POST")
    headers = HeaderList(
        tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ()))
    )
    query = bytes(scope.get("query_string", b""))
    response = router.refusal(method=method, headers=headers) or _refused_unread(scope, query)
    if response is None:
        body = await _body_in_time(receive)
        if body is None:
            return
        if isinstance(body, RouterResponse):
            response = body
        else:
            response = await router.handle_async(
                method=method,
                body=body,
                query=query,  # bytes, read as UTF-8 as handle() reads them
                headers=headers,
            )
    await _send_response(send, response)


def _refused_unread(scope: MutableMapping[str, Any], query: bytes) -> RouterResponse | None:
    """414 for a query over :data:`MAX_QUERY`, 413 for a declared body over :data:`MAX_BODY`."""
    if len(query) > MAX_QUERY:
        return QUERY_TOO_LONG
    return TOO_LARGE if _declared_too_large(scope) else None


def _declared_too_large(scope: MutableMapping[str, Any]) -> bool:
    """Whether the request's ``Content-Length`` says the body is over :data:`MAX_BODY` (then
    it is answered with 413 without being read)."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            return value.isdigit() and int(value) > MAX_BODY
    return False


async def _send_response(send: Send, response: RouterResponse) -> None:
    headers = [
        (b"content-type", response.content_type.encode("latin-1")),
        (b"content-length", str(len(response.body)).encode()),
        *(
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in response.headers
        ),
    ]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


async def _body_in_time(receive: Receive) -> bytes | RouterResponse | None:
    """:func:`_read_body`, or the 408 answer when it is not complete within
    :data:`BODY_TIMEOUT`: a client trickling its body in is not waited for forever."""
    try:
        return await asyncio.wait_for(_read_body(receive), BODY_TIMEOUT)
    except asyncio.TimeoutError:  # not yet the built-in TimeoutError on Python 3.10
        return TOO_SLOW


async def _read_body(receive: Receive) -> bytes | RouterResponse | None:
    """The whole request body; the 413 answer once it exceeds :data:`MAX_BODY`; None when the
    client disconnected before sending all of it."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return TOO_LARGE
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge the server's startup and shutdown (the router needs neither)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
