"""Turn answer bodies into bound models, with typed errors for bodies that do not fit.

Models are validated straight from the body bytes (``model_validate_json``); lists go through one
cached ``TypeAdapter`` per model, which is much faster than ``json.loads`` followed by
per-item validation.

A list page is validated lazily, about :data:`CHUNK` items at a time: :mod:`._chunking` cuts
it into chunks without building any Python value (or, where its guesses do not fit, msgspec
splits the body into the raw bytes of each item and :func:`page_chunks` joins them 50 at a
time); each chunk is then validated when the consumer reaches it. A model is several objects
the cyclic garbage collector tracks: built a whole page at a time, they outlive a few young
collections and get promoted, so full collections run (each costs milliseconds once pydantic
is loaded).
Chunks of 50 stay under the young generation's threshold, so items a consumer does not keep die
young and cost the collector nearly nothing. The collector itself is left alone: ``gc.disable()``
or ``gc.freeze()`` act on the whole process, and a library has no business doing that.

Items carrying fields the model does not declare (kept in its extras) cost pydantic-core much
more from JSON than the same values cost ``json.loads``. So once a chunk's last item carried
such fields, the page's next chunks are decoded by msgspec and validated from those Python
values, whose unknown fields are then kept as built (about 15 % of a listing of such items).
Anything that way does not take (a value msgspec refuses, an invalid item) is validated from
JSON again, so values and errors are always the JSON way's.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from functools import cache, partial
from operator import is_
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import quote, unquote

from pydantic import BaseModel, TypeAdapter, ValidationError

from ._errors import ResponseDecodeError, ResponseValidationError
from ._http import Response
from ._model import Resource, bind_all
from ._values import OpenEnum

if TYPE_CHECKING:
    from ._async_session import AsyncSession
    from ._session import Session

R = TypeVar("R", bound=Resource)

#: Items validated at a time when a list page is read lazily (see the module doc).
CHUNK = 50


@cache
def list_adapter(model: type[R]) -> TypeAdapter[list[R]]:
    """The (cached) adapter that validates a JSON array of ``model``."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


@cache
def _validate_json(model: type[Resource]) -> Callable[[bytes], Any]:
    """The core ``validate_json`` of ``model``'s list adapter: called once per chunk, where
    the adapter's own Python wrapper costs about 1.5 % of a listing."""
    return list_adapter(model).validator.validate_json  # pyright: ignore[reportArgumentType]


def parse_one(
    model: type[R],
    response: Response,
    session: Session | AsyncSession,
    expected_id: str | None = None,
) -> R:
    """Validate one object from ``response`` and bind it to ``session``.

    With ``expected_id`` (quoted as in the URL), an object carrying another id is refused:
    asking for one bridge and being handed another is not success.
    """
    try:
        obj = model.model_validate_json(response.content)
    except ValidationError as exc:
        raise _decode_error(exc, model, response) from None
    got = getattr(obj, "id", None)
    if (
        expected_id is not None
        and got is not None
        and got != expected_id  # the usual case, without quoting
        and quote(str(got), safe="") != expected_id
    ):
        raise ResponseValidationError(
            response.scrub(
                f"asked for {model.__name__} {unquote(expected_id)!r}, the answer is {got!r}"
            ),
            method=response.method,
            url=response.url,
            status_code=response.status_code,
        )
    if session.strict:
        check_strict(obj, response)
    return obj.bind(session)


def parse_list(
    model: type[R],
    content: bytes,
    response: Response,
    session: Session | AsyncSession,
    offset: int = 0,
) -> list[R]:
    """Validate ``content``, a JSON array of ``model`` from ``response``, whole; bind every item
    to ``session``. ``offset``: the page index of its first item, for error locations."""
    items = _from_json(model, content, response, offset)
    bind_chunk(items, response, session)
    return items


def split_items(content: bytes, limit: int) -> Sequence[bytes] | None:
    """The raw bytes of each item of a JSON array, without building any Python value.

    Returns at most ``limit + 1`` items (more than ``limit`` means the array is longer; the
    rest is skipped without being stored, so memory stays bounded whatever the body holds).
    None when msgspec cannot read the body as an array (malformed or very deep JSON, ``NaN``):
    the caller then validates the body whole, and pydantic reports what is wrong.
    """
    split, errors = _splitter(limit)
    try:
        slots = split(content)
    except errors:
        return None
    if slots[-1] is not None:
        return slots
    # The unfilled slots are the trailing Nones: found by bisection, not by comparing each
    # item with None (a rich comparison per item).
    return slots[: bisect_left(slots, True, key=_IS_NONE)]


_IS_NONE: Callable[[object], bool] = partial(is_, None)


@cache
def _splitter(
    limit: int,
) -> tuple[Callable[[bytes], tuple[Any, ...]], tuple[type[BaseException], ...]]:
    """A function reading at most ``limit + 1`` raw items of an array, and what it raises.

    msgspec reads an array into an "array-like" struct of ``limit + 1`` optional fields and
    skips any further elements; a ``list[Raw]`` would store every element first.
    """
    import msgspec

    fields = [(f"i{n}", msgspec.Raw, None) for n in range(limit + 1)]
    page = msgspec.defstruct("RawPage", fields, array_like=True, gc=False)
    decode, astuple = msgspec.json.Decoder(page).decode, msgspec.structs.astuple
    errors = (msgspec.DecodeError, msgspec.ValidationError, RecursionError)
    return (lambda content: astuple(decode(content))), errors


