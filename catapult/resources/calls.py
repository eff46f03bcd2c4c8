"""Calls: the legs that bridges join (docs/wire/calls.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field
from typing_extensions import Self, Unpack

from .. import _rules as rules
from .._pagination import Pager
from .._values import OpenEnum, Timestamp
from . import call_params as api
from ._manager import Manager, SubList, created_id
from .actions_async import CallActionsAsync
from .audio import AudioLike, CallAudioOptions, CallSpeakOptions, Playing, audio_arguments
from .call_params import (
    CallCreateParams,
    CallListParams,
    CallUpdateParams,
    GatherParams,
    GatherUpdateParams,
    TransferOptions,
)
from .call_records import CallEvent, Gather, Recording, Transcription

if TYPE_CHECKING:
    from .bridges import Bridge
    from .conferences import Conference


class CallState(OpenEnum):
    """Where a call is in its life (docs/wire/calls.md#states); unknown states are accepted."""

    STARTED = "started"
    ACTIVE = "active"
    REJECTED = "rejected"
    COMPLETED = "completed"
    TRANSFERRING = "transferring"
    ERROR = "error"


class CallDirection(OpenEnum):
    """``in`` for calls to your numbers, ``out`` for calls you placed."""

    IN = "in"
    OUT = "out"


TERMINAL_CALL_STATES = frozenset(CallState(state) for state in rules.TERMINAL_CALL_STATES)
"""States after which a call accepts no change."""


class Call(CallActionsAsync, Playing):
    """A call, bound to the session that fetched it."""

    events: ClassVar[SubList[CallEvent]] = api.EVENTS
    """``call.events()``: the call's event log, a lazy :class:`~catapult.Pager`."""
    recordings: ClassVar[SubList[Recording]] = api.RECORDINGS
    """``call.recordings()``: the call's recordings, a lazy :class:`~catapult.Pager`."""
    transcriptions: ClassVar[SubList[Transcription]] = api.TRANSCRIPTIONS
    """``call.transcriptions()``: the call's transcriptions, a lazy :class:`~catapult.Pager`."""

    id: str
    """Call id, ``c-...``."""
    direction: CallDirection | None = None
    """``in`` or ``out``."""
    from_: str | None = Field(default=None, alias="from")
    """Calling number or SIP URI (wire name ``from``)."""
    to: str | None = None
    """Called number or SIP URI."""
    state: CallState | None = None
    """``started``, ``active``, ``rejected``, ``completed`` or ``transferring``."""
    start_time: Timestamp | None = None
    """When the call started ringing."""
    active_time: Timestamp | None = None
    """When it was answered; absent before."""
    end_time: Timestamp | None = None
    """When it ended; absent before."""
    chargeable_duration: int | None = None
    """Seconds billed."""
    call_timeout: int | None = None
    """Seconds to wait for an answer."""
    callback_url: str | None = None
    """Where call events are sent (may be ``""``)."""
    fallback_url: str | None = None
    """Where events go when ``callback_url`` fails."""
    callback_http_method: str | None = None
    """``GET`` or ``POST``."""
    callback_timeout: int | None = None
    """Milliseconds to wait for the callback server."""
    bridge_id: str | None = None
    """Id of the bridge the call is in."""
    conference_id: str | None = None
    """Id of the conference the call is in."""
    bridge_url: str | None = Field(default=None, alias="bridge")
    """URL of the call's bridge (wire name ``bridge``)."""
    conference_url: str | None = Field(default=None, alias="conference")
    """URL of the call's conference (wire name ``conference``)."""
    events_url: str | None = Field(default=None, alias="events")
    """URL of the call's events (wire name ``events``)."""
    recordings_url: str | None = Field(default=None, alias="recordings")
    """URL of the call's recordings (wire name ``recordings``)."""
    transcriptions_url: str | None = Field(default=None, alias="transcriptions")
    """URL of the call's transcriptions (wire name ``transcriptions``)."""
    recording_enabled: bool | None = None
    """Whether the call is being recorded."""
    transcription_enabled: bool | None = None
    """Whether recordings are transcribed."""
    recording_file_format: str | None = None
    """``wav`` or ``mp3``."""
    recording_max_duration: int | None = None
    """Longest recording, in seconds."""
    tag: str | None = None
    """Your tag, echoed in callbacks."""
    sip_headers: dict[str, str] | None = None
    """SIP headers of the call, keys exactly as sent."""
    transfer_to: str | None = None
    """Number the call is being transferred to."""
    transfer_caller_id: str | None = None
    """Caller id shown to the transfer target."""
    whisper_audio: dict[str, Any] | None = None
    """Audio played to the transfer target, as the API echoes it (camelCase keys)."""
    diversion_treatment: str | None = None
    """``none``, ``propagate`` or ``stack``, as given for a transfer."""
    diversion_reason: str | None = None
    """Diversion reason given for a transfer (with ``stack``)."""

    @property
    def is_terminal(self) -> bool:
        """Whether the call has ended (completed or rejected) as of the last read."""
        return self.state in TERMINAL_CALL_STATES

    def _take(self, sent: Mapping[str, Any]) -> Self:
        # A transfer's callbackUrl is the new call's, not this one's.
        if sent.get("state") == "transferring":
            sent = {key: value for key, value in sent.items() if key != "callbackUrl"}
        return super()._take(sent)

    def refresh(self) -> Self:
        """Re-read the call in place (one GET); returns it."""
        self._replace_with(self.session.calls.get(self.id))
        return self

    def update(self, **changes: Unpack[CallUpdateParams]) -> Self:
        """Change the call, sending only the arguments given (one POST); returns it.

        The given values are applied to this object (``state`` included); what the server
        derives from them (``end_time``, a new recording) is read by :meth:`refresh`, which
        this method does not call. With ``state="transferring"`` the id of the new call is
        not returned and ``callback_url`` belongs to the new call: use :meth:`transfer`.
        """
        self.session.calls.update(self.id, **changes)
        return self._take(api.UPDATE.payload(changes))

    def answer(self) -> Self:
        """Answer an incoming call (state ``active``)."""
        return self.update(state="active")

    def reject(self) -> Self:
        """Reject an incoming call that is still ringing (state ``rejected``)."""
        return self.update(state="rejected")

    def hangup(self) -> Self:
        """Hang up the call (state ``completed``)."""
        return self.update(state="completed")

    def enable_recording(self) -> Self:
        """Start recording (``{"recordingEnabled": true}``); each on/off span is a Recording."""
        return self.update(recording_enabled=True)

    def disable_recording(self) -> Self:
        """Stop recording (``{"recordingEnabled": false}``); the span becomes a Recording."""
        return self.update(recording_enabled=False)

    def transfer(self, to: str, **options: Unpack[TransferOptions]) -> Call:
        """Transfer the call to ``to`` and return the new outbound call.

        Makes two requests: the POST (``state: transferring``; the API answers 201 with the
        new call's id in ``Location``), then one GET of the new call. This call's ``state``
        is set to ``transferring`` in place, as sent; :meth:`refresh` reads what follows.
        ``callback_url`` receives the new call's events. The call must be ``active``, else
        :class:`~catapult.PermissionDeniedError` (``call-invalid-state``).
        """
        new_id = self.session.calls.transfer_id(self.id, to, **options)
        self._take(api.TRANSFER.payload({"to": to, **options}))
        return self.session.calls.get(new_id)

    def send_dtmf(self, digits: str) -> None:
        """Send key presses on the call: 1-92 of ``0-9 A-D # *``, pauses ``,`` ``w`` ``W``.

        Checked before sending (a non-string or bad digit raises
        :class:`~catapult.InvalidArgumentError` and nothing is sent).
        """
        self.session.calls.send_dtmf(self.id, digits)

    def event(self, event_id: str) -> CallEvent:
        """Fetch one event of the call (one GET)."""
        return self.session.calls.event(self.id, event_id)

    def gather(self, **options: Unpack[GatherParams]) -> Gather:
        """Start collecting key presses; returns the Gather (see :meth:`Calls.create_gather`)."""
        return self.session.calls.create_gather(self.id, **options)

    def gather_by_id(self, gather_id: str) -> Gather:
        """Fetch one gather of the call (one GET)."""
        return self.session.calls.get_gather(self.id, gather_id)

    def play_audio(self, file_url: str, **options: Unpack[CallAudioOptions]) -> None:
        """Play an audio file (WAV or MP3) on the call."""
        self._play({"file_url": file_url, **options})

    def speak(self, sentence: str, **options: Unpack[CallSpeakOptions]) -> None:
        """Speak a sentence (text to speech) on the call."""
        self._play({"sentence": sentence, **options})

    def _play(self, audio: AudioLike) -> None:
        self.session.calls.play_audio(self.id, audio)

    def conference(self) -> Conference | None:
        """The conference the call is in (one GET), or None when it is in none."""
        conferences = self.session.conferences  # refused first when bound to an AsyncSession
        conference_id = self.conference_id
        return conferences.get(conference_id) if conference_id else None

    def bridge_with(self, other: Call | str, *, bridge_audio: bool | None = None) -> Bridge:
        """Create a bridge joining this call and ``other`` (a Call or a call id); returns it.

        Two requests, like :meth:`Bridges.create`: the POST and one GET of the new bridge.
        """
        # Anything but a Call goes to the id check as given (None is refused before sending).
        call_ids: list[Any] = [self.id, other.id if isinstance(other, Call) else other]
        options = {} if bridge_audio is None else {"bridge_audio": bridge_audio}
        return self.session.bridges.create(call_ids=call_ids, **options)


class Calls(Manager):
    """``session.calls``: place, fetch, list and act on calls by id."""

    events: SubList[CallEvent] = api.EVENTS
    """``events(call_id)``: a call's event log, a lazy :class:`~catapult.Pager`."""
    recordings: SubList[Recording] = api.RECORDINGS
    """``recordings(call_id)``: a call's recordings, a lazy :class:`~catapult.Pager`."""
    transcriptions: SubList[Transcription] = api.TRANSCRIPTIONS
    """``transcriptions(call_id)``: a call's transcriptions, a lazy :class:`~catapult.Pager`."""

    def create(self, **params: Unpack[CallCreateParams]) -> Call:
        """Place an outbound call and return it.

        Makes two requests: the POST (the answer carries only the new id, in ``Location``),
        then one GET. Use :meth:`create_id` to skip the GET. Arguments not given are not
        sent, so the API's defaults apply (e.g. ``call_timeout`` 60 s).
        """
        return self._then(self._create(api.CREATE, arguments=params), self.get)

    def create_id(
        self, *, extra: Mapping[str, Any] | None = None, **params: Unpack[CallCreateParams]
    ) -> str:
        """Place an outbound call with one POST and return its id (arguments as :meth:`create`)."""
        return self._create(api.CREATE, arguments=params, extra=extra)

    def get(self, call_id: str) -> Call:
        """Fetch one call (one GET)."""
        return self._fetch(Call, api.GET, call_id)

    def list(
        self, *, extra: Mapping[str, Any] | None = None, **query: Unpack[CallListParams]
    ) -> Pager[Call]:
        """Iterate the account's calls, newest first unless ``sort_order="asc"``.

        Filters are optional; ``bridge_id`` and ``conference_id`` lists are not paged by the
        API. Lazy: nothing is fetched before the first item, and one page is held at a time.
        """
        return self._list(Call, api.LIST, query, extra)

    def update(
        self,
        call_id: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **changes: Unpack[CallUpdateParams],
    ) -> str | None:
        """Change a call, sending only the arguments given (one POST).

        Returns the id of the new call when the API answered with a ``Location`` (a
        transfer), else None. ``extra`` holds further wire fields, sent as given.
        """
        sent = self._send(api.UPDATE, call_id, arguments=changes, extra=extra)
        return self._then(
            sent, lambda answer: created_id(self._session, api.UPDATE, (call_id,), answer)
        )

    def transfer(self, call_id: str, to: str, **options: Unpack[TransferOptions]) -> Call:
        """Transfer an active call to ``to``; returns the new outbound call.

        Two requests: the POST (201, new id in ``Location``) and one GET of the new call.
        Use :meth:`transfer_id` to skip the GET.
        """
        return self._then(self.transfer_id(call_id, to, **options), self.get)

    def transfer_id(
        self,
        call_id: str,
        to: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **options: Unpack[TransferOptions],
    ) -> str:
        """Transfer an active call with one POST and return the new call's id.

        Sends ``state: transferring`` with ``transferTo`` and the options given. A call that
        is not ``active`` raises :class:`~catapult.PermissionDeniedError`
        (``call-invalid-state``); an answer without ``Location`` raises
        :class:`~catapult.ResponseDecodeError`.
        """
        return self._create(api.TRANSFER, call_id, arguments={"to": to, **options}, extra=extra)

    def play_audio(self, call_id: str, audio: AudioLike) -> None:
        """Play or speak ``audio`` on a call; a dict is checked like an :class:`Audio`."""
        return self._post(api.AUDIO, call_id, arguments=audio_arguments(audio))

    def send_dtmf(
        self, call_id: str, dtmf_out: str, *, extra: Mapping[str, Any] | None = None
    ) -> None:
        """Send key presses on an active call (one POST of ``{"dtmfOut": "..."}``).

        ``dtmf_out`` is checked before sending: a string of 1-92 of ``0-9 A-D # *`` and the
        pauses ``,`` ``w`` (0.5 s) and ``W`` (1 s), else :class:`~catapult.InvalidArgumentError`.
        """
        return self._post(api.DTMF, call_id, arguments={"dtmf_out": dtmf_out}, extra=extra)

    def event(self, call_id: str, event_id: str) -> CallEvent:
        """Fetch one event of a call (one GET)."""
        return self._fetch(CallEvent, api.EVENT, call_id, event_id)

    def create_gather(self, call_id: str, **options: Unpack[GatherParams]) -> Gather:
        """Start a DTMF gather on an active call; returns it.

        Two requests: the POST (201, id in ``Location``) and one GET of the gather. Use
        :meth:`create_gather_id` to skip the GET. A second open gather on the same call
        raises :class:`~catapult.ConflictError` (``call-duplicate-gather-error``).
        """
        new_id = self.create_gather_id(call_id, **options)
        return self._then(new_id, lambda gather_id: self.get_gather(call_id, gather_id))

    def create_gather_id(
        self,
        call_id: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **options: Unpack[GatherParams],
    ) -> str:
        """Start a DTMF gather with one POST and return its id (arguments as create_gather)."""
        return self._create(api.GATHER, call_id, arguments=options, extra=extra)

    def get_gather(self, call_id: str, gather_id: str) -> Gather:
        """Fetch one gather of a call (one GET)."""
        gather = self._fetch(Gather, api.GET_GATHER, call_id, gather_id)
        return self._then(gather, lambda read: read.of_call(call_id))

    def update_gather(
        self,
        call_id: str,
        gather_id: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **changes: Unpack[GatherUpdateParams],
    ) -> None:
        """Update a gather (one POST); the only change the API allows is ``state="completed"``."""
        return self._post(api.UPDATE_GATHER, call_id, gather_id, arguments=changes, extra=extra)

    def stop_gather(self, call_id: str, gather_id: str) -> None:
        """Stop a gather: one POST of ``{"state": "completed"}``."""
        return self.update_gather(call_id, gather_id, state="completed")
