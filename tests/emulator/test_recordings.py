"""Recording spans, transcriptions and their events."""

from __future__ import annotations

from catapult.emulator import Emulator

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
