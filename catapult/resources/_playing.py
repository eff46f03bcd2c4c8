"""Playing and speaking on a bridge, call, conference or member: the mixins the models share.

Kept apart from :mod:`.audio` (the :class:`~catapult.Audio` body and its rules) so that a
model can play without its module importing the request-body checks: they are imported with
the first audio sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from typing_extensions import Unpack

from .._errors import InvalidArgumentError
from .._model import Resource

if TYPE_CHECKING:
    from .audio import AudioLike, AudioOptions, SpeakOptions


class Playing(Resource):
    """Stop what plays on a bridge, call, conference or member (``_play`` sends the audio).

    ``play_audio`` and ``speak`` are :class:`Audible`'s, or a call's own (a call takes
    ``volume`` too).
    """

    def _play(self, audio: AudioLike) -> None:
        raise NotImplementedError

    def stop_audio(self) -> None:
        """Stop a playing audio file (sends ``{"fileUrl": ""}``)."""
        self._play({"file_url": ""})

    def stop_speaking(self) -> None:
        """Stop a sentence being spoken (sends ``{"sentence": ""}``)."""
        self._play({"sentence": ""})


class Audible(Playing):
    """Play and speak to a bridge, a conference or one member."""

    def play_audio(self, file_url: str, **options: Unpack[AudioOptions]) -> None:
        """Play an audio file (WAV or MP3)."""
        self._play({"file_url": file_url, **options})

    def speak(self, sentence: str, **options: Unpack[SpeakOptions]) -> None:
        """Speak a sentence (text to speech)."""
        self._play({"sentence": sentence, **options})


def audio_arguments(audio: AudioLike) -> dict[str, Any]:
    """An audio value as arguments to check: an Audio's fields, or the dict as given."""
    from .audio import Audio  # the body and its checks, imported with the first audio sent

    if isinstance(audio, Audio):
        return audio.to_wire()
    if not isinstance(audio, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidArgumentError(
            "audio must be an Audio or a dict of its fields (Audio.file(url), "
            f"Audio.speak(sentence), {{'file_url': ...}}), got {type(audio).__name__}"
        )
    return dict(cast("Mapping[str, Any]", audio))
