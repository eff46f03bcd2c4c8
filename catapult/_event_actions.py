"""What events do with their ids, and the ``*_async`` twins (mixed into the events).

``fetch_call_async()`` is ``fetch_call()`` awaited. A gather, recording or transcription event
reads what it reports on: ``gather()``, ``recording()``, ``transcription()``, or, from an
:class:`~catapult.AsyncSession`, their awaited ``*_async()`` twins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import CatapultError
from ._model import SessionBound

if TYPE_CHECKING:
    from .resources.call_records import Gather, Recording, Transcription
    from .resources.calls import Call


class CallEventActions(SessionBound):
    """``await event.fetch_call_async()``: the event's call, read from the API (one GET)."""

    __slots__ = ()

    if TYPE_CHECKING:

        def call(self) -> Call: ...

    async def fetch_call_async(self) -> Call:
        """:meth:`fetch_call` from an :class:`~catapult.AsyncSession`, awaited."""
        return await self.call().refresh_async()


class GatherEventActions(SessionBound):
    """``gather()`` and ``await gather_async()``: the gather a gather event reports on."""

    __slots__ = ()

    if TYPE_CHECKING:
        call_id: str | None
        gather_id: str | None

    def gather(self) -> Gather:
        """The gather this event reports on, read from the API (one GET)."""
        return self.session.calls.get_gather(*self._gather_ids())

    async def gather_async(self) -> Gather:
        """:meth:`gather` from an :class:`~catapult.AsyncSession`, awaited."""
        return await self.async_session.calls.get_gather(*self._gather_ids())

    def _gather_ids(self) -> tuple[str, str]:
        if not (self.call_id and self.gather_id):
            raise CatapultError("this gather event carries no callId or gatherId")
        return self.call_id, self.gather_id


class RecordingEventActions(SessionBound):
    """``recording()`` and ``await recording_async()``: the recording an event reports on."""

    __slots__ = ()

    if TYPE_CHECKING:
        recording_id: str | None

    def recording(self) -> Recording:
        """The recording this event reports on, read from the API (one GET)."""
        return self.session.recordings.get(self._recording_id())

    async def recording_async(self) -> Recording:
        """:meth:`recording` from an :class:`~catapult.AsyncSession`, awaited."""
        return await self.async_session.recordings.get(self._recording_id())

    def _recording_id(self) -> str:
        if not self.recording_id:
            raise CatapultError("this event carries no recordingId")
        return self.recording_id


class TranscriptionEventActions(SessionBound):
    """``transcription()`` and ``await transcription_async()``: the transcription an event
    reports on."""

    __slots__ = ()

    if TYPE_CHECKING:
        recording_id: str | None
        transcription_id: str | None

    def transcription(self) -> Transcription:
        """The transcription this event reports on, read from the API (one GET)."""
        return self.session.transcriptions.get(*self._transcription_ids())

    async def transcription_async(self) -> Transcription:
        """:meth:`transcription` from an :class:`~catapult.AsyncSession`, awaited."""
        return await self.async_session.transcriptions.get(*self._transcription_ids())

    def _transcription_ids(self) -> tuple[str, str]:
        if not (self.recording_id and self.transcription_id):
            raise CatapultError(
                "this transcription event carries no recordingId or transcriptionId"
            )
        return self.recording_id, self.transcription_id
