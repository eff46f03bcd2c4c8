"""Callback bodies: a call's event-log entries become the events of docs/wire/callbacks.md.

One small function per kind of entry (:data:`_BUILDERS`); the choices they implement (tags,
looping audio, gathers, order around a hang-up) are listed in :mod:`._callbacks`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from ._callback_options import CallbackOptions
from ._media import loops
from ._records import CallRecord

if TYPE_CHECKING:
    from ._store import Store

TRANSCRIPTION_TEXT_LIMIT = 1026
"""The longest ``text`` a transcription event carries (docs/wire/callbacks.md#transcription)."""

Event = dict[str, Any]


@dataclass
class _Entry:
    """One event-log entry of a call, with what its callbacks are built from."""

    call: CallRecord
    name: str
    at: str
    data: Any
    context: Mapping[str, Any]
    options: CallbackOptions
    root: str

    @property
    def uri(self) -> str:
        return f"{self.root}/calls/{self.call.id}"

    @property
    def details(self) -> Mapping[str, Any]:
        data: object = self.data
        return cast("dict[str, Any]", data) if isinstance(data, dict) else {}

    def call_event(self, event_type: str, state: str | None, **more: Any) -> Event:
        """An event about the call itself (answer, hangup…), carrying the call's tag."""
        call = self.call
        event: Event = {
            "eventType": event_type,
            "callId": call.id,
            "callUri": self.uri,
            "from": call.from_,
            "to": call.to,
        }
        if state is not None:
            event["callState"] = state
        event.update(more)
        event["time"] = self.at
        _tag(event, call.options.get("tag"))
        return event


class EventTranslator:
    """Turns event-log entries into callback bodies; remembers looping audio per call.

    Called with the store's lock held, which also guards the looping-audio table.
    """

    def __init__(self, store: Store, options: Callable[[], CallbackOptions]) -> None:
        self._store = store
        self._options = options
        self.looping: dict[str, tuple[str, str | None]] = {}
        """Looping audio playing on a call: (event type, tag)."""

    def translate(
        self, call: CallRecord, entry: Mapping[str, Any], data: Any, context: Mapping[str, Any]
    ) -> list[Event]:
        build = _BUILDERS.get(entry["name"])
        if build is None:
            return []  # transfer and others: no callback
        options, root = self._options(), self._store.root
        return build(self, _Entry(call, entry["name"], entry["time"], data, context, options, root))

    def forget(self, call_id: str) -> None:
        self.looping.pop(call_id, None)

    def stop_looping(self, entry: _Entry) -> list[Event]:
        """The ``done`` of the looping audio playing on the call, if any."""
        playing = self.looping.pop(entry.call.id, None)
        if playing is None:
            return []
        return [_audio_event(playing[0], "done", entry, playing[1])]


def _incoming(translator: EventTranslator, entry: _Entry) -> list[Event]:
    if entry.call.direction != "in":
        return []
    event = entry.call_event("incomingcall", "active", applicationId=entry.options.application_id)
    event.pop("tag", None)
    return [event]


def _answer(translator: EventTranslator, entry: _Entry) -> list[Event]:
    return [entry.call_event("answer", "active")]


def _timeout(translator: EventTranslator, entry: _Entry) -> list[Event]:
    return [entry.call_event("timeout", None)]


def _hangup(translator: EventTranslator, entry: _Entry) -> list[Event]:
    out = translator.stop_looping(entry)
    if entry.data == "NO_ANSWER" and not entry.options.hangup_after_timeout:
        return out
    return [*out, entry.call_event("hangup", "completed", cause=entry.data)]


def _audio(translator: EventTranslator, entry: _Entry) -> list[Event]:
    options = entry.options
    if entry.context.get("bridgeId") and not options.bridge_audio_events:
        return []
    if entry.details.get("status") != "started":  # a stop request
        stopped = translator.stop_looping(entry)
        return stopped if options.stop_audio_done else []
    out = translator.stop_looping(entry)
    tag = entry.details.get("tag")
    out.append(_audio_event(entry.name, "started", entry, tag))
    audio: Mapping[str, Any] = entry.context.get("audio", {})
    if loops(audio):
        translator.looping[entry.call.id] = (entry.name, tag)
    else:
        out.append(_audio_event(entry.name, "done", entry, tag))
    return out


def _dtmf(translator: EventTranslator, entry: _Entry) -> list[Event]:
    details = entry.details
    if "dtmfDigit" not in details:
        # Digits the call sends produce no callback
        # (docs/wire/callbacks.md#what-causes-which-events).
        return []
    if entry.call.open_gather is not None and not entry.options.dtmf_during_gather:
        return []
    event: Event = {"eventType": "dtmf", "callId": entry.call.id, "callUri": entry.uri}
    event.update(dtmfDigit=details["dtmfDigit"], time=entry.at)
    _tag(event, entry.call.options.get("tag"))
    return [event]


def _gather(translator: EventTranslator, entry: _Entry) -> list[Event]:
    details = entry.details
    if details["reason"] == "cancelled" and not entry.options.gather_cancel_event:
        return []
    event: Event = {
        "eventType": "gather",
        "state": "completed",
        "reason": details["reason"],
        "digits": details["digits"],
        "callId": entry.call.id,
        "gatherId": details["gatherId"],
        "time": entry.at,
    }
    _tag(event, details.get("tag"))
    return [event]


def _recording(translator: EventTranslator, entry: _Entry) -> list[Event]:
    call, recording_id = entry.call, entry.details["recordingId"]
    recording = next(r for r in call.recordings if r["id"] == recording_id)
    event: Event = {
        "eventType": "recording",
        "callId": call.id,
        "recordingId": recording_id,
        "recordingUri": f"{entry.root}/recordings/{recording_id}",
        "status": recording["state"],
        "state": recording["state"],
        "startTime": recording["startTime"],
        "endTime": recording["endTime"],
    }
    _tag(event, call.options.get("tag"))
    return [event]


def _transcription(translator: EventTranslator, entry: _Entry) -> list[Event]:
    transcription_id = entry.details["transcriptionId"]
    recording_id = entry.details["recordingId"]
    found = next(t for t in entry.call.transcriptions if t["id"] == transcription_id)
    uri = f"{entry.root}/recordings/{recording_id}/transcriptions/{transcription_id}"
    event: Event = {
        "eventType": "transcription",
        "transcriptionId": transcription_id,
        "recordingId": recording_id,
        "status": found["state"],
        "state": found["state"],
        "textSize": found["textSize"],
        "text": found["text"][:TRANSCRIPTION_TEXT_LIMIT],
        "textUrl": found["textUrl"],
        "transcriptionUri": uri,
    }
    return [event]


_BUILDERS: dict[str, Callable[[EventTranslator, _Entry], list[Event]]] = {
    "create": _incoming,
    "answer": _answer,
    "timeout": _timeout,
    "hangup": _hangup,
    "speak": _audio,
    "playback": _audio,
    "dtmf": _dtmf,
    "gather": _gather,
    "recording": _recording,
    "transcription": _transcription,
}


def _audio_event(name: str, status: str, entry: _Entry, tag: str | None) -> Event:
    event: Event = {"eventType": name, "status": status}
    if name == "speak":
        event["state"] = "PLAYBACK_START" if status == "started" else "PLAYBACK_STOP"
    event.update(callId=entry.call.id, callUri=entry.uri, time=entry.at)
    _tag(event, tag)
    return event


def _tag(event: Event, tag: str | None) -> None:
    if tag is not None:
        event["tag"] = tag
