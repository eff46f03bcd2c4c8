"""``session.bridges`` and ``session.calls`` of an :class:`~catapult.AsyncSession`.

Each method is the sync manager's (:class:`~catapult.resources.bridges.Bridges`,
:class:`~catapult.resources.calls.Calls`), awaited: the same declared endpoints, the same typed
arguments, the same checks before anything is sent, the same models returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from .._pagination import Pager
from . import bridges as b
from . import call_params as api
from ._manager import AsyncManager, SubList, created_id
from .audio import AudioLike, audio_arguments
from .bridges import Bridge, BridgeListParams, BridgeParams
from .call_records import CallEvent, Gather, Recording, Transcription
from .calls import Call

Extra = Mapping[str, Any] | None


class AsyncBridges(AsyncManager):
    """``session.bridges`` of an AsyncSession: :class:`Bridges`' methods, awaited."""

    calls: SubList[Call] = b.CALLS
    """``calls(bridge_id)``: the calls that were in a bridge, for ``async for``."""

    async def create(self, **params: Unpack[BridgeParams]) -> Bridge:
        """Create a bridge and return it (the POST, then one GET)."""
        return await self.get(await self._create(b.CREATE, arguments=params))

    async def create_id(self, *, extra: Extra = None, **params: Unpack[BridgeParams]) -> str:
        """Create a bridge with one POST and return its id."""
        return await self._create(b.CREATE, arguments=params, extra=extra)

    async def get(self, bridge_id: str) -> Bridge:
        """Fetch one bridge (one GET)."""
        return await self._fetch(Bridge, b.GET, bridge_id)

    def list(self, *, extra: Extra = None, **query: Unpack[BridgeListParams]) -> Pager[Bridge]:
        """Every bridge of the account, for ``async for`` (lazy, one page in memory)."""
        return self._list(Bridge, b.LIST, query, extra)

    async def update(
        self, bridge_id: str, *, extra: Extra = None, **changes: Unpack[BridgeParams]
    ) -> None:
        """Change a bridge's calls or hold it, sending only what is given (one POST)."""
        await self._send(b.UPDATE, bridge_id, arguments=changes, extra=extra)

    async def play_audio(self, bridge_id: str, audio: AudioLike) -> None:
        """Play or speak ``audio`` to a bridge; a dict is checked like an :class:`Audio`."""
        await self._send(b.AUDIO, bridge_id, arguments=audio_arguments(audio))


class AsyncCalls(AsyncManager):
    """``session.calls`` of an AsyncSession: :class:`Calls`' methods, awaited."""

    events: SubList[CallEvent] = api.EVENTS
    """``events(call_id)``: a call's event log, for ``async for``."""
    recordings: SubList[Recording] = api.RECORDINGS
    """``recordings(call_id)``: a call's recordings, for ``async for``."""
    transcriptions: SubList[Transcription] = api.TRANSCRIPTIONS
    """``transcriptions(call_id)``: a call's transcriptions, for ``async for``."""

    async def create(self, **params: Unpack[api.CallCreateParams]) -> Call:
        """Place an outbound call and return it (the POST, then one GET)."""
        return await self.get(await self._create(api.CREATE, arguments=params))

    async def create_id(
        self, *, extra: Extra = None, **params: Unpack[api.CallCreateParams]
    ) -> str:
        """Place an outbound call with one POST and return its id."""
        return await self._create(api.CREATE, arguments=params, extra=extra)

    async def get(self, call_id: str) -> Call:
        """Fetch one call (one GET)."""
        return await self._fetch(Call, api.GET, call_id)

    def list(self, *, extra: Extra = None, **query: Unpack[api.CallListParams]) -> Pager[Call]:
        """The account's calls, for ``async for`` (lazy, one page in memory)."""
        return self._list(Call, api.LIST, query, extra)

    async def update(
        self, call_id: str, *, extra: Extra = None, **changes: Unpack[api.CallUpdateParams]
    ) -> str | None:
        """Change a call (one POST); the new call's id when the answer names one."""
        response = await self._send(api.UPDATE, call_id, arguments=changes, extra=extra)
        return created_id(self._session, api.UPDATE, (call_id,), response)

    async def transfer(self, call_id: str, to: str, **options: Unpack[api.TransferOptions]) -> Call:
        """Transfer an active call to ``to``; returns the new outbound call (POST, then GET)."""
        return await self.get(await self.transfer_id(call_id, to, **options))

    async def transfer_id(
        self, call_id: str, to: str, *, extra: Extra = None, **options: Unpack[api.TransferOptions]
    ) -> str:
        """Transfer an active call with one POST and return the new call's id."""
        arguments = {"to": to, **options}
        return await self._create(api.TRANSFER, call_id, arguments=arguments, extra=extra)

    async def play_audio(self, call_id: str, audio: AudioLike) -> None:
        """Play or speak ``audio`` on a call; a dict is checked like an :class:`Audio`."""
        await self._send(api.AUDIO, call_id, arguments=audio_arguments(audio))

    async def send_dtmf(self, call_id: str, dtmf_out: str, *, extra: Extra = None) -> None:
        """Send key presses on an active call (checked before sending)."""
        await self._send(api.DTMF, call_id, arguments={"dtmf_out": dtmf_out}, extra=extra)

    async def event(self, call_id: str, event_id: str) -> CallEvent:
        """Fetch one event of a call (one GET)."""
        return await self._fetch(CallEvent, api.EVENT, call_id, event_id)

    async def create_gather(self, call_id: str, **options: Unpack[api.GatherParams]) -> Gather:
        """Start a DTMF gather on an active call; returns it (the POST, then one GET)."""
        return await self.get_gather(call_id, await self.create_gather_id(call_id, **options))

    async def create_gather_id(
        self, call_id: str, *, extra: Extra = None, **options: Unpack[api.GatherParams]
    ) -> str:
        """Start a DTMF gather with one POST and return its id."""
        return await self._create(api.GATHER, call_id, arguments=options, extra=extra)

    async def get_gather(self, call_id: str, gather_id: str) -> Gather:
        """Fetch one gather of a call (one GET)."""
        gather = await self._fetch(Gather, api.GET_GATHER, call_id, gather_id)
        return gather.of_call(call_id)

    async def update_gather(
        self,
        call_id: str,
        gather_id: str,
        *,
        extra: Extra = None,
        **changes: Unpack[api.GatherUpdateParams],
    ) -> None:
        """Update a gather (one POST); the API allows only ``state="completed"``."""
        await self._send(api.UPDATE_GATHER, call_id, gather_id, arguments=changes, extra=extra)

    async def stop_gather(self, call_id: str, gather_id: str) -> None:
        """Stop a gather: one POST of ``{"state": "completed"}``."""
        await self.update_gather(call_id, gather_id, state="completed")
