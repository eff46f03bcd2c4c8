"""The conference, recording and transcription methods of :class:`~catapult.Client`
(bandwidth-sdk 3.1.0's names and arguments, without its bugs: nothing unset is sent, audio
dicts are sent as audio, and the speak/play helpers send what they are given)."""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any

from typing_extensions import Unpack, overload

from ._facade import (
    Facade,
    OldFile,
    OldSpeech,
    as_generator,
    old_id_helper,
    unfold_audio,
)
from .resources import conference_params as conf_api
from .resources import recordings as rec_api
from .resources.call_records import Recording, Transcription
from .resources.conferences import Conference, ConferenceMember


class ConferenceMethods(Facade):
    """``create_conference``, ``create_conference_member``, ``list_recordings`` ..."""

    def create_conference(
        self,
        from_: str,
        callback_url: str | None = None,
        callback_timeout: int | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        tag: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Create a conference hosted by ``from_`` with one request; returns its id."""
        return self._create(conf_api.CREATE, locals())

    def get_conference(self, conference_id: str) -> Conference:
        """Fetch a conference; ``conference["state"]`` and ``conference.state`` both work."""
        return self.conferences.get(conference_id)

    def update_conference(
        self,
        conference_id: str,
        state: str | None = None,
        mute: bool | None = None,
        hold: bool | None = None,
        callback_url: str | None = None,
        callback_timeout: int | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        tag: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Update a conference, sending only the arguments given."""
        self._send(conf_api.UPDATE, locals())

    def play_audio_to_conference(
        self,
        conference_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence to every member (exactly one of the two)."""
        self._send(conf_api.AUDIO, unfold_audio(locals()))

    @overload
    def speak_sentence_to_conference(
        self,
        conference_id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None: ...
    @overload
    def speak_sentence_to_conference(self, *, id: str, **speech: Unpack[OldSpeech]) -> None: ...
    @old_id_helper(conf_api.AUDIO)
    def speak_sentence_to_conference(self, *args: Any, **kwargs: Any) -> None:
        """Speak a sentence to the conference (``id=`` is the original name of the id)."""

    @overload
    def play_audio_file_to_conference(
        self, conference_id: str, file_url: str, tag: str | None = None
    ) -> None: ...
    @overload
    def play_audio_file_to_conference(self, *, id: str, **audio: Unpack[OldFile]) -> None: ...
    @old_id_helper(conf_api.AUDIO)
    def play_audio_file_to_conference(self, *args: Any, **kwargs: Any) -> None:
        """Play an audio file to the conference (``id=`` is the original name of the id)."""

    def terminate_conference(self, conference_id: str) -> None:
        """End a conference (``{"state": "completed"}``)."""
        self.conferences.update(conference_id, state="completed")

    def hold_conference(self, conference_id: str, hold: bool) -> None:
        """Hold (True) or unhold (False) every member."""
        self.conferences.update(conference_id, hold=conf_api.on_or_off("hold", hold))

    def mute_conference(self, conference_id: str, mute: bool) -> None:
        """Mute (True) or unmute (False) every member."""
        self.conferences.update(conference_id, mute=conf_api.on_or_off("mute", mute))

    # -- members ----------------------------------------------------------------------------

    def list_conference_members(
        self, conference_id: str
    ) -> Generator[ConferenceMember, None, None]:
        """Iterate a conference's members, removed ones included (lazily)."""
        return as_generator(self.conferences.members(conference_id))

    def create_conference_member(
        self,
        conference_id: str,
        call_id: str | None = None,
        join_tone: bool | None = None,
        leaving_tone: bool | None = None,
        mute: bool | None = None,
        hold: bool | None = None,
        **kwargs: Any,
    ) -> str:
        """Add an active call to a conference with one request; returns the member id."""
        return self._create(conf_api.ADD_MEMBER, locals())

    def get_conference_member(self, conference_id: str, member_id: str) -> ConferenceMember:
        """Fetch one member of a conference."""
        return self.conferences.get_member(conference_id, member_id)

    def update_conference_member(
        self,
        conference_id: str,
        member_id: str,
        join_tone: bool | None = None,
        leaving_tone: bool | None = None,
        mute: bool | None = None,
        hold: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Update a member, sending only the arguments given (``state`` through kwargs)."""
        self._send(conf_api.UPDATE_MEMBER, locals())

    def play_audio_to_conference_member(
        self,
        conference_id: str,
        member_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence to one member (exactly one of the two)."""
        self._send(conf_api.MEMBER_AUDIO, unfold_audio(locals()))

    def speak_sentence_to_conference_member(
        self,
        conference_id: str,
        member_id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None:
        """Speak a sentence to one member (the API's default voice unless one is given)."""
        self._send(conf_api.MEMBER_AUDIO, locals())

    def play_audio_file_to_conference_member(
        self, conference_id: str, member_id: str, file_url: str, tag: str | None = None
    ) -> None:
        """Play an audio file to one member."""
        self._send(conf_api.MEMBER_AUDIO, locals())

    def remove_conference_member(self, conference_id: str, member_id: str) -> None:
        """Remove a member (``{"state": "completed"}``)."""
        self.conferences.update_member(conference_id, member_id, state="completed")

    def hold_conference_member(self, conference_id: str, member_id: str, hold: bool) -> None:
        """Hold (True) or unhold (False) one member."""
        self.conferences.update_member(
            conference_id, member_id, hold=conf_api.on_or_off("hold", hold)
        )

    def mute_conference_member(self, conference_id: str, member_id: str, mute: bool) -> None:
        """Mute (True) or unmute (False) one member."""
        self.conferences.update_member(
            conference_id, member_id, mute=conf_api.on_or_off("mute", mute)
        )

    # -- recordings and transcriptions ------------------------------------------------------

    def list_recordings(
        self, size: int | None = None, **kwargs: Any
    ) -> Generator[Recording, None, None]:
        """Iterate the account's recordings lazily, ``size`` per page (1-1000)."""
        return self._list(Recording, rec_api.LIST, locals())

    def get_recording(self, recording_id: str) -> Recording:
        """Fetch one recording; ``media_name`` is the last segment of its ``media`` URL."""
        return self.recordings.get(recording_id)

    def list_transcriptions(
        self, recording_id: str, size: int | None = None, **kwargs: Any
    ) -> Generator[Transcription, None, None]:
        """Iterate a recording's transcriptions lazily."""
        return self._list(Transcription, rec_api.LIST_TRANSCRIPTIONS, locals())

    def create_transcription(self, recording_id: str) -> str:
        """Ask for a transcription of a ``complete`` recording; returns its id."""
        return self.transcriptions.create_id(recording_id)

    def get_transcription(self, recording_id: str, transcription_id: str) -> Transcription:
        """Fetch one transcription of a recording."""
        return self.transcriptions.get(recording_id, transcription_id)
