"""Endpoints declared once, and the manager base that sends them.

An :class:`Endpoint` names the method, the path under ``/users/{userId}`` and the typed dict of
its body or query. A manager method is then one line that hands its arguments to
:meth:`Manager._send` (or ``_post``, ``_create``, ``_fetch``, ``_list``; ``_then`` chains a
second request); a model method is one line that calls the manager. An async manager's method
is the sync one, :func:`awaited`. A read-only sub-collection is one :class:`SubList` line,
shared by the manager (``session.calls.events(call_id)``) and the model (``call.events()``).
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    Literal,
    ParamSpec,
    TypeVar,
    cast,
    overload,
)

from typing_extensions import TypedDict, Unpack

from .._decode import parse_one
from .._errors import InvalidArgumentError, ResponseDecodeError
from .._guard import guard_public_methods
from .._model import Resource
from .._pagination import Pager
from .._policy import Response
from .._urls import id_from_location, quote_id

if TYPE_CHECKING:
    from .. import _rules as rules
    from .._async_session import AsyncSession
    from .._fields import BodySpec
    from .._session import Session

R = TypeVar("R", bound=Resource)
S = TypeVar("S", bound="Session | AsyncSession")
P = ParamSpec("P")
T = TypeVar("T")
V = TypeVar("V")

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
Ids = tuple[object, ...]
Arguments = Mapping[str, Any]
EMPTY: Arguments = MappingProxyType({})


class Given(TypedDict, total=False):
    """What a manager passes besides the endpoint and ids: the arguments and extra wire fields."""

    arguments: Arguments
    extra: Arguments | None


@dataclass(frozen=True)
class Endpoint:
    """One API operation: method, path template under the account, declared body or query."""

    method: Literal["GET", "POST"]
    path: str
    """e.g. ``calls/{call_id}/gather``; each ``{name}`` is an id argument, checked and quoted."""
    params: type[Any] | Callable[[], type[Any]] | None = None
    """The typed dict (or model) declaring the body (POST) or query (GET), if any; or a
    function returning it, called on the first request (its module is imported then)."""
    without: tuple[str, ...] = ()
    """Fields of ``params`` this endpoint does not take (bridge audio has no ``volume``)."""
    fixed: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    """Wire fields always sent (a transfer is an update with ``state: transferring``)."""
    creates: str | None = None
    """Where a ``Location`` of the answer may point (default: under ``path``); a transfer creates a
    call in ``calls``.
    """
    needs: tuple[rules.BodyRule, ...] = ()
    """Rules across the body's fields (a transfer names its target), checked on both sides."""
    changes: bool = False
    """An update of an object: a body with nothing in it would change nothing, and is refused
    unsent."""

    @property
    def spec(self) -> BodySpec | None:
        """The declaration read by :func:`~catapult._fields.body_spec`."""
        params = self.params
        if params is None:
            return None
        # The declarations' reader and rules are imported with the first request that has a
        # body or query, not with the models: reading objects by id never needs them.
        from .._fields import body_spec

        return body_spec(params if isinstance(params, type) else params(), self.without)

    def url(self, root: str, ids: tuple[object, ...]) -> str:
        """The absolute URL: every id checked (None, non-strings, ``../x`` refused) and quoted."""
        names = _PLACEHOLDER.findall(self.path)
        if len(ids) != len(names):
            raise TypeError(f"{self.path} takes {len(names)} id(s), got {len(ids)}")
        quoted = iter([quote_id(value, name) for name, value in zip(names, ids, strict=True)])
        return f"{root}/{_PLACEHOLDER.sub(lambda _: next(quoted), self.path)}"

    def payload(
        self, arguments: Mapping[str, Any], extra: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The checked body or query: the fixed fields and the arguments given."""
        spec = self.spec
        if spec is None:
            body = dict(self.fixed)
        else:
            from .._fields import to_wire  # with the first body or query that has fields

            query = self.method == "GET"
            body = {**self.fixed, **to_wire(spec, arguments, extra, query=query)}
        if self.changes and not body:
            names = ", ".join(f.name for f in spec.fields) if spec else "a change"
            raise InvalidArgumentError(f"nothing to change: give at least one of {names}")
        if self.needs:
            from .._rules import BodyRuleError

            for rule in self.needs:
                try:
                    rule.check(body)
                except BodyRuleError as exc:
                    field = spec.field(exc.field) if spec else None
                    name = field.name if field else exc.field
                    raise InvalidArgumentError(f"{name} {exc}") from None
        return body

    @property
    def id_names(self) -> list[str]:
        """The id arguments of the path, in order (``["call_id", "gather_id"]``)."""
        return _PLACEHOLDER.findall(self.path)


"""No arguments."""


def split(given: Given) -> tuple[Arguments, Arguments]:
    """A manager's ``arguments=`` and ``extra=``, as :func:`send` and its kin take them."""
    return given.get("arguments", EMPTY), given.get("extra") or EMPTY


def _request(
    session: Session | AsyncSession,
    endpoint: Endpoint,
    ids: Ids,
    arguments: Arguments,
    extra: Arguments,
) -> tuple[str, Arguments | None, Arguments | None]:
    """The URL, the JSON body of a POST and the query of a GET (None when there is none)."""
    url = endpoint.url(session.user_url, ids)
    payload = endpoint.payload(arguments, extra)
    if endpoint.method == "GET":
        return url, None, payload or None
    return url, payload, None


def send(
    session: Session, endpoint: Endpoint, ids: Ids, arguments: Arguments, extra: Arguments
) -> Response:
    """Check the ids and arguments, then send the request; nothing is sent if a check fails."""
    url, body, query = _request(session, endpoint, ids, arguments, extra)
    return session.transport.request(endpoint.method, url, json=body, params=query)


def created_id(
    session: Session | AsyncSession, endpoint: Endpoint, ids: Ids, response: Response
) -> str | None:
    """The new id named by the answer's ``Location``; None when there is no ``Location``.

    The ``Location`` must name a direct child of the collection the endpoint creates in.
    """
    location = response.headers.get("Location")
    if not location:
        return None
    root = session.user_url
    where = Endpoint("POST", endpoint.creates or endpoint.path)
    collection = where.url(root, ids[: len(where.id_names)])
    new_id = id_from_location(location, endpoint.url(root, ids), collection)
    if not new_id:
        raise _no_new_id(response, collection)
    return new_id


def _new_id(
    session: Session | AsyncSession, endpoint: Endpoint, ids: Ids, response: Response
) -> str:
    """:func:`created_id`, which a create's answer must name."""
    new_id = created_id(session, endpoint, ids, response)
    if new_id is None:
        raise _no_new_id(response, endpoint.url(session.user_url, ids))
    return new_id


def create(
    session: Session, endpoint: Endpoint, ids: Ids, arguments: Arguments, extra: Arguments
) -> str:
    """POST a create (or transfer, gather) and return the new id from ``Location``."""
    return _new_id(session, endpoint, ids, send(session, endpoint, ids, arguments, extra))


def _no_new_id(response: Response, collection: str) -> ResponseDecodeError:
    return ResponseDecodeError(
        "the API created something but its Location header does not name a new "
        f"object of {collection}",
        method="POST",
        url=response.url,
        status_code=response.status_code,
    )


def fetch(session: Session, model: type[R], endpoint: Endpoint, ids: Ids) -> R:
    """GET one object; its id must be the one asked for (the last id of the path)."""
    response = send(session, endpoint, ids, EMPTY, EMPTY)
    return parse_one(model, response, session, expected_id=str(ids[-1]))


async def send_async(
    session: AsyncSession, endpoint: Endpoint, ids: Ids, arguments: Arguments, extra: Arguments
) -> Response:
    """:func:`send` on an :class:`~catapult.AsyncSession`: the same checks, then awaited."""
    url, body, query = _request(session, endpoint, ids, arguments, extra)
    return await session.transport.request(endpoint.method, url, json=body, params=query)


async def create_async(
    session: AsyncSession, endpoint: Endpoint, ids: Ids, arguments: Arguments, extra: Arguments
) -> str:
    """:func:`create` on an :class:`~catapult.AsyncSession`."""
    response = await send_async(session, endpoint, ids, arguments, extra)
    return _new_id(session, endpoint, ids, response)


async def fetch_async(session: AsyncSession, model: type[R], endpoint: Endpoint, ids: Ids) -> R:
    """:func:`fetch` on an :class:`~catapult.AsyncSession`."""
    response = await send_async(session, endpoint, ids, EMPTY, EMPTY)
    return parse_one(model, response, session, expected_id=str(ids[-1]))


def pager(
    session: Session | AsyncSession,
    model: type[R],
    endpoint: Endpoint,
    ids: Ids,
    arguments: Arguments | None = None,
    extra: Arguments | None = None,
) -> Pager[R]:
    """A lazy pager; the ids and query are checked now, before the first page is asked."""
    query = endpoint.payload(arguments or {}, extra)
    return Pager(session, model, endpoint.url(session.user_url, ids), query)


class _Managing(Generic[S]):
    """What the sync and async managers share: the session, and lazy lists (never awaited)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard_public_methods(cls)  # an error leaves without the arguments in its frames

    def __init__(self, session: S) -> None:
        self._session = session

    @property
    def session(self) -> S:
        """The session this manager sends through."""
        return self._session

    def _list(
        self, model: type[R], endpoint: Endpoint, arguments: Arguments, extra: Arguments | None
    ) -> Pager[R]:
        return pager(self._session, model, endpoint, (), arguments, extra)


class Manager(_Managing["Session"]):
    """Base of ``session.bridges`` and ``session.calls``: sends declared endpoints."""

    def _send(self, endpoint: Endpoint, *ids: object, **given: Unpack[Given]) -> Response:
        return send(self._session, endpoint, ids, *split(given))

    def _create(self, endpoint: Endpoint, *ids: object, **given: Unpack[Given]) -> str:
        return create(self._session, endpoint, ids, *split(given))

    def _post(self, endpoint: Endpoint, *ids: object, **given: Unpack[Given]) -> None:
        send(self._session, endpoint, ids, *split(given))

    def _fetch(self, model: type[R], endpoint: Endpoint, *ids: object) -> R:
        return fetch(self._session, model, endpoint, ids)

    def _then(self, value: V, then: Callable[[V], T]) -> T:
        """``then(value)``; on an :class:`AsyncManager`, ``value`` is awaited first."""
        return then(value)


class AsyncManager(_Managing["AsyncSession"]):
    """Base of an :class:`~catapult.AsyncSession`'s managers: the same endpoints, awaited."""

    async def _send(self, endpoint: Endpoint, *ids: object, **given: Unpack[Given]) -> Response:
        return await send_async(self._session, endpoint, ids, *split(given))

    async def _create(self, endpoint: Endpoint, *ids: object, **given: Unpack[Given]) -> str:
        return await create_async(self._session, endpoint, ids, *split(given))

    async def _post(self, endpoint: Endpoint, *ids: object, **given: Unpack[Given]) -> None:
        await send_async(self._session, endpoint, ids, *split(given))

    async def _fetch(self, model: type[R], endpoint: Endpoint, *ids: object) -> R:
        return await fetch_async(self._session, model, endpoint, ids)

    async def _then(self, value: Awaitable[V], then: Callable[[V], Any]) -> Any:
        result = then(await value)  # a coroutine when ``then`` is an awaited manager method
        return await result if inspect.isawaitable(result) else result


def awaited(
    method: Callable[Concatenate[Any, P], T],
) -> Callable[Concatenate[AsyncManager, P], Coroutine[Any, Any, T]]:
    """A sync manager's method on an async manager: the same signature, docs and body, awaited.

    The body sends through ``self._send``, ``_post``, ``_create``, ``_fetch`` and chains with
    ``_then``; on an :class:`AsyncManager` these return what the method then awaits.
    """

    @functools.wraps(method)
    async def on_async(self: AsyncManager, /, *args: P.args, **kwargs: P.kwargs) -> T:
        pending: Any = method(self, *args, **kwargs)
        result: T = await pending
        return result

    return on_async


def shared(method: Callable[Concatenate[Any, P], T]) -> Callable[Concatenate[AsyncManager, P], T]:
    """A sync manager's method that sends nothing yet (a lazy list), as it is on an async one."""
    return method


class SubList(Generic[R]):
    """A read-only list under one object, declared once for its manager and its model.

    On a manager it takes the parent's id (``session.calls.events(call_id)``); on a model it
    takes nothing (``call.events()``). Both return a lazy :class:`~catapult.Pager`, iterated
    with ``for`` or, from an :class:`~catapult.AsyncSession`, with ``async for``.
    """

    def __init__(self, model: type[R] | Callable[[], type[R]], path: str, doc: str) -> None:
        self._model = model
        self.endpoint: Endpoint = Endpoint("GET", path)
        self.__doc__ = doc

    @property
    def model(self) -> type[R]:
        """The items' model; given as a function returning it, that function is called (and
        its module imported) when the list is first used, not when it is declared."""
        if not isinstance(self._model, type):
            self._model = self._model()
        return cast("type[R]", self._model)  # a class, once the function has run

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> SubList[R]: ...
    @overload
    def __get__(
        self, obj: Manager | AsyncManager, owner: type[Any]
    ) -> Callable[[str], Pager[R]]: ...
    @overload
    def __get__(self, obj: Resource, owner: type[Any]) -> Callable[[], Pager[R]]: ...
    def __get__(self, obj: object, owner: type[Any]) -> Any:
        if obj is None:
            return self
        if isinstance(obj, (Manager, AsyncManager)):
            session: Session | AsyncSession = obj.session

            def of_parent(parent_id: str) -> Pager[R]:
                return pager(session, self.model, self.endpoint, (parent_id,))

            return of_parent
        resource: Any = obj  # a Bridge or Call: the list of its own id
        return lambda: pager(resource._bound(), self.model, self.endpoint, (resource.id,))
