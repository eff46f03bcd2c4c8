"""A framework-agnostic router for voice callbacks, plus a ready WSGI app (stdlib only).

Register a handler per event type, feed the router what your web framework received (method,
body, query, headers) and answer with what it returns::

    router = EventRouter(session)

    @router.on(AnswerEvent)
    def on_answer(event: AnswerEvent) -> None:
        event.call().speak("Hello!")

    response = router.handle(method="POST", body=request_body)
    # answer with response.status, response.body, response.content_type, response.headers

``router.wsgi_app`` serves the same without any framework, and ``router.asgi_app`` serves it
to ASGI servers, where handlers may be ``async def`` (awaited; see ``handle_async``). A handler
that raises is logged with its traceback and answered with 500, never swallowed; events with no
handler are acknowledged with 200 (Catapult only needs a 2xx) and logged at DEBUG. Methods
other than GET and POST get 405. Registering a handler for an ``eventType`` this version does
not know, twice for one type, or a second fallback raises :class:`~catapult.InvalidArgumentError`.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._errors import InvalidArgumentError, safe_text
from ._event_parse import EVENT_CLASSES, closest_event_types
from ._router_auth import ExpectedBasic
from ._router_http import (
    BODY_TIMEOUT,
    MAX_BODY,
    MAX_QUERY,
    UNAUTHORIZED,
    HeaderItems,
    RouterResponse,
    check_parse_arguments,
    checked_headers,
    refusal_of,
    response_for,
)
from ._router_servers import AsgiApp, serve_wsgi
from .events import EventParseError, VoiceEvent, parse_event, parse_event_query

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from ._async_session import AsyncSession
    from ._session import Session

__all__ = ["BODY_TIMEOUT", "MAX_BODY", "MAX_QUERY", "AsgiApp", "EventRouter", "RouterResponse"]

logger: logging.Logger = logging.getLogger("catapult.router")

E = TypeVar("E", bound=VoiceEvent)
F = TypeVar("F", bound=Callable[[VoiceEvent], Any])
H = TypeVar("H", bound=Callable[..., Any])
"""A handler routed by name: its parameter is the event class those names parse to, which a
type checker cannot tell from a string, so the handler's own annotation is taken."""
Handler = Callable[[Any], Any]


