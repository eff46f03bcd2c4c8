"""Serve the app under test on loopback: a WSGI callable or an ASGI app, in a background thread.

:class:`AppServer` is what the ``catapult_app`` fixture starts; it also works without pytest::

    with AppServer(router.wsgi_app) as app:
        emulator.configure_callbacks(incoming_call_url=app.url("/callbacks"))

Exceptions the app raises are answered ``500`` (as a real server would) and kept in
:attr:`AppServer.errors`, so a test can show them instead of a bare "the app answered 500".
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from typing_extensions import Self

from ..emulator._background import Background, serve_in_background, stop_serving
from ._asgi import AsgiAsWsgi, is_asgi

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log in test output."""


class AppServer(Background):
    """One app served on ``host`` (a free port) until :meth:`stop`.

    ``app`` is a WSGI callable (``EventRouter.wsgi_app``, a Flask app) or an ASGI app (FastAPI,
    Starlette: an async callable, run with its lifespan startup and shutdown).
    """

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.errors: list[str] = []
        """Tracebacks of the exceptions the app raised (each answered 500), oldest first."""
        self._asgi = AsgiAsWsgi(app) if is_asgi(app) else None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

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
        if self._asgi is not None:
            self._asgi.start()
        server = make_server(
            self.host, 0, self._guarded, server_class=_Server, handler_class=_QuietHandler
        )
        self._server = server
        self._thread = serve_in_background(server, "catapult-app-under-test")
        return self

    def stop(self) -> None:
        """Stop serving and (for ASGI apps) run the app's shutdown."""
        server, self._server = self._server, None
        try:
            if server is not None:
                stop_serving(server, self._thread, 5.0)
        finally:
            if self._asgi is not None:
                self._asgi.close()

    def _guarded(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        wsgi: WsgiApp = self._asgi if self._asgi is not None else self.app
        try:
            return wsgi(environ, start_response)
        except Exception:
            with self._lock:
                self.errors.append(traceback.format_exc())
            start_response(
                "500 Internal Server Error", [("Content-Type", "text/plain")], _exc_info()
            )
            return [b"the app raised an exception"]

    def __repr__(self) -> str:
        where = self.base_url if self._server is not None else "stopped"
        return f"<AppServer {type(self.app).__name__} {where}>"


def _exc_info() -> Any:
    import sys

    return sys.exc_info()
