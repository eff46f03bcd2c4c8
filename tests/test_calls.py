"""The typed call API against the emulator: transfer, DTMF, recording, events, gathers, lists.

Request bodies follow docs/wire/calls.md (numbers sent as JSON numbers).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from conftest import session_for

from catapult import (
    UNSET,
    Audio,
    Call,
    CallEvent,
    CallState,
    ConflictError,
    Gather,
    GatherPrompt,
    GatherReason,
    GatherState,
    InvalidArgumentError,
    MissingContextError,
    NotFoundError,
    PermissionDeniedError,
    Recording,
    RecordingState,
    Session,
    Transcription,
    TranscriptionState,
)
from catapult.emulator import Emulator

pytestmark = pytest.mark.both_sessions

OURS = "+15550001000"


def _call(session: Session, to: str = "+15550002001", **options: Any) -> Call:
    return session.calls.create(from_=OURS, to=to, **options)


def _sent(emulator: Emulator) -> list[tuple[str, str, Any]]:
    return [(r.method, r.path, r.json) for r in emulator.requests()]


# -- transfer ---------------------------------------------------------------------------------


def test_transfer_posts_once_then_gets_the_new_call(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    new = call.transfer(
        "+15550003000", caller_id="private", whisper_audio=Audio.speak("Hello", voice="Kate")
    )
    assert isinstance(new, Call) and new.id != call.id
    assert new.to == "+15550003000" and new.from_ == "private"
    assert _sent(emulator) == [
        (
            "POST",
            f"/calls/{call.id}",
            {
                "state": "transferring",
                "transferTo": "+15550003000",
                "transferCallerId": "private",
                "whisperAudio": {"sentence": "Hello", "voice": "Kate"},
            },
        ),
        ("GET", f"/calls/{new.id}", None),
    ]
    assert call.state is CallState.TRANSFERRING  # applied in place, no GET of the old call
    assert call.transfer_to == "+15550003000"
    assert call.whisper_audio == {"sentence": "Hello", "voice": "Kate"}
    assert call.refresh().state is CallState.TRANSFERRING
    assert call.transfer_caller_id == "private"


def test_transfer_node_vector(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    new_id = session.calls.transfer_id(call.id, "+1234567891", caller_id="private")
    assert new_id.startswith("c-") and new_id != call.id
    assert emulator.requests()[0].json == {
        "transferTo": "+1234567891",
        "transferCallerId": "private",
        "state": "transferring",
    }


def test_transfer_py1_vector_whisper_audio_dict(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    call.transfer("+1919000008", whisper_audio={"sentence": "Hello {number}, thanks for calling"})
    assert emulator.requests(method="POST")[0].json == {
        "transferTo": "+1919000008",
        "state": "transferring",
        "whisperAudio": {"sentence": "Hello {number}, thanks for calling"},
    }


def test_transfer_sends_diversion_and_callback_for_the_new_call(
    session: Session, emulator: Emulator
) -> None:
    call = _call(session, callback_url="https://example.com/old")
    new = call.transfer(
        "+15550003001",
        callback_url="https://example.com/new",
        diversion_treatment="stack",
        diversion_reason="user-busy",
    )
    body = emulator.requests(method="POST", path=f"/calls/{call.id}")[0].json
    assert body["callbackUrl"] == "https://example.com/new"
    assert (body["diversionTreatment"], body["diversionReason"]) == ("stack", "user-busy")
    assert new.callback_url == "https://example.com/new"
    assert call.callback_url == "https://example.com/old"  # not this call's callback
    assert call.refresh().diversion_treatment == "stack"


def test_transfer_of_completed_call_is_call_invalid_state(session: Session) -> None:
    call = _call(session).hangup()
    with pytest.raises(PermissionDeniedError) as info:
        call.transfer("+15550003000")
    assert info.value.code == "call-invalid-state"
    assert info.value.status_code == 403


def test_transfer_with_bad_whisper_audio_sends_nothing(
    session: Session, emulator: Emulator
) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="file_url"):
        call.transfer("+15550003000", whisper_audio={"sentence": "a", "fileUrl": "b"})
    assert emulator.requests() == []
    assert call.state is CallState.ACTIVE


# -- DTMF -------------------------------------------------------------------------------------


def test_send_dtmf_sends_a_string(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    call.send_dtmf("1234")
    session.calls.send_dtmf(call.id, "1WWW,59#")
    assert _sent(emulator) == [
        ("POST", f"/calls/{call.id}/dtmf", {"dtmfOut": "1234"}),
        ("POST", f"/calls/{call.id}/dtmf", {"dtmfOut": "1WWW,59#"}),
    ]
    data = [e.parsed_data for e in call.events() if e.name == "dtmf"]
    assert data == [{"dtmfOut": "1234"}, {"dtmfOut": "1WWW,59#"}]


@pytest.mark.parametrize("digits", ["", "12x", "1 2", "1" * 93, "a", 1234, None, ["1"]])
def test_bad_dtmf_never_reaches_the_wire(session: Session, emulator: Emulator, digits: Any) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match=r"(?i)dtmf_?out"):
        call.send_dtmf(digits)
    assert emulator.requests() == []


def test_dtmf_of_92_characters_is_accepted(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    digits = "0123456789ABCD#*,wW" * 4 + "0" * 16
    assert len(digits) == 92
    call.send_dtmf(digits)
    sent = emulator.requests(method="POST", path=f"/calls/{call.id}/dtmf")
    assert [(r.json, r.status) for r in sent] == [({"dtmfOut": digits}, 200)]


def test_dtmf_on_ended_call_is_call_invalid_state(session: Session) -> None:
    call = _call(session).hangup()
    with pytest.raises(PermissionDeniedError) as info:
        call.send_dtmf("1")
    assert info.value.code == "call-invalid-state"


# -- update and recording ---------------------------------------------------------------------


def test_update_sends_only_given_fields_and_applies_them(
    session: Session, emulator: Emulator
) -> None:
    call = _call(session)
    emulator.clear_requests()
    returned = call.update(recording_file_format="mp3", recording_max_duration=90, tag="t1")
    assert returned is call
    assert _sent(emulator) == [
        (
            "POST",
            f"/calls/{call.id}",
            {"recordingFileFormat": "mp3", "recordingMaxDuration": 90, "tag": "t1"},
        )
    ]
    assert (call.recording_file_format, call.recording_max_duration, call.tag) == ("mp3", 90, "t1")
    assert call["tag"] == "t1"
    fresh = session.calls.get(call.id)
    assert (fresh.recording_file_format, fresh.recording_max_duration, fresh.tag) == (
        "mp3",
        90,
        "t1",
    )


def test_update_node_vector_max_duration(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    session.calls.update(call.id, recording_max_duration=90)
    assert emulator.requests()[0].json == {"recordingMaxDuration": 90}


def test_update_with_unset_sends_only_what_is_set(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="nothing to change"):
        call.update(state=UNSET, tag=UNSET)  # an empty update: refused unsent
    call.update(state=UNSET, tag="t")
    assert _sent(emulator) == [("POST", f"/calls/{call.id}", {"tag": "t"})]


def test_update_state_is_applied_without_a_get(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    call.update(state="completed")
    assert call.state is CallState.COMPLETED
    assert call.end_time is None  # server-derived: read by refresh()
    assert [r.method for r in emulator.requests()] == ["POST"]
    assert call.refresh().end_time is not None


@pytest.mark.parametrize(
    "arguments",
    [
        {"state": "parked"},
        {"recording_file_format": "ogg"},
        {"recording_enabled": "yes"},
        {"recording_max_duration": 0},
        {"transfer_to": "nowhere"},
        {"diversion_treatment": "bounce"},
    ],
)
def test_update_with_bad_input_sends_nothing(
    session: Session, emulator: Emulator, arguments: dict[str, Any]
) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError):
        call.update(**arguments)
    assert emulator.requests() == []
    assert call.state is CallState.ACTIVE


def test_transferring_without_a_target_is_refused_before_sending(
    session: Session, emulator: Emulator
) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="transfer_to is required") as info:
        call.update(state="transferring")
    with pytest.raises(InvalidArgumentError, match="transfer_to is required"):
        session.calls.update(call.id, state="transferring", transfer_caller_id="private")
    assert isinstance(info.value, ValueError)
    assert emulator.requests() == []
    assert call.state is CallState.ACTIVE


def test_transfer_options_without_a_transfer_are_refused_before_sending(
    session: Session, emulator: Emulator
) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="transfer_caller_id is only allowed with"):
        call.update(transfer_caller_id="private")
    with pytest.raises(InvalidArgumentError, match="transfer_to is only allowed with"):
        session.calls.update(call.id, state="completed", transfer_to="+15551230009")
    assert emulator.requests() == []
    assert call.state is CallState.ACTIVE


def test_recording_on_off_makes_a_recording(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    assert call.enable_recording() is call
    assert call.recording_enabled is True
    call.disable_recording()
    assert call.recording_enabled is False
    assert _sent(emulator) == [
        ("POST", f"/calls/{call.id}", {"recordingEnabled": True}),
        ("POST", f"/calls/{call.id}", {"recordingEnabled": False}),
    ]
    recordings = list(call.recordings())
    assert len(recordings) == 1
    recording = recordings[0]
    assert isinstance(recording, Recording)
    assert recording.state is RecordingState.COMPLETE
    assert recording.media_url is not None and recording.media_url.endswith(f"{call.id}-1.wav")
    assert recording.call_id == call.id
    assert recording.start_time is not None and recording.end_time is not None
    assert recording.start_time <= recording.end_time
    assert recording["media"] == recording.media_url


def test_each_recording_span_is_a_recording_with_a_transcription(session: Session) -> None:
    call = _call(session, transcription_enabled=True, recording_file_format="mp3")
    call.enable_recording().disable_recording()
    call.enable_recording()
    call.hangup()  # closes the second span
    recordings = list(call.recordings())
    assert [r.media_url.rsplit("/", 1)[-1] for r in recordings if r.media_url] == [
        f"{call.id}-1.mp3",
        f"{call.id}-2.mp3",
    ]
    transcriptions = list(call.transcriptions())
    assert len(transcriptions) == 2
    first = transcriptions[0]
    assert isinstance(first, Transcription)
    assert first.state is TranscriptionState.COMPLETED
    assert first.text and first.text_size == len(first.text)
    assert first.text_url is not None and first.text_url.endswith(".txt")
    assert first.chargeable_duration == 60
    assert first.time is not None and first.time.tzinfo is not None


def test_recordings_of_unknown_call_raise_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError) as info:
        list(session.calls.recordings("c-missing"))
    assert info.value.code == "call-not-found"


# -- events -----------------------------------------------------------------------------------


def test_events_log_the_call(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    call.send_dtmf("9")
    call.hangup()
    events = list(call.events())
    assert all(isinstance(e, CallEvent) for e in events)
    assert [e.name for e in events] == ["create", "answer", "dtmf", "hangup"]
    hangup = events[-1]
    assert hangup.data == "NORMAL_CLEARING"
    assert hangup.parsed_data == "NORMAL_CLEARING"  # plain text stays text
    assert events[2].data == '{"dtmfOut":"9"}'  # raw string kept
    assert events[2].parsed_data == {"dtmfOut": "9"}
    assert all(e.time is not None and e.time.tzinfo is not None for e in events)
    one = call.event(hangup.id)
    assert (one.id, one.name, one.data) == (hangup.id, "hangup", "NORMAL_CLEARING")
    assert one["name"] == "hangup"


def test_unknown_event_is_not_found(session: Session) -> None:
    call = _call(session)
    with pytest.raises(NotFoundError) as info:
        call.event("ce-missing")
    assert info.value.code == "call-event-not-found"


def test_bad_event_id_is_refused_before_sending(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="event_id"):
        call.event("../recordings")
    assert emulator.requests() == []


def test_call_event_parses_epoch_ms_time_and_keeps_data_raw() -> None:
    # a call event's time may be integer epoch ms (docs/wire/index.md#timestamps)
    event = CallEvent.model_validate(
        {"id": "ce-1", "time": 1419032854964, "name": "CHANNEL_EXECUTE", "data": "{bad json"}
    )
    assert event.time == datetime(2014, 12, 19, 23, 47, 34, 964000, tzinfo=timezone.utc)
    assert event.data == "{bad json" and event.parsed_data == "{bad json"
    parsed = CallEvent.model_validate({"id": "ce-2", "data": '{"applicationName":"park"}'})
    assert parsed.parsed_data == {"applicationName": "park"}
    assert CallEvent.model_validate({"id": "ce-3", "data": "123"}).parsed_data == "123"
    assert CallEvent.model_validate({"id": "ce-4"}).parsed_data is None
    deep = "[" * 100_000 + "]" * 100_000  # valid JSON, deeper than Python decodes
    assert CallEvent.model_validate({"id": "ce-5", "data": deep}).parsed_data == deep


# -- gathers ----------------------------------------------------------------------------------


def test_gather_node_vector_then_one_get(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    gather = call.gather(
        max_digits=5,
        terminating_digits="*",
        inter_digit_timeout=7,
        prompt=Audio.speak("Please enter your 5 digit code"),
    )
    assert isinstance(gather, Gather)
    assert _sent(emulator) == [
        (
            "POST",
            f"/calls/{call.id}/gather",
            {
                "maxDigits": 5,
                "terminatingDigits": "*",
                "interDigitTimeout": 7,
                "prompt": {"sentence": "Please enter your 5 digit code"},
            },
        ),
        ("GET", f"/calls/{call.id}/gather/{gather.id}", None),
    ]
    assert gather.state is GatherState.STARTED and gather.is_open
    assert gather.call_id == call.id
    assert gather.created_time is not None and gather.completed_time is None


def test_gather_py1_vector_loop_enabled_prompt(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    session.calls.create_gather_id(
        call.id,
        max_digits=5,
        terminating_digits="*",
        prompt={"loopEnabled": True, "sentence": "Please enter your 5 digit code"},
        inter_digit_timeout=7,
    )
    assert emulator.requests()[0].json == {
        "maxDigits": 5,
        "terminatingDigits": "*",
        "prompt": {"loopEnabled": True, "sentence": "Please enter your 5 digit code"},
        "interDigitTimeout": 7,
    }


def test_gather_rb_vector_bargeable_prompt(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    emulator.clear_requests()
    prompt = GatherPrompt(
        locale="en_US", gender="female", sentence="test", voice="kate", bargeable=True
    )
    gather = call.gather(tag="1", max_digits=1, prompt=prompt)
    assert emulator.requests(method="POST")[0].json == {
        "tag": "1",
        "maxDigits": 1,
        "prompt": {
            "locale": "en_US",
            "gender": "female",
            "sentence": "test",
            "voice": "kate",
            "bargeable": True,
        },
    }
    assert gather.tag == "1"


def test_gather_completes_on_terminating_digit(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    gather = call.gather(max_digits=5)
    emulator.press_digits(call.id, "123#")
    assert gather.is_open  # nothing re-read yet
    assert gather.refresh() is gather
    assert gather.state is GatherState.COMPLETED and not gather.is_open
    assert gather.reason is GatherReason.TERMINATING_DIGIT
    assert gather.digits == "123"
    assert gather.completed_time is not None
    assert gather.call_id == call.id
    assert gather["digits"] == "123"


def test_gather_completes_on_max_digits_and_timeout(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    first = call.gather(max_digits=2)
    emulator.press_digits(call.id, "42")
    assert first.refresh().reason is GatherReason.MAX_DIGITS and first.digits == "42"
    second = call.gather()
    emulator.press_digits(call.id, "7")
    emulator.expire_gather(call.id)
    assert second.refresh().reason is GatherReason.INTER_DIGIT_TIMEOUT
    assert second.digits == "7"


def test_hanging_up_ends_the_gather(session: Session) -> None:
    call = _call(session)
    gather = call.gather(max_digits=4)
    call.hangup()
    assert gather.refresh().reason is GatherReason.HUNG_UP


def test_stop_posts_completed_and_frees_the_call(session: Session, emulator: Emulator) -> None:
    call = _call(session)
    gather = call.gather(max_digits=3)
    emulator.clear_requests()
    assert gather.stop() is gather
    assert gather.state is GatherState.COMPLETED
    assert _sent(emulator) == [
        ("POST", f"/calls/{call.id}/gather/{gather.id}", {"state": "completed"})
    ]
    assert gather.refresh().state is GatherState.COMPLETED
    assert call.gather().is_open  # a new gather is allowed now


def test_second_gather_is_a_conflict(session: Session) -> None:
    call = _call(session)
    call.gather()
    with pytest.raises(ConflictError) as info:
        call.gather(max_digits=1)
    assert info.value.code == "call-duplicate-gather-error"
    assert info.value.status_code == 409


def test_gather_on_ended_call_is_call_invalid_state(session: Session) -> None:
    call = _call(session).hangup()
    with pytest.raises(PermissionDeniedError) as info:
        call.gather()
    assert info.value.code == "call-invalid-state"


@pytest.mark.parametrize(
    "arguments",
    [
        {"max_digits": 31},
        {"max_digits": 0},
        {"inter_digit_timeout": 31},
        {"terminating_digits": "x"},
        {"terminating_digits": 5},
        {"prompt": {"sentence": "a", "file_url": "b"}},
        {"prompt": {"sentence": "a", "bargeable": "maybe"}},
    ],
)
def test_gather_with_bad_input_sends_nothing(
    session: Session, emulator: Emulator, arguments: dict[str, Any]
) -> None:
    call = _call(session)
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError):
        call.gather(**arguments)
    assert emulator.requests() == []


def test_gather_by_id_and_get_gather(session: Session) -> None:
    call = _call(session)
    created = call.gather(tag="pin")
    by_id = call.gather_by_id(created.id)
    via_manager = session.calls.get_gather(call.id, created.id)
    assert by_id.id == via_manager.id == created.id
    assert by_id.tag == "pin" and by_id.call_id == call.id


def test_unknown_gather_is_not_found(session: Session) -> None:
    call = _call(session)
    with pytest.raises(NotFoundError) as info:
        call.gather_by_id("g-missing")
    assert info.value.code == "gather-not-found"


def test_gather_model_derives_call_id_and_tolerates_states() -> None:
    # cs CallTests.cs gather fixture: the call id is the last segment of the call URL
    gather = Gather.model_validate(
        {
            "id": "gatherId",
            "state": "completed",
            "reason": "max-digits",
            "createdTime": "2014-02-12T19:33:56Z",
            "completedTime": "2014-02-12T19:33:59Z",
            "call": "https://api.catapult.inetwork.com/v1/users/{userId}/calls/callId",
            "digits": "1",
        }
    )
    assert gather.call_id == "callId"
    assert gather.reason is GatherReason.MAX_DIGITS
    assert gather.completed_time == datetime(2014, 2, 12, 19, 33, 59, tzinfo=timezone.utc)
    created = Gather.model_validate({"id": "g", "state": "created", "reason": "new-reason"})
    assert created.state is GatherState.CREATED and created.is_open
    assert created.reason == "new-reason" and not created.reason.is_known
    with pytest.raises(MissingContextError, match=r"gather\.of_call\(call_id\)"):
        _ = created.call_id


# -- list filters and SIP headers -------------------------------------------------------------


def test_list_filters_encode_plus_and_filter(session: Session, emulator: Emulator) -> None:
    a = _call(session, to="+15550002001")
    b = session.calls.create(from_="+15550009999", to="+15550002002")
    emulator.clear_requests()
    from_ours = list(session.calls.list(from_=OURS))
    assert [c.id for c in from_ours] == [a.id]
    to_b = list(session.calls.list(to="+15550002002"))
    assert [c.id for c in to_b] == [b.id]
    queries = [r.query for r in emulator.requests()]
    # a bare "+" would arrive as a space: the emulator decodes %2B back to "+"
    assert queries[0]["from"] == [OURS]
    assert queries[1]["to"] == ["+15550002002"]


def test_list_sort_order(session: Session, emulator: Emulator) -> None:
    ids = [_call(session, to=f"+1555000200{n}").id for n in range(3)]
    assert [c.id for c in session.calls.list(sort_order="asc")] == ids
    assert [c.id for c in session.calls.list(sort_order="desc")] == ids[::-1]
    assert emulator.requests(method="GET", path="/calls")[0].query["sortOrder"] == ["asc"]
    with pytest.raises(InvalidArgumentError):
        session.calls.list(sort_order="sideways")  # type: ignore[arg-type]


def test_list_by_bridge_id(session: Session, emulator: Emulator) -> None:
    first, second = _call(session), _call(session, to="+15550002002")
    _call(session, to="+15550002003")
    bridge = first.bridge_with(second)
    emulator.clear_requests()
    calls = list(session.calls.list(bridge_id=bridge.id))
    assert sorted(c.id for c in calls) == sorted([first.id, second.id])
    assert emulator.requests()[0].query == {"bridgeId": [bridge.id]}


def test_sip_header_keys_are_sent_and_returned_verbatim(
    session: Session, emulator: Emulator
) -> None:
    headers = {"X-Custom-Header": "v", "X-header-2": "w"}
    call = _call(session, sip_headers=headers)
    assert emulator.requests(method="POST", path="/calls")[0].json["sipHeaders"] == headers
    assert call.sip_headers == headers
    assert call.to_dict()["sip_headers"] == headers
    assert call["sip_headers"] == headers
    assert next(iter(session.calls.list())).sip_headers == headers


def test_call_records_know_every_field_the_emulator_sends(emulator: Emulator) -> None:
    with session_for(emulator, strict=True) as strict:
        call = _call(strict, transcription_enabled=True, sip_headers={"X-A": "1"})
        call.enable_recording().disable_recording()
        gather = call.gather(tag="t")
        emulator.press_digits(call.id, "1#")
        gather.refresh()
        new = call.transfer("+15550003000", whisper_audio=Audio.speak("hi"))
        records = [*call.events(), *call.recordings(), *call.transcriptions(), call.refresh()]
        assert {type(r).__name__ for r in records} == {
            "CallEvent",
            "Recording",
            "Transcription",
            "Call",
        }
        assert new.refresh().state is CallState.ACTIVE
        assert gather.reason is GatherReason.TERMINATING_DIGIT


@pytest.mark.parametrize("field", ["callback_url", "fallback_url"])
@pytest.mark.parametrize("url", ["not a url", "ftp://host/x", "http:///no-host"])
def test_invalid_callback_urls_never_reach_the_wire(
    session: Session, emulator: Emulator, field: str, url: str
) -> None:
    with pytest.raises(InvalidArgumentError, match="URL"):
        session.calls.create(from_="+15550001000", to="+15550002001", **{field: url})
    assert emulator.requests() == []


def test_callback_url_may_be_empty_or_carry_credentials(session: Session) -> None:
    call = session.calls.create(
        from_="+15550001000", to="+15550002001", callback_url="https://app:pw@example.com/cb"
    )
    assert call.callback_url == "https://app:pw@example.com/cb"
