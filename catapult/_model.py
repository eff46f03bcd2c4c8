"""The base of every resource model: wire aliases, tolerant parsing, seed-style key access.

A model is built from the API's camelCase JSON and exposes snake_case attributes. It is bound to
the :class:`~catapult.Session` that fetched it through a plain slot set after validation (not a
pydantic private attribute, which would run Python code for every object parsed), so it is never
dumped, compared or shown in a repr; copies keep it, pickles never carry it. Facts a model holds
besides its fields (the conference a member was read from) are slots named in
``_travelling_slots``, which copies and pickles keep.

This is the one module that touches pydantic internals (``__pydantic_extra__``, slots set with
``object.__setattr__``); other modules go through :func:`set_slot` and :func:`get_slot`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any, ClassVar, Final, cast

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel, to_snake
from typing_extensions import Self

from ._errors import CatapultError, InvalidArgumentError, MissingContextError
from ._fielddoc import FieldDocMeta
from ._guard import guard_public_methods
from ._redact import redact_password

if TYPE_CHECKING:
    from ._async_session import AsyncSession
    from ._session import Session


def _redacted(value: Any) -> Any:
    return redact_password(value) if isinstance(value, str) else value


_SLOTS_STATE: Final = "catapult_slots"
"""The key of a pickled model's state that holds its travelling slots."""

_SESSION_SLOT: Final = "_bound_session"


def _as_model(obj: SessionBound) -> BaseModel:
    return cast(BaseModel, obj)


def _slot_values(obj: SessionBound, names: Iterable[str]) -> dict[str, object]:
    """The slots among ``names`` that are set on ``obj``, by name."""
    values: dict[str, object] = {}
    for name in names:
        try:
            values[name] = object.__getattribute__(obj, name)
        except AttributeError:
            continue
    return values


def _set_slots(obj: object, values: Mapping[str, object]) -> None:
    for name, value in values.items():
        object.__setattr__(obj, name, value)


class SessionBound:
    """Mixin for models that act through a session held in a ``_bound_session`` slot.

    The slot itself is declared by each pydantic subclass (``__slots__``), so the session is
    never validated, dumped, compared or shown in a repr. ``copy.copy``, ``copy.deepcopy`` and
    ``model_copy`` keep the session (the same object: a session is never copied) and the
    ``_travelling_slots``; a pickle keeps the travelling slots and never the session.
    """

    __slots__ = ()

    _travelling_slots: ClassVar[tuple[str, ...]] = ()
    """Slots besides the session that copies and pickles keep: facts the wire object does not
    hold, such as the conference a member was read from."""

    def __getstate__(self) -> dict[Any, Any]:
        state = BaseModel.__getstate__(_as_model(self))
        slots = _slot_values(self, self._travelling_slots)
        if slots:
            state[_SLOTS_STATE] = slots
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        BaseModel.__setstate__(_as_model(self), state)
        _set_slots(self, state.get(_SLOTS_STATE, {}))

    def __copy__(self) -> Self:
        copied = BaseModel.__copy__(_as_model(self))
        _set_slots(copied, _slot_values(self, (_SESSION_SLOT, *self._travelling_slots)))
        return cast("Self", copied)

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        copied = BaseModel.__deepcopy__(_as_model(self), memo)
        _set_slots(copied, _slot_values(self, (_SESSION_SLOT, *self._travelling_slots)))
        return cast("Self", copied)

    def bind(self, session: Session | AsyncSession) -> Self:
        """Attach ``session`` so the object's methods can reach the API; returns the object.

        Objects built by the SDK come bound, and so do their copies (``copy.copy``,
        ``copy.deepcopy``, ``model_copy``). Use this for models built by hand, unpickled (a
        pickle never carries the session) or validated from raw JSON with ``model_validate``.
        Bound to a :class:`~catapult.Session`, the object's methods return their results; bound
        to an :class:`~catapult.AsyncSession`, its ``*_async`` methods are awaited.
        """
        from ._session import SessionCore  # loaded with any session there is to bind

        if not isinstance(session, SessionCore):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidArgumentError(
                f"bind() takes a Session or an AsyncSession, got {type(session).__name__}"
            )
        object.__setattr__(self, _SESSION_SLOT, session)
        return self

    def _bound(self) -> Session | AsyncSession:
        """Whichever session the object is bound to; raises if it was never bound."""
        try:
            session: Session | AsyncSession = object.__getattribute__(self, _SESSION_SLOT)
        except AttributeError:
            raise MissingContextError(
                f"this {type(self).__name__} is not bound to a session; call .bind(session)"
            ) from None
        return session

    @property
    def session(self) -> Session:
        """The :class:`~catapult.Session` this object acts through; raises if it was never
        bound, or if it is bound to an :class:`~catapult.AsyncSession`."""
        session = self._bound()
        if session.is_async:
            name = type(self).__name__
            example = f" (e.g. await {name.lower()}.refresh_async())" if self._refreshes else ""
            raise CatapultError(
                f"this {name} is bound to an AsyncSession: await its *_async methods"
                f"{example} instead of the sync ones"
            )
        return cast("Session", session)

    @property
    def async_session(self) -> AsyncSession:
        """The :class:`~catapult.AsyncSession` this object acts through; raises if it was
        never bound, or if it is bound to a sync :class:`~catapult.Session`."""
        session = self._bound()
        if not session.is_async:
            name = type(self).__name__
            example = f" (e.g. {name.lower()}.refresh())" if self._refreshes else ""
            raise CatapultError(
                f"this {name} is bound to a sync Session: call its methods without _async"
                f"{example}, or bind it to an AsyncSession"
            )
        return cast("AsyncSession", session)

    @property
    def _refreshes(self) -> bool:
        """Whether the object has ``refresh()`` (a resource), to name it in advice; events
        have other actions."""
        return callable(getattr(type(self), "refresh", None))


