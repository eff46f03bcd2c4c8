"""The conference models' ``*_async`` twins: :class:`~catapult.Conference`'s and
:class:`~catapult.ConferenceMember`'s actions, awaited (see :mod:`.actions_async`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Self, Unpack

from . import conference_params as api
from .actions_async import AudibleAsync
from .audio import AudioLike
from .conference_params import ConferenceUpdateParams, MemberOptions, MemberUpdateParams

if TYPE_CHECKING:
    from .conferences import ConferenceMember


class MutingAsync(AudibleAsync):
    """``mute_async()`` and ``hold_async()`` of a conference or of one member."""

    __slots__ = ()

    if TYPE_CHECKING:

        async def update_async(self, *, mute: bool = ..., hold: bool = ...) -> Self: ...

    async def mute_async(self, mute: bool = True) -> Self:
        """Mute (with False: unmute) the conference, or the member."""
        return await self.update_async(mute=api.on_or_off("mute", mute))

    async def hold_async(self, hold: bool = True) -> Self:
        """Hold (with False: unhold) the conference, or the member."""
        return await self.update_async(hold=api.on_or_off("hold", hold))


class ConferenceActionsAsync(MutingAsync):
    """``await conference.terminate_async()`` and the conference's other actions."""

    __slots__ = ()

    async def refresh_async(self) -> Self:
        """Re-read the conference in place (one GET); returns it."""
        return await self._refreshed_async(api.GET, self.id)

    async def update_async(self, **changes: Unpack[ConferenceUpdateParams]) -> Self:
        """Change the conference, sending only what is given (one POST); applied here too."""
        return await self._updated_async(api.UPDATE, changes, self.id)

    async def terminate_async(self) -> Self:
        """End the conference."""
        return await self.update_async(state="completed")

    async def member_async(self, member_id: str) -> ConferenceMember:
        """Fetch one member (one GET)."""
        return await self.async_session.conferences.get_member(self.id, member_id)

    async def add_member_async(
        self, call_id: str, **options: Unpack[MemberOptions]
    ) -> ConferenceMember:
        """Add an active call; returns the member (the POST, then one GET)."""
        return await self.async_session.conferences.add_member(self.id, call_id, **options)

    async def _play_async(self, audio: AudioLike) -> None:
        await self.async_session.conferences.play_audio(self.id, audio)


class MemberActionsAsync(MutingAsync):
    """``await member.mute_async()`` and the member's other actions."""

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def conference_id(self) -> str: ...

    async def refresh_async(self) -> Self:
        """Re-read the member in place (one GET); returns it (still of its conference)."""
        return await self._refreshed_async(api.GET_MEMBER, self.conference_id, self.id)

    async def update_async(self, **changes: Unpack[MemberUpdateParams]) -> Self:
        """Mute, hold or remove the member (one POST); applied here too."""
        return await self._updated_async(api.UPDATE_MEMBER, changes, self.conference_id, self.id)

    async def remove_async(self) -> Self:
        """Remove the member from the conference."""
        return await self.update_async(state="completed")

    async def _play_async(self, audio: AudioLike) -> None:
        conferences = self.async_session.conferences
        await conferences.play_audio_to_member(self.conference_id, self.id, audio)
