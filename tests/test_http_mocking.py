"""``responses`` and ``requests-mock`` serve the SDK's requests; nothing goes around them.

Every session here points at the test emulator, a real server: a request that slipped past a
mock would show up in ``emulator.requests()``, and each test checks that none did.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import requests
import requests_mock
import responses
from conftest import session_for

from catapult import APIConnectionError, Bridge, ConfigurationError, Session
from catapult._http import _is_requests_send
from catapult.emulator import Emulator

BRIDGE = {"id": "brg-mocked", "state": "created", "calls": "https://x/calls", "bridgeAudio": True}


def _bridges_url(emulator: Emulator) -> str:
    return f"{emulator.base_url}/users/{emulator.user_id}/bridges"


def _basic(emulator: Emulator) -> str:
    pair = f"{emulator.api_token}:{emulator.api_secret}".encode()
    return "Basic " + base64.b64encode(pair).decode()


def _check_served_by_mock(bridge: Bridge, emulator: Emulator) -> None:
    assert (bridge.id, bridge.bridge_audio) == ("brg-mocked", True)
    assert emulator.requests() == []  # the real server saw nothing


# -- responses -------------------------------------------------------------------------------


def test_responses_serves_a_default_session(emulator: Emulator) -> None:
    with session_for(emulator) as session, responses.RequestsMock() as mock:
        mock.get(f"{_bridges_url(emulator)}/brg-mocked", json=BRIDGE)
        bridge = session.bridges.get("brg-mocked")
        sent = mock.calls[0].request
    _check_served_by_mock(bridge, emulator)
    assert sent.headers["Authorization"] == _basic(emulator)
    assert sent.headers["Accept"] == "application/json"
    assert sent.headers["User-Agent"].startswith("catapult-python/")


def test_responses_serves_a_create_and_sees_its_body(emulator: Emulator) -> None:
    location = f"{_bridges_url(emulator)}/brg-new"
    with session_for(emulator) as session, responses.RequestsMock() as mock:
        mock.post(_bridges_url(emulator), status=201, headers={"Location": location})
        bridge_id = session.bridges.create_id(call_ids=["c-1"], bridge_audio=True)
        body = mock.calls[0].request.body
    assert bridge_id == "brg-new"
    assert json.loads(body or b"") == {"callIds": ["c-1"], "bridgeAudio": True}
    assert emulator.requests() == []


def test_responses_refuses_an_unmatched_request_and_nothing_is_sent(emulator: Emulator) -> None:
    with (
        session_for(emulator, max_retries=0) as session,
        responses.RequestsMock(assert_all_requests_are_fired=False),
        pytest.raises(APIConnectionError),
    ):
        session.bridges.get("brg-1")
    assert emulator.requests() == []


# -- requests-mock -----------------------------------------------------------------------------


@pytest.mark.parametrize("mock_first", [True, False], ids=["mocker-first", "session-first"])
def test_requests_mock_mocker_serves_a_default_session(
    emulator: Emulator, mock_first: bool
) -> None:
    with requests_mock.Mocker() as mocker:
        # The mocker starting after the session is built is the case that used to be bypassed.
        if mock_first:
            session = session_for(emulator)
        else:
            mocker.stop()
            session = session_for(emulator)
            mocker.start()
        mocker.get(f"{_bridges_url(emulator)}/brg-mocked", json=BRIDGE)
        with session:
            bridge = session.bridges.get("brg-mocked")
        sent = mocker.request_history[0]
    _check_served_by_mock(bridge, emulator)
    assert sent.headers["Authorization"] == _basic(emulator)


def test_requests_mock_fixture_serves_a_page(
    emulator: Emulator, requests_mock: requests_mock.Mocker
) -> None:
    requests_mock.get(_bridges_url(emulator), json=[BRIDGE, {**BRIDGE, "id": "brg-2"}])
    with session_for(emulator) as session:
        ids = [bridge.id for bridge in session.bridges.list(size=2)]
    assert ids == ["brg-mocked", "brg-2"]
    assert requests_mock.last_request is not None
    assert requests_mock.last_request.qs == {"size": ["2"]}
    assert emulator.requests() == []


def test_requests_mock_raises_its_own_error_for_an_unmatched_request(emulator: Emulator) -> None:
    """Like any requests user, a requests-mock user gets ``NoMockAddress``, never the network."""
    with (
        session_for(emulator, max_retries=0) as session,
        requests_mock.Mocker(),
        pytest.raises(requests_mock.NoMockAddress, match="brg-1"),
    ):
        session.bridges.get("brg-1")
    assert emulator.requests() == []


# -- an injected requests.Session ----------------------------------------------------------------


def test_injected_session_with_a_mock_adapter(emulator: Emulator) -> None:
    adapter = requests_mock.Adapter()
    adapter.register_uri("GET", f"{_bridges_url(emulator)}/brg-mocked", json=BRIDGE)
    http = requests.Session()
    http.mount("http://", adapter)
    with session_for(emulator, http_session=http) as session:
        bridge = session.bridges.get("brg-mocked")
    _check_served_by_mock(bridge, emulator)
    assert adapter.last_request is not None
    assert adapter.last_request.headers["Authorization"] == _basic(emulator)


class _CountingSession(requests.Session):
    """A caller's own session type: an overridden ``send`` and ``close`` that are counted."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []
        self.closed = 0

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.sent.append(f"{request.method} {request.url}")
        return super().send(request, **kwargs)

    def close(self) -> None:
        self.closed += 1
        super().close()


