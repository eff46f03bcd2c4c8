"""The ``*_async`` twins of the models' actions, for objects bound to an AsyncSession.

Each twin is its sync method with the request awaited: it sends the same declared endpoint
(through the session's async manager, or :meth:`Acting._updated_async` and
:meth:`Acting._refreshed_async`, which send an endpoint for the object itself) and updates the
object the same way. Mixed into :class:`~catapult.Bridge`, :class:`~catapult.Call`,
:class:`~catapult.Gather`, :class:`~catapult.Recording` and (from
:mod:`.conferences_async`) the conference models; calling a twin on an object bound to a sync
:class:`~catapult.Session` raises a clear :class:`~catapult.CatapultError`, as does a sync
action on an AsyncSession-bound object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from typing_extensions import Self, Unpack

from .._model import SessionBound
from ._manager import EMPTY, Endpoint, fetch_async, send_async

if TYPE_CHECKING:
    from .audio import AudioLike, AudioOptions, CallAudioOptions, CallSpeakOptions, SpeakOptions
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

    async def _refreshed_async(self, endpoint: Endpoint, *ids: object) -> Self:
        """Re-read the object in place with ``endpoint`` at ``ids`` (one GET); returns it."""
        model: type[Any] = type(self)  # a Resource: the models mix this class in
        self._replace_with(await fetch_async(self.async_session, model, endpoint, ids))
        return self

    async def _updated_async(
        self, endpoint: Endpoint, changes: Mapping[str, Any], *ids: object
    ) -> Self:
        """Send ``changes`` with ``endpoint`` at ``ids`` (one POST), then apply them here."""
        await send_async(self.async_session, endpoint, ids, changes, EMPTY)
        return self._take(endpoint.payload(changes))


class PlayingAsync(Acting):
    """The stops of a bridge, call, conference or member; ``_play_async`` sends the audio."""

    __slots__ = ()

    async def _play_async(self, audio: AudioLike) -> None:
        raise NotImplementedError

    async def stop_audio_async(self) -> None:
        """Stop a playing audio file."""
        await self._play_async({"file_url": ""})

    async def stop_speaking_async(self) -> None:
        """Stop a sentence being spoken."""
        await self._play_async({"sentence": ""})


class AudibleAsync(PlayingAsync):
    """``play_audio_async`` and ``speak_async`` of a bridge, conference or member."""

    __slots__ = ()

    async def play_audio_async(self, file_url: str, **options: Unpack[AudioOptions]) -> None:
        """Play an audio file."""
        await self._play_async({"file_url": file_url, **options})

    async def speak_async(self, sentence: str, **options: Unpack[SpeakOptions]) -> None:
        """Speak a sentence."""
        await self._play_async({"sentence": sentence, **options})


class BridgeActionsAsync(AudibleAsync):
    """``await bridge.update_async(...)`` and the bridge's other actions, awaited."""

    __slots__ = ()

    async def refresh_async(self) -> Self:
        """Re-read the bridge in place (one GET); returns it."""
        from .bridges import GET

        return await self._refreshed_async(GET, self.id)

    async def update_async(self, **changes: Unpack[BridgeParams]) -> Self:
        """:meth:`update`, awaited: change membership or hold (one POST)."""
        from .bridges import UPDATE

        return await self._updated_async(UPDATE, changes, self.id)

    async def _play_async(self, audio: AudioLike) -> None:
        await self.async_session.bridges.play_audio(self.id, audio)


class CallActionsAsync(PlayingAsync):
    """``await call.hangup_async()`` and the call's other actions, awaited."""

    __slots__ = ()

    if TYPE_CHECKING:
        conference_id: str | None

    async def refresh_async(self) -> Self:
        """Re-read the call in place (one GET); returns it."""
        from .call_params import GET

        return await self._refreshed_async(GET, self.id)

    async def update_async(self, **changes: Unpack[CallUpdateParams]) -> Self:
        """:meth:`update`, awaited: change the call, sending only what is given (one POST)."""
        from .call_params import UPDATE  # call_params imports this module's Gather twin

        return await self._updated_async(UPDATE, changes, self.id)

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
        await self._play_async({"file_url": file_url, **options})

    async def speak_async(self, sentence: str, **options: Unpack[CallSpeakOptions]) -> None:
        """Speak a sentence on the call."""
        await self._play_async({"sentence": sentence, **options})

    async def _play_async(self, audio: AudioLike) -> None:
        await self.async_session.calls.play_audio(self.id, audio)

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
        from .call_params import GET_GATHER

        call_id = self.call_id
        await self._refreshed_async(GET_GATHER, call_id, self.id)
        return self.of_call(call_id)

    async def stop_async(self) -> Self:
        """Stop collecting keys (one POST); ``state`` becomes ``completed``."""
        await self.async_session.calls.stop_gather(self.call_id, self.id)
        return self._stopped()
