"""Typed conference callback events (docs/wire/conferences.md#callback-events).

Sent to a conference's ``callbackUrl``: ``conference`` (created, completed),
``conference-member`` (a member joins, leaves, is muted or held) and ``conference-speak`` /
``conference-playback`` (audio to the whole conference starts or is done). They are parsed by
:func:`~catapult.events.parse_event` and routed by :class:`~catapult.router.EventRouter` like
the call events. None carries ``callUri``; a member event's call is reached with ``call()``.

Import them from :mod:`catapult.events` with the call events (they are defined here because
they build on those classes).
"""

from __future__ import annotations

from typing import Any, ClassVar

from ._errors import CatapultError, safe_text
from .events import CallEventBase, EventTime, VoiceEvent
from .resources.conferences import Conference, ConferenceMember, MemberState


class ConferenceEventBase(VoiceEvent):
    """An event about one conference: it can act on the conference with no request."""

    conference_id: str | None = None
    """The conference's id."""
    tag: str | None = None
    """The conference's or the audio's tag, when one is sent."""

    def conference(self) -> Conference:
        """The event's conference, ready to act on (``speak()``, ``terminate()``); no request."""
        if not self.conference_id:
            raise CatapultError(f"this {safe_text(self.event_type)} event carries no conferenceId")
        return Conference.model_validate({"id": self.conference_id}).bind(self._bound())

    def fetch_conference(self) -> Conference:
        """The event's conference, read from the API (one GET)."""
        return self.conference().refresh()

    async def fetch_conference_async(self) -> Conference:
        """:meth:`fetch_conference` from an :class:`~catapult.AsyncSession`, awaited."""
        return await self.conference().refresh_async()


class _ConferenceStatusEvent(ConferenceEventBase):
    conference_uri: str | None = None
    """The conference's API URL."""
    status: str | None = None
    """``created`` or ``completed`` (``conference``); ``started`` or ``done`` (audio)."""


class ConferenceEvent(_ConferenceStatusEvent):
    """``conference``: the conference was created (with a ``callbackUrl``) or completed."""

    wire_type: ClassVar[str | None] = "conference"

    created_time: EventTime | None = None
    """When the conference was created."""
    completed_time: EventTime | None = None
    """When it completed (``completed`` events only)."""


class ConferenceMemberEvent(ConferenceEventBase, CallEventBase):
    """``conference-member``: a member joined, left, or was muted or held.

    ``call()`` and ``fetch_call()`` reach the member's call, as on the call events.
    """

    wire_type: ClassVar[str | None] = "conference-member"

    member_id: str | None = None
    """The member's id."""
    member_uri: str | None = None
    """The member's API URL."""
    active_members: int | None = None
    """Members in the conference."""
    state: MemberState | None = None
    """``active`` or ``completed`` (the member left): a :class:`~catapult.MemberState`, as a
    member's own ``state`` is (unknown states are kept)."""
    hold: bool | None = None
    """Whether the member is on hold."""
    mute: bool | None = None
    """Whether the member is muted."""
    time: EventTime | None = None
    """When it happened."""

    def member(self) -> ConferenceMember:
        """The member, ready to act on (``mute()``, ``remove()``, ``speak()``); no request."""
        if not (self.member_id and self.conference_id):
            raise CatapultError("this conference-member event carries no memberId")
        fields: dict[str, Any] = {"id": self.member_id}
        if self.state is not None:
            fields["state"] = self.state
        member = ConferenceMember.model_validate(fields).bind(self._bound())
        return member.of_conference(self.conference_id)


class _ConferenceAudioEvent(_ConferenceStatusEvent):
    time: EventTime | None = None
    """When it happened."""


class ConferenceSpeakEvent(_ConferenceAudioEvent):
    """``conference-speak``: a sentence spoken to the whole conference started or is done."""

    wire_type: ClassVar[str | None] = "conference-speak"


class ConferencePlaybackEvent(_ConferenceAudioEvent):
    """``conference-playback``: a file played to the whole conference started or is done."""

    wire_type: ClassVar[str | None] = "conference-playback"


CONFERENCE_EVENTS: dict[str, type[VoiceEvent]] = {
    str(cls.wire_type): cls
    for cls in (
        ConferenceEvent,
        ConferenceMemberEvent,
        ConferenceSpeakEvent,
        ConferencePlaybackEvent,
    )
}
"""The conference events by wire ``eventType``."""
