"""The forwarding under the seed-style :class:`~catapult.Client`: each flat method hands its
arguments (its ``locals()``) to the declared endpoint, so no field is listed twice."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Generator, Iterator, Mapping
from typing import Any, TypeVar, cast

from typing_extensions import Required, TypedDict, get_overloads

from ._errors import InvalidArgumentError
from ._guard import guard_public_methods
from ._http import Response
from ._model import Resource
from ._session import Session
from .resources import call_params as call_api
from .resources._manager import (
    EMPTY,
    Arguments,
    Endpoint,
    Ids,
    create,
    created_id,
    pager,
    send,
)

T = TypeVar("T")
R = TypeVar("R", bound=Resource)


class SignatureMismatchError(InvalidArgumentError, TypeError):
    """A flat method was called with arguments its signature does not take (an unknown
    keyword, a missing or extra positional one): bad input, also the ``TypeError`` Python
    raises for such a call."""


class Facade(Session):
    """A :class:`Session` that sends a flat method's arguments to a declared endpoint."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        check_calls(cls)
        guard_public_methods(cls)  # an error leaves without the arguments in its frames

    def _send(self, endpoint: Endpoint, given: dict[str, Any]) -> Response:
        """Send ``endpoint`` with a method's arguments (its ``locals()``), None meaning absent."""
        return send(self, endpoint, *split_locals(endpoint, given))

    def _created_id(self, endpoint: Endpoint, given: dict[str, Any]) -> str | None:
        """Send an update; the id its ``Location`` names, if any (a transfer's new call)."""
        ids = split_locals(endpoint, given)[0]
        return created_id(self, endpoint, ids, self._send(endpoint, given))

    def _create(self, endpoint: Endpoint, given: dict[str, Any]) -> str:
        return create(self, endpoint, *split_locals(endpoint, given))

    def _list(
        self, model: type[R], endpoint: Endpoint, given: dict[str, Any]
    ) -> Generator[R, None, None]:
        return as_generator(pager(self, model, endpoint, *split_locals(endpoint, given)))

    # -- audio value builders (bandwidth-sdk 3.1.0) -----------------------------------------

    def build_sentence(
        self,
        sentence: str,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """An audio dict that speaks ``sentence``, for ``play_audio_to_*`` or ``whisper_audio``."""
        return audio_body(locals())

    def build_audio_playback(
        self, file_url: str, loop_enabled: bool | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """An audio dict that plays ``file_url``."""
        return audio_body(locals())


def check_calls(cls: type) -> None:
    """Make the public methods ``cls`` itself defines raise :class:`SignatureMismatchError`."""
    for name, value in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(value):
            setattr(cls, name, _bound_checked(value))


def _bound_checked(function: Callable[..., T]) -> Callable[..., T]:
    """``function``, raising :class:`SignatureMismatchError` for a call its signature does
    not take (checked only once the call failed with a ``TypeError``: no cost otherwise)."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> T:
        try:
            return function(*args, **kwargs)
        except TypeError:
            try:
                signature.bind(*args, **kwargs)
            except TypeError as mismatch:
                del args, kwargs  # no argument in this frame's locals
                raise SignatureMismatchError(f"{function.__name__}(): {mismatch}") from None
            raise

    return checked


check_calls(Facade)  # build_sentence and build_audio_playback


def split_locals(
    endpoint: Endpoint, given: dict[str, Any]
) -> tuple[Ids, dict[str, Any], Arguments]:
    """A facade method's ``locals()`` as path ids, declared arguments and pass-through extras.

    The facade's parameter names are the declaration's (``call_id``, ``caller_id`` ...), so no
    field is listed twice.
    """
    arguments = {name: value for name, value in given.items() if name not in ("self", "kwargs")}
    ids = tuple(arguments.pop(name) for name in endpoint.id_names)
    return ids, arguments, given.get("kwargs") or EMPTY


def as_generator(items: Iterator[T]) -> Generator[T, None, None]:
    """Wrap a pager in a generator: the original client documented ``types.GeneratorType``.

    The pager is built (and its arguments checked) before this is called, so bad input
    still fails at the call, not at the first ``next()``.
    """
    return (item for item in items)


def with_old_id(given: dict[str, Any], name: str) -> dict[str, Any]:
    """A method's ``locals()`` with the id given as ``name`` or as ``id`` (the original
    client's name), exactly one of them, under ``name``."""
    value, old_name_value = given.get(name), given.get("id")
    if (value is None) == (old_name_value is None):
        raise InvalidArgumentError(f"give {name} (or id), exactly once")
    chosen = value if value is not None else old_name_value
    return {**{key: item for key, item in given.items() if key != "id"}, name: chosen}


def unfold_audio(given: dict[str, Any]) -> dict[str, Any]:
    """An audio dict passed as ``file_url`` (as the original docs show) is the audio itself."""
    audio = given.get("file_url")
    if not isinstance(audio, Mapping):
        return given
    kwargs: dict[str, Any] = given.get("kwargs") or {}
    extra = {key: value for key, value in kwargs.items() if value is not None}
    fields = {key: value for key, value in cast("Mapping[str, Any]", audio).items()}
    named = [k for k, v in given.items() if k not in _NOT_AUDIO and v is not None]
    twice = sorted(key for key in [*named, *extra] if fields.get(key) is not None)
    if twice:
        raise InvalidArgumentError(f"{twice[0]} is given in the audio dict and as an argument")
    return {**given, "file_url": None, "kwargs": {**fields, **extra}}


_NOT_AUDIO = frozenset({"self", "kwargs", "file_url"})
"""A play method's ``locals()`` that are no audio field (``file_url`` holds the dict itself)."""


def audio_body(given: dict[str, Any]) -> dict[str, Any]:
    """The checked wire body of an audio value built from a method's arguments."""
    _, arguments, extra = split_locals(call_api.AUDIO, {**given, "call_id": None})
    return call_api.AUDIO.payload(arguments, extra)


# -- the original helpers that also take their first argument as ``id=`` ------------------


class OldFile(TypedDict, total=False):
    """What ``play_audio_file_to_*`` takes besides the id."""

    file_url: Required[str]
    tag: str | None


class OldSpeech(TypedDict, total=False):
    """What ``speak_sentence_to_*`` takes besides the id."""

    sentence: Required[str]
    gender: str | None
    voice: str | None
    locale: str | None
    tag: str | None


Helper = Callable[..., None]


def old_id_helper(endpoint: Endpoint) -> Callable[[Helper], Helper]:
    """The implementation of an original helper whose id may also be given as ``id=``.

    Its parameters are read from its first overload (the positional form, e.g.
    ``(self, bridge_id, sentence, gender=None, ...)``): every one optional, plus ``id``, so
    the id is checked to be given exactly once, by either name, before anything is sent.
    """

    def implement(declared: Helper) -> Helper:
        self_, id_, *rest = inspect.signature(get_overloads(declared)[0]).parameters.values()
        optional = [p.replace(default=None, annotation=_or_none(p)) for p in (id_, *rest)]
        signature = inspect.Signature([self_, *optional, _OLD_ID])

        @functools.wraps(declared)
        def helper(self: Facade, *args: Any, **kwargs: Any) -> None:
            given = signature.bind(self, *args, **kwargs)
            given.apply_defaults()
            given_once = with_old_id(given.arguments, id_.name)
            send(self, endpoint, *split_locals(endpoint, given_once))

        vars(helper)["__signature__"] = signature  # what inspect and help() show
        return helper

    return implement


_OLD_ID = inspect.Parameter(
    "id", inspect.Parameter.KEYWORD_ONLY, default=None, annotation="str | None"
)


def _or_none(parameter: inspect.Parameter) -> object:
    """A required parameter's annotation with ``| None`` (it may be given as ``id=``)."""
    required = parameter.default is inspect.Parameter.empty
    return f"{parameter.annotation} | None" if required else parameter.annotation
