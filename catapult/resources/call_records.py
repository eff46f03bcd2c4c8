"""What a call leaves behind: events, recordings, transcriptions and DTMF gathers.

See docs/wire/calls.md#records.

All are read-only records, except :class:`Gather`, which can be re-read and stopped. The
bodies sent to create them (gather requests and prompts) are in :mod:`.call_params`.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar, cast

from pydantic import Field
from typing_extensions import Self

from .._errors import MissingContextError
from .._model import Resource, get_slot, set_slot
from .._urls import last_path_segment
from .._values import OpenEnum, Timestamp
from ._manager import SubList
from .actions_async import GatherActionsAsync, RecordingActionsAsync

# -- records ----------------------------------------------------------------------------------


class CallEvent(Resource):
    """One entry of a call's event log (``GET /calls/{id}/events``)."""

    id: str
    """Event id, ``ce-...``."""
    time: Timestamp | None = None
    """When it happened (the API sends ISO text or, in one documented case, epoch ms)."""
    name: str | None = None
    """What happened: ``create``, ``answer``, ``speak``, ``dtmf``, ``gather``, ``hangup``, ..."""
    data: str | None = None
    """Details exactly as sent: plain text (``"NORMAL_CLEARING"``) or JSON text; see
    :attr:`parsed_data`.
    """

    @property
    def parsed_data(self) -> dict[str, Any] | list[Any] | str | None:
        """:attr:`data` decoded when it is a JSON object or array, else the text as sent (also
        when it is not JSON after all, or JSON nested deeper than Python can decode)."""
        text = self.data
        if text is None or text.lstrip()[:1] not in ("{", "["):
            return text
        try:
            value: object = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python decodes
            return text
        if isinstance(value, dict):
            return cast("dict[str, Any]", value)
        return cast("list[object]", value) if isinstance(value, list) else text


class TranscriptionState(OpenEnum):
    """State of a transcription; unknown states are accepted."""

    TRANSCRIBING = "transcribing"
    COMPLETED = "completed"
    ERROR = "error"


class Transcription(Resource):
    """The text of one recording of a call."""

    id: str
    """Transcription id."""
    state: TranscriptionState | None = None
    """``completed`` when the text is ready."""
    text: str | None = None
    """The first 1,000 characters of the text; the whole text is at :attr:`text_url`."""
    text_size: int | None = None
    """Length of the whole text."""
    text_url: str | None = None
    """URL of the whole text."""
    time: Timestamp | None = None
    """When the transcription was made."""
    chargeable_duration: int | None = None
    """Seconds billed."""


RECORDING_TRANSCRIPTIONS = SubList(
    Transcription, "recordings/{recording_id}/transcriptions", "Iterate a recording's texts."
)


class RecordingState(OpenEnum):
    """State of a recording; unknown states are accepted."""

    RECORDING = "recording"
    SAVING = "saving"
    COMPLETE = "complete"
    ERROR = "error"


class Recording(RecordingActionsAsync, Resource):
    """One recording span of a call (each time recording was on)."""

    transcriptions: ClassVar[SubList[Transcription]] = RECORDING_TRANSCRIPTIONS
    """``recording.transcriptions()``: its transcriptions, a lazy :class:`~catapult.Pager`."""
    _derived_keys: ClassVar[tuple[str, ...]] = ("call_id", "media_name")

    id: str
    """Recording id."""
    state: RecordingState | None = None
    """``complete`` once the span closed."""
    start_time: Timestamp | None = None
    """When recording started."""
    end_time: Timestamp | None = None
    """When recording stopped; absent while it runs."""
    media_url: str | None = Field(default=None, alias="media")
    """URL of the audio file (wire name ``media``)."""
    call_url: str | None = Field(default=None, alias="call")
    """URL of the recorded call (wire name ``call``)."""

    @property
    def call_id(self) -> str | None:
        """The recorded call's id: the last segment of :attr:`call_url`."""
        return last_path_segment(self.call_url) if self.call_url else None

    @property
    def media_name(self) -> str | None:
        """The media file's name: the last segment of :attr:`media_url` (``c-1-1.wav``)."""
        return last_path_segment(self.media_url) if self.media_url else None

    def transcribe(self) -> Transcription:
        """Ask for a transcription of this (``complete``) recording; returns it (POST, GET)."""
        return self.session.transcriptions.create(self.id)


class GatherState(OpenEnum):
    """State of a gather: ``started`` (docs) or ``created`` (older SDKs) while open."""

    STARTED = "started"
    CREATED = "created"
    COMPLETED = "completed"


class GatherReason(OpenEnum):
    """Why a gather completed; unknown reasons are accepted."""

    MAX_DIGITS = "max-digits"
    TERMINATING_DIGIT = "terminating-digit"
    INTER_DIGIT_TIMEOUT = "inter-digit-timeout"
    HUNG_UP = "hung-up"


class Gather(GatherActionsAsync, Resource):
    """A DTMF gather on a call, bound to the session that fetched it."""

    __slots__ = ("_known_call_id",)
    _travelling_slots: ClassVar[tuple[str, ...]] = ("_known_call_id",)

    id: str
    """Gather id."""
    state: GatherState | None = None
    """``started`` (or ``created``) while collecting, then ``completed``."""
    reason: GatherReason | None = None
    """Why it completed: ``max-digits``, ``terminating-digit``, ``inter-digit-timeout``, ..."""
    digits: str | None = None
    """The keys collected, without the terminating digit."""
    call_url: str | None = Field(default=None, alias="call")
    """URL of the call (wire name ``call``); :attr:`call_id` is its last segment."""
    created_time: Timestamp | None = None
    """When the gather started."""
    completed_time: Timestamp | None = None
    """When it completed; absent while open."""
    tag: str | None = None
    """Your tag, as given at create."""

    @property
    def call_id(self) -> str:
        """The id of the gather's call: from :attr:`call_url`, or the call it was read from."""
        if self.call_url:
            return last_path_segment(self.call_url)
        try:
            known = get_slot(self, "_known_call_id")
        except AttributeError:
            raise MissingContextError(
                f"gather {self.id} does not know its call (the answer had no call URL): attach "
                "it with gather.of_call(call_id), or read the gather with "
                "session.calls.get_gather(call_id, gather_id)"
            ) from None
        return str(known)

    def of_call(self, call_id: str) -> Self:
        """Note which call the gather belongs to, for answers without ``call``; returns it."""
        set_slot(self, "_known_call_id", call_id)
        return self

    @property
    def is_open(self) -> bool:
        """Whether the gather was still collecting keys as of the last read."""
        return self.state is not None and self.state is not GatherState.COMPLETED

    def refresh(self) -> Self:
        """Re-read the gather in place (one GET); returns it."""
        call_id = self.call_id
        self._replace_with(self.session.calls.get_gather(call_id, self.id))
        return self.of_call(call_id)

    def stop(self) -> Self:
        """Stop collecting keys: one POST of ``{"state": "completed"}``; returns the gather.

        ``state`` is set to ``completed`` here; the ``reason`` and ``completed_time`` the API
        records are read by :meth:`refresh`, which this method does not call. Stopping a gather
        that already completed is accepted by the API and changes nothing.
        """
        self.session.calls.stop_gather(self.call_id, self.id)
        return self._stopped()

    def _stopped(self) -> Self:
        self.state = GatherState.COMPLETED
        return self
