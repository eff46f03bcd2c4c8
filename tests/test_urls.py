"""Ids and URLs are checked before anything reaches the wire."""

from __future__ import annotations

import pytest

from catapult import InvalidArgumentError, UnsafeURLError
from catapult._urls import (
    check_base_url,
    check_same_origin,
    is_loopback_host,
    last_path_segment,
    quote_id,
)


@pytest.mark.parametrize(
    "good", ["brg-65dhjwrmbasiei", "c-abc123", "u-user", "fakeCallId", "a.b_c~d"]
)
def test_valid_ids_pass_unchanged(good: str) -> None:
    assert quote_id(good) == good


@pytest.mark.parametrize(
    "bad",
    [
        "",
        ".",
        "..",
        "../calls/x",
        "brg-1?x=1",
        "a#b",
        "a b",
        "a\nb",
        "a\x00b",
        "a/b",
        "%2e%2e",
        "é",
    ],
)
def test_path_altering_ids_are_refused(bad: str) -> None:
    with pytest.raises(InvalidArgumentError):
        quote_id(bad, "bridge_id")


def test_non_string_id_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="must be a string"):
        quote_id(123)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.9.9.9", "::1"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["localhost.evil.com", "0.0.0.0", "10.0.0.1", "example.com", None])
def test_non_loopback_hosts(host: str | None) -> None:
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    "url",
    [
        "https://xn--bcher-kva.example/v1",
        "https://catapult_emulator.internal:8443/v1",
        "https://api.example.com./v1",
        "https://10.0.0.7/v1",
        "https://[2001:db8::1]:8443/v1",
    ],
)
def test_host_names_and_addresses_are_accepted(url: str) -> None:
    assert check_base_url(url) == url


def test_https_base_url_is_kept_without_trailing_slash() -> None:
    assert check_base_url("https://api.example.com/v1/") == "https://api.example.com/v1"


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080/v1", "http://localhost/v1", "http://[::1]:9/v1"]
)
def test_plain_http_allowed_to_loopback(url: str) -> None:
    assert check_base_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://api.catapult.inetwork.com/v1",
        "http://localhost.evil.com/v1",
        "http://user:pw@127.0.0.1@evil.com/",
        "https://token:secret@api.example.com/v1",
        "ftp://example.com",
        "api.example.com/v1",
        "https://exa mple.com/v1",
        "https://exa\tmple.com/v1",  # urlsplit alone would read example.com
        "https://api.example.com/v\n1",
        "https://\U0001f600.com/v1",
        "https://a..b/v1",
        "https://-a.example/v1",
    ],
)
def test_unsafe_base_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_base_url(url)


def test_links_to_another_host_are_refused() -> None:
    base = "https://api.example.com/v1"
    assert check_same_origin("https://api.example.com/v1/x?page=1", base)
    with pytest.raises(UnsafeURLError):
        check_same_origin("https://evil.example.com/v1/x", base)
    with pytest.raises(UnsafeURLError):
        check_same_origin("http://api.example.com/v1/x", base)


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/v1/users/u-1/bridges/brg-1", "brg-1"),
        ("http://localhost/path/id", "id"),
        ("https://api.catapult.inetwork.com/v1/users/u/calls/c-9/", "c-9"),
    ],
)
def test_id_is_the_last_location_segment(location: str, expected: str) -> None:
    assert last_path_segment(location) == expected
