"""Every callback example of docs/wire/callbacks.md#events parses to the right typed event."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import pytest

from catapult import CallState, CatapultError, Session
from catapult.events import (
    AnswerEvent,
    DtmfEvent,
    ErrorEvent,
    EventParseError,
    EventType,
    GatherEvent,
    HangupEvent,
    IncomingCallEvent,
    PlaybackEvent,
    RecordingEvent,
    SpeakEvent,
    TimeoutEvent,
    TranscriptionEvent,
    UnknownEvent,
    parse_event,
    parse_event_query,
)

URI = "https://api.catapult.inetwork.com/v1/users/u-ndh7ecxejswersdu5g8zngvca/calls/"

INCOMING = {
    "eventType": "incomingcall",
    "callId": "c-m6dz5lqurhhxnn7is6v3w4y",
    "callUri": URI + "c-m6dz5lqurhhxnn7is6v3w4y",
    "from": "+13233326955",
    "to": "+13865245000",
    "callState": "active",
    "applicationId": "a-25nh2lj6qrxznkfu4b732jy",
    "time": "2012-11-14T16:21:59.616Z",
}
ANSWER = {
    "eventType": "answer",
    "callId": "c-jjm3aiicnpngixjjelyomda",
    "callUri": URI + "c-jjm3aiicnpngixjjelyomda",
    "from": "+15753222083",
    "to": "+13865245000",
    "callState": "active",
    "time": "2012-11-14T16:29:35.427Z",
    "tag": "example-tag",
}
TIMEOUT = {
    "eventType": "timeout",
    "callId": "c-5nq",
    "callUri": "https://api.catapult.inetwork.com/v1/users/u-2qi/calls/c-5nq",
    "from": "+16824595961",
    "to": "+12697047265",
    "time": "2014-09-23T06:30:39Z",
    "tag": "c-2mdp",
}
HANGUP = {
    "eventType": "hangup",
    "callId": "c-z572ntgyy2vnffwpa5bwrcy",
    "callUri": URI + "c-z572ntgyy2vnffwpa5bwrcy",
    "from": "+13233326955",
    "to": "+13865245000",
    "callState": "completed",
    "cause": "NORMAL_CLEARING",
    "time": "2012-11-14T15:56:12.636Z",
}
REJECT = {
    "eventType": "hangup",
    "callId": "c-kmg4blzn5eblsbk3bm2cp3a",
    "callUri": URI + "c-kmg4blzn5eblsbk3bm2cp3a",
    "from": "+15302987472",
    "to": "+12702380149",
    "callState": "completed",
    "cause": "CALL_REJECTED",
    "time": "2014-04-23T11:53:43-03",
}
SPEAK = {
    "eventType": "speak",
    "status": "done",
    "state": "PLAYBACK_STOP",
    "callId": "c-m6dz5lqurhhxnn7is6v3w4y",
    "callUri": URI + "c-m6dz5lqurhhxnn7is6v3w4y",
    "tag": "prompt-1",
    "time": "2013-06-26T17:55:46.768Z",
}
PLAYBACK = {
    "eventType": "playback",
    "status": "started",
    "callId": "c-z572ntgyy2vnffwpa5bwrcy",
    "callUri": URI + "c-z572ntgyy2vnffwpa5bwrcy",
    "tag": "hold-music",
    "time": "2012-11-14T15:56:05.896Z",
}
DTMF = {
    "eventType": "dtmf",
    "callId": "c-z572ntgyy2vnffwpa5bwrcy",
    "callUri": URI + "c-z572ntgyy2vnffwpa5bwrcy",
    "dtmfDigit": "5",
    "time": "2012-11-14T15:56:09.276Z",
}
GATHER = {
    "eventType": "gather",
    "state": "completed",
    "reason": "max-digits",
    "digits": "25",
    "callId": "c-z572ntgyy2vnffwpa5bwrcy",
    "gatherId": "g-5v7ljbhzzd6ra45kwezzbqy",
    "time": "2014-07-31T01:01:27Z",
    "tag": "pin-entry",
}
RECORDING = {
    "eventType": "recording",
    "callId": "c-c5zk",
    "recordingId": "rec-7k",
    "recordingUri": "https://api.catapult.inetwork.com/v1/users/u-2q/recordings/rec-7k",
    "status": "complete",
    "state": "complete",
    "startTime": "2014-09-25T13:38:28Z",
    "endTime": "2014-09-25T13:41:02Z",
}
TRANSCRIPTION = {
    "eventType": "transcription",
    "transcriptionId": "tr-1",
    "recordingId": "rec-7k",
    "status": "completed",
    "state": "completed",
    "textSize": 20,
    "text": "Hello From Bandwidth",
    "textUrl": "https://api.catapult.inetwork.com/v1/users/u-2q/media/tr-1",
    "transcriptionUri": "https://api.catapult.inetwork.com/v1/users/u-2q/recordings/rec-7k/transcriptions/tr-1",
}

EXAMPLES: list[tuple[dict[str, Any], type]] = [
    (INCOMING, IncomingCallEvent),
    (ANSWER, AnswerEvent),
    (TIMEOUT, TimeoutEvent),
    (HANGUP, HangupEvent),
    (REJECT, HangupEvent),
    (SPEAK, SpeakEvent),
    (PLAYBACK, PlaybackEvent),
    (DTMF, DtmfEvent),
    (GATHER, GatherEvent),
    (RECORDING, RecordingEvent),
    (TRANSCRIPTION, TranscriptionEvent),
]


@pytest.mark.parametrize(("body", "cls"), EXAMPLES, ids=[c.__name__ for _, c in EXAMPLES])
def test_every_documented_example_parses_to_its_model(body: dict[str, Any], cls: type) -> None:
    event = parse_event(json.dumps(body).encode())
    assert type(event) is cls
    assert event.event_type == body["eventType"]
    assert event.event_type.is_known
    assert event.model_extra == {}  # every documented field is modelled


@pytest.mark.parametrize(("body", "cls"), EXAMPLES, ids=[c.__name__ for _, c in EXAMPLES])
def test_get_query_form_agrees_with_post_json(body: dict[str, Any], cls: type) -> None:
    query = urlencode({k: str(v) for k, v in body.items()})
    assert parse_event_query(query) == parse_event(body)


def test_a_query_parameter_repeated_differently_is_refused() -> None:
    with pytest.raises(EventParseError, match="'eventType' is given more than once"):
        parse_event_query("eventType=answer&callId=c-1&eventType=hangup")
    same = parse_event_query("eventType=answer&callId=c-1&callId=c-1")
    assert same.event_type == "answer" and getattr(same, "call_id", None) == "c-1"
    absent = parse_event_query({"eventType": ["answer"], "callId": []})
    assert getattr(absent, "call_id", "missing") is None


def test_a_query_parameter_left_empty_is_absent_unless_its_field_is_text() -> None:
    event = parse_event_query("eventType=answer&callId=c-1&time=&tag=&diversion=&callState=")
    assert isinstance(event, AnswerEvent)
    assert event.time is None and event.call_state is None
    assert event.tag == ""  # text keeps its empty value
    gather = parse_event_query("eventType=gather&callId=c-1&state=&reason=&digits=")
    assert isinstance(gather, GatherEvent)
    assert gather.state is None and gather.reason is None and gather.digits == ""
    incoming = parse_event_query("eventType=incomingcall&callId=c-1&diversion=&to=")
    assert isinstance(incoming, IncomingCallEvent)
    assert incoming.diversion is None and incoming.to == ""
    with pytest.raises(EventParseError, match="time: Input should be a valid datetime"):
        parse_event_query("eventType=answer&callId=c-1&time=yesterday")
    with pytest.raises(EventParseError, match="time"):
        parse_event({"eventType": "answer", "callId": "c-1", "time": ""})  # JSON says ""


class _MultiDict(dict[str, str]):
    """What Werkzeug's and Starlette's query mappings look like: items() gives the first value
    of a key, getlist() all of them."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        super().__init__(reversed(pairs))  # the first value wins, as in those mappings
        self.pairs = pairs

    def getlist(self, key: str) -> list[str]:
        return [value for name, value in self.pairs if name == key]


