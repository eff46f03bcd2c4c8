"""Conferences, members and account-level recordings in the emulated account.

Choices where the v1 docs are silent (docs/wire/conferences.md#open-questions):

* A call joins as a member only when it is ``active`` and was created with this conference's
  ``conferenceId`` (else 403 ``invalid-call-conference-id``; an unknown call is 403
  ``call-id-not-found``); a call already active in the conference is refused the same way.
  The 21st active member is 403 ``conference-max-members``.
* The first member makes a conference ``active``; when the last active member leaves (removed,
  or its call ends) an active conference becomes ``completed``. A ``created`` conference stays
  until terminated.
* Terminating (``state: completed``) removes every active member; their calls stay up.
* Under the ``interpret_digits`` profile (the default) a member whose far end presses ``#``
  leaves the conference (``conference-member`` ``completed``); the key is the conference's, so
  the call gets no ``dtmf`` event for it. Other keys, and every key under ``passthru_digits``,
  reach the call as usual.
* Conference-level ``mute``/``hold`` are stored on the conference only; members keep theirs.
* A removed (``completed``) member stays listed and readable; changing it or playing audio to it
  is 403 ``conference-error`` naming the member and its state, as for a completed conference.
* Member audio is logged on the member's call (ordinary ``speak``/``playback`` entries); audio
  to the whole conference is kept on the conference (``Store.conference_audio``).
* Conference events go to the conference's ``callbackUrl``: ``conference`` on create and
  completion, ``conference-member`` when a member joins, leaves, or its mute/hold is set
  (conference-level mute/hold raise none), ``conference-speak``/``conference-playback``
  ``started`` then ``done`` for audio to the whole conference (looping audio: ``done`` when a
  stop body, the next audio or the conference's completion ends it). Each carries
  the conference's ``tag`` (as it is now, after any update); a speak or playback event carries
  the audio request's ``tag`` instead when it has one (a ``done`` that of the audio it stops).
* A transcription asked for a ``complete`` recording is made at once (``completed``) and logged
  on the recorded call as a ``transcription`` entry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import _rules as rules
from . import _media as media
from ._conference_records import ConferenceRecord, MemberRecord
from ._errors import (
    call_id_not_found,
    call_invalid_state,
    conference_error,
    conference_not_found,
    invalid_recording_state,
    max_members,
    member_not_found,
    member_state_error,
    recording_not_found,
    require,
    transcription_not_found,
    wrong_conference,
)
from ._records import CallRecord, billed_seconds
from ._state import StateMachine
from ._wire import iso_ms, new_id


class ConferenceMachine(StateMachine):
    """Adds conferences and account-level recordings to the state machine (lock held)."""

    def __init__(self, root: str, auto_answer: bool = True) -> None:
        super().__init__(root, auto_answer)
        self.conferences: dict[str, ConferenceRecord] = {}
        self.conference_listener: Callable[[dict[str, Any], dict[str, Any]], None] | None = None
        """Told each conference event with the conference's callback options (delivery)."""

    def reset(self) -> None:
        with self.lock:
            super().reset()
            self.conferences = {}

    def _notify(
        self, conference: ConferenceRecord, event_type: str, tag: Any = None, **fields: Any
    ) -> None:
        """Raise a conference callback event (docs/wire/conferences.md#callback-events),
        carrying ``tag``, else the conference's tag, when there is one."""
        if self.conference_listener is None:
            return
        uri = f"{self.root}/conferences/{conference.id}"
        event = {"eventType": event_type, "conferenceId": conference.id, **fields}
        if event_type != "conference-member":
            event["conferenceUri"] = uri
        tag = tag if tag is not None else conference.options.get("tag")
        if tag is not None:
            event["tag"] = tag
        self.conference_listener(conference.options, event)

    def _member_event(self, conference: ConferenceRecord, member: MemberRecord) -> None:
        self._notify(
            conference,
            "conference-member",
            callId=member.call_id,
            memberId=member.id,
            memberUri=f"{self.root}/conferences/{conference.id}/members/{member.id}",
            activeMembers=len(conference.active),
            state=member.state,
            hold=member.hold,
            mute=member.mute,
            time=iso_ms(),
        )

    def _conference(self, conference_id: str) -> ConferenceRecord:
        return require(self.conferences.get(conference_id), conference_not_found, conference_id)

    def _open_conference(self, conference_id: str) -> ConferenceRecord:
        conference = self._conference(conference_id)
        if conference.state == "completed":
            raise conference_error(conference.id, conference.state)
        return conference

    def _member(self, conference: ConferenceRecord, member_id: str) -> MemberRecord:
        return require(conference.members.get(member_id), member_not_found, member_id)

    def _active_member(self, conference: ConferenceRecord, member_id: str) -> MemberRecord:
        """The member, if still active: a removed one is a 403 naming its state."""
        member = self._member(conference, member_id)
        if member.state != "active":
            raise member_state_error(conference.id, member.id, member.state)
        return member

    # ----------------------------------------------------------------- conferences

    def create_conference(self, fields: dict[str, Any]) -> str:
        with self.lock:
            options = {name: value for name, value in fields.items() if name != "from"}
            conference = ConferenceRecord(new_id("conf"), fields["from"], iso_ms(), options)
            self.conferences[conference.id] = conference
            self._notify(
                conference, "conference", status="created", createdTime=conference.created_time
            )
            return conference.id

    def conference_dict(self, conference_id: str) -> dict[str, Any]:
        with self.lock:
            return self._conference(conference_id).to_dict()

    def update_conference(self, conference_id: str, fields: dict[str, Any]) -> None:
        with self.lock:
            conference = self._open_conference(conference_id)
            conference.mute = fields.get("mute", conference.mute)
            conference.hold = fields.get("hold", conference.hold)
            for name, value in fields.items():
                if name not in ("state", "mute", "hold"):
                    conference.options[name] = value
            if fields.get("state") == "completed":
                for member in conference.active:
                    self._leave(conference, member)
                self._complete(conference)

    def conference_audio(
        self, conference_id: str, audio: dict[str, Any] | None = None
    ) -> list[Any]:
        """Record ``audio`` played to the whole conference; returns everything played so far."""
        with self.lock:
            conference = self._conference(conference_id)
            if audio is not None:
                if conference.state == "completed":
                    raise conference_error(conference.id, conference.state)
                conference.audio.append(audio)
                self._play(conference, audio)
            return list(conference.audio)

    def _play(self, conference: ConferenceRecord, audio: dict[str, Any]) -> None:
        """``started`` then ``done`` at once, as a call's audio; looping audio is ``done`` when
        stopped (an empty ``sentence``/``fileUrl``), replaced, or the conference completes."""
        self._stop_looping(conference)
        key = "sentence" if "sentence" in audio else "fileUrl"
        if not audio.get(key):  # a stop body: only looping audio was still playing
            return
        kind = "conference-speak" if key == "sentence" else "conference-playback"
        tag = audio.get("tag")
        self._notify(conference, kind, tag, status="started", time=iso_ms())
        if media.loops(audio):
            conference.looping = (kind, tag)
        else:
            self._notify(conference, kind, tag, status="done", time=iso_ms())

    def _stop_looping(self, conference: ConferenceRecord) -> None:
        if conference.looping is not None:
            (kind, tag), conference.looping = conference.looping, None
            self._notify(conference, kind, tag, status="done", time=iso_ms())

    def conference_calls(self, conference_id: str) -> list[dict[str, Any]]:
        """The calls created with this ``conferenceId`` (``GET /calls?conferenceId=``)."""
        with self.lock:
            self._conference(conference_id)
            return [
                call.to_dict(self.root)
                for call in self.call_order
                if call.options.get("conferenceId") == conference_id
            ]

    def _complete(self, conference: ConferenceRecord) -> None:
        self._stop_looping(conference)
        conference.state = "completed"
        conference.completed_time = iso_ms()
        times = {"createdTime": conference.created_time, "completedTime": conference.completed_time}
        self._notify(conference, "conference", status="completed", **times)

    # ----------------------------------------------------------------- members

    def add_member(self, conference_id: str, fields: dict[str, Any]) -> str:
        with self.lock:
            conference = self._open_conference(conference_id)
            call = self.calls.get(fields["callId"])
            if call is None:
                raise call_id_not_found(fields["callId"])
            if call.state != "active":
                raise call_invalid_state(call.id, call.state)
            joined = any(member.call_id == call.id for member in conference.active)
            if call.options.get("conferenceId") != conference.id or joined:
                raise wrong_conference(conference.id, call.id)
            if len(conference.active) >= rules.MAX_CONFERENCE_MEMBERS:
                raise max_members(conference.id)
            flags = {name: fields[wire] for name, wire in _FLAGS if wire in fields}
            member = MemberRecord(new_id("member"), call.id, iso_ms(), **flags)
            conference.members[member.id] = member
            conference.state = "active"
            self._member_event(conference, member)
            return member.id

    def members(self, conference_id: str) -> list[dict[str, Any]]:
        with self.lock:
            conference = self._conference(conference_id)
            return [member.to_dict(self.root) for member in conference.members.values()]

    def member_dict(self, conference_id: str, member_id: str) -> dict[str, Any]:
        with self.lock:
            return self._member(self._conference(conference_id), member_id).to_dict(self.root)

    def update_member(self, conference_id: str, member_id: str, fields: dict[str, Any]) -> None:
        with self.lock:
            conference = self._conference(conference_id)
            member = self._active_member(conference, member_id)
            if conference.state == "completed":
                raise conference_error(conference.id, conference.state)
            for name, wire in _FLAGS:
                setattr(member, name, fields.get(wire, getattr(member, name)))
            if fields.get("state") == "completed":
                self._leave(conference, member)
                self._settle_conference(conference)
            elif "mute" in fields or "hold" in fields:
                self._member_event(conference, member)

    def member_audio(self, conference_id: str, member_id: str, audio: dict[str, Any]) -> None:
        with self.lock:
            member = self._active_member(self._conference(conference_id), member_id)
            media.log_audio(self.calls[member.call_id], audio)

    def _leave(self, conference: ConferenceRecord, member: MemberRecord) -> None:
        member.state = "completed"
        member.removed_time = iso_ms()
        self._member_event(conference, member)

    def _settle_conference(self, conference: ConferenceRecord) -> None:
        if conference.state == "active" and not conference.active:
            self._complete(conference)

    def _end(self, call: CallRecord, state: str, cause: str) -> None:
        super()._end(call, state, cause)
        self._call_leaves(call)

    def _call_leaves(self, call: CallRecord) -> bool:
        """The call's active member leaves its conference; whether it had one."""
        conference = self.conferences.get(call.options.get("conferenceId", ""))
        if conference is None:
            return False
        leaving = [member for member in conference.active if member.call_id == call.id]
        for member in leaving:
            self._leave(conference, member)
        self._settle_conference(conference)
        return bool(leaving)

    def conference_takes(self, call: CallRecord, digit: str) -> bool:
        """Whether a member's key is the conference's: ``#`` leaves it (``interpret_digits``)."""
        conference = self.conferences.get(call.options.get("conferenceId", ""))
        if digit != "#" or conference is None:
            return False
        if conference.profile != "interpret_digits":
            return False
        return self._call_leaves(call)

    # ----------------------------------------------------------------- recordings

    def all_recordings(self, page: int, size: int) -> tuple[list[dict[str, Any]], int]:
        """One page of the account's recordings, oldest call first, plus the total."""
        with self.lock:
            every = [rec for call in self.call_order for rec in call.recordings]
            return every[page * size : (page + 1) * size], len(every)

    def _recording(self, recording_id: str) -> tuple[CallRecord, dict[str, Any]]:
        for call in self.call_order:
            for recording in call.recordings:
                if recording["id"] == recording_id:
                    return call, recording
        raise recording_not_found(recording_id)

    def recording(self, recording_id: str) -> dict[str, Any]:
        with self.lock:
            return self._recording(recording_id)[1]

    def transcribe(self, recording_id: str) -> str:
        """Make the transcription of a ``complete`` recording now; returns its id."""
        with self.lock:
            call, recording = self._recording(recording_id)
            if recording["state"] != "complete":
                raise invalid_recording_state(recording_id, recording["state"])
            return media.transcribe(call, recording, billed_seconds(0))

    def recording_transcriptions(self, recording_id: str) -> list[dict[str, Any]]:
        with self.lock:
            call, recording = self._recording(recording_id)
            url = media.text_url(recording)
            return [dict(t) for t in call.transcriptions if t.get("textUrl") == url]

    def transcription(self, recording_id: str, transcription_id: str) -> dict[str, Any]:
        with self.lock:
            for transcription in self.recording_transcriptions(recording_id):
                if transcription["id"] == transcription_id:
                    return transcription
            raise transcription_not_found(transcription_id, recording_id)


_FLAGS = (
    ("join_tone", "joinTone"),
    ("leaving_tone", "leavingTone"),
    ("mute", "mute"),
    ("hold", "hold"),
)
"""Member attributes and their wire names."""
