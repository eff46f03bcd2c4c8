"""``reset()`` waits for requests already sent, and for nothing else: not for the body of the
reset request itself, an unfinished request a client stopped sending, or an idle connection."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import requests

from catapult.emulator import Emulator
from catapult.emulator._emulator import RESET_WAIT
from catapult.emulator._server import (  # pyright: ignore[reportPrivateUsage]
    PARTIAL_REQUEST_WAIT,
    _has_bytes,
)

from .conftest import ApiClient


def _reset_head(emu: Emulator) -> bytes:
    return (
        f"POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1:{emu.port}\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n"
    ).encode()


def test_a_reset_whose_own_body_arrives_while_it_waits_is_not_held_back(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The client sends the headers and the body in two writes; the body lands in the socket
    # while the reset it belongs to waits for pending requests: that body is not one of them.
    body_sent = threading.Event()
    wait = emu._control.quiesce  # pyright: ignore[reportPrivateUsage]

    def quiesce_after_the_body() -> object:
        body_sent.wait(10)
        return wait()

    monkeypatch.setattr(emu._control, "quiesce", quiesce_after_the_body)  # pyright: ignore[reportPrivateUsage]
    ApiClient(emu).bridge()
    with socket.create_connection(("127.0.0.1", emu.port), timeout=RESET_WAIT / 2) as sock:
        sock.sendall(_reset_head(emu))
        sock.sendall(b"{}")
        body_sent.set()
        answer = sock.recv(1024)  # before the fix: a 10 s stall, so a timeout here
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert ApiClient(emu).get("/bridges").json() == []


def test_an_unfinished_request_holds_a_reset_back_only_briefly(emu: Emulator) -> None:
    with socket.create_connection(("127.0.0.1", emu.port), timeout=30) as stalled:
        stalled.sendall(b"GET /v1/us")  # and never the rest
        time.sleep(0.05)  # let its handler take the bytes (the test holds either way)
        response = requests.post(
            f"{emu.url}/_emulator/reset", json={}, timeout=RESET_WAIT - PARTIAL_REQUEST_WAIT
        )
    assert response.json() == {"status": "reset"}


def test_idle_and_half_closed_connections_do_not_hold_a_reset_back(emu: Emulator) -> None:
    idle = requests.Session()  # keeps its connection open after the answer
    assert idle.get(f"{emu.url}/_emulator/health", timeout=5).status_code == 200
    with socket.create_connection(("127.0.0.1", emu.port), timeout=5) as closing:
        closing.shutdown(socket.SHUT_WR)  # EOF waiting on the server side
        response = requests.post(f"{emu.url}/_emulator/reset", json={}, timeout=RESET_WAIT / 2)
    idle.close()
    assert response.json() == {"status": "reset"}


def test_end_of_file_is_not_a_pending_request() -> None:
    left, right = socket.socketpair()
    with left, right:
        right.settimeout(60)  # as a handler's socket: a peek would wait, the check must not
        assert not _has_bytes(right)
        left.sendall(b"G")
        assert _has_bytes(right)
        right.recv(1)
        left.shutdown(socket.SHUT_WR)
        assert not _has_bytes(right)
    assert not _has_bytes(right)  # closed
