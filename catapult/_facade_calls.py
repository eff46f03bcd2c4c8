"""The call methods of :class:`~catapult.Client` (bandwidth-sdk 3.1.0's names and arguments)."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any

from typing_extensions import Unpack, overload

from ._facade import Facade, OldFile, OldSpeech, as_generator, old_id_helper, unfold_audio
from .resources import call_params as call_api
from .resources.audio import Audio
from .resources.call_records import CallEvent, Gather, Recording, Transcription
from .resources.calls import Call


class CallMethods(Facade):
    """``create_call``, ``update_call``, ``transfer_call`` ... as the original client had them."""

    def list_calls(
        self,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        size: int | None = None,
        sort_order: str | None = None,
        **kwargs: Any,
    ) -> Generator[Call, None, None]:
        """Iterate calls lazily, with optional filters."""
        return self._list(Call, call_api.LIST, locals())

    def create_call(
        self,
        from_: str,
        to: str,
        call_timeout: int | None = None,
        callback_url: str | None = None,
        callback_timeout: int | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        recording_max_duration: int | None = None,
        transcription_enabled: bool | None = None,
        tag: str | None = None,
        sip_headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> str:
        """Place an outbound call with one request and return its id."""
        return self._create(call_api.CREATE, locals())

    def get_call(self, call_id: str) -> Call:
        """Fetch a call; ``call["state"]`` and ``call.state`` both work."""
        return self.calls.get(call_id)

    def update_call(
        self,
        call_id: str,
        state: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        transfer_to: str | None = None,
        transfer_caller_id: str | None = None,
        whisper_audio: Audio | Mapping[str, Any] | None = None,
        callback_url: str | None = None,
        **kwargs: Any,
    ) -> str | None:
        """Update a call, sending only the arguments given.

        Returns the id of the new call when the update was a transfer, else None.
        """
        return self._created_id(call_api.UPDATE, locals())

    def answer_call(self, call_id: str) -> None:
        """Answer an incoming call."""
        self.calls.update(call_id, state="active")

    def reject_call(self, call_id: str) -> None:
        """Reject an incoming call."""
        self.calls.update(call_id, state="rejected")

    def hangup_call(self, call_id: str) -> None:
        """Hang up a call."""
        self.calls.update(call_id, state="completed")

    def send_dtmf_to_call(self, call_id: str, dtmf_out: str | int, **kwargs: Any) -> None:
        """Send key presses (``0-9 A-D # *``, pauses ``, w W``, at most 92) on a call.

        ``dtmfOut`` is always sent as a string: an int (the original client's own test used
        ``12``) is converted; anything else that is not a valid DTMF string raises
        :class:`~catapult.InvalidArgumentError` before sending.
        """
        if isinstance(dtmf_out, int) and not isinstance(dtmf_out, bool):
            dtmf_out = str(dtmf_out)
        self._send(call_api.DTMF, locals())

    def list_call_recordings(self, call_id: str) -> Generator[Recording, None, None]:
        """Iterate the recordings of a call."""
        return as_generator(self.calls.recordings(call_id))

    def list_call_transcriptions(self, call_id: str) -> Generator[Transcription, None, None]:
        """Iterate the transcriptions of a call's recordings."""
        return as_generator(self.calls.transcriptions(call_id))

    def list_call_events(self, call_id: str) -> Generator[CallEvent, None, None]:
        """Iterate the events of a call."""
        return as_generator(self.calls.events(call_id))

    def get_call_event(self, call_id: str, event_id: str) -> CallEvent:
        """Fetch one event of a call; ``event["name"]`` and ``event.name`` both work."""
        return self.calls.event(call_id, event_id)

    def create_call_gather(
        self,
        call_id: str,
        max_digits: int | None = None,
        inter_digit_timeout: int | None = None,
        terminating_digits: str | None = None,
        tag: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Start a DTMF gather on a call with one request and return its id.

        Numbers are sent as JSON numbers; ``prompt=`` (an audio dict, e.g. from
        :meth:`build_sentence`, which may add ``bargeable``) can be passed as a keyword.
        """
        return self._create(call_api.GATHER, locals())

    def get_call_gather(self, call_id: str, gather_id: str) -> Gather:
        """Fetch a gather of a call; ``gather["digits"]`` and ``gather.digits`` both work."""
        return self.calls.get_gather(call_id, gather_id)

    def update_call_gather(
        self, call_id: str, gather_id: str, state: str | None = None, **kwargs: Any
    ) -> None:
        """Update a gather; the only change allowed is ``state="completed"`` (stop it)."""
        self._send(call_api.UPDATE_GATHER, locals())

    def enable_call_recording(self, call_id: str) -> None:
        """Turn recording on (``{"recordingEnabled": true}``)."""
        self.calls.update(call_id, recording_enabled=True)

    def disable_call_recording(self, call_id: str) -> None:
        """Turn recording off (``{"recordingEnabled": false}``)."""
        self.calls.update(call_id, recording_enabled=False)

    def toggle_call_recording(self, call_id: str) -> bool:
        """Turn recording off if it is on, else on; returns the new setting.

        Two requests, as in the original client: a GET of the call, then the POST. The two are
        not atomic: a change made by someone else in between is overwritten.
        """
        enabled = not self.calls.get(call_id).recording_enabled
        self.calls.update(call_id, recording_enabled=enabled)
        return enabled

    def transfer_call(
        self,
        call_id: str,
        to: str,
        caller_id: str | None = None,
        whisper_audio: Audio | Mapping[str, Any] | None = None,
        callback_url: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Transfer an active call with one request and return the new call's id.

        ``whisper_audio`` is an audio dict (:meth:`build_sentence`, :meth:`build_audio_playback`)
        or an :class:`Audio`; it is sent as ``whisperAudio``. ``callback_url`` gets the new
        call's events.
        """
        return self._create(call_api.TRANSFER, locals())

    def play_audio_to_call(
        self,
        call_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence on a call.

        As documented for the original client, an audio dict from :meth:`build_sentence` or
        :meth:`build_audio_playback` may be passed as the second argument.
        """
        self._send(call_api.AUDIO, unfold_audio(locals()))

    @overload
    def play_audio_file_to_call(
        self, call_id: str, file_url: str, tag: str | None = None
    ) -> None: ...
    @overload
    def play_audio_file_to_call(self, *, id: str, **audio: Unpack[OldFile]) -> None: ...
    @old_id_helper(call_api.AUDIO)
    def play_audio_file_to_call(self, *args: Any, **kwargs: Any) -> None:
        """Play an audio file on a call (``id=`` is the original name of ``call_id``)."""

    @overload
    def speak_sentence_to_call(
        self,
        call_id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None: ...
    @overload
    def speak_sentence_to_call(self, *, id: str, **speech: Unpack[OldSpeech]) -> None: ...
    @old_id_helper(call_api.AUDIO)
    def speak_sentence_to_call(self, *args: Any, **kwargs: Any) -> None:
        """Speak a sentence on a call.

        ``id=`` is accepted as the original client's name of ``call_id``.
        """
