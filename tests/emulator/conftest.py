"""Fixtures for the emulator's own tests: one emulator per session, wiped before each test,
and a thin ``requests`` client that knows the user path and credentials."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from catapult.emulator import Emulator, running


class ApiClient:
    """Plain HTTP against one emulator; paths are relative to ``/v1/users/{userId}``."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.http = requests.Session()
        self.http.auth = (emulator.api_token, emulator.api_secret)
        self.root = f"{emulator.base_url}/users/{emulator.user_id}"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.root + path, timeout=10, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.http.post(self.root + path, json=json, timeout=10, **kwargs)

    def create(self, path: str, body: Any) -> str:
        """POST a create and return the new id from ``Location``."""
        response = self.post(path, body)
        assert response.status_code == 201, response.text
        return response.headers["Location"].rsplit("/", 1)[-1]

    def call(self, to: str = "+15550009999", **fields: Any) -> str:
        return self.create("/calls", {"from": "+15550001000", "to": to, **fields})

    def bridge(self, **fields: Any) -> str:
        return self.create("/bridges", fields)


def error_code(response: requests.Response) -> tuple[int, str]:
    """The status and Catapult error ``code`` of an error answer."""
    return response.status_code, response.json()["code"]


@pytest.fixture(scope="session")
def shared_emu() -> Iterator[Emulator]:
    with running() as emulator:
        yield emulator


@pytest.fixture
def emu(shared_emu: Emulator) -> Emulator:
    """The session's emulator, reset for this test."""
    shared_emu.reset()
    return shared_emu


@pytest.fixture
def api(emu: Emulator) -> Iterator[ApiClient]:
    client = ApiClient(emu)
    yield client
    client.http.close()
