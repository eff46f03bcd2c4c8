"""Recording spans, transcriptions and their events."""

from __future__ import annotations

import json

import pytest

from catapult.emulator import Emulator
from catapult.emulator._records import billed_seconds

from .conftest import ApiClient, error_code


def test_each_on_off_span_is_one_recording(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    for _ in range(2):
        assert api.post(f"/calls/{call_id}", {"recordingEnabled": True}).status_code == 200
        assert emu.call_state(call_id)["recordingEnabled"] is True
        api.post(f"/calls/{call_id}", {"recordingEnabled": False})
    recordings = api.get(f"/calls/{call_id}/recordings").json()
    assert [r["media"] for r in recordings] == [
        f"{api.root}/media/{call_id}-1.wav",
        f"{api.root}/media/{call_id}-2.wav",
    ]
    assert all(r["state"] == "complete" and r["id"].startswith("r-") for r in recordings)
    assert recordings[0]["call"] == f"{api.root}/calls/{call_id}"
    assert "startTime" in recordings[0] and "endTime" in recordings[0]
    assert api.get(f"/calls/{call_id}/transcriptions").json() == []


def test_hangup_closes_the_open_span_and_transcribes(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call(recordingEnabled=True, transcriptionEnabled=True, recordingFileFormat="mp3")
    api.post(f"/calls/{call_id}", {"state": "completed"})
    recordings = api.get(f"/calls/{call_id}/recordings").json()
    assert len(recordings) == 1 and recordings[0]["media"].endswith("-1.mp3")
    transcriptions = api.get(f"/calls/{call_id}/transcriptions").json()
    assert len(transcriptions) == 1
    text = transcriptions[0]
    assert text["state"] == "completed"
    assert text["textSize"] == len(text["text"]) > 0
    assert text["chargeableDuration"] == 60
    assert text["textUrl"].startswith(api.root)
    names = [e["name"] for e in api.get(f"/calls/{call_id}/events").json()]
    assert names[-3:] == ["recording", "transcription", "hangup"]


def test_complete_recording_closes_the_span(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call(recordingEnabled=True)
    emu.complete_recording(call_id)
    assert emu.call_state(call_id)["recordingEnabled"] is False
    assert len(api.get(f"/calls/{call_id}/recordings").json()) == 1


def test_max_duration_cannot_change_while_recording(api: ApiClient) -> None:
    call_id = api.call()
    assert api.post(f"/calls/{call_id}", {"recordingMaxDuration": 90}).status_code == 200
    api.post(f"/calls/{call_id}", {"recordingEnabled": True})
    assert error_code(api.post(f"/calls/{call_id}", {"recordingMaxDuration": 120})) == (
        409,
        "conflicted-recording-values-request",
    )


def test_both_ways_to_transcribe_make_the_same_kind_of_transcription(
    emu: Emulator, api: ApiClient
) -> None:
    at_hangup = api.call(recordingEnabled=True, transcriptionEnabled=True)
    api.post(f"/calls/{at_hangup}", {"state": "completed"})
    on_demand = api.call(recordingEnabled=True)
    emu.complete_recording(on_demand)
    recording = api.get(f"/calls/{on_demand}/recordings").json()[0]
    assert api.post(f"/recordings/{recording['id']}/transcriptions", {}).status_code == 201
    made = [api.get(f"/calls/{c}/transcriptions").json()[0] for c in (at_hangup, on_demand)]
    assert [sorted(t) for t in made] == [sorted(made[0])] * 2
    for call_id, transcription in zip((at_hangup, on_demand), made, strict=True):
        assert transcription["textUrl"] == f"{api.root}/media/{call_id}-1.txt"
        assert transcription["chargeableDuration"] == 60
        logged = api.get(f"/calls/{call_id}/events").json()
        entry = next(e for e in logged if e["name"] == "transcription")
        assert json.loads(entry["data"])["transcriptionId"] == transcription["id"]


@pytest.mark.parametrize(
    ("seconds", "billed"), [(0, 60), (0.4, 60), (60, 60), (60.001, 120), (3 * 60 + 1, 240)]
)
def test_calls_and_transcriptions_bill_whole_minutes_at_least_one(
    seconds: float, billed: int
) -> None:
    assert billed_seconds(seconds) == billed
