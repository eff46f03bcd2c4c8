"""The managers of an :class:`~catapult.AsyncSession`: ``session.bridges``, ``calls`` ...

Each method is the sync manager's own (:class:`~catapult.resources.bridges.Bridges`,
:class:`~catapult.resources.calls.Calls` ...), awaited: the same body, signature and docs
(:func:`~catapult.resources._manager.awaited`), so the same declared endpoints, typed
arguments, checks before anything is sent and models returned. Lazy lists are not awaited.
"""

from __future__ import annotations

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
    create = awaited(Bridges.create)
    create_id = awaited(Bridges.create_id)
    get = awaited(Bridges.get)
    list = shared(Bridges.list)
    update = awaited(Bridges.update)
    play_audio = awaited(Bridges.play_audio)


class AsyncCalls(AsyncManager):
    """``session.calls`` of an AsyncSession: :class:`Calls`' methods, awaited."""

    events: SubList[CallEvent] = Calls.events
    """``events(call_id)``: a call's event log, for ``async for``."""
    recordings: SubList[Recording] = Calls.recordings
    """``recordings(call_id)``: a call's recordings, for ``async for``."""
    transcriptions: SubList[Transcription] = Calls.transcriptions
    """``transcriptions(call_id)``: a call's transcriptions, for ``async for``."""
    create = awaited(Calls.create)
    create_id = awaited(Calls.create_id)
    get = awaited(Calls.get)
    list = shared(Calls.list)
    update = awaited(Calls.update)
    transfer = awaited(Calls.transfer)
    transfer_id = awaited(Calls.transfer_id)
    play_audio = awaited(Calls.play_audio)
    send_dtmf = awaited(Calls.send_dtmf)
    event = awaited(Calls.event)
    create_gather = awaited(Calls.create_gather)
    create_gather_id = awaited(Calls.create_gather_id)
    get_gather = awaited(Calls.get_gather)
    update_gather = awaited(Calls.update_gather)
    stop_gather = awaited(Calls.stop_gather)


class AsyncConferences(AsyncManager):
    """``session.conferences`` of an AsyncSession: :class:`Conferences`' methods, awaited."""

    create = awaited(Conferences.create)
    create_id = awaited(Conferences.create_id)
    get = awaited(Conferences.get)
    update = awaited(Conferences.update)
    play_audio = awaited(Conferences.play_audio)
    members = shared(Conferences.members)
    add_member = awaited(Conferences.add_member)
    add_member_id = awaited(Conferences.add_member_id)
    get_member = awaited(Conferences.get_member)
    update_member = awaited(Conferences.update_member)
    play_audio_to_member = awaited(Conferences.play_audio_to_member)


class AsyncRecordings(AsyncManager):
    """``session.recordings`` of an AsyncSession."""

    list = shared(Recordings.list)
    get = awaited(Recordings.get)


class AsyncTranscriptions(AsyncManager):
    """``session.transcriptions`` of an AsyncSession."""

    list: SubList[Transcription] = TRANSCRIPTIONS
    """``list(recording_id)``: a recording's transcriptions, for ``async for``."""
    create = awaited(Transcriptions.create)
    create_id = awaited(Transcriptions.create_id)
    get = awaited(Transcriptions.get)
