"""What happens inside one call: its event log, recordings, transcriptions and DTMF gathers.

Pure functions on a :class:`CallRecord`; the caller (the store) holds the lock and checks states.
Event names follow docs/wire/calls.md#records (``create``, ``answer``, ``speak``, ``playback``,
``dtmf``, ``gather``, ``recording``, ``transcription``, ``transfer``, ``timeout``, ``hangup``; a
rejected call logs ``hangup`` with data ``CALL_REJECTED``, as the reject callback does).
``data`` is a string, as on the wire: the hangup cause as plain text, otherwise compact JSON.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from ._records import CallRecord, GatherRecord, billed_seconds
from ._wire import iso_ms, new_id


def log_event(
    call: CallRecord,
    name: str,
    data: str | dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    logged: str | None = None,
) -> None:
    """Append one ``{id, time, name, data?}`` entry to the call's event log.

    The call's ``listener`` (the callback dispatcher) is then told, with ``data`` as given and
    ``context`` (details that are not logged, e.g. the audio request). ``logged`` replaces
    ``data`` in the log entry.
    """
    event: dict[str, Any] = {"id": new_id("ce"), "time": iso_ms(), "name": name}
    if logged is not None:
        event["data"] = logged
    elif isinstance(data, dict):
        event["data"] = json.dumps(data, separators=(",", ":"))
    elif data is not None:
        event["data"] = data
    call.events.append(event)
    if call.listener is not None:
        call.listener(call, event, data, context or {})


def log_audio(call: CallRecord, audio: dict[str, Any], bridge_id: str | None = None) -> None:
    """Log an audio request as the docs' event log shows it: ``start`` then ``done`` entries.

    Audio has no duration here, so ``done`` follows at once, except for looping audio, whose
    ``done`` is logged by the request that stops it (``""``).
    """
    spoken = "sentence" in audio
    text = audio["sentence"] if spoken else audio["fileUrl"]
    name = "speak" if spoken else "playback"
    data: dict[str, Any] = {"status": "started" if text else "done"}
    if "tag" in audio:
        data["tag"] = audio["tag"]
    context = {"audio": audio, "bridgeId": bridge_id}
    log_event(call, name, data, context, logged="start" if text else "done")
    if text and not loops(audio):  # its callbacks came above
        call.events.append({"id": new_id("ce"), "time": iso_ms(), "name": name, "data": "done"})


def loops(audio: Mapping[str, Any]) -> bool:
    """Whether an audio body asks to loop (``loopEnabled`` true, as JSON or as text): its
    ``done`` event then waits until the audio is stopped or replaced."""
    return audio.get("loopEnabled") in (True, "true")


def start_recording(call: CallRecord) -> None:
    """Open a recording span now (a no-op when one is already open)."""
    if call.recording_started is None:
        now = time.time()
        call.recording_started = (now, iso_ms(now))


def stop_recording(call: CallRecord, root: str) -> None:
    """Close the open span into a ``complete`` Recording (and a Transcription when enabled)."""
    if call.recording_started is None:
        return
    began, began_iso = call.recording_started
    call.recording_started = None
    now = time.time()
    number = len(call.recordings) + 1
    media = f"{root}/media/{call.id}-{number}"
    fields = {
        "startTime": began_iso,
        "endTime": iso_ms(now),
        "media": f"{media}.{call.options.get('recordingFileFormat', 'wav')}",
        "call": f"{root}/calls/{call.id}",
    }
    recording = _finish(call, "recording", "complete", fields)
    if call.transcription_enabled:
        transcribe(call, recording, billed_seconds(now - began), now)


def transcribe(
    call: CallRecord, recording: dict[str, Any], billed: int, now: float | None = None
) -> str:
    """Make the ``completed`` transcription of one of the call's recordings; returns its id.

    Its text is at the recording's media URL with ``.txt``; ``billed`` is its
    ``chargeableDuration``. A ``transcription`` entry is logged on the call.
    """
    text = f"Transcription of recording {recording['id']} on call {call.id}."
    fields = {
        "text": text,
        "textSize": len(text),
        "textUrl": text_url(recording),
        "time": iso_ms(now),
        "chargeableDuration": billed,
    }
    transcription = _finish(call, "transcription", "completed", fields, recordingId=recording["id"])
    return str(transcription["id"])


def _finish(
    call: CallRecord, name: str, state: str, fields: dict[str, Any], **logged: Any
) -> dict[str, Any]:
    """A finished ``recording`` or ``transcription``: kept on the call, its event logged.

    The entry is a new id (``r-…`` or ``t-…``), ``state``, then ``fields``; the event's data is
    its id as ``{name}Id``, then ``logged``, then ``state``.
    """
    entry = {"id": new_id(name[0]), "state": state, **fields}
    (call.recordings if name == "recording" else call.transcriptions).append(entry)
    log_event(call, name, {f"{name}Id": entry["id"], **logged, "state": state})
    return entry


def text_url(recording: dict[str, Any]) -> str:
    """Where a recording's transcription text is: its media URL with ``.txt``."""
    return f"{str(recording['media']).rsplit('.', 1)[0]}.txt"


def open_gather(call: CallRecord, spec: dict[str, Any]) -> GatherRecord:
    """Start a gather from a validated gather body; the caller checked there is none open."""
    gather = GatherRecord(
        new_id("g"), iso_ms(), spec.get("maxDigits"), spec["terminatingDigits"], spec.get("tag")
    )
    call.gathers[gather.id] = gather
    call.open_gather = gather
    return gather


def finish_gather(call: CallRecord, reason: str) -> None:
    """Complete the open gather (if any) with ``reason`` and log its ``gather`` event."""
    gather = call.open_gather
    if gather is None:
        return
    call.open_gather = None
    gather.state = "completed"
    gather.reason = reason
    gather.completed_time = iso_ms()
    data: dict[str, Any] = {"gatherId": gather.id, "reason": reason, "digits": gather.digits}
    if gather.tag is not None:
        data["tag"] = gather.tag
    log_event(call, "gather", data)


def press_digit(call: CallRecord, digit: str) -> None:
    """One far-end key press: a ``dtmf`` event, then feed the open gather.

    A terminating digit ends the gather without being added to ``digits``; reaching
    ``maxDigits`` ends it with ``max-digits``.
    """
    log_event(call, "dtmf", {"dtmfDigit": digit})
    gather = call.open_gather
    if gather is None:
        return
    if digit in gather.terminators:
        finish_gather(call, "terminating-digit")
        return
    gather.digits += digit
    if gather.max_digits is not None and len(gather.digits) >= gather.max_digits:
        finish_gather(call, "max-digits")
