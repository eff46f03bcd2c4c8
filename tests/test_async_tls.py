"""An AsyncSession verifies TLS as configured, with CA bundles loaded once per setting.

Loading a bundle costs about 25 ms of blocking work; each AsyncSession used to pay it. Sessions
of one setting now share a context, built again when what it came from changes.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from local_server import TLS, serving

from catapult import APIConnectionError, AsyncSession, ConfigurationError, _async_http

BRIDGE = json.dumps({"id": "brg-1", "state": "created"}).encode()
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR")


class _Bridge(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(BRIDGE)))
        self.end_headers()
        self.wfile.write(BRIDGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(name="tls_url")
def _tls_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in CA_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    _async_http._default_context.cache_clear()
    _async_http._bundle_context.cache_clear()
    with serving(_Bridge) as origin:
        yield f"{origin}/v1"
    _async_http._default_context.cache_clear()
    _async_http._bundle_context.cache_clear()


def _get(url: str, **options: Any) -> str:
    """A bridge's id, fetched by a new AsyncSession in a new event loop."""

    async def fetch() -> str:
        async with AsyncSession(
            "u-1", "token-123456", "secret-123456", base_url=url, max_retries=0, **options
        ) as session:
            return (await session.bridges.get("brg-1")).id

    return asyncio.run(fetch())


def test_sessions_of_one_bundle_share_its_context_across_loops(tls_url: str) -> None:
    bundle = str(TLS / "cert.pem")
    assert [_get(tls_url, verify=bundle) for _ in range(3)] == ["brg-1"] * 3
    loaded = _async_http._bundle_context.cache_info()
    assert (loaded.misses, loaded.hits) == (1, 2)


def test_a_changed_bundle_is_loaded_again(tls_url: str, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(b"")  # no CA yet: the server is not vouched for
    with pytest.raises(ConfigurationError, match="cannot load the CA bundle"):
        _get(tls_url, verify=str(bundle))
    shutil.copyfile(TLS / "cert.pem", bundle)
    assert _get(tls_url, verify=str(bundle)) == "brg-1"


def test_the_default_context_follows_ssl_cert_file(
    tls_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "cert.pem"))
    assert _get(tls_url) == "brg-1"
    assert _get(tls_url) == "brg-1"
    assert _async_http._default_context.cache_info().misses == 1
    monkeypatch.delenv("SSL_CERT_FILE")
    with pytest.raises(APIConnectionError, match="TLS failure"):
        _get(tls_url)  # the default bundle does not vouch for the test certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "cert.pem"))
    assert _get(tls_url) == "brg-1"  # that context again, kept
    assert _async_http._default_context.cache_info().misses == 2