def test_a_frameworks_multi_valued_query_is_read_whole() -> None:
    repeated = _MultiDict([("eventType", "answer"), ("eventType", "hangup"), ("callId", "c-1")])
    assert dict(repeated)["eventType"] == "answer"  # what a plain mapping read would take
    with pytest.raises(EventParseError, match="'eventType' is given more than once"):
        parse_event_query(repeated)
    single = parse_event_query(_MultiDict([("eventType", "answer"), ("callId", "c-1")]))
    assert getattr(single, "call_id", None) == "c-1"


def test_typed_fields() -> None:
    answer = parse_event(ANSWER)
    assert isinstance(answer, AnswerEvent)
    assert answer.call_id == "c-jjm3aiicnpngixjjelyomda"
    assert answer.from_ == "+15753222083"
    assert answer.call_state is CallState.ACTIVE
    assert answer.time == datetime(2012, 11, 14, 16, 29, 35, 427000, tzinfo=timezone.utc)
    assert answer.tag == "example-tag"
    transcription = parse_event(TRANSCRIPTION)
    assert isinstance(transcription, TranscriptionEvent) and transcription.text_size == 20
    recording = parse_event(RECORDING)
    assert isinstance(recording, RecordingEvent)
    assert recording.end_time is not None and recording.start_time is not None
    assert (recording.end_time - recording.start_time).total_seconds() == 154


