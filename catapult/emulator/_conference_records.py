"""Conferences and their members as stored, with their wire form (docs/wire/conferences.md),
and the errors these resources answer with (docs/wire/conferences.md#errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._errors import ApiFault

CONFERENCE_ECHOED = (
    *("callbackUrl", "callbackHttpMethod", "callbackTimeout", "fallbackUrl", "tag"),
)
"""Create/update fields a conference echoes when they were given."""


@dataclass(eq=False)
class MemberRecord:
    """One call's stay in a conference; it stays listed once ``completed``."""

    id: str
    call_id: str
    added_time: str
    join_tone: bool = False
    leaving_tone: bool = False
    mute: bool = False
    hold: bool = False
    state: str = "active"
    removed_time: str | None = None

    def to_dict(self, root: str) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "state": self.state, "addedTime": self.added_time}
        if self.removed_time is not None:
            out["removedTime"] = self.removed_time
        out.update(hold=self.hold, mute=self.mute)
        out.update(joinTone=self.join_tone, leavingTone=self.leaving_tone)
        out["call"] = f"{root}/calls/{self.call_id}"
        return out


@dataclass(eq=False)
class ConferenceRecord:
    """A conference: its members in the order they joined, and what was played to it."""

    id: str
    from_: str
    created_time: str
    options: dict[str, Any] = field(default_factory=dict[str, Any])
    state: str = "created"
    mute: bool = False
    hold: bool = False
    completed_time: str | None = None
    members: dict[str, MemberRecord] = field(default_factory=dict[str, MemberRecord])
    audio: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    """Every audio body sent to the whole conference, in order (for tests)."""

    @property
    def active(self) -> list[MemberRecord]:
        return [member for member in self.members.values() if member.state == "active"]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "state": self.state,
            "from": self.from_,
            "createdTime": self.created_time,
        }
        if self.completed_time is not None:
            out["completedTime"] = self.completed_time
        out.update(activeMembers=len(self.active), hold=self.hold, mute=self.mute)
        out["profile"] = self.options.get("profile", "interpret_digits")
        out.update({name: self.options[name] for name in CONFERENCE_ECHOED if name in self.options})
        return out


def _fault(status: int, code: str, message: str, *details: tuple[str, str]) -> ApiFault:
    category = {403: "forbidden", 404: "not-found"}[status]
    return ApiFault(status, category, code, message, details)


def conference_not_found(conference_id: str) -> ApiFault:
    return _fault(
        404,
        "conference-not-found",
        f"The conference {conference_id} could not be found",
        ("conferenceId", conference_id),
    )


def member_not_found(member_id: str) -> ApiFault:
    return _fault(
        404,
        "conference-member-not-found",
        f"The conference member {member_id} could not be found",
        ("memberId", member_id),
    )


def conference_error(conference_id: str, state: str) -> ApiFault:
    return _fault(
        403,
        "conference-error",
        f"Unable to update conference {conference_id}. Invalid conference state {state}",
        ("conferenceId", conference_id),
    )


def max_members(conference_id: str) -> ApiFault:
    return _fault(
        403,
        "conference-max-members",
        f"The conference {conference_id} reached the max number of members",
        ("conferenceId", conference_id),
    )


def call_id_not_found(call_id: str) -> ApiFault:
    return _fault(
        403, "call-id-not-found", f"Call Id not found. callId {call_id}", ("callId", call_id)
    )


def wrong_conference(conference_id: str, call_id: str) -> ApiFault:
    return _fault(
        403,
        "invalid-call-conference-id",
        f"Invalid conference Id in call. conferenceId {conference_id}",
        ("callId", call_id),
    )


def recording_not_found(recording_id: str) -> ApiFault:
    return _fault(
        404,
        "recording-not-found",
        f"The recording {recording_id} could not be found",
        ("recordingId", recording_id),
    )


def transcription_not_found(transcription_id: str, recording_id: str) -> ApiFault:
    return _fault(
        404,
        "transcription-not-found",
        f"The transcription {transcription_id} from recording {recording_id} could not be found",
        ("transcriptionId", transcription_id),
    )


def invalid_recording_state(recording_id: str, state: str) -> ApiFault:
    return _fault(
        403,
        "invalid-recording-state",
        f"The recording {recording_id} is {state}. The state must be complete",
        ("recordingId", recording_id),
    )
