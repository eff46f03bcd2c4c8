"""An ASGI app served by the testing kit sees a request as a real ASGI server would show it."""

from __future__ import annotations

import asyncio
import http.client
import threading
from typing import Any
from urllib.parse import urlsplit

import pytest

from catapult.testing import AppServer


def _request(app: AppServer, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    where = urlsplit(app.base_url)
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=30)
    try:
        connection.request("POST", "/events", body=b"{}", headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


async def _answer(send: Any, body: bytes) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def test_header_values_reach_the_app_as_the_bytes_the_client_sent() -> None:
    seen: list[bytes] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            seen.extend(value for name, value in scope["headers"] if name == b"x-name")
            await receive()
            await _answer(send, b"")

    with AppServer(app) as served:
        assert _request(served, {"X-Name": "caf\u00e9"})[0] == 200  # sent as latin-1
    assert seen == [b"caf\xe9"]


def test_the_client_disconnects_only_once_the_answer_is_complete() -> None:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await receive()
        listener = asyncio.ensure_future(receive())  # as Starlette's streaming answers listen
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await asyncio.sleep(0)
        left = b"left early" if listener.done() else b"still there"
        await send({"type": "http.response.body", "body": left})
        assert (await listener)["type"] == "http.disconnect"

    with AppServer(app) as served:
        assert _request(served) == (200, b"still there")
        assert served.errors == []


def test_an_app_that_never_answers_is_cancelled_and_answered_500(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("catapult.testing._asgi.ANSWER_TIMEOUT", 0.2)
    cancelled = threading.Event()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with AppServer(app) as served:
        assert _request(served)[0] == 500
        assert cancelled.wait(30)
        assert any("the app did not answer within 0.2 s" in error for error in served.errors)


def _lifespan_app(started: list[str]) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    started.append("up")
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await receive()
        await _answer(send, b"ok")

    return app


def _app_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "catapult-asgi-app" and t.is_alive()]


def test_an_app_server_never_started_stops_without_leaving_anything() -> None:
    before = len(_app_threads())
    server = AppServer(_lifespan_app([]))
    server.stop()  # used to fail joining a thread never started
    assert len(_app_threads()) == before


def test_start_twice_serves_once_and_start_after_stop_serves_again() -> None:
    started: list[str] = []
    server = AppServer(_lifespan_app(started))
    before = len(_app_threads())
    try:
        first = server.start().base_url
        assert server.start().base_url == first  # the first server, not a second one
        assert _request(server) == (200, b"ok")
        assert started == ["up"] and len(_app_threads()) == before + 1
    finally:
        server.stop()
    assert len(_app_threads()) == before
    with server.start():  # a new loop and a new lifespan
        assert _request(server) == (200, b"ok")
    assert started == ["up", "up"]
    assert len(_app_threads()) == before