def test_reject_is_a_hangup_with_a_plain_flag() -> None:
    reject = parse_event(REJECT)
    hangup = parse_event(HANGUP)
    assert isinstance(reject, HangupEvent) and isinstance(hangup, HangupEvent)
    assert reject.event_type is EventType.HANGUP
    assert reject.is_rejected and not hangup.is_rejected
    assert reject.time is not None and reject.time.utcoffset() == timedelta(hours=-3)


@pytest.mark.parametrize(
    "text",
    [
        "2012-11-14T16:28:31.536Z",
        "2014-07-31T01:01:27Z",
        "2014-04-23T11:53:43-03",
        "2013-07-12T16:26:55.685-02:00",
    ],
)
def test_every_timestamp_form_parses_timezone_aware(text: str) -> None:
    event = parse_event({**DTMF, "time": text})
    assert event.time is not None and event.time.tzinfo is not None


def test_speak_done_and_audio_flags() -> None:
    speak = parse_event(SPEAK)
    assert isinstance(speak, SpeakEvent) and speak.is_done and speak.state == "PLAYBACK_STOP"
    playback = parse_event(PLAYBACK)
    assert isinstance(playback, PlaybackEvent) and not playback.is_done


def test_diversion_from_post_and_get_forms() -> None:
    diversion = {
        "privacy": "off",
        "screen": "no",
        "reason": "unavailable",
        "counter": 1,
        "Limit": 1,
        "origTo": "+12222222222",
    }
    body = {
        **INCOMING,
        "withholdCallerNumber": "false",
        "displayName": "+11111111111",
        "diversion": diversion,
    }
    posted = parse_event(body)
    queried = parse_event_query(
        urlencode(
            {
                **{k: str(v) for k, v in body.items()},
                "diversion": json.dumps({**diversion, "counter": "1"}),
            }
        )
    )
    for event in (posted, queried):
        assert isinstance(event, IncomingCallEvent)
        assert event.withhold_caller_number is False
        assert event.diversion is not None
        assert event.diversion.orig_to == "+12222222222"
        assert event.diversion.counter == 1 and event.diversion.limit == 1


def test_unknown_event_types_keep_every_field() -> None:
    event = parse_event(
        {"eventType": "future-event", "memberId": "m-1", "callId": "c-1", "activeMembers": 2}
    )
    assert isinstance(event, UnknownEvent)
    assert event.event_type == "future-event" and not event.event_type.is_known
    assert event.call_id == "c-1"
    assert event.model_extra == {"memberId": "m-1", "activeMembers": 2}


def test_error_events_and_extra_keys_parse() -> None:
    event = parse_event(
        {"eventType": "error", "callState": "error", "callId": "c-1", "type": "speak"}
    )
    assert isinstance(event, ErrorEvent)
    assert event.model_extra == {"type": "speak"}


