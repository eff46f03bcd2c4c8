"""The seed document's bridge methods of :class:`~catapult.Client`."""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from typing import Any

from typing_extensions import Unpack, overload

from ._facade import Facade, OldFile, OldSpeech, as_generator, old_id_helper, unfold_audio
from .resources import bridges as bridge_api
from .resources.bridges import Bridge
from .resources.calls import Call


class BridgeMethods(Facade):
    """``list_bridges``, ``create_bridge``, ``get_bridge`` ... as the original client had them."""

    def list_bridges(self, size: int | None = None, **kwargs: Any) -> Generator[Bridge, None, None]:
        """Iterate the account's bridges lazily, ``size`` per page (1-1000)."""
        return self._list(Bridge, bridge_api.LIST, locals())

    def create_bridge(
        self, call_ids: Sequence[str] | None = None, bridge_audio: bool | None = None, **kwargs: Any
    ) -> str:
        """Create a bridge with one request and return its id."""
        return self._create(bridge_api.CREATE, locals())

    def get_bridge(self, bridge_id: str) -> Bridge:
        """Fetch a bridge; ``bridge["state"]`` and ``bridge.state`` both work."""
        return self.bridges.get(bridge_id)

    def update_bridge(
        self,
        bridge_id: str,
        call_ids: Sequence[str] | None = None,
        bridge_audio: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Update a bridge, sending only the arguments given (``call_ids`` is left as is)."""
        self._send(bridge_api.UPDATE, locals())

    def list_bridge_calls(self, bridge_id: str) -> Generator[Call, None, None]:
        """Iterate the calls that were in a bridge."""
        return as_generator(self.bridges.calls(bridge_id))

    get_bridge_calls = list_bridge_calls
    """The name the seed document's own example uses."""

    def play_audio_to_bridge(
        self,
        bridge_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence to a bridge (exactly one of the two)."""
        self._send(bridge_api.AUDIO, unfold_audio(locals()))

    @overload
    def play_audio_file_to_bridge(
        self, bridge_id: str, file_url: str, tag: str | None = None
    ) -> None: ...
    @overload
    def play_audio_file_to_bridge(self, *, id: str, **audio: Unpack[OldFile]) -> None: ...
    @old_id_helper(bridge_api.AUDIO)
    def play_audio_file_to_bridge(self, *args: Any, **kwargs: Any) -> None:
        """Play an audio file to a bridge (``id=`` is the original name of ``bridge_id``)."""

    @overload
    def speak_sentence_to_bridge(
        self,
        bridge_id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None: ...
    @overload
    def speak_sentence_to_bridge(self, *, id: str, **speech: Unpack[OldSpeech]) -> None: ...
    @old_id_helper(bridge_api.AUDIO)
    def speak_sentence_to_bridge(self, *args: Any, **kwargs: Any) -> None:
        """Speak a sentence to a bridge (the API's default voice unless one is given).

        ``id=`` is accepted as the original client's name of ``bridge_id``.
        """
