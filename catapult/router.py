"""A framework-agnostic router for voice callbacks, plus a ready WSGI app (stdlib only).

Register a handler per event type, feed the router what your web framework received (method,
body, query, headers) and answer with what it returns::

    router = EventRouter(session)

    @router.on(AnswerEvent)
    def on_answer(event: AnswerEvent) -> None:
        event.call().speak("Hello!")

    status, content_type, body = router.handle(method="POST", body=request_body)

``router.wsgi_app`` serves the same without any framework, and ``router.asgi_app`` serves it
to ASGI servers, where handlers may be ``async def`` (awaited; see ``handle_async``). A handler
that raises is logged with its traceback and answered with 500, never swallowed; events with no
handler are acknowledged with 200 (Catapult only needs a 2xx) and logged at DEBUG.
"""

from __future__ import annotations

import base64
import hmac
import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .events import EventParseError, VoiceEvent, parse_event, parse_event_query

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from ._async_session import AsyncSession
    from ._session import Session

logger: logging.Logger = logging.getLogger("catapult.router")

E = TypeVar("E", bound=VoiceEvent)
Handler = Callable[[Any], Any]


@dataclass(frozen=True)
class RouterResponse:
    """What to answer the callback request with."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"


class EventRouter:
    """Dispatches parsed callback events to the handler registered for their type.

    Args:
        session: Bound to every parsed event, so handlers can act (``event.call().hangup()``;
            with an :class:`~catapult.AsyncSession`, ``await event.call().hangup_async()``).
        basic_auth: ``(user, password)`` the callbacks must carry (put them in the callback URL
            as ``https://user:password@host/path``); others get 401.
    """

    def __init__(
        self,
        session: Session | AsyncSession | None = None,
        *,
        basic_auth: tuple[str, str] | None = None,
    ) -> None:
        self.session = session
        self._handlers: dict[str, Handler] = {}
        self._fallback: Handler | None = None
        self._expected_auth = _basic_header(*basic_auth) if basic_auth else None

    @overload
    def on(self, kind: type[E], /) -> Callable[[Callable[[E], Any]], Callable[[E], Any]]: ...

    @overload
    def on(
        self, kind: str, /, *more: str
    ) -> Callable[[Callable[[VoiceEvent], Any]], Callable[[VoiceEvent], Any]]: ...

    def on(self, kind: str | type[VoiceEvent], /, *more: str) -> Callable[[Handler], Handler]:
        """Decorator registering a handler for an event class or ``eventType`` name(s)."""
        names = [_type_name(kind), *more]

        def register(handler: Handler) -> Handler:
            for name in names:
                if name in self._handlers:
                    raise ValueError(f"a handler for {name!r} events is already registered")
                self._handlers[name] = handler
            return handler

        return register

    def fallback(self, handler: Handler) -> Handler:
        """Decorator registering the handler for events that have no handler of their own."""
        self._fallback = handler
        return handler

    def dispatch(self, event: VoiceEvent) -> Any:
        """Call the event's handler and return its result (None when there is no handler)."""
        handler = self._handlers.get(str(event.event_type), self._fallback)
        if handler is None:
            logger.debug("no handler for %s event", event.event_type)
            return None
        return handler(event)

    def parse(
        self, *, method: str, body: bytes | str = b"", query: str | Mapping[str, Any] = ""
    ) -> VoiceEvent:
        """Parse a callback request into its event: the body of a POST, the query of a GET."""
        if method.upper() == "GET":
            return parse_event_query(query, session=self.session)
        return parse_event(body, session=self.session)

    def handle(
        self,
        *,
        method: str,
        body: bytes | str = b"",
        query: str | Mapping[str, Any] = "",
        headers: Mapping[str, str] | None = None,
    ) -> RouterResponse:
        """Authenticate, parse and dispatch one callback request; return what to answer.

        400 for a request that is not a voice event, 401 for missing or wrong credentials when
        ``basic_auth`` is set, 500 when the handler raised (logged with its traceback), else
        200 with the handler's result: ``str`` or ``bytes`` as is (e.g. BXML), a dict or list
        as JSON, None as an empty body.
        """
        received = self._receive(method, body, query, headers)
        if isinstance(received, RouterResponse):
            return received
        try:
            result = self.dispatch(received)
            if inspect.isawaitable(result):
                _discard(result)
                raise TypeError(
                    "an async def handler needs router.handle_async (or router.asgi_app)"
                )
        except Exception:
            return _failed(received)
        return _response_for(result)

    async def handle_async(
        self,
        *,
        method: str,
        body: bytes | str = b"",
        query: str | Mapping[str, Any] = "",
        headers: Mapping[str, str] | None = None,
    ) -> RouterResponse:
        """:meth:`handle` for async code: an ``async def`` handler is awaited.

        A plain handler is called as :meth:`handle` calls it, on the event loop: keep it
        quick, or make it ``async def``.
        """
        received = self._receive(method, body, query, headers)
        if isinstance(received, RouterResponse):
            return received
        try:
            result = self.dispatch(received)
            if inspect.isawaitable(result):
                result = await result
        except Exception:
            return _failed(received)
        return _response_for(result)

    def _receive(
        self,
        method: str,
        body: bytes | str,
        query: str | Mapping[str, Any],
        headers: Mapping[str, str] | None,
    ) -> VoiceEvent | RouterResponse:
        """The request's event, or the answer refusing it (401, 400)."""
        if self._expected_auth is not None and not self._authorized(headers or {}):
            return RouterResponse(401, b"unauthorized")
        try:
            return self.parse(method=method, body=body, query=query)
        except EventParseError as exc:
            logger.warning("refused a callback that is not a voice event: %s", exc)
            return RouterResponse(400, str(exc).encode())

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        given = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        assert self._expected_auth is not None
        return hmac.compare_digest(given.encode(), self._expected_auth.encode())

    def wsgi_app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """A WSGI application serving this router at any path."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        response = self.handle(
            method=environ.get("REQUEST_METHOD", "POST"),
            body=body,
            query=environ.get("QUERY_STRING", ""),
            headers=headers,
        )
        start_response(
            f"{response.status} {_REASONS.get(response.status, 'OK')}",
            [("Content-Type", response.content_type), ("Content-Length", str(len(response.body)))],
        )
        return [response.body]

    async def asgi_app(
        self,
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
        send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ) -> None:
        """An ASGI application serving this router at any path (``async def`` handlers are
        awaited; see :meth:`handle_async`). Bodies over 1 MiB are answered with 413."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive)
        if body is None:
            response = RouterResponse(413, b"callback body too large")
        else:
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            response = await self.handle_async(
                method=scope.get("method", "POST"),
                body=body,
                query=scope.get("query_string", b"").decode("latin-1"),
                headers=headers,
            )
        content_headers = [
            (b"content-type", response.content_type.encode()),
            (b"content-length", str(len(response.body)).encode()),
        ]
        await send(
            {"type": "http.response.start", "status": response.status, "headers": content_headers}
        )
        await send({"type": "http.response.body", "body": response.body})


MAX_ASGI_BODY = 1024 * 1024
"""Largest callback body :meth:`EventRouter.asgi_app` reads (a callback is well under 4 KiB)."""


async def _read_body(receive: Callable[[], Awaitable[MutableMapping[str, Any]]]) -> bytes | None:
    """The whole request body, or None when it exceeds :data:`MAX_ASGI_BODY`."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > MAX_ASGI_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _lifespan(
    receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
    send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
) -> None:
    """Acknowledge the server's startup and shutdown (the router needs neither)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _failed(event: VoiceEvent) -> RouterResponse:
    """Log the handler's exception (with its traceback) and answer 500."""
    logger.exception(
        "handler for %s event (call %s) failed", event.event_type, getattr(event, "call_id", None)
    )
    return RouterResponse(500, b"handler failed")


def _discard(awaitable: Any) -> None:
    close = getattr(awaitable, "close", None)
    if close is not None:  # a coroutine never awaited: close it, no "never awaited" warning
        close()


_REASONS = {
    200: "OK",
    400: "Bad Request",
    413: "Content Too Large",
    401: "Unauthorized",
    500: "Internal Server Error",
}


def _type_name(kind: str | type[VoiceEvent]) -> str:
    if isinstance(kind, str):
        return kind
    if kind.wire_type is None:
        raise ValueError(f"{kind.__name__} has no eventType to route on; use router.fallback")
    return kind.wire_type


def _basic_header(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _response_for(result: Any) -> RouterResponse:
    if result is None:
        return RouterResponse(200)
    if isinstance(result, bytes):
        return RouterResponse(200, result, "application/octet-stream")
    if isinstance(result, str):
        content_type = "application/xml" if result.lstrip().startswith("<") else "text/plain"
        return RouterResponse(200, result.encode(), content_type + "; charset=utf-8")
    return RouterResponse(200, json.dumps(result).encode(), "application/json")
