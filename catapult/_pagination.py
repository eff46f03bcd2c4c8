"""One lazy, constant-memory pager for every list endpoint.

It follows ``Link: <...>; rel="next"`` exactly as given (resolving relative URLs against the
request URL, refusing other hosts) rather than rebuilding page numbers, so filters survive and
an API that ignores ``size`` cannot make it loop. Only the current page is held in memory, and
nothing is fetched until the first item is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import chain
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urljoin

import requests.utils

from ._decode import parse_list
from ._model import Resource
from ._urls import check_same_origin

if TYPE_CHECKING:
    from ._session import Session

R = TypeVar("R", bound=Resource)


def next_link(link_header: str | None, request_url: str) -> str | None:
    """The absolute ``rel="next"`` URL of a ``Link`` header, or None when there is none."""
    if not link_header:
        return None
    for link in requests.utils.parse_header_links(link_header):
        rels = link.get("rel", "").split()
        if "next" in rels and link.get("url"):
            return urljoin(request_url, link["url"])
    return None


class Pager(Generic[R]):
    """Iterates every item of a list, fetching one page at a time as it is consumed."""

    def __init__(
        self,
        session: Session,
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
        url: str | None = self._url
        params: Mapping[str, Any] | None = self._params
        base = self._session.base_url
        while url is not None:
            response = self._session.transport.request("GET", url, params=params)
            yield parse_list(self._model, response, self._session)
            following = next_link(response.headers.get("Link"), response.url)
            url = check_same_origin(following, base) if following else None
            params = None  # the next URL already carries the query the server wants

    def __iter__(self) -> Iterator[R]:
        # The shared item iterator itself, not self: a for loop then steps through it in C
        # instead of calling __next__ (a Python method) once per item. next(pager) and any
        # number of iter(pager) calls still consume the same single stream of items.
        return self._stream()

    def __next__(self) -> R:
        return next(self._stream())

    def _stream(self) -> Iterator[R]:
        if self._items is None:
            self._items = chain.from_iterable(self.pages())
        return self._items

    def __repr__(self) -> str:
        return f"<Pager of {self._model.__name__} from {self._url}>"
