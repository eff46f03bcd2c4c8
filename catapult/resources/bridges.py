"""Bridges: two calls joined by a two-way audio path (API notes §2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import Field, StrictBool
from typing_extensions import Self

from .._model import UNSET, OpenEnum, Resource, Timestamp, Unset, given
from .._pagination import Pager
from .._params import RequestBody, build_body
from ._ids import BridgeCallIds
from ._manager import Manager
from ._paging import page_params
from .audio import Audio, Gender, audio_body
from .calls import Call


class BridgeState(OpenEnum):
    """Where a bridge is in its life (API notes §2.2); unknown states are accepted."""

    CREATED = "created"
    ACTIVE = "active"
    HOLD = "hold"
    COMPLETED = "completed"
    ERROR = "error"


class BridgeParams(RequestBody):
    """Body of bridge create and update."""

    #: The calls in the bridge, at most two. On update it replaces the membership.
    call_ids: BridgeCallIds | None = None
    #: False puts the calls on hold.
    bridge_audio: StrictBool | None = None


class Bridge(Resource):
    """A bridge, bound to the session that fetched it."""

    #: Bridge id, ``brg-...``.
    id: str
    #: ``created``, ``active``, ``hold``, ``completed`` or ``error``.
    state: BridgeState | None = None
    #: Whether the two-way audio path is on (False: calls on hold).
    bridge_audio: bool | None = None
    #: Ids of the calls currently in the bridge, when the API sends them.
    call_ids: list[str] | None = None
    #: URL of the bridge's calls (wire name ``calls``; use :meth:`calls` to list them).
    calls_url: str | None = Field(default=None, alias="calls")
    #: When the bridge was created.
    created_time: Timestamp | None = None
    #: When audio was first bridged; absent until then.
    activated_time: Timestamp | None = None
    #: When the bridge completed; absent until then.
    completed_time: Timestamp | None = None

    def refresh(self) -> Self:
        """Re-read the bridge in place (one GET); returns it."""
        self._replace_with(self.session.bridges.get(self.id))
        return self

    def update(
        self,
        *,
        call_ids: Sequence[str] | Unset = UNSET,
        bridge_audio: bool | Unset = UNSET,
    ) -> Self:
        """Change membership or hold, sending only the arguments given (one POST).

        ``call_ids`` replaces the calls in the bridge (``[]`` removes all and completes it);
        ``bridge_audio=False`` holds, ``True`` unholds. The given values are applied to this
        object; the state the server derives from them (e.g. ``hold``) is read by
        :meth:`refresh`, which this method does not call.
        """
        self.session.bridges.update(self.id, call_ids=call_ids, bridge_audio=bridge_audio)
        if not isinstance(call_ids, Unset):
            self.call_ids = [call_ids] if isinstance(call_ids, str) else list(call_ids)
        if not isinstance(bridge_audio, Unset):
            self.bridge_audio = bridge_audio
        return self

    def calls(self) -> Pager[Call]:
        """Iterate the calls that were in the bridge (lazily; one GET per page)."""
        return self.session.bridges.calls(self.id)

    def play_audio(
        self, file_url: str, *, loop_enabled: bool | Unset = UNSET, tag: str | Unset = UNSET
    ) -> None:
        """Play an audio file (WAV or MP3) to both calls."""
        audio = Audio(file_url=file_url, **given(loop_enabled=loop_enabled, tag=tag))
        self.session.bridges.play_audio(self.id, audio)

    def speak(
        self,
        sentence: str,
        *,
        gender: Gender | Unset = UNSET,
        locale: str | Unset = UNSET,
        voice: str | Unset = UNSET,
        loop_enabled: bool | Unset = UNSET,
        tag: str | Unset = UNSET,
    ) -> None:
        """Speak a sentence (text to speech) to both calls."""
        options = given(
            gender=gender, locale=locale, voice=voice, loop_enabled=loop_enabled, tag=tag
        )
        self.session.bridges.play_audio(self.id, Audio(sentence=sentence, **options))

    def stop_audio(self) -> None:
        """Stop a playing audio file (sends ``{"fileUrl": ""}``)."""
        self.session.bridges.play_audio(self.id, Audio(file_url=""))

    def stop_speaking(self) -> None:
        """Stop a sentence being spoken (sends ``{"sentence": ""}``)."""
        self.session.bridges.play_audio(self.id, Audio(sentence=""))


class Bridges(Manager):
    """``session.bridges``: create, fetch, list and act on bridges by id."""

    _collection = "bridges"
    _id_name = "bridge_id"

    def create(
        self,
        *,
        call_ids: Sequence[str] | None = None,
        bridge_audio: bool | None = None,
    ) -> Bridge:
        """Create a bridge and return it.

        Makes two requests: the POST, whose answer carries only the new id (in ``Location``),
        then one GET for the bridge itself. Use :meth:`create_id` to skip the GET.
        Without ``call_ids`` the bridge is created empty; calls join later.
        """
        return self.get(self.create_id(call_ids=call_ids, bridge_audio=bridge_audio))

    def create_id(
        self,
        *,
        call_ids: Sequence[str] | None = None,
        bridge_audio: bool | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> str:
        """Create a bridge with one POST and return its id."""
        body = build_body(BridgeParams, extra, call_ids=call_ids, bridge_audio=bridge_audio)
        return self._post_for_id(self._url(), body)

    def get(self, bridge_id: str) -> Bridge:
        """Fetch one bridge (one GET)."""
        return self._fetch(Bridge, self._url(bridge_id))

    def list(
        self, *, size: int | None = None, extra: Mapping[str, Any] | None = None
    ) -> Pager[Bridge]:
        """Iterate every bridge of the account, ``size`` per page (1-1000, API default 25).

        Lazy: nothing is fetched before the first item, and one page is held at a time.
        ``extra`` holds further query parameters, sent as given (the seed client's kwargs).
        """
        return self._pager(Bridge, self._url(), page_params(size, **(extra or {})))

    def update(
        self,
        bridge_id: str,
        *,
        call_ids: Sequence[str] | Unset | None = UNSET,
        bridge_audio: bool | Unset | None = UNSET,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        """Change a bridge's calls or hold it, sending only what is given (one POST)."""
        body = build_body(BridgeParams, extra, call_ids=call_ids, bridge_audio=bridge_audio)
        self._post(self._url(bridge_id), body)

    def calls(self, bridge_id: str) -> Pager[Call]:
        """Iterate the calls that were in a bridge."""
        return self._pager(Call, self._url(bridge_id, "calls"))

    def play_audio(self, bridge_id: str, audio: Audio | Mapping[str, Any]) -> None:
        """Play or speak ``audio`` to a bridge; a mapping is validated as :class:`Audio`."""
        self._post(self._url(bridge_id, "audio"), audio_body(audio))
