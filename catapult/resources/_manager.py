"""What every resource manager shares: building paths, and the four ways of calling the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .._decode import parse_one
from .._errors import ResponseDecodeError
from .._http import Response
from .._model import Resource
from .._pagination import Pager
from .._urls import last_path_segment, quote_id

if TYPE_CHECKING:
    from .._session import Session

R = TypeVar("R", bound=Resource)


class Manager:
    """Base of ``session.bridges`` and ``session.calls``: one collection of the account."""

    #: The collection's path segment under ``/users/{userId}``.
    _collection: str = ""
    #: What an id of this collection is called in error messages.
    _id_name: str = "id"

    def __init__(self, session: Session) -> None:
        self._session = session

    def _url(self, item_id: str | None = None, *children: str) -> str:
        parts = [self._session.user_url, self._collection]
        if item_id is not None:
            parts.append(quote_id(item_id, self._id_name))
        parts.extend(children)
        return "/".join(parts)

    def _fetch(self, model: type[R], url: str) -> R:
        return parse_one(model, self._session.transport.request("GET", url), self._session)

    def _pager(self, model: type[R], url: str, params: Mapping[str, Any] | None = None) -> Pager[R]:
        return Pager(self._session, model, url, params)

    def _post(self, url: str, body: Mapping[str, Any]) -> Response:
        return self._session.transport.request("POST", url, json=body)

    def _post_for_id(self, url: str, body: Mapping[str, Any]) -> str:
        """POST a create (or transfer, gather) and return the new id from ``Location``."""
        response = self._post(url, body)
        location = response.headers.get("Location")
        if not location:
            raise ResponseDecodeError(
                "the API created something but sent no Location header to find it",
                method="POST",
                url=url,
                status_code=response.status_code,
            )
        new_id = last_path_segment(location)
        quote_id(new_id, "id in the Location header")
        return new_id
