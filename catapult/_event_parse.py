"""Parsing callback bodies and queries into the typed events of :mod:`catapult.events`."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs

from pydantic import ValidationError

from ._errors import clipped, safe_text, wrong_type
from ._model import wire_name
from .events import (
    AnswerEvent,
    DtmfEvent,
    ErrorEvent,
    EventParseError,
    GatherEvent,
    HangupEvent,
    IncomingCallEvent,
    PlaybackEvent,
    RecordingEvent,
    SpeakEvent,
    TimeoutEvent,
    TranscriptionEvent,
    UnknownEvent,
    VoiceEvent,
)
from .events_conference import CONFERENCE_EVENTS

if TYPE_CHECKING:
    from ._async_session import AsyncSession
    from ._session import Session

EVENT_CLASSES: dict[str, type[VoiceEvent]] = {
    cls.wire_type: cls
    for cls in (
        IncomingCallEvent,
        AnswerEvent,
        TimeoutEvent,
        HangupEvent,
        SpeakEvent,
        PlaybackEvent,
        DtmfEvent,
        GatherEvent,
        RecordingEvent,
        TranscriptionEvent,
        ErrorEvent,
    )
    if cls.wire_type
} | CONFERENCE_EVENTS
"""The class each ``eventType`` this version knows is parsed into (others: UnknownEvent)."""


def closest_event_types(name: str) -> str:
    """For a message about an unknown ``eventType``: ``did you mean 'answer'`` (the closest
    known names), or every known name when none is close."""
    close = difflib.get_close_matches(name.lower(), EVENT_CLASSES, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(map(repr, close))
    return "known: " + ", ".join(map(repr, sorted(EVENT_CLASSES)))


def parse_event(
    body: bytes | str | Mapping[str, Any], *, session: Session | AsyncSession | None = None
) -> VoiceEvent:
    """Parse a callback POST body (JSON text or an already decoded mapping) into its event.

    A body that is not one JSON object with an ``eventType`` (bad JSON, JSON nested absurdly
    deep, an array) raises ``EventParseError``; a ``body`` that is neither bytes, str nor a
    mapping raises :class:`~catapult.InvalidArgumentError`.
    """
    if not isinstance(body, bytes | bytearray | str | Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise wrong_type("body", "bytes, str or a mapping", body)
    data: Any = dict(body) if isinstance(body, Mapping) else _json(body, "callback body")
    if not isinstance(data, dict):
        raise EventParseError("callback body must be one JSON object")
    return _build(cast("dict[str, Any]", data), session)


def parse_event_query(
    query: str | bytes | Mapping[str, str | list[str]],
    *,
    session: Session | AsyncSession | None = None,
) -> VoiceEvent:
    """Parse a callback GET query (``callbackHttpMethod: GET``) into its event.

    Every value arrives as text; numbers and booleans are converted by the models, and the
    nested ``diversion`` parameter, which holds JSON, is decoded. A parameter left empty
    (``time=``, ``state=``) is absent, unless its field is text (``tag=`` gives ``""``). A
    parameter given twice
    with different values is refused (``EventParseError``): the event would be a guess. A
    ``query`` may be the text after ``?`` (with or without the ``?``; bytes as a framework's
    raw query string are read as UTF-8) or a mapping; anything else raises
    :class:`~catapult.InvalidArgumentError`.
    """
    check_query(query)
    if isinstance(query, bytes):
        query = query.decode("utf-8", "replace")
    if isinstance(query, str):
        query = query.removeprefix("?")
    raw: Mapping[str, object] = (
        parse_qs(query, keep_blank_values=True) if isinstance(query, str) else _all_values(query)
    )
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, list):
            values = cast("list[object]", value)
            if any(other != values[0] for other in values):  # which one is meant? Refused
                raise EventParseError(
                    f"parameter {clipped(key)!r} is given more than once, differently"
                )
            if not values:
                continue  # no value at all: as if the parameter were absent
            value = values[0]
        data[key] = value
    if isinstance(data.get("diversion"), str) and data["diversion"]:
        data["diversion"] = _json(data["diversion"], "diversion parameter")
    return _build(data, session, blank_is_absent=True)


def check_query(query: object) -> None:
    """Refuse a callback query that is neither text, bytes nor a mapping (naming no value)."""
    if not isinstance(query, str | bytes | Mapping):
        raise wrong_type("query", "a str, bytes or a mapping", query)


def _all_values(query: Mapping[str, Any]) -> Mapping[str, object]:
    """Every value of each key of a framework's multi-valued query mapping (Werkzeug's and
    Starlette's ``getlist``), so a repeated parameter is seen; a plain mapping as it is."""
    getlist = getattr(query, "getlist", None)
    if not callable(getlist):
        return query
    return {key: list(cast("Iterable[object]", getlist(key))) for key in query}


def _json(text: bytes | bytearray | str, what: str) -> Any:
    """``text`` decoded as JSON, or ``EventParseError`` saying why not. A key given twice
    with different values is refused, as a query parameter is (which one is meant would be
    a guess), and so are ``NaN`` and ``Infinity``, which are no JSON."""
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant)
    except ValueError as exc:  # UnicodeDecodeError and the refusals below included
        raise EventParseError(f"{what} is not JSON: {exc}") from None
    except RecursionError:  # "[[[[..." deeper than the interpreter's stack
        raise EventParseError(f"{what} is JSON nested too deeply") from None


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key given twice with different values."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data and data[key] != value:
            raise EventParseError(f"key {clipped(key)!r} is given more than once, differently")
        data[key] = value
    return data


def _no_constant(name: str) -> Any:
    raise EventParseError(f"{name} is no JSON value")


def _build(
    data: dict[str, Any], session: Session | AsyncSession | None, *, blank_is_absent: bool = False
) -> VoiceEvent:
    """The event ``data`` describes. With ``blank_is_absent`` (a query, where ``time=`` is the
    only way to send no value), a parameter left empty is absent unless its field is text,
    which keeps ``""``."""
    event_type = data.get("eventType")
    if not isinstance(event_type, str) or not event_type:
        raise EventParseError("callback has no eventType")
    cls = EVENT_CLASSES.get(event_type, UnknownEvent)
    if blank_is_absent:
        typed = _typed_wire_names(cls)  # pyright: ignore[reportArgumentType]
        data = {key: value for key, value in data.items() if value != "" or key not in typed}
    try:
        event = cls.model_validate(data)
    except ValidationError as exc:
        raise EventParseError(
            f"{safe_text(event_type)} event does not parse: {_problems(exc)}"
        ) from None
    return event.bind(session) if session is not None else event


_TEXT: tuple[object, ...] = (str, str | None)
"""The annotations of text fields, where an empty query value is the value ``""``."""


@cache
def _typed_wire_names(cls: type[VoiceEvent]) -> frozenset[str]:
    """The wire names (and field names) of ``cls``'s fields that are not plain text."""
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        annotation: object = field.annotation
        if annotation not in _TEXT:
            names.update((name, wire_name(name, field.alias)))
    return frozenset(names)


def _problems(exc: ValidationError) -> str:
    """Pydantic's errors as ``field: message`` pairs (without its links to its own docs)."""
    shown = [
        f"{safe_text('.'.join(str(part) for part in error['loc'])) or '(root)'}: {error['msg']}"
        for error in exc.errors()[:3]
    ]
    more = exc.error_count() - len(shown)
    return "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")
