"""Audio: what to play or speak on a bridge or call, a transfer whisper or a gather prompt.

The mixins that play it (:class:`Audible`, :class:`Playing`) live in :mod:`._playing`, so a
model that plays does not import this module's checks before its first audio is sent.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, cast

from pydantic import model_validator
from typing_extensions import TypedDict, Unpack

from .. import _rules as rules
from .._fields import Nested, body_spec, checked
from .._params import RequestBody
from ._playing import Audible as Audible
from ._playing import Playing as Playing
from ._playing import audio_arguments as audio_arguments

Gender = rules.GenderName
"""Voice gender for a sentence."""


class Audio(RequestBody):
    """One audio request: a file to play or a sentence to speak (docs/wire/calls.md#audio).

    Exactly one of ``file_url`` and ``sentence`` is given. An empty string stops what is
    playing (``Audio(file_url="")`` stops a file, ``Audio(sentence="")`` stops speech).
    """

    __one_of__: ClassVar[tuple[str, ...]] = ("file_url", "sentence")

    file_url: Annotated[str, rules.FILE_URL] | None = None
    """URL of a WAV or MP3 file to play."""
    sentence: Annotated[str, rules.SENTENCE] | None = None
    """Text to speak, at most 1,000 characters."""
    gender: Annotated[Gender, rules.GENDER] | None = None
    """Voice gender for a sentence, in any case (``"Female"`` is sent as ``female``); the
    API's default is ``female``."""
    locale: Annotated[str, rules.LOCALE] | None = None
    """Accent for a sentence, e.g. ``en_US``, ``en_UK``, ``es_MX``, ``fr_FR``, ``de_DE``."""
    voice: Annotated[str, rules.VOICE] | None = None
    """Voice for a sentence, e.g. ``Kate``, ``Susan``, ``Julie``, ``Paul``, ``Jorge``."""
    loop_enabled: Annotated[bool, rules.FLAG] | None = None
    """Keep repeating the audio until stopped."""
    tag: Annotated[str, rules.TAG] | None = None
    """Echoed back in the ``speak``/``playback`` events."""
    volume: Annotated[int, rules.VOLUME] | None = None
    """Volume from -4 to 4 (calls only)."""

    @model_validator(mode="before")
    @classmethod
    def _by_the_rules(cls, data: Any) -> Any:
        # The same check the SDK applies to audio dicts and the emulator to what it receives
        # (``"Female"`` becomes ``female``); pydantic then only stores the checked values.
        if isinstance(data, dict):
            given = {k: v for k, v in cast("dict[str, Any]", data).items() if v is not None}
            return checked(body_spec(cls), given)
        return data

    @classmethod
    def speak(cls, sentence: str, **options: Unpack[SpeakOptions]) -> Audio:
        """A sentence to speak (``gender``, ``locale``, ``voice``, ``loop_enabled``, ``tag``)."""
        return cls(sentence=sentence, **options)

    @classmethod
    def file(cls, file_url: str, **options: Unpack[AudioOptions]) -> Audio:
        """An audio file to play (``loop_enabled``, ``tag``)."""
        return cls(file_url=file_url, **options)


class GatherPrompt(Audio):
    """A gather prompt: an :class:`Audio` that may also say ``bargeable``.

    See docs/wire/calls.md#gather.

    ``bargeable`` defaults to true on the API side and is deprecated; it cannot be turned off.
    A plain :class:`Audio` or a dict is accepted wherever a prompt is.
    """

    bargeable: Annotated[bool, rules.BARGEABLE] | None = None
    """Whether a key press interrupts the prompt (only ``True`` is accepted)."""


AudioLike = Audio | dict[str, Any]
"""An audio value: :class:`Audio`, or a dict with its snake_case or camelCase keys."""


class AudioOptions(TypedDict, total=False):
    """Options of a sentence or file played on a bridge (``Bridge.speak``, ``play_audio``)."""

    loop_enabled: bool
    """Keep repeating the audio until stopped."""
    tag: str
    """Echoed back in the ``speak``/``playback`` events."""


class SpeakOptions(AudioOptions, total=False):
    """Voice options of a sentence spoken on a bridge."""

    gender: Gender
    """Voice gender; the API's default is ``female``."""
    locale: str
    """Accent, e.g. ``en_US``, ``en_UK``, ``es_MX``, ``fr_FR``, ``de_DE``."""
    voice: str
    """Voice, e.g. ``Kate``, ``Susan``, ``Julie``, ``Paul``, ``Jorge``."""


class CallAudioOptions(AudioOptions, total=False):
    """Options of a file played on a call."""

    volume: int
    """Volume from -4 to 4."""


class CallSpeakOptions(SpeakOptions, total=False):
    """Options of a sentence spoken on a call."""

    volume: int
    """Volume from -4 to 4."""


CALL_AUDIO = Nested(Audio)
"""Audio on a call."""
PROMPT = Nested(GatherPrompt, without=("volume",))
"""A gather's prompt (``bargeable`` may be given, ``volume`` may not)."""
