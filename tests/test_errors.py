"""Error bodies become typed errors, whatever shape the body has (docs/wire/errors.md)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from catapult import (
    APIError,
    AuthenticationError,
    BadRequestError,
    CallRateLimitError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from catapult._errors import error_from_response

URL = "https://api.catapult.inetwork.com/v1/users/u-user/bridges/by-bridge-id"


def _error(status: int, body: bytes | str | dict[str, object]) -> APIError:
    raw = json.dumps(body).encode() if isinstance(body, dict) else body
    raw = raw.encode() if isinstance(raw, str) else raw
    return error_from_response(status, raw, method="GET", url=URL)


def test_documented_error_body_fills_every_field() -> None:
    body = {
        "category": "not-found",
        "code": "bridge-not-found",
        "message": "The bridge by-bridge-id could not be found",
        "details": [
            {"name": "bridgeId", "value": "by-bridge-id"},
            {"name": "requestMethod", "value": "GET"},
        ],
    }
    error = _error(404, body)
    assert isinstance(error, NotFoundError)
    assert error.status_code == 404
    assert error.code == "bridge-not-found"
    assert error.category == "not-found"
    assert error.message == "The bridge by-bridge-id could not be found"
    assert error.details == {"bridgeId": "by-bridge-id", "requestMethod": "GET"}
    assert (error.method, error.url) == ("GET", URL)
    assert "bridge-not-found" in str(error) and "404" in str(error)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
        (418, APIError),
    ],
)
def test_status_chooses_the_error_class(status: int, cls: type[APIError]) -> None:
    error = _error(status, b"")
    assert type(error) is cls


def test_message_falls_back_to_code_when_missing() -> None:
    assert _error(400, {"code": "400"}).message == "400"


def test_message_from_some_error_vector() -> None:
    assert _error(400, {"code": "400", "message": "some error"}).message == "some error"


def test_empty_body_falls_back_to_status() -> None:
    error = _error(404, b"")
    assert error.message == "HTTP 404"
    assert error.code is None


def test_plain_text_body_becomes_the_message() -> None:
    assert _error(400, "Error message").message == "Error message"


def test_rate_limit_body_without_message_reads_reset_from_details() -> None:
    body = {
        "category": "too-many-requests",
        "code": "rate-limit-reached",
        "details": [{"name": "rateLimitResetTime", "value": "1479308598680"}],
    }
    error = _error(429, body)
    assert isinstance(error, RateLimitError)
    assert error.message == "rate-limit-reached"
    assert error.reset_at == datetime(2016, 11, 16, 15, 3, 18, 680000, tzinfo=timezone.utc)


def test_call_rate_limit_403_is_its_own_class() -> None:
    error = _error(403, {"category": "limit", "code": "call-rate-limit", "message": "slow down"})
    assert isinstance(error, CallRateLimitError)
    assert isinstance(error, PermissionDeniedError)


def test_long_text_body_is_cut() -> None:
    error = _error(500, "x" * 5000)
    assert len(error.message) == 500
    assert len(error.body) == 500
