"""``async for`` over a :class:`~catapult.Pager` of an :class:`~catapult.AsyncSession`.

The pages are fetched with the async transport; following ``Link``, loop detection, the page
bound and lazy validation are the sync pager's own (``_follow`` and ``_chunks``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ._errors import CatapultError
from ._model import Resource
from ._policy import Response
from ._trail import Trail

if TYPE_CHECKING:
    from ._async_http import AsyncTransport
    from ._async_session import AsyncSession
    from ._session import Session

R = TypeVar("R", bound=Resource)


class AsyncPages(Generic[R]):
    """The ``async for`` half of :class:`~catapult.Pager`."""

    _session: Session | AsyncSession
    _url: str
    _params: dict[str, Any]

    def _follow(self, response: Response, trail: Trail) -> str | None:
        raise NotImplementedError

    def _chunks(self, response: Response) -> Iterator[list[R]]:
        raise NotImplementedError

    def __aiter__(self) -> AsyncIterator[R]:
        # Each ``async for`` starts again from the first page, as ``for`` does.
        return self._items_async()

    async def _items_async(self) -> AsyncIterator[R]:
        async for response in self._responses_async():
            for chunk in self._chunks(response):
                for item in chunk:
                    yield item

    async def pages_async(self) -> AsyncIterator[list[R]]:
        """Yield the list page by page (each page a list), following ``rel="next"``."""
        async for response in self._responses_async():
            page: list[R] = []
            for chunk in self._chunks(response):
                page.extend(chunk)
            yield page

    async def _responses_async(self) -> AsyncIterator[Response]:
        transport = self._async_transport()
        url: str | None = self._url
        params: Mapping[str, Any] | None = self._params
        trail = Trail()
        while url is not None:
            response = await transport.request("GET", url, params=params)
            yield response
            url = self._follow(response, trail)
            params = None

    def _async_transport(self) -> AsyncTransport:
        if not self._session.is_async:
            raise CatapultError("this list belongs to a sync Session: iterate it with `for`")
        return cast("AsyncSession", self._session).transport