@pytest.mark.parametrize("body", [b"not json", b"[1]", b"{}", b'{"eventType": ""}'])
def test_non_events_are_refused(body: bytes) -> None:
    with pytest.raises(EventParseError):
        parse_event(body)


def test_wrong_types_are_refused() -> None:
    with pytest.raises(EventParseError):
        parse_event({**TRANSCRIPTION, "textSize": "long"})


def test_unbound_event_explains_how_to_bind() -> None:
    with pytest.raises(CatapultError, match="bound"):
        parse_event(ANSWER).session  # noqa: B018


def test_events_declare_only_the_fields_they_carry() -> None:
    gather = parse_event({"eventType": "gather", "callId": "c-1", "gatherId": "g-1"})
    assert isinstance(gather, GatherEvent)
    for absent in ("to", "from_", "call_state"):
        assert not hasattr(gather, absent) and absent not in GatherEvent.model_fields
    assert "time" not in RecordingEvent.model_fields
    assert "call_id" not in TranscriptionEvent.model_fields
    assert "tag" not in IncomingCallEvent.model_fields
    # A field an event does not declare is still kept when a server sends it.
    odd = parse_event({"eventType": "dtmf", "callId": "c-1", "to": "+15550001000"})
    assert isinstance(odd, DtmfEvent) and odd.model_extra == {"to": "+15550001000"}


def test_recording_and_transcription_events_read_what_they_report_on(session: Session) -> None:
    call = session.calls.create(from_="+15550001000", to="+15550002000")
    call.enable_recording().disable_recording()
    (recording,) = call.recordings()
    transcription = recording.transcribe()
    body = {"eventType": "recording", "callId": call.id, "recordingId": recording.id}
    recorded = parse_event(body, session=session)
    assert isinstance(recorded, RecordingEvent)
    assert recorded.recording().id == recording.id
    body = {
        "eventType": "transcription",
        "recordingId": recording.id,
        "transcriptionId": transcription.id,
    }
    transcribed = parse_event(body, session=session)
    assert isinstance(transcribed, TranscriptionEvent)
    assert transcribed.transcription().id == transcription.id
    bare = parse_event({"eventType": "transcription", "recordingId": recording.id}, session=session)
    assert isinstance(bare, TranscriptionEvent)
    with pytest.raises(CatapultError, match="no recordingId or transcriptionId"):
        bare.transcription()
    unsaid = parse_event({"eventType": "recording", "callId": call.id}, session=session)
    assert isinstance(unsaid, RecordingEvent)
    with pytest.raises(CatapultError, match="no recordingId"):
        unsaid.recording()


def test_statuses_and_reasons_are_open_enums() -> None:
    from catapult import GatherReason, GatherState, RecordingState, TranscriptionState
    from catapult.events import AudioStatus

    gather = parse_event({"eventType": "gather", "state": "completed", "reason": "max-digits"})
    assert isinstance(gather, GatherEvent)
    assert gather.state is GatherState.COMPLETED and gather.reason is GatherReason.MAX_DIGITS
    recording = parse_event({"eventType": "recording", "status": "complete", "state": "error"})
    assert isinstance(recording, RecordingEvent)
    assert recording.status is RecordingState.COMPLETE and recording.state is RecordingState.ERROR
    done = parse_event({"eventType": "transcription", "status": "completed"})
    assert isinstance(done, TranscriptionEvent) and done.status is TranscriptionState.COMPLETED
    speak = parse_event({"eventType": "speak", "status": "done"})
    assert isinstance(speak, SpeakEvent) and speak.status is AudioStatus.DONE and speak.is_done
    later = parse_event({"eventType": "playback", "status": "paused"})  # a value not known yet
    assert isinstance(later, PlaybackEvent) and later.status == "paused" and not later.is_done
    assert later.status is not None and not later.status.is_known
    cancelled = parse_event({"eventType": "gather", "reason": "cancelled"})
    assert isinstance(cancelled, GatherEvent) and cancelled.reason == "cancelled"