def page_chunks(
    model: type[R],
    items: Sequence[bytes],
    response: Response,
    session: Session | AsyncSession,
    offset: int = 0,
) -> Iterator[list[R]]:
    """Validate ``items`` (from :func:`split_items`) :data:`CHUNK` at a time, lazily.

    An invalid item raises when its chunk is reached, after the earlier chunks were yielded;
    the error names the item by its index in the page (``offset``: that of the first item).
    After a chunk whose last item carried unknown fields, the next is tried from
    msgspec-decoded values first (see the module doc).
    """
    carried_extras = False
    for start in range(0, len(items), CHUNK):
        body = b"[" + b",".join(items[start : start + CHUNK]) + b"]"
        chunk = from_json_or_none(model, body, carried_extras)
        if chunk is None:  # validated again from JSON for the error, named by page index
            chunk = _from_json(model, body, response, offset + start)
        bind_chunk(chunk, response, session)
        carried_extras = carries_extras(chunk)
        yield chunk


def carries_extras(chunk: list[R]) -> bool:
    """Whether the chunk's last item carried fields its model does not declare: the next
    chunk is then tried from msgspec's values first (see the module doc)."""
    return bool(chunk and chunk[-1].model_extra)


def from_json_or_none(model: type[R], body: bytes, carried_extras: bool) -> list[R] | None:
    """A JSON array of ``model`` validated (from msgspec's values first when
    ``carried_extras``), or None if it is not one."""
    chunk = _from_values(model, body) if carried_extras else None
    if chunk is not None:
        return chunk
    try:
        return cast("list[R]", _validate_json(model)(body))  # pyright: ignore[reportArgumentType]
    except ValidationError:
        return None


def _from_json(model: type[R], body: bytes, response: Response, offset: int) -> list[R]:
    """A JSON array of ``model`` validated; errors name items from ``offset`` on."""
    try:
        return cast("list[R]", _validate_json(model)(body))  # pyright: ignore[reportArgumentType]
    except ValidationError as exc:
        raise _decode_error(exc, model, response, offset) from None


def _from_values(model: type[R], body: bytes) -> list[R] | None:
    """A JSON array of ``model`` decoded by msgspec, then validated from those values; None
    if either step fails (the caller then validates from JSON, for the JSON way's error)."""
    validate, decode, errors = _values_way(model)  # pyright: ignore[reportArgumentType]
    try:
        return cast("list[R]", validate(decode(body)))
    except errors:
        return None


@cache
def _values_way(
    model: type[R],
) -> tuple[Callable[[Any], Any], Callable[[bytes], Any], tuple[type[BaseException], ...]]:
    """The core ``validate_python`` of ``model``'s list adapter, msgspec's JSON decoder, and
    what either raises on input it does not take."""
    import msgspec

    adapter = list_adapter(model)  # pyright: ignore[reportArgumentType]
    errors = (msgspec.DecodeError, msgspec.ValidationError, ValidationError, RecursionError)
    return adapter.validator.validate_python, msgspec.json.Decoder().decode, errors


def bind_chunk(items: list[R], response: Response, session: Session | AsyncSession) -> None:
    """Bind every item to ``session``; with a strict session, refuse unknown fields first."""
    bind_all(items, session)
    if session.strict:
        for item in items:
            check_strict(item, response)


def check_strict(obj: BaseModel, response: Response, where: str = "") -> None:
    """Raise if ``obj`` holds fields or enum values this SDK version does not know.

    Used when a session is created with ``strict=True``, so a test suite notices API drift.
    """
    name = type(obj).__name__
    for key in obj.model_extra or {}:
        raise _strict_error(response, f"{name}{where} has an unknown field {key!r}")
    for field_name in obj.model_fields_set:
        value = getattr(obj, field_name)
        _check_value(value, response, f"{where}.{field_name}", name)


def _check_value(value: Any, response: Response, where: str, owner: str) -> None:
    if isinstance(value, OpenEnum) and not value.is_known:
        raise _strict_error(
            response,
            f"{owner}{where} has an unknown value {value.value!r} for {type(value).__name__}",
        )
    if isinstance(value, BaseModel):
        check_strict(value, response, where)
    elif isinstance(value, list):
        for index, item in enumerate(cast("list[object]", value)):
            _check_value(item, response, f"{where}[{index}]", owner)


def _strict_error(response: Response, message: str) -> ResponseValidationError:
    return ResponseValidationError(
        response.scrub(f"strict validation failed: {message}"),
        method=response.method,
        url=response.url,
        status_code=response.status_code,
    )


def _decode_error(
    exc: ValidationError, model: type[Any], response: Response, offset: int = 0
) -> ResponseDecodeError:
    if any(error["type"] == "json_invalid" for error in exc.errors()):
        # scrubbed before it is cut: a credential across the cut would be shown in part
        snippet = response.scrub(response.content[:512].decode("utf-8", "replace"))[:80]
        return ResponseDecodeError(
            response.scrub(f"expected a JSON {model.__name__}, got {snippet!r}"),
            method=response.method,
            url=response.url,
            status_code=response.status_code,
        )
    first = exc.errors()[0]
    parts = list(first["loc"])
    if offset and parts and isinstance(parts[0], int):
        parts[0] += offset  # an index in the chunk becomes an index in the page
    location = ".".join(str(part) for part in parts) or "(root)"
    return ResponseValidationError(
        response.scrub(
            f"answer does not match {model.__name__}: {location}: {first['msg']} "
            f"({exc.error_count()} problem(s))"
        ),
        method=response.method,
        url=response.url,
        status_code=response.status_code,
    )
