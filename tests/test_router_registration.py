"""Registering handlers on the router: what ``on`` and ``fallback`` accept and refuse."""

from __future__ import annotations

from typing import Any

import pytest

import catapult.events_conference  # noqa: F401  (every event class is defined below VoiceEvent)
from catapult import InvalidArgumentError
from catapult.events import (
    AnswerEvent,
    CallEventBase,
    EventType,
    HangupEvent,
    UnknownEvent,
    VoiceEvent,
)
from catapult.router import EventRouter


def _event_classes() -> list[type[VoiceEvent]]:
    """Every class the SDK defines below VoiceEvent that names a wire ``eventType``."""
    found: list[type[VoiceEvent]] = []
    pending = list(VoiceEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.wire_type is not None and cls.__module__.startswith("catapult."):
            found.append(cls)
    return found


def _ignore(event: VoiceEvent) -> None:
    """A handler that does nothing."""


def test_every_event_class_and_its_wire_name_can_be_routed() -> None:
    classes = _event_classes()
    assert {cls.wire_type for cls in classes} == {str(member) for member in EventType}
    for cls in classes:
        EventRouter().on(cls)(_ignore)
        EventRouter().on(str(cls.wire_type))(_ignore)


@pytest.mark.parametrize(
    ("typo", "suggested"),
    [
        ("anwser", "answer"),
        ("ANSWER", "answer"),
        ("hangpu", "hangup"),
        ("conference-membr", "conference-member"),
        ("incoming-call", "incomingcall"),
    ],
)
def test_a_misspelled_event_type_is_refused_with_the_closest_names(
    typo: str, suggested: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=f"'{suggested}'") as caught:
        EventRouter().on(typo)
    assert repr(typo) in str(caught.value)
    assert "allow_unknown=True" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_name_like_no_known_one_lists_the_known_names() -> None:
    with pytest.raises(InvalidArgumentError, match="known: ") as caught:
        EventRouter().on("zzzz")
    for member in EventType:
        assert repr(str(member)) in str(caught.value)


def test_every_name_of_one_registration_is_checked_before_any_is_registered() -> None:
    router = EventRouter()
    with pytest.raises(InvalidArgumentError, match="'timeout'"):
        router.on("hangup", "timout")
    router.on("hangup")(_ignore)  # nothing was registered by the refused call


def test_allow_unknown_routes_an_event_type_this_version_does_not_know() -> None:
    router = EventRouter()
    seen: list[VoiceEvent] = []
    router.on("conference-recording", allow_unknown=True)(seen.append)
    router.on("answer", allow_unknown=True)(seen.append)  # a name the SDK learned still works
    body = b'{"eventType": "conference-recording", "callId": "c-1", "recordingId": "r-1"}'
    assert router.handle(method="POST", body=body).status == 200
    assert router.handle(method="POST", body=b'{"eventType": "answer"}').status == 200
    assert isinstance(seen[0], UnknownEvent)
    assert seen[0].model_extra == {"recordingId": "r-1"}
    assert isinstance(seen[1], AnswerEvent)


@pytest.mark.parametrize("value", ["", "yes", 1, None])
def test_allow_unknown_is_a_bool_and_never_routes_an_empty_name(value: Any) -> None:
    name = value if value == "" else "new-type"
    allow = True if value == "" else value
    with pytest.raises(InvalidArgumentError):
        EventRouter().on(name, allow_unknown=allow)


class _Elsewhere:
    wire_type = "answer"


class _MyAnswer(AnswerEvent):
    """A subclass the parser never builds: an answer event arrives as AnswerEvent."""


@pytest.mark.parametrize(
    "kind",
    [42, None, b"answer", ["answer"], _Elsewhere, int, AnswerEvent.model_construct()],
    ids=lambda kind: type(kind).__name__,
)
def test_what_is_not_an_event_type_is_refused(kind: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="VoiceEvent subclass or an eventType name"):
        EventRouter().on(kind)
    with pytest.raises(InvalidArgumentError, match="VoiceEvent subclass or an eventType name"):
        EventRouter().on("answer", kind)


@pytest.mark.parametrize("kind", [VoiceEvent, CallEventBase, UnknownEvent])
def test_classes_without_an_event_type_point_to_the_fallback(kind: type[VoiceEvent]) -> None:
    with pytest.raises(
        InvalidArgumentError, match=r"no eventType to route on; use router\.fallback"
    ):
        EventRouter().on(kind)


def test_a_class_the_parser_never_builds_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="arrive as AnswerEvent; route AnswerEvent"):
        EventRouter().on(_MyAnswer)


def test_handlers_must_be_callable() -> None:
    router = EventRouter()
    with pytest.raises(InvalidArgumentError, match="callable"):
        router.on("answer")("not a function")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="callable"):
        router.fallback(None)  # type: ignore[arg-type]
    router.on("answer")(_ignore)  # the refused registrations left nothing behind
    router.fallback(_ignore)


def test_one_handler_per_event_type_and_the_first_stays() -> None:
    router = EventRouter()
    first: list[str] = []
    router.on("answer")(lambda event: first.append("first"))
    with pytest.raises(InvalidArgumentError, match="already registered"):
        router.on(AnswerEvent)(_ignore)
    with pytest.raises(InvalidArgumentError, match="'hangup' is named twice"):
        router.on("hangup", "hangup")
    with pytest.raises(InvalidArgumentError, match="already registered"):
        router.on(HangupEvent, "answer")(_ignore)
    router.on("hangup")(_ignore)  # the refused registration registered none of its names
    router.handle(method="POST", body=b'{"eventType": "answer"}')
    assert first == ["first"]


def test_one_fallback_and_the_first_stays() -> None:
    router = EventRouter()
    caught: list[str] = []
    router.fallback(lambda event: caught.append("first"))
    with pytest.raises(InvalidArgumentError, match="fallback handler is already registered"):
        router.fallback(lambda event: caught.append("second"))
    router.handle(method="POST", body=b'{"eventType": "surprise"}')
    assert caught == ["first"]
