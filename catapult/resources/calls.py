"""Calls: the legs that bridges join (API notes §3)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field
from typing_extensions import Self

from .._model import UNSET, OpenEnum, Resource, Timestamp, Unset, given
from .._pagination import Pager
from .._params import build_body
from .._urls import id_from_location, quote_id
from ._manager import Manager
from ._paging import page_params
from .audio import Audio, Gender, audio_body
from .call_params import (
    AudioLike,
    CallCreateParams,
    CallListParams,
    CallStateName,
    CallUpdateParams,
    DiversionTreatment,
    DtmfParams,
    GatherParams,
    GatherUpdateParams,
    RecordingFormat,
)
from .call_records import CallEvent, Gather, Recording, Transcription

if TYPE_CHECKING:
    from .bridges import Bridge


class CallState(OpenEnum):
    """Where a call is in its life (API notes §3.4); unknown states are accepted."""

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


#: States after which a call accepts no change.
TERMINAL_CALL_STATES = frozenset({CallState.COMPLETED, CallState.REJECTED})


class Call(Resource):
    """A call, bound to the session that fetched it."""

    #: Call id, ``c-...``.
    id: str
    #: ``in`` or ``out``.
    direction: CallDirection | None = None
    #: Calling number or SIP URI (wire name ``from``).
    from_: str | None = Field(default=None, alias="from")
    #: Called number or SIP URI.
    to: str | None = None
    #: ``started``, ``active``, ``rejected``, ``completed`` or ``transferring``.
    state: CallState | None = None
    #: When the call started ringing.
    start_time: Timestamp | None = None
    #: When it was answered; absent before.
    active_time: Timestamp | None = None
    #: When it ended; absent before.
    end_time: Timestamp | None = None
    #: Seconds billed.
    chargeable_duration: int | None = None
    #: Seconds to wait for an answer.
    call_timeout: int | None = None
    #: Where call events are sent (may be ``""``).
    callback_url: str | None = None
    #: Where events go when ``callback_url`` fails.
    fallback_url: str | None = None
    #: ``GET`` or ``POST``.
    callback_http_method: str | None = None
    #: Milliseconds to wait for the callback server.
    callback_timeout: int | None = None
    #: Id of the bridge the call is in.
    bridge_id: str | None = None
    #: Id of the conference the call is in.
    conference_id: str | None = None
    #: URL of the call's bridge (wire name ``bridge``).
    bridge_url: str | None = Field(default=None, alias="bridge")
    #: URL of the call's conference (wire name ``conference``).
    conference_url: str | None = Field(default=None, alias="conference")
    #: URL of the call's events (wire name ``events``).
    events_url: str | None = Field(default=None, alias="events")
    #: URL of the call's recordings (wire name ``recordings``).
    recordings_url: str | None = Field(default=None, alias="recordings")
    #: URL of the call's transcriptions (wire name ``transcriptions``).
    transcriptions_url: str | None = Field(default=None, alias="transcriptions")
    #: Whether the call is being recorded.
    recording_enabled: bool | None = None
    #: Whether recordings are transcribed.
    transcription_enabled: bool | None = None
    #: ``wav`` or ``mp3``.
    recording_file_format: str | None = None
    #: Longest recording, in seconds.
    recording_max_duration: int | None = None
    #: Your tag, echoed in callbacks.
    tag: str | None = None
    #: SIP headers of the call, keys exactly as sent.
    sip_headers: dict[str, str] | None = None
    #: Number the call is being transferred to.
    transfer_to: str | None = None
    #: Caller id shown to the transfer target.
    transfer_caller_id: str | None = None
    #: Audio played to the transfer target, as the API echoes it (camelCase keys).
    whisper_audio: dict[str, Any] | None = None
    #: ``none``, ``propagate`` or ``stack``, as given for a transfer.
    diversion_treatment: str | None = None
    #: Diversion reason given for a transfer (with ``stack``).
    diversion_reason: str | None = None

    @property
    def is_terminal(self) -> bool:
        """Whether the call has ended (completed or rejected) as of the last read."""
        return self.state in TERMINAL_CALL_STATES

    def refresh(self) -> Self:
        """Re-read the call in place (one GET); returns it."""
        self._replace_with(self.session.calls.get(self.id))
        return self

    def update(
        self,
        *,
        state: CallState | CallStateName | Unset = UNSET,
        recording_enabled: bool | Unset = UNSET,
        recording_file_format: RecordingFormat | Unset = UNSET,
        recording_max_duration: int | Unset = UNSET,
        transfer_to: str | Unset = UNSET,
        transfer_caller_id: str | Unset = UNSET,
        whisper_audio: AudioLike | Unset = UNSET,
        callback_url: str | Unset = UNSET,
        diversion_treatment: DiversionTreatment | Unset = UNSET,
        diversion_reason: str | Unset = UNSET,
        tag: str | Unset = UNSET,
    ) -> Self:
        """Change the call, sending only the arguments given (one POST); returns it.

        The given values are applied to this object (``state`` included); what the server
        derives from them (``end_time``, a new recording) is read by :meth:`refresh`, which
        this method does not call. With ``state="transferring"`` the id of the new call is
        not returned and ``callback_url`` belongs to the new call: use :meth:`transfer`.
        """
        changes = given(
            state=state,
            recording_enabled=recording_enabled,
            recording_file_format=recording_file_format,
            recording_max_duration=recording_max_duration,
            transfer_to=transfer_to,
            transfer_caller_id=transfer_caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            tag=tag,
        )
        self.session.calls.update(self.id, **changes)
        self._apply(changes)
        return self

    def _apply(self, changes: Mapping[str, Any]) -> None:
        """Take sent update fields into this object."""
        transferring = changes.get("state") == CallState.TRANSFERRING
        for name, value in changes.items():
            if name == "state":
                self.state = CallState(value)
            elif name == "whisper_audio":
                self.whisper_audio = audio_body(value)
            elif name == "callback_url" and transferring:
                continue  # the new call's callback URL, not this call's
            else:
                setattr(self, name, value)

    def answer(self) -> Self:
        """Answer an incoming call (state ``active``)."""
        return self.update(state=CallState.ACTIVE)

    def reject(self) -> Self:
        """Reject an incoming call that is still ringing (state ``rejected``)."""
        return self.update(state=CallState.REJECTED)

    def hangup(self) -> Self:
        """Hang up the call (state ``completed``)."""
        return self.update(state=CallState.COMPLETED)

    def enable_recording(self) -> Self:
        """Start recording (``{"recordingEnabled": true}``); each on/off span is a Recording."""
        return self.update(recording_enabled=True)

    def disable_recording(self) -> Self:
        """Stop recording (``{"recordingEnabled": false}``); the span becomes a Recording."""
        return self.update(recording_enabled=False)

    def transfer(
        self,
        to: str,
        *,
        caller_id: str | Unset = UNSET,
        whisper_audio: AudioLike | Unset = UNSET,
        callback_url: str | Unset = UNSET,
        diversion_treatment: DiversionTreatment | Unset = UNSET,
        diversion_reason: str | Unset = UNSET,
    ) -> Call:
        """Transfer the call to ``to`` and return the new outbound call.

        Makes two requests: the POST (``state: transferring``; the API answers 201 with the
        new call's id in ``Location``), then one GET of the new call. This call's ``state``
        is set to ``transferring`` in place, as sent; :meth:`refresh` reads what follows.
        ``callback_url`` receives the new call's events. The call must be ``active``, else
        :class:`~catapult.PermissionDeniedError` (``call-invalid-state``).
        """
        options = given(
            caller_id=caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
        )
        new_id = self.session.calls.transfer_id(self.id, to, **options)
        self.state = CallState.TRANSFERRING
        self.transfer_to = to
        if "caller_id" in options:
            self.transfer_caller_id = options["caller_id"]
        if "whisper_audio" in options:
            self.whisper_audio = audio_body(options["whisper_audio"])
        for name in ("diversion_treatment", "diversion_reason"):
            if name in options:
                setattr(self, name, options[name])
        return self.session.calls.get(new_id)

    def send_dtmf(self, digits: str) -> None:
        """Send key presses on the call: 1-92 of ``0-9 A-D # *``, pauses ``,`` ``w`` ``W``.

        Checked before sending (a non-string or bad digit raises
        :class:`~catapult.InvalidArgumentError` and nothing is sent).
        """
        self.session.calls.send_dtmf(self.id, digits)

    def events(self) -> Pager[CallEvent]:
        """Iterate the call's event log (lazily)."""
        return self.session.calls.events(self.id)

    def event(self, event_id: str) -> CallEvent:
        """Fetch one event of the call (one GET)."""
        return self.session.calls.event(self.id, event_id)

    def recordings(self) -> Pager[Recording]:
        """Iterate the call's recordings, one per span with recording on (lazily)."""
        return self.session.calls.recordings(self.id)

    def transcriptions(self) -> Pager[Transcription]:
        """Iterate the transcriptions of the call's recordings (lazily)."""
        return self.session.calls.transcriptions(self.id)

    def gather(
        self,
        *,
        max_digits: int | Unset = UNSET,
        inter_digit_timeout: int | Unset = UNSET,
        terminating_digits: str | Unset = UNSET,
        prompt: AudioLike | Unset = UNSET,
        tag: str | Unset = UNSET,
    ) -> Gather:
        """Start collecting the far end's key presses; returns the Gather.

        Makes two requests: the POST (201, id in ``Location``) and one GET of the gather.
        ``prompt`` is an :class:`Audio`, a :class:`GatherPrompt` (which adds ``bargeable``) or
        a dict. A call has one open gather at a time: a second raises
        :class:`~catapult.ConflictError` (``call-duplicate-gather-error``).
        """
        return self.session.calls.create_gather(
            self.id,
            **given(
                max_digits=max_digits,
                inter_digit_timeout=inter_digit_timeout,
                terminating_digits=terminating_digits,
                prompt=prompt,
                tag=tag,
            ),
        )

    def gather_by_id(self, gather_id: str) -> Gather:
        """Fetch one gather of the call (one GET)."""
        return self.session.calls.get_gather(self.id, gather_id)

    def play_audio(
        self,
        file_url: str,
        *,
        loop_enabled: bool | Unset = UNSET,
        tag: str | Unset = UNSET,
        volume: int | Unset = UNSET,
    ) -> None:
        """Play an audio file (WAV or MP3) on the call."""
        options = given(loop_enabled=loop_enabled, tag=tag, volume=volume)
        self.session.calls.play_audio(self.id, Audio(file_url=file_url, **options))

    def speak(
        self,
        sentence: str,
        *,
        gender: Gender | Unset = UNSET,
        locale: str | Unset = UNSET,
        voice: str | Unset = UNSET,
        loop_enabled: bool | Unset = UNSET,
        tag: str | Unset = UNSET,
        volume: int | Unset = UNSET,
    ) -> None:
        """Speak a sentence (text to speech) on the call."""
        options = given(
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
            volume=volume,
        )
        self.session.calls.play_audio(self.id, Audio(sentence=sentence, **options))

    def stop_audio(self) -> None:
        """Stop a playing audio file (sends ``{"fileUrl": ""}``)."""
        self.session.calls.play_audio(self.id, Audio(file_url=""))

    def stop_speaking(self) -> None:
        """Stop a sentence being spoken (sends ``{"sentence": ""}``)."""
        self.session.calls.play_audio(self.id, Audio(sentence=""))

    def bridge_with(self, other: Call | str, *, bridge_audio: bool | Unset = UNSET) -> Bridge:
        """Create a bridge joining this call and ``other`` (a Call or a call id); returns it.

        Two requests, like :meth:`Bridges.create`: the POST and one GET of the new bridge.
        """
        other_id = other if isinstance(other, str) else other.id
        audio = None if isinstance(bridge_audio, Unset) else bridge_audio
        return self.session.bridges.create(call_ids=[self.id, other_id], bridge_audio=audio)


class Calls(Manager):
    """``session.calls``: place, fetch, list and act on calls by id."""

    _collection = "calls"
    _id_name = "call_id"

    def create(
        self,
        *,
        from_: str,
        to: str,
        call_timeout: int | None = None,
        callback_url: str | None = None,
        callback_timeout: int | None = None,
        callback_http_method: Literal["GET", "POST"] | None = None,
        fallback_url: str | None = None,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: Literal["wav", "mp3"] | None = None,
        recording_max_duration: int | None = None,
        transcription_enabled: bool | None = None,
        tag: str | None = None,
        sip_headers: Mapping[str, str] | None = None,
    ) -> Call:
        """Place an outbound call and return it.

        Makes two requests: the POST (the answer carries only the new id, in ``Location``),
        then one GET. Use :meth:`create_id` to skip the GET. Arguments left as None are not
        sent, so the API's defaults apply (e.g. ``call_timeout`` 60 s).
        """
        return self.get(
            self.create_id(
                from_=from_,
                to=to,
                call_timeout=call_timeout,
                callback_url=callback_url,
                callback_timeout=callback_timeout,
                callback_http_method=callback_http_method,
                fallback_url=fallback_url,
                bridge_id=bridge_id,
                conference_id=conference_id,
                recording_enabled=recording_enabled,
                recording_file_format=recording_file_format,
                recording_max_duration=recording_max_duration,
                transcription_enabled=transcription_enabled,
                tag=tag,
                sip_headers=dict(sip_headers) if sip_headers is not None else None,
            )
        )

    def create_id(self, *, extra: Mapping[str, Any] | None = None, **arguments: Any) -> str:
        """Place an outbound call with one POST and return its id (arguments as :meth:`create`)."""
        return self._post_for_id(self._url(), build_body(CallCreateParams, extra, **arguments))

    def get(self, call_id: str) -> Call:
        """Fetch one call (one GET)."""
        return self._fetch(Call, self._url(call_id))

    def list(
        self,
        *,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        size: int | None = None,
        sort_order: Literal["asc", "desc"] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Pager[Call]:
        """Iterate the account's calls, newest first unless ``sort_order="asc"``.

        Filters are optional; ``bridge_id`` and ``conference_id`` lists are not paged by the
        API. Lazy: nothing is fetched before the first item, and one page is held at a time.
        """
        filters = build_body(
            CallListParams,
            extra,
            bridge_id=bridge_id,
            conference_id=conference_id,
            from_=from_,
            to=to,
            sort_order=sort_order,
        )
        return self._pager(Call, self._url(), page_params(size, **filters))

    def update(
        self,
        call_id: str,
        *,
        state: CallState | CallStateName | Unset | None = UNSET,
        recording_enabled: bool | Unset | None = UNSET,
        recording_file_format: RecordingFormat | Unset | None = UNSET,
        recording_max_duration: int | Unset | None = UNSET,
        transfer_to: str | Unset | None = UNSET,
        transfer_caller_id: str | Unset | None = UNSET,
        whisper_audio: AudioLike | Unset | None = UNSET,
        callback_url: str | Unset | None = UNSET,
        diversion_treatment: DiversionTreatment | Unset | None = UNSET,
        diversion_reason: str | Unset | None = UNSET,
        tag: str | Unset | None = UNSET,
        extra: Mapping[str, Any] | None = None,
    ) -> str | None:
        """Change a call, sending only the arguments given (one POST).

        Returns the id of the new call when the API answered with a ``Location`` (a
        transfer), else None. ``extra`` holds further wire fields, sent as given.
        """
        body = build_body(
            CallUpdateParams,
            extra,
            state=state,
            recording_enabled=recording_enabled,
            recording_file_format=recording_file_format,
            recording_max_duration=recording_max_duration,
            transfer_to=transfer_to,
            transfer_caller_id=transfer_caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
            tag=tag,
        )
        response = self._post(self._url(call_id), body)
        location = response.headers.get("Location")
        return id_from_location(location, self._url(call_id), self._url()) if location else None

    def transfer(
        self,
        call_id: str,
        to: str,
        *,
        caller_id: str | None = None,
        whisper_audio: AudioLike | None = None,
        callback_url: str | None = None,
        diversion_treatment: DiversionTreatment | None = None,
        diversion_reason: str | None = None,
    ) -> Call:
        """Transfer an active call to ``to``; returns the new outbound call.

        Two requests: the POST (201, new id in ``Location``) and one GET of the new call.
        Use :meth:`transfer_id` to skip the GET.
        """
        return self.get(
            self.transfer_id(
                call_id,
                to,
                caller_id=caller_id,
                whisper_audio=whisper_audio,
                callback_url=callback_url,
                diversion_treatment=diversion_treatment,
                diversion_reason=diversion_reason,
            )
        )

    def transfer_id(
        self,
        call_id: str,
        to: str,
        *,
        caller_id: str | None = None,
        whisper_audio: AudioLike | None = None,
        callback_url: str | None = None,
        diversion_treatment: DiversionTreatment | None = None,
        diversion_reason: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Transfer an active call with one POST and return the new call's id.

        Sends ``state: transferring`` with ``transferTo`` and the options given. A call that
        is not ``active`` raises :class:`~catapult.PermissionDeniedError`
        (``call-invalid-state``); an answer without ``Location`` raises
        :class:`~catapult.ResponseDecodeError`.
        """
        body = build_body(
            CallUpdateParams,
            extra,
            state="transferring",
            transfer_to=to,
            transfer_caller_id=caller_id,
            whisper_audio=whisper_audio,
            callback_url=callback_url,
            diversion_treatment=diversion_treatment,
            diversion_reason=diversion_reason,
        )
        return self._post_for_id(self._url(call_id), body, collection=self._url())

    def play_audio(self, call_id: str, audio: Audio | Mapping[str, Any]) -> None:
        """Play or speak ``audio`` on a call; a mapping is validated as :class:`Audio`."""
        self._post(self._url(call_id, "audio"), audio_body(audio))

    def send_dtmf(
        self, call_id: str, dtmf_out: str, *, extra: Mapping[str, Any] | None = None
    ) -> None:
        """Send key presses on an active call (one POST of ``{"dtmfOut": "..."}``).

        ``dtmf_out`` is checked before sending: a string of 1-92 of ``0-9 A-D # *`` and the
        pauses ``,`` ``w`` (0.5 s) and ``W`` (1 s), else :class:`~catapult.InvalidArgumentError`.
        """
        body = build_body(DtmfParams, extra, dtmf_out=dtmf_out)
        self._post(self._url(call_id, "dtmf"), body)

    def events(self, call_id: str) -> Pager[CallEvent]:
        """Iterate a call's event log (lazily)."""
        return self._pager(CallEvent, self._url(call_id, "events"))

    def event(self, call_id: str, event_id: str) -> CallEvent:
        """Fetch one event of a call (one GET)."""
        return self._fetch(CallEvent, self._url(call_id, "events", quote_id(event_id, "event_id")))

    def recordings(self, call_id: str) -> Pager[Recording]:
        """Iterate a call's recordings (lazily)."""
        return self._pager(Recording, self._url(call_id, "recordings"))

    def transcriptions(self, call_id: str) -> Pager[Transcription]:
        """Iterate the transcriptions of a call's recordings (lazily)."""
        return self._pager(Transcription, self._url(call_id, "transcriptions"))

    def create_gather(
        self,
        call_id: str,
        *,
        max_digits: int | None = None,
        inter_digit_timeout: int | None = None,
        terminating_digits: str | None = None,
        prompt: AudioLike | None = None,
        tag: str | None = None,
    ) -> Gather:
        """Start a DTMF gather on an active call; returns it.

        Two requests: the POST (201, id in ``Location``) and one GET of the gather. Use
        :meth:`create_gather_id` to skip the GET. A second open gather on the same call
        raises :class:`~catapult.ConflictError` (``call-duplicate-gather-error``).
        """
        gather_id = self.create_gather_id(
            call_id,
            max_digits=max_digits,
            inter_digit_timeout=inter_digit_timeout,
            terminating_digits=terminating_digits,
            prompt=prompt,
            tag=tag,
        )
        return self.get_gather(call_id, gather_id)

    def create_gather_id(
        self,
        call_id: str,
        *,
        max_digits: int | None = None,
        inter_digit_timeout: int | None = None,
        terminating_digits: str | None = None,
        prompt: AudioLike | None = None,
        tag: str | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Start a DTMF gather with one POST and return its id (arguments as create_gather)."""
        body = build_body(
            GatherParams,
            extra,
            max_digits=max_digits,
            inter_digit_timeout=inter_digit_timeout,
            terminating_digits=terminating_digits,
            prompt=prompt,
            tag=tag,
        )
        return self._post_for_id(self._url(call_id, "gather"), body)

    def get_gather(self, call_id: str, gather_id: str) -> Gather:
        """Fetch one gather of a call (one GET)."""
        url = self._url(call_id, "gather", quote_id(gather_id, "gather_id"))
        return self._fetch(Gather, url)._remember_call(call_id)

    def update_gather(
        self,
        call_id: str,
        gather_id: str,
        *,
        state: Literal["completed"] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Update a gather (one POST); the only change the API allows is ``state="completed"``."""
        body = build_body(GatherUpdateParams, extra, state=state)
        self._post(self._url(call_id, "gather", quote_id(gather_id, "gather_id")), body)

    def stop_gather(self, call_id: str, gather_id: str) -> None:
        """Stop a gather: one POST of ``{"state": "completed"}``."""
        self.update_gather(call_id, gather_id, state="completed")
