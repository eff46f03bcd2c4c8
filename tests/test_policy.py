"""The decisions both transports share (``_policy.RetryPlanner``), without any HTTP library."""

from __future__ import annotations

import time

import pytest

from catapult._errors import APIConnectionError, ResponseTooLargeError, ServerError
from catapult._failures import SendFailure
from catapult._options import Options
from catapult._policy import Response, RetryPlanner

URL = "https://api.example.test/v1/users/u-1/bridges"


def planner(**settings: object) -> RetryPlanner:
    return RetryPlanner(Options.of({"max_retries": 2, **settings}))


def answer(status: int, content: bytes = b"{}") -> Response:
    return Response("GET", URL, status, {}, content)


@pytest.mark.parametrize(
    ("declared", "refused"),
    [("", False), ("100", False), ("101", True), ("1e9", False), ("-5", False)],
)
def test_only_a_numeric_content_length_over_the_limit_is_refused_unread(
    declared: str, refused: bool
) -> None:
    headers = {"Content-Length": declared} if declared else {}
    error = planner(max_response_bytes=100)._declared_too_large(headers, "GET", URL, 200)
    assert (error is not None) is refused
    if error is not None:
        assert isinstance(error, ResponseTooLargeError)
        assert "101 bytes" in str(error) and error.status_code == 200


def test_an_attempt_ends_by_its_timeouts_or_the_call_deadline_whichever_is_first() -> None:
    unbounded = planner(timeout=(2, 3))
    exchange = unbounded._begin("GET", URL, None, None)
    assert exchange.deadline is None
    before = time.monotonic()
    ends = unbounded._next_attempt(exchange)
    assert exchange.attempt == 1
    assert before + 5 <= ends <= time.monotonic() + 5

    bounded = planner(timeout=(2, 3), total_timeout=1)
    exchange = bounded._begin("GET", URL, None, None)
    assert exchange.deadline is not None
    assert bounded._next_attempt(exchange) == exchange.deadline
    assert bounded._next_attempt(exchange) == exchange.deadline
    assert exchange.attempt == 2


def test_a_2xx_answer_is_returned_and_a_retryable_one_becomes_a_wait() -> None:
    policy = planner(max_retry_wait=10)
    exchange = policy._begin("GET", URL, None, None)
    policy._next_attempt(exchange)
    wait = policy._settle(exchange, answer(503))
    assert isinstance(wait, float) and 0 <= wait <= 10
    policy._next_attempt(exchange)
    done = answer(200, b'{"id": "brg-1"}')
    assert policy._settle(exchange, done) is done


def test_giving_up_raises_the_typed_error_with_the_attempts_made() -> None:
    policy = planner(max_retries=1)
    exchange = policy._begin("GET", URL, None, None)
    policy._next_attempt(exchange)
    assert isinstance(policy._settle(exchange, answer(500)), float)
    policy._next_attempt(exchange)
    with pytest.raises(ServerError) as info:
        policy._settle(exchange, answer(500))
    assert info.value.attempts == 2


def test_a_failed_send_that_may_not_be_repeated_is_raised_at_once() -> None:
    policy = planner()
    exchange = policy._begin("POST", URL, {"a": 1}, None)
    policy._next_attempt(exchange)
    lost = APIConnectionError("connection lost", method="POST", url=URL)
    with pytest.raises(APIConnectionError) as info:
        policy._settle(exchange, SendFailure(lost, request_sent=True))
    assert info.value is lost and lost.attempts == 1
