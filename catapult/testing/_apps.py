"""Serve the app under test on loopback: a WSGI callable or an ASGI app, in a background thread.

:class:`AppServer` is what the ``catapult_app`` fixture starts; it also works without pytest::

    with AppServer(router.wsgi_app) as app:
        emulator.configure_callbacks(incoming_call_url=app.url("/callbacks"))

Exceptions the app raises are answered ``500`` (as a real server would) and kept in
:attr:`AppServer.errors`, so a test can show them instead of a bare "the app answered 500";
so are the handler failures an :class:`~catapult.router.EventRouter` logs (it answers those
500 itself). :meth:`AppServer.stop` stops accepting requests, then waits for those being
answered to end.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any, Protocol
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from typing_extensions import Self

from .._errors import InvalidArgumentError
from ..emulator._background import Background, serve_in_background, stop_serving
from . import _app_requests
from ._app_requests import InFlight, RouterFailures
from ._asgi import AsgiApp, AsgiAsWsgi, is_asgi

if TYPE_CHECKING:
    from ..router import EventRouter

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class AppFixture(Protocol):
    """The type of the ``catapult_app`` and ``catapult_app_shared`` fixtures.

    ``catapult_app(app, "/callbacks")`` serves ``app`` (a WSGI callable, an ASGI app, or an
    :class:`~catapult.router.EventRouter`, served as its ``wsgi_app``) and returns its
    :class:`AppServer`; see :meth:`EmulatorFixture.serve_app`.
    """

    def __call__(
        self, app: WsgiApp | AsgiApp | EventRouter, path: str = "/", *, incoming: bool = True
    ) -> AppServer: ...


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    in_flight: InFlight

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self.in_flight.track():
            super().process_request_thread(request, client_address)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log in test output."""


class AppServer(Background):
    """One app served on ``host`` (a free port) until :meth:`stop`.

    ``app`` is a WSGI callable (``EventRouter.wsgi_app``, a Flask app), an ASGI app (FastAPI,
    Starlette: an async callable, run with its lifespan startup and shutdown), or an
    :class:`~catapult.router.EventRouter` (served as its ``wsgi_app``; give its ``asgi_app``
    for ``async def`` handlers). Anything else is refused with
    :class:`~catapult.InvalidArgumentError`.
    """

    def __init__(self, app: WsgiApp | AsgiApp | EventRouter, host: str = "127.0.0.1") -> None:
        self.app: Any = _servable(app)
        self.host = host
        self.errors: list[str] = []
        """Tracebacks of the exceptions the app raised (each answered 500), and of the handler
        failures its ``EventRouter`` logged, oldest first."""
        self._asgi = AsgiAsWsgi(self.app) if is_asgi(self.app) else None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._in_flight = InFlight()
        self._failures = RouterFailures(self._app_threads, self._keep)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("the app is not being served: call start() first")
        return f"http://{self.host}:{self._server.server_address[1]}"

    def url(self, path: str = "/") -> str:
        """The URL of ``path`` on the served app (what the emulator should call back)."""
        return self.base_url + "/" + path.lstrip("/")

    def start(self) -> Self:
        """Serve the app on a free port; nothing more while it is served. After
        :meth:`stop`, it may start again (on a new port)."""
        if self._server is not None:
            return self
        if self._asgi is not None:
            self._asgi.start()
        server = make_server(
            self.host, 0, self._guarded, server_class=_Server, handler_class=_QuietHandler
        )
        server.in_flight = self._in_flight
        self._server = server
        self._failures.install()
        self._thread = serve_in_background(server, "catapult-app-under-test")
        return self

    def stop(self, timeout: float | None = None) -> None:
        """Stop accepting requests, wait for those being answered, then stop the app.

        Waits ``timeout`` seconds at most (:data:`STOP_WAIT` by default), then stops the app
        all the same and raises :class:`TimeoutError` naming each request still being
        answered and where its thread is: an app still working after its test would act
        on the next test's emulator.
        """
        if timeout is None:
            timeout = _app_requests.STOP_WAIT
        server, self._server = self._server, None
        stuck: list[str] = []
        try:
            if server is not None:
                stop_serving(server, self._thread, 5.0)
                stuck = self._in_flight.wait(timeout)
        finally:
            self._failures.remove()
            if self._asgi is not None:
                self._asgi.close()
        if stuck:
            raise TimeoutError(
                f"{self!r}: {len(stuck)} request(s) still answered {timeout} s after the app "
                "stopped accepting new ones:\n" + "\n".join(stuck)
            )

    def _app_threads(self) -> set[int]:
        threads = self._in_flight.threads()
        if self._asgi is not None and self._asgi.thread_id is not None:
            threads.add(self._asgi.thread_id)
        return threads

    def _keep(self, error: str) -> None:
        with self._lock:
            self.errors.append(error)

    def _guarded(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        wsgi: WsgiApp = self._asgi if self._asgi is not None else self.app
        self._in_flight.name(f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}")
        try:
            return wsgi(environ, start_response)
        except Exception:
            self._keep(traceback.format_exc())
            start_response(
                "500 Internal Server Error", [("Content-Type", "text/plain")], _exc_info()
            )
            return [b"the app raised an exception"]

    def __repr__(self) -> str:
        where = self.base_url if self._server is not None else "stopped"
        name = getattr(self.app, "__qualname__", type(self.app).__name__)
        return f"<AppServer {name} {where}>"


def _servable(app: object) -> Any:
    """``app`` as the server calls it: an EventRouter's ``wsgi_app``; refused if not callable."""
    from ..router import EventRouter

    if isinstance(app, EventRouter):
        return app.wsgi_app
    if not callable(app):
        raise InvalidArgumentError(
            "the app to serve must be a WSGI callable, an ASGI app or an EventRouter, not "
            + type(app).__name__
        )
    return app


def _exc_info() -> Any:
    import sys

    return sys.exc_info()
