"""Starting, stopping and addressing emulators."""

from __future__ import annotations

import socket
import time

import pytest
import requests

from catapult.emulator import Emulator, running


def test_start_blocks_until_listening_and_reports_urls() -> None:
    emu = Emulator().start()
    try:
        assert emu.host == "127.0.0.1" and emu.port > 0
        assert emu.url == f"http://127.0.0.1:{emu.port}"
        assert emu.base_url == emu.url + "/v1"
        with socket.create_connection((emu.host, emu.port), timeout=1):
            pass
    finally:
        emu.stop()


def test_stop_closes_listener_and_idle_keep_alive_connections() -> None:
    with running() as emu:
        http = requests.Session()
        http.auth = (emu.api_token, emu.api_secret)
        assert http.get(f"{emu.base_url}/users/{emu.user_id}/bridges", timeout=5).ok
        port = emu.port
        started = time.monotonic()
    assert time.monotonic() - started < 15  # not the 60 s keep-alive idle timeout
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    with pytest.raises(requests.ConnectionError):
        http.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=2)
    http.close()


def test_many_emulators_start_and_stop_quickly() -> None:
    started = time.monotonic()
    for _ in range(10):
        with running() as emu:
            assert requests.get(f"{emu.url}/_emulator/health", timeout=5).ok
    assert time.monotonic() - started < 60  # no stop waits out a timeout


def test_url_before_start_raises() -> None:
    with pytest.raises(RuntimeError):
        _ = Emulator().base_url


def test_seeding_fifty_thousand_bridges_is_fast() -> None:
    with running() as emu:
        started = time.monotonic()
        emu.seed_bridges(50_000)
        assert time.monotonic() - started < 30  # generous: speed is measured in benchmarks
        http = requests.Session()
        http.auth = (emu.api_token, emu.api_secret)
        response = http.get(f"{emu.base_url}/users/{emu.user_id}/bridges?page=49&size=1000")
        assert len(response.json()) == 1000
        assert "next" not in response.links
        http.close()