def set_slot(obj: BaseModel, name: str, value: object) -> None:
    """Set a plain ``__slots__`` attribute of a model: not a field, so never validated,
    dumped, compared or shown (pydantic's own ``__setattr__`` accepts only fields)."""
    object.__setattr__(obj, name, value)


def get_slot(obj: BaseModel, name: str) -> object:
    """Read a slot set by :func:`set_slot`; raises AttributeError when it was never set."""
    return object.__getattribute__(obj, name)


def set_slot_all(
    items: Iterable[BaseModel], cls: type[BaseModel], name: str, value: object
) -> None:
    """:func:`set_slot` on every item of a page of ``cls`` objects, in C as :func:`bind_all`."""
    setter: Callable[[BaseModel, object], None] = cls.__dict__[name].__set__
    deque(map(setter, items, repeat(value)), maxlen=0)


def bind_all(items: Iterable[SessionBound], session: Session | AsyncSession) -> None:
    """Bind every item of a page to ``session``.

    Binding runs in C (``map`` over the slot's setter): a Python loop here costs more than
    validating some fields of the page.
    """
    deque(map(_SET_SESSION, items, repeat(session)), maxlen=0)


def wire_name(name: str, alias: str | None) -> str:
    """A resource field's JSON name: its own alias, else the camelCase of its name.

    Not read from the field alone: validators are built on first use (``defer_build``), and
    older pydantic releases (2.10) fill generated aliases in only then.
    """
    return alias or to_camel(name)


