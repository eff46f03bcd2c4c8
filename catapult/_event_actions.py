"""What call events do with their ids, and its ``*_async`` twins (mixed into the events).

``fetch_call_async()`` is ``fetch_call()`` awaited, and a gather event's ``gather()`` reads the
gather it reports on, or, from an :class:`~catapult.AsyncSession`, ``await gather_async()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import CatapultError
from ._model import SessionBound

if TYPE_CHECKING:
    from .resources.call_records import Gather
    from .resources.calls import Call


class CallEventActions(SessionBound):
    """``await event.fetch_call_async()``: the event's call, read from the API (one GET)."""

    __slots__ = ()

    if TYPE_CHECKING:

        def call(self) -> Call: ...

    async def fetch_call_async(self) -> Call:
        """:meth:`fetch_call` from an :class:`~catapult.AsyncSession`, awaited."""
        return await self.call().refresh_async()


class GatherEventActions(SessionBound):
    """``gather()`` and ``await gather_async()``: the gather a gather event reports on."""

    __slots__ = ()

    if TYPE_CHECKING:
        call_id: str | None
        gather_id: str | None

    def gather(self) -> Gather:
        """The gather this event reports on, read from the API (one GET)."""
        return self.session.calls.get_gather(*self._gather_ids())

    async def gather_async(self) -> Gather:
        """:meth:`gather` from an :class:`~catapult.AsyncSession`, awaited."""
        return await self.async_session.calls.get_gather(*self._gather_ids())

    def _gather_ids(self) -> tuple[str, str]:
        if not (self.call_id and self.gather_id):
            raise CatapultError("this gather event carries no callId or gatherId")
        return self.call_id, self.gather_id
