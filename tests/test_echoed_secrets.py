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
from hostile_server import answer, hostile_server

from catapult import CatapultError, Session

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


@pytest.mark.parametrize("kind", ["Session", "AsyncSession"])
@pytest.mark.parametrize("echo", list(ECHOES))
def test_echoed_credentials_are_redacted(echo: str, kind: str, loop_thread: LoopThread) -> None:
    def handle(request: object, connection: socket.socket) -> None:
        connection.sendall(ECHOES[echo])

    with hostile_server(handle) as server:
        options: dict[str, Any] = {"base_url": server.base_url, "max_retries": 0}
        opened: Any = (
            Session("u-1", TOKEN, SECRET, **options)
            if kind == "Session"
            else blocking_session(loop_thread, "u-1", TOKEN, SECRET, **options)
        )
        with opened as session, pytest.raises(CatapultError) as raised:
            session.bridges.get("brg-1")
    error = raised.value
    shown = [
        str(error),
        repr(error),
        repr(vars(error)),
        repr(pickle.loads(pickle.dumps(error)).__dict__),
        "".join(traceback.format_exception(error)),
    ]
    for text in shown:
        assert SECRET not in text and TOKEN not in text and BASIC not in text
    if echo != "200 invalid":  # the unknown key is not named in that error
        assert "REDACTED" in str(error) or "REDACTED" in repr(vars(error))


def test_short_credentials_are_not_searched_for() -> None:
    from catapult._credentials import Credentials

    scrub = Credentials("t", "s").scrubber()
    assert scrub("this text stays") == "this text stays"
    longer = Credentials("token-123456", "secret-123456").scrubber()
    assert longer("a secret-123456 and token-123456") == "a REDACTED and REDACTED"
