"""Feeding an EventRouter one request through each of its entry points, as servers would."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from catapult.router import EventRouter, RouterResponse

Serve = Callable[..., RouterResponse]

ENTRY_POINTS = ["handle", "handle_async", "asgi_app", "wsgi_app"]


class MultiHeaders:
    """Headers repeating a name, as a framework's multi-valued ``Headers`` gives them."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def items(self) -> list[tuple[str, str]]:
        return list(self.pairs)


def served(entry_point: str, router: EventRouter, **call: Any) -> RouterResponse:
    """One request through ``router``'s entry point (one of :data:`ENTRY_POINTS`); a list of
    header pairs is given to ``handle`` as :class:`MultiHeaders`."""
    if isinstance(call.get("headers"), list) and entry_point.startswith("handle"):
        call = {**call, "headers": MultiHeaders(call["headers"])}
    if entry_point == "handle":
        return router.handle(**call)
    if entry_point == "handle_async":
        return asyncio.run(router.handle_async(**call))
    if entry_point == "asgi_app":
        return asgi_request(router, **call)
    return wsgi_request(router, **call)


def header_pairs(headers: Any) -> list[tuple[str, str]]:
    """A request's headers (a dict, a list of pairs repeating a header, MultiHeaders) as pairs."""
    return list(headers.items()) if hasattr(headers, "items") else list(headers or ())


def asgi_request(router: EventRouter, **request: Any) -> RouterResponse:
    """One request through ``router.asgi_app``, as an ASGI server would send it."""
    body = request.get("body", b"")
    body = body.encode() if isinstance(body, str) else body
    headers = [
        (k.lower().encode("latin-1"), v.encode("latin-1"))  # header text is latin-1 in ASGI
        for k, v in header_pairs(request.get("headers"))
    ]
    scope = {
        "type": "http",
        "method": request["method"],
        "query_string": str(request.get("query", "")).encode(),
        "headers": headers,
    }
    messages = [
        {"type": "http.request", "body": body[:7], "more_body": True},
        {"type": "http.request", "body": body[7:], "more_body": False},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(router.asgi_app(scope, receive, send))
    start = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in sent[0]["headers"]]
    return _response(sent[0]["status"], sent[1]["body"], start)


def wsgi_request(router: EventRouter, **request: Any) -> RouterResponse:
    """One request through ``router.wsgi_app``, as a WSGI server would send it (a repeated
    header joined with commas, as wsgiref, Werkzeug and Gunicorn do)."""
    body = request.get("body", b"")
    body = body.encode() if isinstance(body, str) else body
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request["method"],
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": request.get("wsgi_input") or io.BytesIO(body),
        "QUERY_STRING": str(request.get("query", "")).encode().decode("latin-1"),  # PEP 3333
    }
    for name, value in header_pairs(request.get("headers")):
        key = "HTTP_" + name.upper().replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    started: list[tuple[str, list[tuple[str, str]]]] = []
    chunks = router.wsgi_app(environ, lambda status, headers: started.append((status, headers)))  # type: ignore[arg-type,return-value]
    status, headers = started[0]
    assert status.split(" ", 1)[1] == HTTPStatus(int(status.split()[0])).phrase
    return _response(int(status.split()[0]), b"".join(chunks), headers)


def _response(status: int, body: bytes, headers: list[tuple[str, str]]) -> RouterResponse:
    """What a server sent, as a RouterResponse (Content-Length checked, then left out)."""
    fields = {name.lower(): value for name, value in headers}
    assert int(fields["content-length"]) == len(body)
    extra = tuple(
        (name, value)
        for name, value in headers
        if name.lower() not in ("content-type", "content-length")
    )
    return RouterResponse(status, body, fields["content-type"], extra)
