"""One lazy, constant-memory pager for every list endpoint.

It follows ``Link: <...>; rel="next"`` exactly as given (resolving relative URLs against the
request URL, refusing other hosts) rather than rebuilding page numbers, so filters survive and
an API that ignores ``size`` cannot make it loop. Only the current page is held in memory, and
nothing is fetched until the first item is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast
from urllib.parse import urljoin

import requests.utils

from ._async_pagination import AsyncPages
from ._chunking import page_error, read_page
from ._errors import CatapultError
from ._model import Resource
from ._policy import Response
from ._trail import Trail
from ._urls import check_same_origin

if TYPE_CHECKING:
    from ._async_session import AsyncSession
    from ._http import Transport
    from ._session import Session

R = TypeVar("R", bound=Resource)


def next_link(link_header: str | None, request_url: str) -> str | None:
    """The absolute ``rel="next"`` URL of a ``Link`` header, or None when there is none."""
    if not link_header:
        return None
    for link in requests.utils.parse_header_links(link_header):
        rels = link.get("rel", "").split()
        if "next" in rels and link.get("url"):
            try:
                return urljoin(request_url, link["url"])
            except ValueError:  # a broken IPv6 literal, say
                raise page_error(response_url=request_url, why="a malformed Link") from None
    return None


class Pager(AsyncPages[R], Generic[R]):
    """Iterates every item of a list, fetching one page at a time as it is consumed.

    A list from a :class:`~catapult.Session` is iterated with ``for``; one from an
    :class:`~catapult.AsyncSession` with ``async for`` (one page in memory either way).
    """

    def __init__(
        self,
        session: Session | AsyncSession,
        model: type[R],
        url: str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self._session = session
        self._model = model
        self._url = url
        self._params = dict(params or {})
        self._items: Iterator[R] | None = None

    def pages(self) -> Iterator[list[R]]:
        """Yield the list page by page (each page a list), following ``rel="next"``."""
        for response in self._responses():
            yield list(chain.from_iterable(self._chunks(response)))

    def _responses(self) -> Iterator[Response]:
        """Each page's answer in turn, following ``rel="next"`` (never twice the same page)."""
        transport = self._transport()
        url: str | None = self._url
        params: Mapping[str, Any] | None = self._params
        trail = Trail()
        while url is not None:
            response = transport.request("GET", url, params=params)
            yield response
            url = self._follow(response, trail)
            params = None  # the next URL already carries the query the server wants

    def _follow(self, response: Response, trail: Trail) -> str | None:
        """The next page's URL after ``response`` (None: last page); refuses other hosts, and
        what ``trail`` (to which this page is added) refuses."""
        following = next_link(response.headers.get("Link"), response.url)
        if not following:
            return None
        url = check_same_origin(following, self._session.base_url)
        trail.check(response.url, response.content, url)
        return url

    def _transport(self) -> Transport:
        """The sync transport; a clear error when the list belongs to an AsyncSession."""
        if self._session.is_async:
            raise CatapultError(
                "this list belongs to an AsyncSession: iterate it with `async for` "
                "(its pages with `async for page in pager.pages_async()`)"
            )
        return cast("Session", self._session).transport

    def _chunks(self, response: Response) -> Iterator[list[R]]:
        """A page's items in validated chunks, each validated only when it is reached."""
        return read_page(self._model, response, self._session)

    def __iter__(self) -> Iterator[R]:
        # Each iter() starts again from the first page, so list(pager) twice reads the list
        # twice. The chain is returned itself: a for loop then steps through it in C instead
        # of calling a Python __next__ once per item.
        pages = map(self._chunks, self._responses())
        return chain.from_iterable(chain.from_iterable(pages))

    def __next__(self) -> R:
        """The next item of one stream kept for ``next(pager)`` calls."""
        if self._items is None:
            self._items = iter(self)
        return next(self._items)

    def __repr__(self) -> str:
        return f"<Pager of {self._model.__name__} from {self._url}>"
