"""The managers of an :class:`~catapult.AsyncSession`: ``session.bridges``, ``calls`` ...

Each method is the sync manager's own (:class:`~catapult.resources.bridges.Bridges`,
:class:`~catapult.resources.calls.Calls` ...), awaited: the same body, signature and docs
(:func:`~catapult.resources._manager.awaited`), so the same declared endpoints, typed
arguments, checks before anything is sent and models returned. Lazy lists are not awaited.
Each is ``Final``: its type is declared by the sync method it is made from.
"""

from __future__ import annotations

from typing import Final

from ._manager import AsyncManager, SubList, awaited, shared
from .bridges import CALLS, Bridges
from .call_records import CallEvent, Recording, Transcription
from .calls import Call, Calls
from .conferences import Conferences
from .recordings import TRANSCRIPTIONS, Recordings, Transcriptions


class AsyncBridges(AsyncManager):
    """``session.bridges`` of an AsyncSession: :class:`Bridges`' methods, awaited."""

    calls: SubList[Call] = CALLS
    """``calls(bridge_id)``: the calls that were in a bridge, for ``async for``."""
    create: Final = awaited(Bridges.create)
    create_id: Final = awaited(Bridges.create_id)
    get: Final = awaited(Bridges.get)
    list: Final = shared(Bridges.list)
    update: Final = awaited(Bridges.update)
    play_audio: Final = awaited(Bridges.play_audio)


class AsyncCalls(AsyncManager):
    """``session.calls`` of an AsyncSession: :class:`Calls`' methods, awaited."""

    events: SubList[CallEvent] = Calls.events
    """``events(call_id)``: a call's event log, for ``async for``."""
    recordings: SubList[Recording] = Calls.recordings
    """``recordings(call_id)``: a call's recordings, for ``async for``."""
    transcriptions: SubList[Transcription] = Calls.transcriptions
    """``transcriptions(call_id)``: a call's transcriptions, for ``async for``."""
    create: Final = awaited(Calls.create)
    create_id: Final = awaited(Calls.create_id)
    get: Final = awaited(Calls.get)
    list: Final = shared(Calls.list)
    update: Final = awaited(Calls.update)
    transfer: Final = awaited(Calls.transfer)
    transfer_id: Final = awaited(Calls.transfer_id)
    play_audio: Final = awaited(Calls.play_audio)
    send_dtmf: Final = awaited(Calls.send_dtmf)
    event: Final = awaited(Calls.event)
    create_gather: Final = awaited(Calls.create_gather)
    create_gather_id: Final = awaited(Calls.create_gather_id)
    get_gather: Final = awaited(Calls.get_gather)
    update_gather: Final = awaited(Calls.update_gather)
    stop_gather: Final = awaited(Calls.stop_gather)


class AsyncConferences(AsyncManager):
    """``session.conferences`` of an AsyncSession: :class:`Conferences`' methods, awaited."""

    create: Final = awaited(Conferences.create)
    create_id: Final = awaited(Conferences.create_id)
    get: Final = awaited(Conferences.get)
    update: Final = awaited(Conferences.update)
    play_audio: Final = awaited(Conferences.play_audio)
    members: Final = shared(Conferences.members)
    add_member: Final = awaited(Conferences.add_member)
    add_member_id: Final = awaited(Conferences.add_member_id)
    get_member: Final = awaited(Conferences.get_member)
    update_member: Final = awaited(Conferences.update_member)
    play_audio_to_member: Final = awaited(Conferences.play_audio_to_member)


class AsyncRecordings(AsyncManager):
    """``session.recordings`` of an AsyncSession."""

    list: Final = shared(Recordings.list)
    get: Final = awaited(Recordings.get)


class AsyncTranscriptions(AsyncManager):
    """``session.transcriptions`` of an AsyncSession."""

    list: SubList[Transcription] = TRANSCRIPTIONS
    """``list(recording_id)``: a recording's transcriptions, for ``async for``."""
    create: Final = awaited(Transcriptions.create)
    create_id: Final = awaited(Transcriptions.create_id)
    get: Final = awaited(Transcriptions.get)
