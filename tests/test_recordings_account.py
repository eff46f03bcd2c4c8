"""Account-level recordings and transcriptions, against the emulator (docs/wire/recordings.md)."""

from __future__ import annotations

import pytest

from catapult import (
    InvalidArgumentError,
    NotFoundError,
    Recording,
    RecordingState,
    Session,
    Transcription,
    TranscriptionState,
)
from catapult.emulator import Emulator

pytestmark = pytest.mark.both_sessions


def _recorded_call(session: Session, spans: int = 1) -> str:
    call = session.calls.create(from_="+15550001000", to="+15550002000")
    for _ in range(spans):
        call.enable_recording()
        call.disable_recording()
    return call.id


def test_list_and_get_across_calls(session: Session, emulator: Emulator) -> None:
    first, second = _recorded_call(session, 2), _recorded_call(session)
    recordings = list(session.recordings.list(size=2))
    assert [r.call_id for r in recordings] == [first, first, second]
    assert all(isinstance(r, Recording) and r.state is RecordingState.COMPLETE for r in recordings)
    pages = [r for r in emulator.requests() if r.path.endswith("/recordings")]
    assert len(pages) == 2  # size=2 over three recordings: the Link next was followed
    one = session.recordings.get(recordings[2].id)
    assert one.id == recordings[2].id and one.media_name == f"{second}-1.wav"


def test_transcribe_get_and_list(session: Session, emulator: Emulator) -> None:
    _recorded_call(session)
    recording = next(iter(session.recordings.list()))
    transcription = recording.transcribe()
    assert isinstance(transcription, Transcription)
    assert transcription.state is TranscriptionState.COMPLETED and transcription.text
    sent = [r for r in emulator.requests() if r.method == "POST"][-1]
    assert (sent.path.endswith(f"/recordings/{recording.id}/transcriptions"), sent.json) == (
        True,
        {},
    )
    assert [t.id for t in recording.transcriptions()] == [transcription.id]
    assert [t.id for t in session.transcriptions.list(recording.id)] == [transcription.id]
    again = session.transcriptions.get(recording.id, transcription.id)
    assert again.text == transcription.text


def test_errors(session: Session, emulator: Emulator) -> None:
    with pytest.raises(NotFoundError) as caught:
        session.recordings.get("r-missing")
    assert caught.value.code == "recording-not-found"
    _recorded_call(session)
    recording = next(iter(session.recordings.list()))
    with pytest.raises(NotFoundError) as missing:
        session.transcriptions.get(recording.id, "t-missing")
    assert missing.value.code == "transcription-not-found"
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError):
        session.recordings.list(size=1001)
    with pytest.raises(InvalidArgumentError):
        session.transcriptions.create("../r")
    assert emulator.requests() == []
