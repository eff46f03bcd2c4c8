"""What parse_event and parse_event_query refuse, and how: content that is no event is an
EventParseError (the router's 400), an argument of another type an InvalidArgumentError."""

from __future__ import annotations

from typing import Any

import pytest

from catapult import InvalidArgumentError
from catapult.events import AnswerEvent, EventParseError, parse_event, parse_event_query

DEEP = "[" * 100_000


@pytest.mark.parametrize(
    "body",
    [DEEP.encode(), DEEP, bytearray(DEEP.encode()), '{"eventType": "answer", "x": ' + DEEP],
    ids=["bytes", "str", "bytearray", "inside-object"],
)
def test_json_nested_too_deep_is_an_event_parse_error(body: Any) -> None:
    with pytest.raises(EventParseError, match="nested too deeply"):
        parse_event(body)


def test_a_deep_diversion_parameter_is_an_event_parse_error() -> None:
    with pytest.raises(EventParseError, match="diversion parameter is JSON nested too deeply"):
        parse_event_query("eventType=answer&diversion=" + DEEP)
    with pytest.raises(EventParseError, match="diversion"):
        parse_event_query({"eventType": "answer", "diversion": DEEP})


@pytest.mark.parametrize("body", [[], [{"eventType": "answer"}], None, 5, memoryview(b"{}")])
def test_a_body_of_another_type_is_an_invalid_argument(body: Any) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^body must be bytes, str or a mapping, not "):
        parse_event(body)


@pytest.mark.parametrize("query", [[], [("eventType", "answer")], None, bytearray(b"x=1")])
def test_a_query_of_another_type_is_an_invalid_argument(query: Any) -> None:
    with pytest.raises(InvalidArgumentError, match=r"^query must be a str, bytes or a mapping"):
        parse_event_query(query)


def test_query_values_that_cannot_be_hashed_are_compared_not_crashed_on() -> None:
    with pytest.raises(EventParseError, match="more than once"):
        parse_event_query({"eventType": "answer", "callId": [["c-1"], ["c-2"]]})
    same = parse_event_query({"eventType": "answer", "diversion": [{"a": "1"}, {"a": "1"}]})
    assert isinstance(same, AnswerEvent)


def test_every_accepted_body_type_still_parses() -> None:
    text = '{"eventType": "answer", "callId": "c-1"}'
    for body in (text, text.encode(), bytearray(text.encode()), {"eventType": "answer"}):
        assert isinstance(parse_event(body), AnswerEvent)


@pytest.mark.parametrize(
    "body",
    [
        b'{"eventType": "answer", "eventType": "hangup", "callId": "c-1"}',
        b'{"eventType": "answer", "callId": "c-1", "callId": "c-2"}',
        b'{"eventType": "incomingcall", "diversion": {"reason": "a", "reason": "b"}}',
    ],
    ids=["event-type", "call-id", "nested"],
)
def test_a_json_key_given_twice_differently_is_refused(body: bytes) -> None:
    with pytest.raises(EventParseError, match="is given more than once, differently"):
        parse_event(body)


def test_a_json_key_given_twice_alike_is_the_same_event() -> None:
    body = b'{"eventType": "answer", "callId": "c-1", "callId": "c-1"}'
    assert parse_event(body) == parse_event(b'{"eventType": "answer", "callId": "c-1"}')


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_no_json(constant: str) -> None:
    with pytest.raises(EventParseError, match=f"{constant} is no JSON value"):
        parse_event('{"eventType": "answer", "callId": "c-1", "extra": ' + constant + "}")
    with pytest.raises(EventParseError, match="diversion parameter is not JSON"):
        parse_event_query(
            {"eventType": "incomingcall", "diversion": '{"counter": ' + constant + "}"}
        )
