"""The direct path's shortcuts give exactly what requests would: URLs and body reads."""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from local_server import serving
from urllib3 import HTTPHeaderDict, HTTPResponse

from catapult import BridgeState, CallState, ResponseTooLargeError, Session
from catapult._direct import DirectResponse, UrlPreparer, read_size

BASES = [
    "http://127.0.0.1:9/v1",
    "http://127.0.0.1:9/v1/",
    "HTTP://LocalHost:8080/v1",
    "https://api.example.com/v1",
    "https://api.example.com",
    "https://[::1]:8443/v1",
    "https://bücher.example/v1",
    "https://api.example.com/v%31/a b",
    "https://api.example.com/v1?x=1",
]
TAILS = [
    "users/u-1/bridges",
    "users/u-1/bridges/brg-abc",
    "users/u-1/calls/c-1/gather/g-1",
    "users/u-1/x/./y",
    "users/u-1/x/../y",
    "users/u-1/.hidden",
    "users/u-1/a%2Fb",
    "users/u-1/%41",
    "users/u-1/a b",
    "users/u-1/é",
    "users/u-1//x",
    "users/u-1/x?page=2",
    "users/u-1/bridges?page=2&size=1000",
    "users/u-1/x?",
    "users/u-1/x?a=1&&b=",
    "users/u-1/x?a=b=c&d~e_f.g-h",
    "users/u-1/x?a=%20",
    "users/u-1/x?a= b",
    "users/u-1/x?a=/b",
    "users/u-1/x?a=é",
    "users/u-1/x?page=2#frag",
    "users/u-1/x/./y?page=2",
    "users/u-1/x??a",
    "?page=2",
    "users/u-1/x#frag",
    "",
    ".",
    "~user/a_b-c.d",
]


def _by_requests(url: str, params: dict[Any, Any] | None) -> str | None:
    prepared = requests.PreparedRequest()
    prepared.prepare_url(url, params)  # pyright: ignore[reportUnknownMemberType]
    return prepared.url


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize(
    "params",
    [
        None,
        {},
        {"size": "5"},
        {"size": 1000, "page": 2},
        {"size": -5, "state": "completed", "bridgeId": "brg-a_b.c~d", "x": None},
        {"size": ""},
        {"k y": "v"},
        {b"raw": "x", "n": 1},
        {"state": BridgeState.COMPLETED, "other": CallState("parked")},
        {"a": ["x", "y"], "b": None, "c": ("z",)},
        {"only": None},
        {"q": "a b&c=d/é~+%41#f", "é": "x"},
        {"flag": True, "ratio": 0.5},
        {b"raw": b"by tes"},
    ],
)
def test_prepared_urls_are_the_ones_requests_prepares(
    base: str, params: dict[Any, Any] | None
) -> None:
    preparer = UrlPreparer(base)
    for tail in TAILS:
        url = base.rstrip("/") + "/" + tail
        prepared = requests.PreparedRequest()
        preparer.prepare(prepared, url, params)
        assert prepared.url == _by_requests(url, params), url
    other = "https://elsewhere.example/v1/users/u-1/bridges"
    prepared = requests.PreparedRequest()
    preparer.prepare(prepared, other, params)
    assert prepared.url == _by_requests(other, params)


def _response(headers: dict[str, str], body: bytes = b"{}") -> DirectResponse:
    raw = HTTPResponse(body=body, headers=HTTPHeaderDict(headers), preload_content=False)
    return DirectResponse(raw, "http://127.0.0.1:9/v1/x")


def test_a_declared_plain_body_is_read_in_one_call_of_its_size() -> None:
    assert read_size(_response({"Content-Length": "2"}), 100) == 2
    # compressed: the declared size is not what is read; unknown or empty: the general read
    assert read_size(_response({"Content-Length": "2", "Content-Encoding": "gzip"}), 100) == 101
    assert read_size(_response({}), 100) == 101
    assert read_size(_response({"Content-Length": "0"}), 100) == 101
    assert read_size(_response({"Content-Length": "-2"}), 100) == 101
    assert read_size(_response({"Content-Length": "200"}), 100) == 101
    # an answer through requests (a mock's, say) keeps the general read
    through_requests = requests.Response()
    through_requests.headers["Content-Length"] = "2"
    assert read_size(through_requests, 100) == 101


class _Bodies(http.server.BaseHTTPRequestHandler):
    """A small body with its length declared (kept alive), or a large one without (closed)."""

    protocol_version = "HTTP/1.1"
    clients: list[tuple[str, int]] = []  # noqa: RUF012 - the connections seen, in order

    def do_GET(self) -> None:
        self.clients.append(self.client_address)
        body = b'{"id": "brg-1", "state": "active"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if self.path.endswith("/brg-big"):
            body = b'{"id": "brg-big", "pad": "' + b"x" * 5000 + b'"}'
        else:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close" if self.path.endswith("/brg-big") else "keep-alive")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def bodies_server() -> Iterator[str]:
    _Bodies.clients = []
    with serving(_Bodies, tls=False) as origin:
        yield f"{origin}/v1"


def test_bodies_read_straight_from_the_pool_are_whole_and_bounded(bodies_server: str) -> None:
    with Session("u-1", "t", "s", base_url=bodies_server, max_response_bytes=1000) as session:
        assert session.transport._direct is not None  # pyright: ignore[reportPrivateUsage]
        for _ in range(3):
            bridge = session.bridges.get("brg-1")
            assert bridge.id == "brg-1" and bridge.state == "active"
        # read to its exact end, each answer left the connection ready for the next request
        assert len(_Bodies.clients) == 3 and len(set(_Bodies.clients)) == 1
        with pytest.raises(ResponseTooLargeError):
            session.bridges.get("brg-big")  # no length declared: the cap still holds
