"""Conferences, members, recordings and transcriptions of an AsyncSession, and the
conference models' ``*_async`` twins (see :mod:`catapult.resources.managers_async`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Self, Unpack

from .._pagination import Pager
from . import conference_params as api
from . import recordings as rec
from ._manager import AsyncManager, SubList
from .actions_async import AudibleAsync
from .audio import AudioLike, audio_arguments
from .call_records import Recording, Transcription
from .conference_params import (
    ConferenceCreateParams,
    ConferenceUpdateParams,
    MemberOptions,
    MemberUpdateParams,
)

if TYPE_CHECKING:
    from .conferences import Conference, ConferenceMember

Extra = Mapping[str, Any] | None


class MutingAsync(AudibleAsync):
    """``mute_async()`` and ``hold_async()`` of a conference or of one member."""

    __slots__ = ()

    if TYPE_CHECKING:

        async def update_async(self, *, mute: bool = ..., hold: bool = ...) -> Self: ...

    async def mute_async(self, mute: bool = True) -> Self:
        """Mute (with False: unmute) the conference, or the member."""
        return await self.update_async(mute=mute)

    async def hold_async(self, hold: bool = True) -> Self:
        """Hold (with False: unhold) the conference, or the member."""
        return await self.update_async(hold=hold)


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


class AsyncConferences(AsyncManager):
    """``session.conferences`` of an AsyncSession: :class:`Conferences`' methods, awaited."""

    async def create(self, **params: Unpack[ConferenceCreateParams]) -> Conference:
        """Create a conference hosted by ``from_`` and return it (the POST, then one GET)."""
        return await self.get(await self.create_id(**params))

    async def create_id(
        self, *, extra: Extra = None, **params: Unpack[ConferenceCreateParams]
    ) -> str:
        """Create a conference with one POST and return its id."""
        return await self._create(api.CREATE, arguments=params, extra=extra)

    async def get(self, conference_id: str) -> Conference:
        """Fetch one conference (one GET)."""
        from .conferences import Conference

        return await self._fetch(Conference, api.GET, conference_id)

    async def update(
        self, conference_id: str, *, extra: Extra = None, **changes: Unpack[ConferenceUpdateParams]
    ) -> None:
        """Terminate, mute, hold or re-route a conference, sending only what is given."""
        await self._send(api.UPDATE, conference_id, arguments=changes, extra=extra)

    async def play_audio(self, conference_id: str, audio: AudioLike) -> None:
        """Play or speak ``audio`` to every member."""
        await self._send(api.AUDIO, conference_id, arguments=audio_arguments(audio))

    def members(self, conference_id: str) -> Pager[ConferenceMember]:
        """A conference's members, for ``async for``."""
        from .conferences import member_pager

        return member_pager(self._session, conference_id)

    async def add_member(
        self, conference_id: str, call_id: str, **options: Unpack[MemberOptions]
    ) -> ConferenceMember:
        """Add an active call to a conference; returns the member (POST, then one GET)."""
        member_id = await self.add_member_id(conference_id, call_id, **options)
        return await self.get_member(conference_id, member_id)

    async def add_member_id(
        self,
        conference_id: str,
        call_id: str,
        *,
        extra: Extra = None,
        **options: Unpack[MemberOptions],
    ) -> str:
        """Add an active call with one POST and return the member id."""
        arguments = {"call_id": call_id, **options}
        return await self._create(api.ADD_MEMBER, conference_id, arguments=arguments, extra=extra)

    async def get_member(self, conference_id: str, member_id: str) -> ConferenceMember:
        """Fetch one member of a conference (one GET)."""
        from .conferences import ConferenceMember

        member = await self._fetch(ConferenceMember, api.GET_MEMBER, conference_id, member_id)
        return member.of_conference(conference_id)

    async def update_member(
        self,
        conference_id: str,
        member_id: str,
        *,
        extra: Extra = None,
        **changes: Unpack[MemberUpdateParams],
    ) -> None:
        """Mute, hold or remove a member, sending only what is given (one POST)."""
        ids = (conference_id, member_id)
        await self._send(api.UPDATE_MEMBER, *ids, arguments=changes, extra=extra)

    async def play_audio_to_member(
        self, conference_id: str, member_id: str, audio: AudioLike
    ) -> None:
        """Play or speak ``audio`` to one member only."""
        ids = (conference_id, member_id)
        await self._send(api.MEMBER_AUDIO, *ids, arguments=audio_arguments(audio))


class AsyncRecordings(AsyncManager):
    """``session.recordings`` of an AsyncSession."""

    def list(
        self, *, extra: Extra = None, **query: Unpack[rec.RecordingListParams]
    ) -> Pager[Recording]:
        """The account's recordings, for ``async for``."""
        return self._list(Recording, rec.LIST, query, extra)

    async def get(self, recording_id: str) -> Recording:
        """Fetch one recording (one GET)."""
        return await self._fetch(Recording, rec.GET, recording_id)


class AsyncTranscriptions(AsyncManager):
    """``session.transcriptions`` of an AsyncSession."""

    list: SubList[Transcription] = rec.TRANSCRIPTIONS
    """``list(recording_id)``: a recording's transcriptions, for ``async for``."""

    async def create(self, recording_id: str) -> Transcription:
        """Transcribe a ``complete`` recording; returns the transcription (POST, then GET)."""
        return await self.get(recording_id, await self.create_id(recording_id))

    async def create_id(self, recording_id: str) -> str:
        """Ask for a transcription with one POST of ``{}``; returns its id."""
        return await self._create(rec.TRANSCRIBE, recording_id)

    async def get(self, recording_id: str, transcription_id: str) -> Transcription:
        """Fetch one transcription of a recording (one GET)."""
        ids = (recording_id, transcription_id)
        return await self._fetch(Transcription, rec.GET_TRANSCRIPTION, *ids)
