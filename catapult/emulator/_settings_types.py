"""The emulator's settings objects refuse a value of the wrong type by name.

``FaultSpec``, ``CallbackOptions``, ``RateLimits`` and ``EmulatorOptions`` are built from
keyword arguments, the pytest marker and JSON bodies of the control API. A field declared
``int``, ``float``, ``str`` or ``bool`` (or an optional one) is checked before the class's
own rules compare it, so ``{"status": "abc"}`` is ``status must be int or None, got str``
rather than an error from inside a comparison. Other fields are left to the class.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import types
import typing
from collections.abc import Collection, Mapping
from typing import Any, cast

from .._urls import redact_url

_SIMPLE = (int, float, str, bool, type(None))


def check_field_types(settings: object) -> None:
    """Raise ValueError naming the first field of ``settings`` whose value has the wrong type."""
    cls: type = type(settings)
    for name, allowed in _simple_fields(cls).items():
        value = getattr(settings, name)
        if not _matches(value, allowed):
            kinds = " or ".join("None" if kind is type(None) else kind.__name__ for kind in allowed)
            raise ValueError(f"{name} must be {kinds}, got {type(value).__name__}")


def check_names(cls: type, given: Mapping[str, Any], what: str) -> None:
    """Raise ValueError naming the keys of ``given`` that are no field of ``cls``."""
    check_keys(given, {field.name for field in dataclasses.fields(cls)}, what)


def check_keys(given: Mapping[str, Any], known: Collection[str], what: str) -> None:
    """Raise ValueError naming the keys of ``given`` that are not in ``known``."""
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)}; known: {', '.join(sorted(known))}")


def redacted_repr(settings: object, secrets: Collection[str] = ()) -> str:
    """The dataclass repr of ``settings`` with the fields named in ``secrets`` shown as
    ``'REDACTED'`` and the user info and query values of URLs (in mappings too) redacted."""
    shown: list[str] = []
    for field in dataclasses.fields(type(settings)):  # type: ignore[arg-type]
        value = "REDACTED" if field.name in secrets else _redacted(getattr(settings, field.name))
        shown.append(f"{field.name}={value!r}")
    return f"{type(settings).__name__}({', '.join(shown)})"


def _redacted(value: object) -> object:
    if isinstance(value, str) and "://" in value:
        return redact_url(value)
    if isinstance(value, Mapping):
        items = cast("Mapping[object, object]", value).items()
        return {key: _redacted(item) for key, item in items}
    return value


@functools.cache
def _simple_fields(cls: type) -> dict[str, tuple[type, ...]]:
    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    simple: dict[str, tuple[type, ...]] = {}
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        kinds = typing.get_args(hint) if _is_union(hint) else (hint,)
        if all(kind in _SIMPLE for kind in kinds):
            simple[field.name] = tuple(kinds)
    return simple


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def _matches(value: object, allowed: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # a bool is an int to isinstance, not to these settings
        return bool in allowed
    if float in allowed and isinstance(value, int):
        return True  # 1 for 1.0
    return isinstance(value, tuple(kind for kind in allowed if kind is not bool))
