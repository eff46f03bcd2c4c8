"""Every action of every model and event has an awaited ``*_async`` twin, and each side refuses
the other session's objects before anything is sent.

The walk below reads the models' public methods, so a new sync action without a twin (or a
twin whose arguments drift from its sync method) fails here.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio

import catapult
import catapult.events
import catapult.events_conference
from catapult import AsyncSession, CatapultError, Session
from catapult._model import SessionBound
from catapult.emulator import Emulator

OURS = "+15550001000"

NO_REQUEST = {
    "SessionBound.bind",
    "Resource.get",
    "Resource.keys",
    "Resource.values",
    "Resource.items",
    "Resource.to_dict",
    "Gather.of_call",
    "ConferenceMember.of_conference",
    "Conference.members",  # a Pager: iterated with `for` or `async for`
    "CallEventBase.call",
    "ConferenceEventBase.conference",
    "ConferenceMemberEvent.member",
    "ConferenceMemberEvent.call",
}
"""Public methods that send nothing (they build or describe an object), so need no twin."""

FIELDS: dict[str, Any] = {
    "id": "x-1",
    "callId": "c-1",
    "gatherId": "g-1",
    "conferenceId": "conf-1",
    "memberId": "m-1",
    "recordingId": "r-1",
    "call": "https://api.example.com/v1/users/u-1/calls/c-1",
}
"""Enough fields for any model or event to reach its request."""

ARGUMENTS: dict[str, Any] = {
    "to": "+15550003000",
    "digits": "1",
    "file_url": "https://media.example.com/a.wav",
    "sentence": "Hi",
    "event_id": "ce-1",
    "gather_id": "g-1",
    "member_id": "m-1",
    "call_id": "c-2",
    "other": "c-2",
}
"""A valid value for every required argument of an action, by name."""


def _models() -> list[type[SessionBound]]:
    found: set[type[SessionBound]] = set()
    for module in (catapult, catapult.events, catapult.events_conference):
        for name in getattr(module, "__all__", list(vars(module))):
            value = getattr(module, name)
            if inspect.isclass(value) and issubclass(value, SessionBound):
                found.add(value)
    return sorted(found, key=lambda cls: cls.__name__)


def _actions(cls: type[Any]) -> Iterator[str]:
    for name in dir(cls):
        method = inspect.getattr_static(cls, name)
        if name.startswith("_") or name.endswith("_async") or not inspect.isfunction(method):
            continue
        if method.__qualname__ not in NO_REQUEST and method.__module__.startswith("catapult"):
            yield name


PAIRS = [(cls, name) for cls in _models() for name in _actions(cls)]


def test_the_walk_sees_the_models_and_their_actions() -> None:
    names = {f"{cls.__name__}.{name}" for cls, name in PAIRS}
    expected = {
        "Call.hangup",
        "Call.conference",
        "Bridge.speak",
        "Gather.stop",
        "Recording.transcribe",
        "GatherEvent.gather",
        "HangupEvent.fetch_call",
        "ConferenceEvent.fetch_conference",
        "ConferenceMember.remove",
    }
    assert expected <= names
    assert not {"Call.bind", "GatherEvent.call", "Conference.members"} & names


def _parameters(function: Any) -> list[tuple[str, Any, Any, Any]]:
    return [
        (p.name, p.kind, p.default, p.annotation)
        for p in inspect.signature(function).parameters.values()
    ]


@pytest.mark.parametrize(("cls", "name"), PAIRS, ids=lambda v: getattr(v, "__name__", v))
def test_every_action_has_an_awaited_twin_with_its_arguments(cls: type[Any], name: str) -> None:
    twin = getattr(cls, f"{name}_async", None)
    assert twin is not None, f"{cls.__name__}.{name} has no {name}_async twin"
    assert inspect.iscoroutinefunction(twin)
    assert _parameters(twin) == _parameters(getattr(cls, name))


def test_every_twin_has_a_sync_action() -> None:
    for cls in _models():
        for name in dir(cls):
            if name.endswith("_async") and not name.startswith("_"):
                assert callable(getattr(cls, name.removesuffix("_async"), None)), (cls, name)


# -- each side refuses the other session's objects, before sending anything ----------------------


def _instance(cls: type[Any], session: Session | AsyncSession) -> Any:
    fields = {**FIELDS, "eventType": getattr(cls, "wire_type", None) or "something-new"}
    obj = cls.model_validate(fields).bind(session)
    return obj.of_conference("conf-1") if hasattr(obj, "of_conference") else obj


def _call_with_arguments(cls: type[Any], obj: Any, name: str) -> Any:
    method = getattr(obj, name)
    required = [
        p.name
        for p in inspect.signature(getattr(cls, name)).parameters.values()
        if p.name != "self" and p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    return method(*[ARGUMENTS[arg] for arg in required])


def _sessions(emulator: Emulator) -> tuple[Session, AsyncSession]:
    credentials = (emulator.user_id, emulator.api_token, emulator.api_secret)
    base_url = emulator.base_url
    return Session(*credentials, base_url=base_url), AsyncSession(*credentials, base_url=base_url)


@pytest.mark.asyncio
async def test_every_action_refuses_an_object_of_the_other_session(emulator: Emulator) -> None:
    sync_session, async_session = _sessions(emulator)
    async with async_session:
        with sync_session:
            for cls, name in PAIRS:
                with pytest.raises(CatapultError, match="bound to an AsyncSession: await"):
                    _call_with_arguments(cls, _instance(cls, async_session), name)
                with pytest.raises(CatapultError, match="bound to a sync Session: call"):
                    await _call_with_arguments(cls, _instance(cls, sync_session), f"{name}_async")
    assert emulator.requests() == []


# -- the twins at work ----------------------------------------------------------------------------


@pytest_asyncio.fixture
async def asession(emulator: Emulator) -> AsyncIterator[AsyncSession]:
    credentials = (emulator.user_id, emulator.api_token, emulator.api_secret)
    async with AsyncSession(*credentials, base_url=emulator.base_url) as session:
        yield session


@pytest.mark.asyncio
async def test_event_twins_read_the_call_gather_and_conference(asession: AsyncSession) -> None:
    from catapult.events import parse_event

    call = await asession.calls.create(from_=OURS, to="+15550002001")
    gather = await call.gather_async(max_digits=2)
    body = {"eventType": "gather", "callId": call.id, "gatherId": gather.id, "digits": "12"}
    event = parse_event(body, session=asession)
    assert isinstance(event, catapult.events.GatherEvent)
    fetched = await event.fetch_call_async()
    assert fetched.id == call.id and fetched.state == call.state
    read = await event.gather_async()
    assert read.id == gather.id and read.call_id == call.id
    conference = await asession.conferences.create(from_=OURS)
    body = {"eventType": "conference", "conferenceId": conference.id, "status": "created"}
    conference_event = parse_event(body, session=asession)
    assert isinstance(conference_event, catapult.events_conference.ConferenceEvent)
    assert (await conference_event.fetch_conference_async()).from_ == OURS


@pytest.mark.asyncio
async def test_recording_transcribed_and_call_conference_awaited(asession: AsyncSession) -> None:
    call = await asession.calls.create(from_=OURS, to="+15550002001")
    assert await call.conference_async() is None
    await call.enable_recording_async()
    await call.disable_recording_async()
    (recording,) = [r async for r in call.recordings()]
    transcription = await recording.transcribe_async()
    assert [t.id async for t in recording.transcriptions()] == [transcription.id]
    from catapult.events import RecordingEvent, TranscriptionEvent, parse_event

    body = {"eventType": "recording", "callId": call.id, "recordingId": recording.id}
    recorded = parse_event(body, session=asession)
    assert isinstance(recorded, RecordingEvent)
    assert (await recorded.recording_async()).id == recording.id
    body = {"eventType": "transcription", "recordingId": recording.id}
    transcribed = parse_event({**body, "transcriptionId": transcription.id}, session=asession)
    assert isinstance(transcribed, TranscriptionEvent)
    assert (await transcribed.transcription_async()).id == transcription.id
    conference = await asession.conferences.create(from_=OURS)
    member_call = await asession.calls.create(
        from_=OURS, to="+15550002002", conference_id=conference.id
    )
    await conference.add_member_async(member_call.id)
    in_conference = await (await member_call.refresh_async()).conference_async()
    assert in_conference is not None and in_conference.id == conference.id


# -- the managers ---------------------------------------------------------------------------------


def _manager_pairs() -> list[tuple[type[Any], type[Any]]]:
    from catapult.resources import bridges, calls, conferences, recordings
    from catapult.resources import managers_async as managers

    return [
        (bridges.Bridges, managers.AsyncBridges),
        (calls.Calls, managers.AsyncCalls),
        (conferences.Conferences, managers.AsyncConferences),
        (recordings.Recordings, managers.AsyncRecordings),
        (recordings.Transcriptions, managers.AsyncTranscriptions),
    ]


@pytest.mark.parametrize(("sync", "awaited"), _manager_pairs(), ids=lambda cls: cls.__name__)
def test_every_manager_method_has_an_async_counterpart(sync: type[Any], awaited: type[Any]) -> None:
    public = {name for name in dir(sync) if not name.startswith("_")}
    assert public == {name for name in dir(awaited) if not name.startswith("_")}
    for name in public:
        method, twin = inspect.getattr_static(sync, name), inspect.getattr_static(awaited, name)
        if inspect.isfunction(method):
            shape = [
                (p.name, p.kind, p.default) for p in inspect.signature(method).parameters.values()
            ]
            assert shape == [
                (p.name, p.kind, p.default) for p in inspect.signature(twin).parameters.values()
            ], name