class Resource(SessionBound, BaseModel, metaclass=FieldDocMeta):
    """Base of Bridge, Call and the other API objects."""

    __slots__ = ("_bound_session",)

    model_config: ClassVar[ConfigDict] = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        defer_build=True,
    )

    _keys_to_fields: ClassVar[dict[str, str]] = {}
    """seed-style snake_case key (``"bridge_audio"``, ``"from"``, ``"calls"``) -> field name."""

    _derived_keys: ClassVar[tuple[str, ...]] = ()
    """Properties that answer as keys too, as the old client added them to its dicts (a
    recording's ``media_name``); a key is absent while its property is None."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        guard_public_methods(cls)  # an error leaves without the arguments in its frames
        keys: dict[str, str] = {}
        for name, info in cls.model_fields.items():
            wire = wire_name(name, info.alias)
            keys[to_snake(wire)] = name  # the old client's key: the wire name, snake-cased
            keys[wire] = name
            keys.setdefault(name, name)
        cls._keys_to_fields = keys

    def _take(self, sent: Mapping[str, Any]) -> Self:
        """Apply the wire fields just sent (``{"state": "completed"}``) to this object.

        The values are parsed like an answer would be, so ``state`` becomes a ``CallState``.
        Fields the model does not have are left out. Returns the object.
        """
        for key, value in sent.items():
            name = self._keys_to_fields.get(key)
            if name is not None:
                # pydantic's in-place assignment check, as validate_assignment=True would do
                self.__pydantic_validator__.validate_assignment(self, name, value)
        return self

    def _replace_with(self, fresh: Resource) -> None:
        """Take every field of ``fresh`` (a newer read of the same object) in place."""
        object.__setattr__(self, "__dict__", fresh.__dict__)
        object.__setattr__(self, "__pydantic_extra__", fresh.__pydantic_extra__)
        object.__setattr__(self, "__pydantic_fields_set__", fresh.__pydantic_fields_set__)

    # -- read-only mapping access, as the seed client's dicts offered --------------------

    def _field_for(self, key: str) -> str | None:
        name = self._keys_to_fields.get(key)
        if name is not None and name in self.model_fields_set:
            return name
        return None

    def _extra_key_for(self, key: str) -> str | None:
        extra = self.__pydantic_extra__ or {}
        for candidate in (key, to_camel(key)):
            if candidate in extra:
                return candidate
        return None

    def _derived(self, key: str) -> Any:
        return getattr(self, key) if key in self._derived_keys else None

    def __getitem__(self, key: object) -> Any:
        if not isinstance(key, str):  # as a dict with text keys: 0 or None is a missing key
            raise KeyError(key)
        name = self._field_for(key)
        if name is not None:
            return getattr(self, name)
        derived = self._derived(key)
        if derived is not None:
            return derived
        extra_key = self._extra_key_for(key)
        if extra_key is not None:
            return (self.__pydantic_extra__ or {})[extra_key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if self._field_for(key) is not None or self._derived(key) is not None:
            return True
        return self._extra_key_for(key) is not None

    def get(self, key: str, default: Any = None) -> Any:
        """``obj[key]`` if the API sent that field, else ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self) -> list[str]:
        """The seed-style keys of the fields the API sent (``"bridge_audio"``, ``"from"``)."""
        return list(self.to_dict())

    def values(self) -> list[Any]:
        """The values of :meth:`keys`, as ``obj[key]`` gives them."""
        return [self[key] for key in self.keys()]

    def items(self) -> list[tuple[str, Any]]:
        """``(key, obj[key])`` for each of :meth:`keys`."""
        return [(key, self[key]) for key in self.keys()]

    def to_dict(self, *, reveal_secrets: bool = False) -> dict[str, Any]:
        """The fields the API sent, under the seed client's snake_case keys.

        Known fields keep their parsed types (datetimes, booleans), and the keys the old client
        derived from them (a recording's ``media_name``) are added; unknown fields are included
        with their wire name snake-cased, and their values (e.g. map keys) left untouched.
        Passwords in URLs (``https://user:password@host/cb``) read ``REDACTED`` unless
        ``reveal_secrets=True``; attribute and key access always give the real value.
        """
        result: dict[str, Any] = {}
        fields = type(self).model_fields
        for name, info in fields.items():
            if name in self.model_fields_set:
                result[to_snake(wire_name(name, info.alias))] = getattr(self, name)
        for key in self._derived_keys:
            if (value := getattr(self, key)) is not None:
                result[key] = value
        for key, value in (self.__pydantic_extra__ or {}).items():
            result[to_snake(key)] = value
        if reveal_secrets:
            return result
        return {key: _redacted(value) for key, value in result.items()}

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            yield name, _redacted(value)


# The setter of the ``_bound_session`` slot, taken once (a slot descriptor of the class).
_SET_SESSION: Callable[[SessionBound, Session | AsyncSession], None] = Resource.__dict__[
    "_bound_session"
].__set__
