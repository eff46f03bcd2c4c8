"""A server that echoes the credentials back never puts them in an exception."""

from __future__ import annotations

import base64
import json
import pickle
import socket
import traceback
from typing import Any

import pytest
from async_driver import LoopThread, blocking_session
from hostile_server import HostileServer, answer, hostile_server

from catapult import CatapultError, Session, UnsafeURLError

TOKEN, SECRET = "t-echoed-token-0042", "s3cr3t-Echoed-Value"
BASIC = base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode()

ECHOES = {
    "404 json": answer(404, json.dumps({"code": "x", "message": f"bad {SECRET}"}).encode()),
    "400 details": answer(
        400,
        json.dumps(
            {"code": "x", "message": "no", "details": [{"name": "k", "value": SECRET}]}
        ).encode(),
    ),
    "500 text": answer(500, f"upstream said {SECRET} and {TOKEN}".encode()),
    "401 basic": answer(401, f"<html>Authorization: Basic {BASIC}</html>".encode()),
    "200 html": answer(200, f"<html>{SECRET}</html>".encode()),
    "200 other id": answer(200, json.dumps({"id": SECRET}).encode()),
    "200 invalid": answer(200, json.dumps({"id": 5, SECRET: 1}).encode()),
}


def open_session(kind: str, server: HostileServer, loop_thread: LoopThread) -> Any:
    """A Session, or an AsyncSession driven from this thread, holding TOKEN and SECRET."""
    options: dict[str, Any] = {"base_url": server.base_url, "max_retries": 0}
    if kind == "Session":
        return Session("u-1", TOKEN, SECRET, **options)
    return blocking_session(loop_thread, "u-1", TOKEN, SECRET, **options)


def assert_hidden(error: BaseException) -> None:
    """Neither credential nor their Basic form in any way the error shows itself."""
    shown = [
        str(error),
        repr(error),
        repr(vars(error)),
        repr(pickle.loads(pickle.dumps(error)).__dict__),
        "".join(traceback.format_exception(error)),
    ]
    for text in shown:
        assert SECRET not in text and TOKEN not in text and BASIC not in text


@pytest.mark.parametrize("kind", ["Session", "AsyncSession"])
@pytest.mark.parametrize("echo", list(ECHOES))
def test_echoed_credentials_are_redacted(echo: str, kind: str, loop_thread: LoopThread) -> None:
    def handle(request: object, connection: socket.socket) -> None:
        connection.sendall(ECHOES[echo])

    with (
        hostile_server(handle) as server,
        open_session(kind, server, loop_thread) as session,
        pytest.raises(CatapultError) as raised,
    ):
        session.bridges.get("brg-1")
    error = raised.value
    assert_hidden(error)
    if echo != "200 invalid":  # the unknown key is not named in that error
        assert "REDACTED" in str(error) or "REDACTED" in repr(vars(error))


def test_short_credentials_are_not_searched_for() -> None:
    from catapult._credentials import Credentials

    scrub = Credentials("t", "s").scrubber()
    assert scrub("this text stays") == "this text stays"
    longer = Credentials("token-123456", "secret-123456").scrubber()
    assert longer("a secret-123456 and token-123456") == "a REDACTED and REDACTED"


@pytest.mark.parametrize("kind", ["Session", "AsyncSession"])
@pytest.mark.parametrize("value", [TOKEN, SECRET])
def test_a_credential_given_as_an_id_is_never_sent(
    value: str, kind: str, loop_thread: LoopThread, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="catapult")
    with hostile_server(lambda request, connection: connection.sendall(answer(500))) as server:
        with (
            open_session(kind, server, loop_thread) as session,
            pytest.raises(UnsafeURLError, match="holds the session's credentials") as raised,
        ):
            session.bridges.get(f"brg-{value}")
        assert server.requests == []
    assert_hidden(raised.value)
    assert value not in caplog.text


@pytest.mark.parametrize("kind", ["Session", "AsyncSession"])
def test_a_next_link_made_of_the_secret_is_not_followed(
    kind: str, loop_thread: LoopThread, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="catapult")
    page = json.dumps([{"id": "brg-1"}]).encode()

    def handle(request: object, connection: socket.socket) -> None:
        link = f'</v1/users/u-1/bridges/{SECRET}/page2>; rel="next"'
        connection.sendall(answer(200, page, {"Link": link}))

    with hostile_server(handle) as server:
        with (
            open_session(kind, server, loop_thread) as session,
            pytest.raises(UnsafeURLError) as raised,
        ):
            list(session.bridges.list())
        assert len(server.requests) == 1  # the first page only
    assert_hidden(raised.value)
    assert SECRET not in caplog.text
