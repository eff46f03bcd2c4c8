"""Audio: what to play or speak on a bridge or call, a transfer whisper or a gather prompt."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator
from typing_extensions import Self

from .._params import RequestBody, build_body

Gender = Literal["male", "female"]


class Audio(RequestBody):
    """One audio request: a file to play or a sentence to speak (API notes §4).

    Exactly one of ``file_url`` and ``sentence`` is given. An empty string stops what is
    playing (``Audio(file_url="")`` stops a file, ``Audio(sentence="")`` stops speech).
    """

    #: URL of a WAV or MP3 file to play.
    file_url: str | None = None
    #: Text to speak, at most 1,000 characters.
    sentence: Annotated[str, Field(max_length=1000)] | None = None
    #: Voice gender for a sentence, in any case (``"Female"`` is sent as ``female``); the
    #: API's default is ``female``.
    gender: Gender | None = None
    #: Accent for a sentence, e.g. ``en_US``, ``en_UK``, ``es_MX``, ``fr_FR``, ``de_DE``.
    locale: str | None = None
    #: Voice for a sentence, e.g. ``Kate``, ``Susan``, ``Julie``, ``Paul``, ``Jorge``.
    voice: str | None = None
    #: Keep repeating the audio until stopped.
    loop_enabled: bool | None = None
    #: Echoed back in the ``speak``/``playback`` events.
    tag: str | None = None
    #: Volume from -4 to 4 (calls only).
    volume: Annotated[int, Field(ge=-4, le=4)] | None = None

    @field_validator("gender", mode="before")
    @classmethod
    def _lower_gender(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.file_url is None) == (self.sentence is None):
            raise ValueError("give exactly one of file_url (a file to play) or sentence (to speak)")
        return self

    @classmethod
    def speak(
        cls,
        sentence: str,
        *,
        gender: Gender | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        tag: str | None = None,
    ) -> Audio:
        """A sentence to speak."""
        return cls(
            sentence=sentence,
            gender=gender,
            locale=locale,
            voice=voice,
            loop_enabled=loop_enabled,
            tag=tag,
        )

    @classmethod
    def file(
        cls, file_url: str, *, loop_enabled: bool | None = None, tag: str | None = None
    ) -> Audio:
        """An audio file to play."""
        return cls(file_url=file_url, loop_enabled=loop_enabled, tag=tag)


def audio_body(audio: Audio | Mapping[str, Any]) -> dict[str, Any]:
    """The wire body of an Audio value, or of a dict with snake_case or camelCase keys."""
    if isinstance(audio, Audio):
        return audio.to_wire()
    return build_body(Audio, None, **dict(audio))
