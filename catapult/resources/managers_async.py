"""The managers of an :class:`~catapult.AsyncSession`: ``session.bridges``, ``calls`` ...

Each method is the sync manager's own (:class:`~catapult.resources.bridges.Bridges`,
:class:`~catapult.resources.calls.Calls` ...), awaited: the same body, signature and docs
(:func:`~catapult.resources._manager.awaited`), so the same declared endpoints, typed
arguments, checks before anything is sent and models returned. Lazy lists are not awaited.
Each is ``Final``: its type is declared by the sync method it is made from. The one-line
docstring under each is what editors show for it; at run time it carries the sync method's docs.
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
    """Create a bridge and return it (the POST, then one GET)."""
    create_id: Final = awaited(Bridges.create_id)
    """Create a bridge with one POST and return its id."""
    get: Final = awaited(Bridges.get)
    """Fetch one bridge (one GET)."""
    list: Final = shared(Bridges.list)
    """Every bridge of the account, for ``async for`` (lazy, one page in memory)."""
    update: Final = awaited(Bridges.update)
    """Change a bridge's calls or hold it, sending only what is given (one POST)."""
    play_audio: Final = awaited(Bridges.play_audio)
    """Play or speak ``audio`` to a bridge; a dict is checked like an :class:`Audio`."""


class AsyncCalls(AsyncManager):
    """``session.calls`` of an AsyncSession: :class:`Calls`' methods, awaited."""

    events: SubList[CallEvent] = Calls.events
    """``events(call_id)``: a call's event log, for ``async for``."""
    recordings: SubList[Recording] = Calls.recordings
    """``recordings(call_id)``: a call's recordings, for ``async for``."""
    transcriptions: SubList[Transcription] = Calls.transcriptions
    """``transcriptions(call_id)``: a call's transcriptions, for ``async for``."""
    create: Final = awaited(Calls.create)
    """Place an outbound call and return it (the POST, then one GET)."""
    create_id: Final = awaited(Calls.create_id)
    """Place an outbound call with one POST and return its id."""
    get: Final = awaited(Calls.get)
    """Fetch one call (one GET)."""
    list: Final = shared(Calls.list)
    """The account's calls, for ``async for`` (lazy, one page in memory)."""
    update: Final = awaited(Calls.update)
    """Change a call (one POST); the new call's id when the answer names one."""
    transfer: Final = awaited(Calls.transfer)
    """Transfer an active call to ``to``; returns the new outbound call (POST, then GET)."""
    transfer_id: Final = awaited(Calls.transfer_id)
    """Transfer an active call with one POST and return the new call's id."""
    play_audio: Final = awaited(Calls.play_audio)
    """Play or speak ``audio`` on a call; a dict is checked like an :class:`Audio`."""
    send_dtmf: Final = awaited(Calls.send_dtmf)
    """Send key presses on an active call (checked before sending)."""
    event: Final = awaited(Calls.event)
    """Fetch one event of a call (one GET)."""
    create_gather: Final = awaited(Calls.create_gather)
    """Start a DTMF gather on an active call; returns it (the POST, then one GET)."""
    create_gather_id: Final = awaited(Calls.create_gather_id)
    """Start a DTMF gather with one POST and return its id."""
    get_gather: Final = awaited(Calls.get_gather)
    """Fetch one gather of a call (one GET)."""
    update_gather: Final = awaited(Calls.update_gather)
    """Update a gather (one POST); the API allows only ``state="completed"``."""
    stop_gather: Final = awaited(Calls.stop_gather)
    """Stop a gather: one POST of ``{"state": "completed"}``."""


class AsyncConferences(AsyncManager):
    """``session.conferences`` of an AsyncSession: :class:`Conferences`' methods, awaited."""

    create: Final = awaited(Conferences.create)
    """Create a conference hosted by ``from_`` and return it (the POST, then one GET)."""
    create_id: Final = awaited(Conferences.create_id)
    """Create a conference with one POST and return its id."""
    get: Final = awaited(Conferences.get)
    """Fetch one conference (one GET)."""
    update: Final = awaited(Conferences.update)
    """Terminate, mute, hold or re-route a conference, sending only what is given."""
    play_audio: Final = awaited(Conferences.play_audio)
    """Play or speak ``audio`` to every member."""
    members: Final = shared(Conferences.members)
    """A conference's members, for ``async for``."""
    add_member: Final = awaited(Conferences.add_member)
    """Add an active call to a conference; returns the member (POST, then one GET)."""
    add_member_id: Final = awaited(Conferences.add_member_id)
    """Add an active call with one POST and return the member id."""
    get_member: Final = awaited(Conferences.get_member)
    """Fetch one member of a conference (one GET)."""
    update_member: Final = awaited(Conferences.update_member)
    """Mute, hold or remove a member, sending only what is given (one POST)."""
    play_audio_to_member: Final = awaited(Conferences.play_audio_to_member)
    """Play or speak ``audio`` to one member only."""


class AsyncRecordings(AsyncManager):
    """``session.recordings`` of an AsyncSession."""

    list: Final = shared(Recordings.list)
    """The account's recordings, for ``async for``."""
    get: Final = awaited(Recordings.get)
    """Fetch one recording (one GET)."""


class AsyncTranscriptions(AsyncManager):
    """``session.transcriptions`` of an AsyncSession."""

    list: SubList[Transcription] = TRANSCRIPTIONS
    """``list(recording_id)``: a recording's transcriptions, for ``async for``."""
    create: Final = awaited(Transcriptions.create)
    """Transcribe a ``complete`` recording; returns the transcription (POST, then GET)."""
    create_id: Final = awaited(Transcriptions.create_id)
    """Ask for a transcription with one POST of ``{}``; returns its id."""
    get: Final = awaited(Transcriptions.get)
    """Fetch one transcription of a recording (one GET)."""
