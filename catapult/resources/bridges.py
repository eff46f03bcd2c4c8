"""Bridges: two calls joined by a two-way audio path (docs/wire/bridges.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field
from typing_extensions import Self, TypedDict, Unpack

from .._lazy import LazyModule
from .._pagination import Pager
from .._values import OpenEnum, Timestamp
from ._manager import Endpoint, Manager, SubList
from ._playing import Audible, audio_arguments
from .actions_async import BridgeActionsAsync

if TYPE_CHECKING:
    from .. import _rules as rules
    from .audio import Audio, AudioLike
    from .calls import Call
else:  # the rules are read with the declarations, on a bridge's first request
    rules = LazyModule(".._rules", __package__)  # or by typing.get_type_hints(BridgeParams)


class BridgeState(OpenEnum):
    """Where a bridge is in its life (docs/wire/bridges.md#states); unknown states are accepted."""

    CREATED = "created"
    ACTIVE = "active"
    HOLD = "hold"
    COMPLETED = "completed"
    ERROR = "error"


class BridgeParams(TypedDict, total=False):
    """Body of bridge create and update."""

    call_ids: Annotated[Sequence[str], rules.BRIDGE_CALL_IDS]
    """The calls in the bridge, at most two. On update it replaces the membership."""
    bridge_audio: Annotated[bool, rules.FLAG]
    """False puts the calls on hold."""


class BridgeListParams(TypedDict, total=False):
    """Query of ``GET /bridges``."""

    size: Annotated[int, rules.PAGE_SIZE]
    """Items per page, 1 to 1,000 (API default 25)."""


CREATE = Endpoint("POST", "bridges", BridgeParams)
GET = Endpoint("GET", "bridges/{bridge_id}")
LIST = Endpoint("GET", "bridges", BridgeListParams)
UPDATE = Endpoint("POST", "bridges/{bridge_id}", BridgeParams, changes=True)


def _audio_body() -> type[Audio]:
    from .audio import Audio  # imported with the first audio sent to a bridge

    return Audio


AUDIO = Endpoint("POST", "bridges/{bridge_id}/audio", _audio_body, without=("volume",))


def _call_model() -> type[Call]:
    from .calls import Call  # imported when a bridge's calls are first listed

    return Call


CALLS = SubList(
    _call_model, "bridges/{bridge_id}/calls", "Iterate the calls that were in the bridge."
)


class Bridge(BridgeActionsAsync, Audible):
    """A bridge, bound to the session that fetched it."""

    if TYPE_CHECKING:
        calls: ClassVar[SubList[Call]] = CALLS
        """``bridge.calls()``: the calls that were in it, a lazy :class:`~catapult.Pager`."""
    else:  # Call is imported on first use: at run time the annotation names no Call, so
        calls: ClassVar[SubList] = CALLS  # typing.get_type_hints(Bridge) resolves it

    id: str
    """Bridge id, ``brg-...``."""
    state: BridgeState | None = None
    """``created``, ``active``, ``hold``, ``completed`` or ``error``."""
    bridge_audio: bool | None = None
    """Whether the two-way audio path is on (False: calls on hold)."""
    call_ids: list[str] | None = None
    """Ids of the calls currently in the bridge, when the API sends them."""
    calls_url: str | None = Field(default=None, alias="calls")
    """URL of the bridge's calls (wire name ``calls``; use :meth:`calls` to list them)."""
    created_time: Timestamp | None = None
    """When the bridge was created."""
    activated_time: Timestamp | None = None
    """When audio was first bridged; absent until then."""
    completed_time: Timestamp | None = None
    """When the bridge completed; absent until then."""

    def refresh(self) -> Self:
        """Re-read the bridge in place (one GET); returns it."""
        self._replace_with(self.session.bridges.get(self.id))
        return self

    def update(self, **changes: Unpack[BridgeParams]) -> Self:
        """Change membership or hold, sending only the arguments given (one POST).

        ``call_ids`` replaces the calls in the bridge (``[]`` removes all and completes it);
        ``bridge_audio=False`` holds, ``True`` unholds. The given values are applied to this
        object; the state the server derives from them (e.g. ``hold``) is read by
        :meth:`refresh`, which this method does not call.
        """
        self.session.bridges.update(self.id, **changes)
        return self._take(UPDATE.payload(changes))

    def _play(self, audio: AudioLike) -> None:
        self.session.bridges.play_audio(self.id, audio)


class Bridges(Manager):
    """``session.bridges``: create, fetch, list and act on bridges by id."""

    calls = CALLS
    """``calls(bridge_id)``: the calls that were in a bridge, a lazy :class:`~catapult.Pager`."""

    def create(self, **params: Unpack[BridgeParams]) -> Bridge:
        """Create a bridge and return it.

        Makes two requests: the POST, whose answer carries only the new id (in ``Location``),
        then one GET for the bridge itself. Use :meth:`create_id` to skip the GET.
        Without ``call_ids`` the bridge is created empty; calls join later.
        """
        return self._then(self._create(CREATE, arguments=params), self.get)

    def create_id(
        self, *, extra: Mapping[str, Any] | None = None, **params: Unpack[BridgeParams]
    ) -> str:
        """Create a bridge with one POST and return its id."""
        return self._create(CREATE, arguments=params, extra=extra)

    def get(self, bridge_id: str) -> Bridge:
        """Fetch one bridge (one GET)."""
        return self._fetch(Bridge, GET, bridge_id)

    def list(
        self, *, extra: Mapping[str, Any] | None = None, **query: Unpack[BridgeListParams]
    ) -> Pager[Bridge]:
        """Iterate every bridge of the account, ``size`` per page (1-1000, API default 25).

        Lazy: nothing is fetched before the first item, and one page is held at a time.
        ``extra`` holds further query parameters, sent as given (the seed client's kwargs).
        """
        return self._list(Bridge, LIST, query, extra)

    def update(
        self,
        bridge_id: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **changes: Unpack[BridgeParams],
    ) -> None:
        """Change a bridge's calls or hold it, sending only what is given (one POST)."""
        return self._post(UPDATE, bridge_id, arguments=changes, extra=extra)

    def play_audio(self, bridge_id: str, audio: AudioLike) -> None:
        """Play or speak ``audio`` to a bridge; a dict is checked like an :class:`Audio`."""
        return self._post(AUDIO, bridge_id, arguments=audio_arguments(audio))
