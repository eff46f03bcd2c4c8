"""The ``*_async`` twins of the models' actions, for objects bound to an AsyncSession.

Each twin is its sync method with the request awaited: it goes through the session's async
manager (the same declared endpoint) and updates the object the same way. Mixed into
:class:`~catapult.Bridge`, :class:`~catapult.Call`, :class:`~catapult.Gather` and
:class:`~catapult.Recording`; calling a twin on an object bound to a sync
:class:`~catapult.Session` raises a clear :class:`~catapult.CatapultError`, as does a sync
action on an AsyncSession-bound object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Self, Unpack

from .._model import SessionBound
from .audio import AudioOptions, CallAudioOptions, CallSpeakOptions, SpeakOptions

if TYPE_CHECKING:
    from .bridges import Bridge, BridgeParams
    from .call_params import CallUpdateParams, GatherParams, TransferOptions
    from .call_records import CallEvent, Gather, Transcription
    from .calls import Call
    from .conferences import Conference


class Acting(SessionBound):
    """Base of the twins: what they use of the model they are mixed into."""

    __slots__ = ()

    if TYPE_CHECKING:
        id: str

        def _take(self, sent: Mapping[str, Any]) -> Self: ...
        def _replace_with(self, fresh: Any) -> None: ...


class BridgeActionsAsync(Acting):
    """``await bridge.update_async(...)`` and the bridge's other actions, awaited."""

    __slots__ = ()

    async def refresh_async(self) -> Self:
        """Re-read the bridge in place (one GET); returns it."""
        self._replace_with(await self.async_session.bridges.get(self.id))
        return self

    async def update_async(self, **changes: Unpack[BridgeParams]) -> Self:
        """:meth:`update`, awaited: change membership or hold (one POST)."""
        from .bridges import UPDATE

        await self.async_session.bridges.update(self.id, **changes)
        return self._take(UPDATE.payload(changes))

    async def play_audio_async(self, file_url: str, **options: Unpack[AudioOptions]) -> None:
        """Play an audio file to both calls."""
        await self.async_session.bridges.play_audio(self.id, {"file_url": file_url, **options})

    async def speak_async(self, sentence: str, **options: Unpack[SpeakOptions]) -> None:
        """Speak a sentence to both calls."""
        await self.async_session.bridges.play_audio(self.id, {"sentence": sentence, **options})

    async def stop_audio_async(self) -> None:
        """Stop a playing audio file."""
        await self.async_session.bridges.play_audio(self.id, {"file_url": ""})

    async def stop_speaking_async(self) -> None:
        """Stop a sentence being spoken."""
        await self.async_session.bridges.play_audio(self.id, {"sentence": ""})


class CallActionsAsync(Acting):
    """``await call.hangup_async()`` and the call's other actions, awaited."""

    __slots__ = ()

    if TYPE_CHECKING:
        conference_id: str | None

    async def refresh_async(self) -> Self:
        """Re-read the call in place (one GET); returns it."""
        self._replace_with(await self.async_session.calls.get(self.id))
        return self

    async def update_async(self, **changes: Unpack[CallUpdateParams]) -> Self:
        """:meth:`update`, awaited: change the call, sending only what is given (one POST)."""
        from .call_params import UPDATE  # call_params imports this module's Gather twin

        await self.async_session.calls.update(self.id, **changes)
        return self._take(UPDATE.payload(changes))

    async def answer_async(self) -> Self:
        """Answer an incoming call."""
        return await self.update_async(state="active")

    async def reject_async(self) -> Self:
        """Reject an incoming call that is still ringing."""
        return await self.update_async(state="rejected")

    async def hangup_async(self) -> Self:
        """Hang up the call."""
        return await self.update_async(state="completed")

    async def enable_recording_async(self) -> Self:
        """Start recording."""
        return await self.update_async(recording_enabled=True)

    async def disable_recording_async(self) -> Self:
        """Stop recording."""
        return await self.update_async(recording_enabled=False)

    async def transfer_async(self, to: str, **options: Unpack[TransferOptions]) -> Call:
        """:meth:`transfer`, awaited: returns the new outbound call (the POST, then one GET)."""
        from .call_params import TRANSFER

        calls = self.async_session.calls
        new_id = await calls.transfer_id(self.id, to, **options)
        self._take(TRANSFER.payload({"to": to, **options}))
        return await calls.get(new_id)

    async def send_dtmf_async(self, digits: str) -> None:
        """Send key presses on the call (checked before sending)."""
        await self.async_session.calls.send_dtmf(self.id, digits)

    async def event_async(self, event_id: str) -> CallEvent:
        """Fetch one event of the call (one GET)."""
        return await self.async_session.calls.event(self.id, event_id)

    async def gather_async(self, **options: Unpack[GatherParams]) -> Gather:
        """Start collecting key presses; returns the Gather (the POST, then one GET)."""
        return await self.async_session.calls.create_gather(self.id, **options)

    async def gather_by_id_async(self, gather_id: str) -> Gather:
        """Fetch one gather of the call (one GET)."""
        return await self.async_session.calls.get_gather(self.id, gather_id)

    async def play_audio_async(self, file_url: str, **options: Unpack[CallAudioOptions]) -> None:
        """Play an audio file on the call."""
        await self.async_session.calls.play_audio(self.id, {"file_url": file_url, **options})

    async def speak_async(self, sentence: str, **options: Unpack[CallSpeakOptions]) -> None:
        """Speak a sentence on the call."""
        await self.async_session.calls.play_audio(self.id, {"sentence": sentence, **options})

    async def stop_audio_async(self) -> None:
        """Stop a playing audio file."""
        await self.async_session.calls.play_audio(self.id, {"file_url": ""})

    async def stop_speaking_async(self) -> None:
        """Stop a sentence being spoken."""
        await self.async_session.calls.play_audio(self.id, {"sentence": ""})

    async def conference_async(self) -> Conference | None:
        """The conference the call is in (one GET), or None when it is in none."""
        conferences = self.async_session.conferences  # refused first when bound to a Session
        conference_id = self.conference_id
        return await conferences.get(conference_id) if conference_id else None

    async def bridge_with_async(
        self, other: Call | str, *, bridge_audio: bool | None = None
    ) -> Bridge:
        """Create a bridge joining this call and ``other``; returns it (POST, then GET)."""
        other_id = other if isinstance(other, str) else other.id
        options = {} if bridge_audio is None else {"bridge_audio": bridge_audio}
        return await self.async_session.bridges.create(call_ids=[self.id, other_id], **options)


class RecordingActionsAsync(Acting):
    """``await recording.transcribe_async()``."""

    __slots__ = ()

    async def transcribe_async(self) -> Transcription:
        """Ask for a transcription of this (``complete``) recording; returns it (POST, GET)."""
        return await self.async_session.transcriptions.create(self.id)


class GatherActionsAsync(Acting):
    """``await gather.stop_async()`` and ``refresh_async()``."""

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def call_id(self) -> str: ...
        def of_call(self, call_id: str) -> Self: ...
        def _stopped(self) -> Self: ...

    async def refresh_async(self) -> Self:
        """Re-read the gather in place (one GET); returns it."""
        call_id = self.call_id
        self._replace_with(await self.async_session.calls.get_gather(call_id, self.id))
        return self.of_call(call_id)

    async def stop_async(self) -> Self:
        """Stop collecting keys (one POST); ``state`` becomes ``completed``."""
        await self.async_session.calls.stop_gather(self.call_id, self.id)
        return self._stopped()