def test_injected_session_send_override_is_used_and_it_is_left_open(emulator: Emulator) -> None:
    http = _CountingSession()
    with session_for(emulator, http_session=http) as session:
        bridge_id = session.bridges.create_id()
    assert http.sent == [f"POST {_bridges_url(emulator)}"]
    assert [r.path for r in emulator.requests()] == ["/bridges"]  # really sent, through it
    assert bridge_id.startswith("brg-")
    assert http.closed == 0  # the caller's session, the caller's to close
    http.close()


def test_http_session_must_be_a_requests_session() -> None:
    with pytest.raises(ConfigurationError, match=r"requests\.Session"):
        Session("u-1", "t", "s", http_session=object())  # type: ignore[arg-type]


def test_the_adapter_fast_path_is_taken_only_while_send_is_requests_own() -> None:
    http = requests.Session()
    assert _is_requests_send(http.send)
    with requests_mock.Mocker():
        assert not _is_requests_send(http.send)
    assert _is_requests_send(http.send)
    assert not _is_requests_send(_CountingSession().send)


# -- the direct path to urllib3's pool steps aside for every mock ------------------------------


def _direct_sends(session: Session, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every request the transport sends straight to a urllib3 pool."""
    direct = session.transport._direct
    assert direct is not None
    sent: list[str] = []
    original = direct.send

    def recording(prepared: requests.PreparedRequest, timeout: tuple[float, float]) -> Any:
        sent.append(prepared.url or "")
        return original(prepared, timeout)

    monkeypatch.setattr(direct, "send", recording)
    return sent


def test_an_unmocked_session_sends_straight_to_the_pool(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator.seed_bridges(3)
    with session_for(emulator) as session:
        sent = _direct_sends(session, monkeypatch)
        assert len(list(session.bridges.list(size=2))) == 3
        bridge_id = session.bridges.create_id(bridge_audio=True)
        assert session.bridges.get(bridge_id).bridge_audio is True
    assert len(sent) == 4
    assert len(emulator.requests()) == 4


@pytest.mark.parametrize("mock", ["responses", "requests-mock"])
def test_the_direct_path_steps_aside_while_a_mock_is_active(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, mock: str
) -> None:
    with session_for(emulator) as session:
        sent = _direct_sends(session, monkeypatch)
        url = f"{_bridges_url(emulator)}/brg-mocked"
        if mock == "responses":
            with responses.RequestsMock() as mocked:
                mocked.get(url, json=BRIDGE)
                bridge = session.bridges.get("brg-mocked")
        else:
            with requests_mock.Mocker() as mocked:
                mocked.get(url, json=BRIDGE)
                bridge = session.bridges.get("brg-mocked")
        _check_served_by_mock(bridge, emulator)
        assert sent == []
        assert list(session.bridges.list()) == []  # mocks gone: straight to the pool again
        assert len(sent) == 1


def test_an_injected_session_is_never_bypassed(emulator: Emulator) -> None:
    http = requests.Session()
    with session_for(emulator, http_session=http) as session:
        assert session.transport._direct is None


def test_closing_the_session_closes_the_pooled_connections(emulator: Emulator) -> None:
    emulator.seed_bridges(1)
    session = session_for(emulator)
    assert len(list(session.bridges.list())) == 1
    direct = session.transport._direct
    assert direct is not None and direct._cached is not None
    queue = direct._cached[1].pool
    assert queue is not None
    kept = [conn for conn in list(queue.queue) if conn is not None]
    assert kept and all(conn.sock is not None for conn in kept)
    session.close()
    assert all(conn.sock is None for conn in kept)
