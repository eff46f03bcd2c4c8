"""A framework-agnostic router for voice callbacks, plus a ready WSGI app (stdlib only).

Register a handler per event type, feed the router what your web framework received (method,
body, query, headers) and answer with what it returns::

    router = EventRouter(session)

    @router.on(AnswerEvent)
    def on_answer(event: AnswerEvent) -> None:
        event.call().speak("Hello!")

    status, content_type, body = router.handle(method="POST", body=request_body)

``router.wsgi_app`` serves the same without any framework. A handler that raises is logged with
its traceback and answered with 500, never swallowed; events with no handler are acknowledged
with 200 (Catapult only needs a 2xx) and logged at DEBUG.
"""

from __future__ import annotations

import base64
import hmac
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .events import EventParseError, VoiceEvent, parse_event, parse_event_query

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

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
        session: Bound to every parsed event, so handlers can act (``event.call().hangup()``).
        basic_auth: ``(user, password)`` the callbacks must carry (put them in the callback URL
            as ``https://user:password@host/path``); others get 401.
    """

    def __init__(
        self, session: Session | None = None, *, basic_auth: tuple[str, str] | None = None
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
        if self._expected_auth is not None and not self._authorized(headers or {}):
            return RouterResponse(401, b"unauthorized")
        try:
            event = self.parse(method=method, body=body, query=query)
        except EventParseError as exc:
            logger.warning("refused a callback that is not a voice event: %s", exc)
            return RouterResponse(400, str(exc).encode())
        try:
            result = self.dispatch(event)
        except Exception:
            logger.exception(
                "handler for %s event (call %s) failed",
                event.event_type,
                getattr(event, "call_id", None),
            )
            return RouterResponse(500, b"handler failed")
        return _response_for(result)

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


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 500: "Internal Server Error"}


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
