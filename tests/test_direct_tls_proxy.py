"""The direct path keeps requests' TLS verification and proxy choices.

``tests/tls/`` holds a self-signed certificate for 127.0.0.1 and its key, made for these tests
only (``openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=127.0.0.1 -addext
subjectAltName=IP:127.0.0.1``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
import requests
from hostile_server import answer, hostile_server
from local_server import TLS, serving

from catapult import APIConnectionError, Session

BRIDGE = json.dumps({"id": "brg-1", "state": "created", "bridgeAudio": True}).encode()


class _Bridge(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BRIDGE)))
        self.end_headers()
        self.wfile.write(BRIDGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _tls_server() -> Iterator[str]:
    with serving(_Bridge) as origin:
        yield f"{origin}/v1"


def _direct_sends(session: Session, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    direct = session.transport._direct
    assert direct is not None
    sent: list[str] = []
    original = direct.send

    def recording(prepared: requests.PreparedRequest, timeout: tuple[float, float]) -> Any:
        sent.append(prepared.url or "")
        return original(prepared, timeout)

    monkeypatch.setattr(direct, "send", recording)
    return sent


def test_a_certificate_no_ca_vouches_for_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with (
        _tls_server() as url,
        Session("u-1", "token-123456", "secret-123456", base_url=url, max_retries=0) as session,
    ):
        sent = _direct_sends(session, monkeypatch)
        with pytest.raises(APIConnectionError, match="TLS failure"):
            session.bridges.get("brg-1")
    assert len(sent) == 1


def test_verify_names_the_ca_bundle_that_vouches_for_the_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bundle = str(TLS / "cert.pem")
    with (
        _tls_server() as url,
        Session("u-1", "token-123456", "secret-123456", base_url=url, verify=bundle) as session,
    ):
        sent = _direct_sends(session, monkeypatch)
        assert session.bridges.get("brg-1").bridge_audio is True
        assert session.bridges.get("brg-1").id == "brg-1"  # the cached pool, again
    assert len(sent) == 2


def test_an_https_proxy_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    refused = answer(403, b"", reason="Forbidden")
    with hostile_server(lambda request, connection: connection.sendall(refused)) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        base = "https://api.example.test/v1"
        with Session("u-1", "token-123456", "secret-123456", base_url=base, max_retries=0) as s:
            sent = _direct_sends(s, monkeypatch)
            with pytest.raises(APIConnectionError):
                s.bridges.get("brg-1")
    assert len(sent) == 1
    assert [(r.method, r.path) for r in proxy.requests] == [("CONNECT", "api.example.test:443")]
    assert "authorization" not in {name.lower() for name in proxy.requests[0].headers}


def test_each_origin_is_sent_to_its_own_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    ok = answer(200, BRIDGE, {"Content-Type": "application/json"})
    with (
        hostile_server(lambda request, connection: connection.sendall(ok)) as first,
        hostile_server(lambda request, connection: connection.sendall(ok)) as second,
        Session("u-1", "token-123456", "secret-123456", base_url=first.base_url) as session,
    ):
        sent = _direct_sends(session, monkeypatch)
        for server in (first, second, first):
            session.transport.request("GET", f"{server.base_url}/users/u-1/bridges/brg-1")
    assert len(sent) == 3
    assert (len(first.requests), len(second.requests)) == (2, 1)