class EventRouter:
    """Dispatches parsed callback events to the handler registered for their type.

    Args:
        session: Bound to every parsed event, so handlers can act (``event.call().hangup()``;
            with an :class:`~catapult.AsyncSession`, ``await event.call().hangup_async()``).
        basic_auth: ``(user, password)`` the callbacks must carry (put them in the callback URL
            as ``https://user:password@host/path``); others get 401, before their body is read.
    """

    def __init__(
        self,
        session: Session | AsyncSession | None = None,
        *,
        basic_auth: tuple[str, str] | None = None,
    ) -> None:
        # Held where no repr or traceback shows it, before anything can raise.
        expected = ExpectedBasic.of(basic_auth) if basic_auth is not None else None
        unusable = basic_auth is not None and expected is None
        del basic_auth
        _check_session(session)
        if unusable:
            raise InvalidArgumentError(
                "basic_auth must be a (user, password) tuple of non-empty strs, "
                "the user without ':'"
            )
        self.session = session
        self._handlers: dict[str, Handler] = {}
        self._fallback: Handler | None = None
        self._expected_auth = expected

    @overload
    def on(self, kind: type[E], /) -> Callable[[Callable[[E], Any]], Callable[[E], Any]]: ...

    @overload
    def on(self, kind: str, /, *more: str, allow_unknown: bool = False) -> Callable[[H], H]: ...

    def on(
        self, kind: str | type[VoiceEvent], /, *more: str, allow_unknown: bool = False
    ) -> Callable[[Any], Any]:
        """Decorator registering a handler for an event class or ``eventType`` name(s).

        A name this version does not know is refused with :class:`~catapult.InvalidArgumentError`
        naming the closest known ones, unless ``allow_unknown=True``: then it is routed as
        given, and its events arrive as :class:`~catapult.events.UnknownEvent` (or as their own
        class, once the SDK knows them). One handler per event type.
        """
        _check_flag(allow_unknown)
        names = [_route_name(each, allow_unknown) for each in (kind, *more)]
        twice = next((name for name in names if names.count(name) > 1), None)
        if twice is not None:
            raise InvalidArgumentError(f"{twice!r} is named twice in one registration")

        def register(handler: Handler) -> Handler:
            _check_handler(handler)
            taken = next((name for name in names if name in self._handlers), None)
            if taken is not None:
                raise InvalidArgumentError(f"a handler for {taken!r} events is already registered")
            self._handlers.update(dict.fromkeys(names, handler))
            return handler

        return register

    def fallback(self, handler: F) -> F:
        """Decorator registering the handler for events that have no handler of their own.

        One fallback per router: a second is refused, as a second handler for one type is.
        """
        _check_handler(handler)
        if self._fallback is not None:
            raise InvalidArgumentError("a fallback handler is already registered")
        self._fallback = handler
        return handler

    def dispatch(self, event: VoiceEvent) -> Any:
        """Call the event's handler and return its result (None when there is no handler)."""
        handler = self._handlers.get(str(event.event_type), self._fallback)
        if handler is None:
            logger.debug("no handler for %s event", safe_text(event.event_type))
            return None
        return handler(event)

    def parse(
        self, *, method: str, body: bytes | str = b"", query: str | bytes | Mapping[str, Any] = ""
    ) -> VoiceEvent:
        """Parse a callback request into its event: the body of a POST, the query of a GET.

        A request that is not a voice event (or neither a GET nor a POST) raises
        ``EventParseError``; an argument of the wrong type raises
        :class:`~catapult.InvalidArgumentError`.
        """
        check_parse_arguments(method, body, query)
        if method.upper() == "GET":
            return parse_event_query(query, session=self.session)
        if method.upper() == "POST":
            return parse_event(body, session=self.session)
        raise EventParseError(f"a callback is a GET or a POST, not {method!r}")

    def handle(
        self,
        *,
        method: str,
        body: bytes | str = b"",
        query: str | bytes | Mapping[str, Any] = "",
        headers: Mapping[str, str] | HeaderItems | None = None,
    ) -> RouterResponse:
        """Authenticate, parse and dispatch one callback request; return what to answer.

        405 (with ``Allow: GET, POST``) for any method but GET and POST, 401 for missing or
        wrong credentials when ``basic_auth`` is set, 400 for a request that is not a voice
        event, 500 when the handler raised (logged with its traceback), else 200 with the
        handler's result: ``str`` or ``bytes`` as is (e.g. BXML), a dict or list as JSON, None
        as an empty body. Arguments of the wrong type raise
        :class:`~catapult.InvalidArgumentError` before anything is read.
        """
        try:
            received = self._receive(method, body, query, headers)
        finally:
            del headers  # its credentials are in no frame of a traceback from here on
        if isinstance(received, RouterResponse):
            return received
        try:
            result = self.dispatch(received)
            if inspect.isawaitable(result):
                _discard(result)
                raise TypeError(
                    "an async def handler needs router.handle_async (or router.asgi_app)"
                )
            return response_for(result)
        except Exception:
            return _failed(received)

    async def handle_async(
        self,
        *,
        method: str,
        body: bytes | str = b"",
        query: str | bytes | Mapping[str, Any] = "",
        headers: Mapping[str, str] | HeaderItems | None = None,
    ) -> RouterResponse:
        """:meth:`handle` for async code: an ``async def`` handler is awaited.

        A plain handler is called as :meth:`handle` calls it, on the event loop: keep it
        quick, or make it ``async def``.
        """
        try:
            received = self._receive(method, body, query, headers)
        finally:
            del headers  # its credentials are in no frame of a traceback from here on
        if isinstance(received, RouterResponse):
            return received
        try:
            result = self.dispatch(received)
            if inspect.isawaitable(result):
                result = await result
            return response_for(result)
        except Exception:
            return _failed(received)

    def _receive(
        self,
        method: str,
        body: bytes | str,
        query: str | bytes | Mapping[str, Any],
        headers: Mapping[str, str] | HeaderItems | None,
    ) -> VoiceEvent | RouterResponse:
        """The request's event, or the answer refusing it (405, 401, 400)."""
        try:
            check_parse_arguments(method, body, query)
            refusal = self.refusal(method=method, headers=headers)
        finally:
            del headers  # its credentials are in no frame of a traceback from here on
        if refusal is not None:
            return refusal
        try:
            return self.parse(method=method, body=body, query=query)
        except EventParseError as exc:
            logger.warning("refused a callback that is not a voice event: %s", exc)
            return RouterResponse(400, str(exc).encode())

    def refusal(
        self, *, method: str, headers: Mapping[str, str] | HeaderItems | None = None
    ) -> RouterResponse | None:
        """The answer refusing a request before its body is read, or None to go on.

        405 for a method other than GET and POST; when ``basic_auth`` is set, 401 for missing
        or wrong credentials, and for a request carrying more than one ``Authorization``
        header (or one holding a comma, as WSGI servers join repeated headers): which one is
        meant would be a guess. :meth:`handle`, ``wsgi_app`` and ``asgi_app`` ask it first; a
        framework integration may too, before it reads the body. Arguments of the wrong type
        raise :class:`~catapult.InvalidArgumentError`.
        """
        try:
            check_parse_arguments(method, b"", "")
            given = checked_headers(headers)
        finally:
            del headers  # its credentials are in no frame of a traceback from here on
        refused = refusal_of(method)
        if refused is not None or self._expected_auth is None:
            return refused
        reason = self._expected_auth.refusal(given)
        if reason is None:
            return None
        logger.warning("refused a callback %s (401)", reason)
        return UNAUTHORIZED

    def wsgi_app(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """A WSGI application serving this router at any path.

        Methods other than GET and POST get 405, requests without the credentials 401,
        queries over :data:`MAX_QUERY` 414 and bodies over :data:`MAX_BODY` 413, before the
        body is read; a body ending before its ``Content-Length`` gets 400.
        """
        return serve_wsgi(self, environ, start_response)

    @property
    def asgi_app(self) -> AsgiApp:
        """An ASGI application serving this router at any path (``async def`` handlers are
        awaited; see :meth:`handle_async`): ``uvicorn module:router.asgi_app``.

        Methods other than GET and POST get 405, requests without the credentials 401 and
        queries over :data:`MAX_QUERY` 414 before the body is read, bodies over
        :data:`MAX_BODY` get 413, bodies not complete
        within :data:`BODY_TIMEOUT` 408, and a client that disconnects before its body is
        complete gets no answer (nothing is parsed or dispatched).
        """
        return AsgiApp(self)


def _failed(event: VoiceEvent) -> RouterResponse:
    """Log the handler's exception (with its traceback) and answer 500."""
    logger.exception(
        "handler for %s event (call %s) failed",
        safe_text(event.event_type),
        safe_text(getattr(event, "call_id", None)),
    )
    return RouterResponse(500, b"handler failed")


def _discard(awaitable: Any) -> None:
    close = getattr(awaitable, "close", None)
    if close is not None:  # a coroutine never awaited: close it, no "never awaited" warning
        close()


def _route_name(kind: object, allow_unknown: bool) -> str:
    """The ``eventType`` a handler registered for ``kind`` is called for."""
    if isinstance(kind, type) and issubclass(kind, VoiceEvent):
        return _class_route(kind)
    if not isinstance(kind, str):
        raise InvalidArgumentError(
            "router.on takes a VoiceEvent subclass or an eventType name, not "
            + (kind.__name__ if isinstance(kind, type) else type(kind).__name__)
        )
    name = str(kind)
    if name in EVENT_CLASSES or (allow_unknown and name):
        return name
    if not name:
        raise InvalidArgumentError("an eventType name cannot be empty")
    raise InvalidArgumentError(
        f"unknown eventType {name!r} ({closest_event_types(name)}?); to route a type this"
        " version does not know yet, pass allow_unknown=True"
    )


def _class_route(kind: type[VoiceEvent]) -> str:
    if kind.wire_type is None:
        raise InvalidArgumentError(
            f"{kind.__name__} has no eventType to route on; use router.fallback"
        )
    parsed = EVENT_CLASSES.get(kind.wire_type)
    if parsed is None:
        raise InvalidArgumentError(
            f"{kind.__name__} is never built by the parser: {kind.wire_type!r} events arrive as"
            f" UnknownEvent; route the name {kind.wire_type!r} with allow_unknown=True"
        )
    if parsed is not kind:
        raise InvalidArgumentError(
            f"{kind.__name__} is never built by the parser: {kind.wire_type!r} events arrive"
            f" as {parsed.__name__}; route {parsed.__name__}"
        )
    return kind.wire_type


def _check_flag(allow_unknown: object) -> None:
    if not isinstance(allow_unknown, bool):
        raise InvalidArgumentError(
            f"allow_unknown must be True or False, not {type(allow_unknown).__name__}"
        )


def _check_handler(handler: object) -> None:
    if not callable(handler):
        raise InvalidArgumentError(f"a handler must be callable, not {type(handler).__name__}")


def _check_session(session: object) -> None:
    from ._session import SessionCore  # loaded with any session there is to bind

    if session is not None and not isinstance(session, SessionCore):
        raise InvalidArgumentError(
            f"session must be a Session, an AsyncSession or None, not {type(session).__name__}"
        )
