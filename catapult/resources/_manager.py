"""What every resource manager shares: building paths, and the four ways of calling the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .._decode import parse_one
from .._errors import ResponseDecodeError
from .._http import Response
from .._model import Resource
from .._pagination import Pager
from .._urls import id_from_location, quote_id

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
        """GET one object; its id must be the one in ``url`` (the last path segment)."""
        response = self._session.transport.request("GET", url)
        return parse_one(model, response, self._session, expected_id=url.rsplit("/", 1)[-1])

    def _pager(self, model: type[R], url: str, params: Mapping[str, Any] | None = None) -> Pager[R]:
        return Pager(self._session, model, url, params)

    def _post(self, url: str, body: Mapping[str, Any]) -> Response:
        return self._session.transport.request("POST", url, json=body)

    def _post_for_id(self, url: str, body: Mapping[str, Any], collection: str | None = None) -> str:
        """POST a create (or transfer, gather) and return the new id from ``Location``.

        The ``Location`` must name a direct child of ``collection`` (default: ``url``).
        """
        response = self._post(url, body)
        location = response.headers.get("Location")
        new_id = location and id_from_location(location, url, collection or url)
        if not new_id:
            raise ResponseDecodeError(
                "the API created something but its Location header does not name a new "
                f"object of {collection or url}",
                method="POST",
                url=url,
                status_code=response.status_code,
            )
        return new_id
