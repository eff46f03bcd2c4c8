"""Apps built on EventRouter, served over HTTP, driven by the emulator's real callbacks."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from catapult import Session
from catapult.demo_callbacks import serving
from catapult.emulator import Emulator
from catapult.events import (
    AnswerEvent,
    DtmfEvent,
    GatherEvent,
    HangupEvent,
    IncomingCallEvent,
    RecordingEvent,
    SpeakEvent,
    TranscriptionEvent,
    VoiceEvent,
)
from catapult.router import EventRouter


class Recorder:
    """Keeps every event a router dispatched, and lets a test wait for a count."""

    def __init__(self, router: EventRouter) -> None:
        self.events: list[VoiceEvent] = []
        self._changed = threading.Condition()
        router.fallback(self.keep)

    def keep(self, event: VoiceEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait(self, count: int, timeout: float = 5.0) -> list[VoiceEvent]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.events) >= count, timeout)
            assert len(self.events) >= count, self.events
            return list(self.events)


@pytest.fixture
def router(session: Session) -> EventRouter:
    return EventRouter(session)


@pytest.fixture
def app_url(router: EventRouter) -> Iterator[str]:
    with serving(router.wsgi_app) as url:
        yield url


def _kinds(events: list[VoiceEvent]) -> list[tuple[str, Any]]:
    return [(str(e.event_type), getattr(e, "status", None)) for e in events]


def test_app_answers_speaks_and_hangs_up_on_typed_events(
    emulator: Emulator, router: EventRouter, app_url: str
) -> None:
    recorder = Recorder(router)

    @router.on(IncomingCallEvent)
    def incoming(event: IncomingCallEvent) -> None:
        recorder.keep(event)
        event.call().answer()

    @router.on(AnswerEvent)
    def answered(event: AnswerEvent) -> None:
        recorder.keep(event)
        event.call().speak("Hello from the app", tag="hello")

    @router.on(SpeakEvent)
    def spoke(event: SpeakEvent) -> None:
        recorder.keep(event)
        if event.is_done:
            event.call().hangup()

    call_id = emulator.incoming_call("+15550009999", "+15550001000", callback_url=app_url)
    events = recorder.wait(5)
    assert _kinds(events) == [
        ("incomingcall", None),
        ("answer", None),
        ("speak", "started"),
        ("speak", "done"),
        ("hangup", None),
    ]
    assert all(getattr(e, "call_id", None) == call_id for e in events)
    hangup = events[-1]
    assert isinstance(hangup, HangupEvent) and hangup.cause == "NORMAL_CLEARING"
    assert isinstance(events[3], SpeakEvent) and events[3].tag == "hello"
    assert emulator.call_state(call_id)["state"] == "completed"
    assert all(d.ok and d.status == 200 for d in emulator.deliveries())


def test_get_callbacks_parse_into_the_same_typed_events_as_post(
    emulator: Emulator, session: Session, router: EventRouter, app_url: str
) -> None:
    recorder = Recorder(router)
    calls = {
        method: session.calls.create(
            from_="+15550001000",
            to="+15550002000",
            callback_url=f"{app_url}?via={method}",
            callback_http_method=method,
            tag="same tag+&=",
            recording_enabled=True,
            transcription_enabled=True,
        )
        for method in ("POST", "GET")
    }
    for call in calls.values():
        call.gather(max_digits=2, tag="g")
        emulator.press_digits(call.id, "12")
        call.hangup()
    events = recorder.wait(2 * 7)
    emulator.wait_for_callbacks()
    assert {d.method for d in emulator.deliveries(calls["GET"].id)} == {"GET"}

    def per_call(call_id: str) -> list[VoiceEvent]:
        def owner(event: VoiceEvent) -> str | None:
            if isinstance(event, TranscriptionEvent):
                return next(
                    d.call_id
                    for d in emulator.deliveries(event_type="transcription")
                    if d.event["transcriptionId"] == event.transcription_id
                )
            return getattr(event, "call_id", None)

        return [e for e in events if owner(e) == call_id]

    posted, got = per_call(calls["POST"].id), per_call(calls["GET"].id)
    expected = [
        AnswerEvent,
        DtmfEvent,
        DtmfEvent,
        GatherEvent,
        HangupEvent,
        RecordingEvent,
        TranscriptionEvent,
    ]
    assert [type(e) for e in posted] == [type(e) for e in got] == expected
    varying = {"call_id", "call_uri", "time", "recording_id", "recording_uri", "start_time"}
    varying |= {"end_time", "transcription_id", "transcription_uri", "text", "text_url"}
    varying |= {"gather_id", "text_size", "via"}  # ``via``: the URL's own query, GET only
    for one, other in zip(posted, got, strict=True):
        assert {k: v for k, v in one.model_dump().items() if k not in varying} == {
            k: v for k, v in other.model_dump().items() if k not in varying
        }
    gather = got[3]
    assert isinstance(gather, GatherEvent) and (gather.digits, gather.tag) == ("12", "g")
    assert got[0].tag == "same tag+&="
    assert got[0].model_extra == {"via": "GET"}


def test_router_basic_auth_accepts_url_credentials_and_refuses_others(
    emulator: Emulator, session: Session
) -> None:
    router = EventRouter(session, basic_auth=("hook", "s3cr:et"))
    recorder = Recorder(router)
    with serving(router.wsgi_app) as url:
        good = url.replace("http://", "http://hook:s3cr%3Aet@")
        bad = url.replace("http://", "http://hook:wrong@")
        accepted = session.calls.create(from_="+15550001000", to="+15550002000", callback_url=good)
        refused = session.calls.create(
            from_="+15550001000", to="+15550002001", callback_url=bad, fallback_url=good
        )
        first, fallback = emulator.wait_for_deliveries(2, call_id=refused.id)
        recorder.wait(2)
    assert emulator.deliveries(accepted.id)[0].status == 200
    assert (first.status, first.outcome) == (401, "status")
    assert (fallback.status, fallback.fallback) == (200, True)
    assert {getattr(e, "call_id", None) for e in recorder.events} == {accepted.id, refused.id}
