"""Account-level recordings and their transcriptions (docs/wire/recordings.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from typing_extensions import TypedDict, Unpack

from .. import _rules as rules
from .._pagination import Pager
from ._manager import Endpoint, Manager, SubList
from .call_records import RECORDING_TRANSCRIPTIONS, Recording, Transcription


class RecordingListParams(TypedDict, total=False):
    """Query of ``GET /recordings``."""

    size: Annotated[int, rules.PAGE_SIZE]
    """Items per page, 1 to 1,000 (API default 25)."""


LIST = Endpoint("GET", "recordings", RecordingListParams)
GET = Endpoint("GET", "recordings/{recording_id}")
TRANSCRIBE = Endpoint("POST", "recordings/{recording_id}/transcriptions")
GET_TRANSCRIPTION = Endpoint("GET", "recordings/{recording_id}/transcriptions/{transcription_id}")
TRANSCRIPTIONS = RECORDING_TRANSCRIPTIONS
LIST_TRANSCRIPTIONS = Endpoint(
    "GET", "recordings/{recording_id}/transcriptions", RecordingListParams
)


class Recordings(Manager):
    """``session.recordings``: every recording of the account (read-only)."""

    def list(
        self, *, extra: Mapping[str, Any] | None = None, **query: Unpack[RecordingListParams]
    ) -> Pager[Recording]:
        """Iterate the account's recordings, ``size`` per page (lazily)."""
        return self._list(Recording, LIST, query, extra)

    def get(self, recording_id: str) -> Recording:
        """Fetch one recording (one GET)."""
        return self._fetch(Recording, GET, recording_id)


class Transcriptions(Manager):
    """``session.transcriptions``: the texts of recordings, by recording id."""

    list: SubList[Transcription] = TRANSCRIPTIONS
    """``list(recording_id)``: a recording's transcriptions, a lazy :class:`~catapult.Pager`."""

    def create(self, recording_id: str) -> Transcription:
        """Transcribe a ``complete`` recording; returns the transcription (POST, then GET).

        A recording in another state raises :class:`~catapult.PermissionDeniedError`
        (``invalid-recording-state``).
        """
        new_id = self.create_id(recording_id)
        return self._then(new_id, lambda transcription_id: self.get(recording_id, transcription_id))

    def create_id(self, recording_id: str) -> str:
        """Ask for a transcription with one POST of ``{}``; returns its id."""
        return self._create(TRANSCRIBE, recording_id)

    def get(self, recording_id: str, transcription_id: str) -> Transcription:
        """Fetch one transcription of a recording (one GET)."""
        return self._fetch(Transcription, GET_TRANSCRIPTION, recording_id, transcription_id)
