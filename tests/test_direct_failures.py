"""urllib3's own exceptions (the direct path sends with ``retries=False``) map like requests'."""

from __future__ import annotations

import pytest
import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    EmptyPoolError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from catapult import APIConnectionError, APITimeoutError
from catapult._failures import from_requests


@pytest.mark.parametrize(
    ("direct", "through_requests", "kind", "sent", "message"),
    [
        (
            NewConnectionError(None, "refused"),  # type: ignore[arg-type]
            requests.ConnectionError(MaxRetryError(None, "/", NewConnectionError(None, "x"))),  # type: ignore[arg-type]
            APIConnectionError,
            False,
            "could not connect",
        ),
        (
            ConnectTimeoutError("slow"),
            requests.ConnectTimeout("slow"),
            APITimeoutError,
            False,
            "timed out connecting",
        ),
        (
            ReadTimeoutError(None, "/", "slow"),  # type: ignore[arg-type]
            requests.ReadTimeout("slow"),
            APITimeoutError,
            True,
            "did not answer in time",
        ),
        (
            SSLError("bad certificate"),
            requests.exceptions.SSLError(MaxRetryError(None, "/", SSLError("x"))),  # type: ignore[arg-type]
            APIConnectionError,
            True,
            "TLS failure: SSLError",
        ),
        (
            ProtocolError("Connection aborted.", ConnectionResetError()),
            requests.ConnectionError(ProtocolError("Connection aborted.")),
            APIConnectionError,
            True,
            "connection lost before an answer: ProtocolError",
        ),
        (
            EmptyPoolError(None, "full"),  # type: ignore[arg-type]
            EmptyPoolError(None, "full"),  # type: ignore[arg-type]
            APITimeoutError,
            False,
            "no free connection",
        ),
    ],
)
def test_direct_and_requests_failures_give_the_same_typed_error(
    direct: Exception,
    through_requests: Exception,
    kind: type[APIConnectionError],
    sent: bool,
    message: str,
) -> None:
    for exc in (direct, through_requests):
        failure = from_requests(exc, "GET", "https://api.example/v1/x")
        assert type(failure.error) is kind
        assert failure.request_sent is sent
        assert message in str(failure.error)
