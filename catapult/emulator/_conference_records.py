"""Conferences and their members as stored, with their wire form (docs/wire/conferences.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    looping: tuple[str, Any] | None = None
    """The event type and tag of the looping audio playing to the conference, if any."""

    @property
    def profile(self) -> str:
        """How members' keys are heard: ``interpret_digits`` (default) or ``passthru_digits``."""
        return str(self.options.get("profile", "interpret_digits"))

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
        out["profile"] = self.profile
        out.update({name: self.options[name] for name in CONFERENCE_ECHOED if name in self.options})
        return out
