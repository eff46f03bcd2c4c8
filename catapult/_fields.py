"""Request bodies declared once, as typed dicts, and checked from that one declaration.

A body is a ``TypedDict`` (or the :class:`~catapult.Audio` model) whose keys are the SDK's
argument names and whose ``Annotated`` metadata holds the :mod:`~catapult._rules` rule and,
when it is not the camelCase of the name, the :class:`Wire` name::

    class TransferOptions(TypedDict, total=False):
        caller_id: Annotated[str, Wire("transferCallerId"), rules.CALLER_ID]
        \"\"\"Caller id shown to the target.\"\"\"

Type checkers read the typed dict (``**options: Unpack[TransferOptions]``); :func:`body_spec`
reads the same class at import time into a :class:`BodySpec`, which the SDK uses to check and
camelCase arguments before sending (:func:`to_wire`) and the emulator uses to check what it
receives (:func:`from_wire`). So a field, its wire name and its rule are written once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, cast, get_args, get_origin, get_type_hints

from pydantic.alias_generators import to_camel
from typing_extensions import Required

from . import _rules
from ._errors import InvalidArgumentError
from ._rules import Between, Flag, Rule, RuleError
from ._values import Unset


@dataclass(frozen=True)
class Wire:
    """``Annotated`` metadata: the field's name on the wire, when not the camelCase of its name."""

    name: str


@dataclass(frozen=True)
class Nested:
    """``Annotated`` metadata: the value is itself a declared body (an audio object)."""

    body: type[Any]
    without: tuple[str, ...] = ()
    """Fields of that body this place does not take (bridge audio has no ``volume``)."""


@dataclass(frozen=True)
class FieldSpec:
    """One declared field: its argument name, wire name, rule or nested body."""

    name: str
    wire: str
    rule: Rule | None
    nested: BodySpec | None
    required: bool


@dataclass(frozen=True)
class BodySpec:
    """What :func:`body_spec` reads from a declaration."""

    name: str
    fields: tuple[FieldSpec, ...]
    one_of: tuple[str, ...] = ()
    """Exactly one of these fields must be given (an audio plays a file or speaks)."""
    left_out: frozenset[str] = frozenset()
    """Names and wire names of declared fields this place does not take (bridge audio's
    ``volume``): refused, not sent verbatim as an unknown extra would be."""

    def field(self, key: str) -> FieldSpec | None:
        """The field named ``key`` by its argument name or its wire name."""
        return _index(self).get(key)


@cache
def _index(spec: BodySpec) -> dict[str, FieldSpec]:
    index = {f.wire: f for f in spec.fields}
    index.update({f.name: f for f in spec.fields})
    return index


def body_spec(declaration: type[Any], without: tuple[str, ...] = ()) -> BodySpec:
    """Read a typed dict (or model) into a :class:`BodySpec`; cached, so read once."""
    key = (declaration, without)
    if key not in _SPECS:
        _SPECS[key] = _read(declaration, without)
    return _SPECS[key]


_SPECS: dict[tuple[type[Any], tuple[str, ...]], BodySpec] = {}

_DECLARATION_NAMES: dict[str, Any] = {"rules": _rules}
"""What a declaration's annotations may name without importing it at run time: the rules, as
``rules.X``. A module may import them for type checkers only (``bridges.py`` does), so that
importing its models does not import the rules; they come with its first request."""


def _read(declaration: type[Any], without: tuple[str, ...]) -> BodySpec:
    hints = get_type_hints(declaration, localns=_DECLARATION_NAMES, include_extras=True)
    required: frozenset[str] = getattr(declaration, "__required_keys__", frozenset())
    fields: list[FieldSpec] = []
    left_out: set[str] = set()
    for name, hint in hints.items():
        if name.startswith("_") or name == "model_config":
            continue
        metadata = _metadata(hint)
        wire = next((m.name for m in metadata if isinstance(m, Wire)), to_camel(name))
        if name in without:
            left_out |= {name, wire}
            continue
        rule = next((m for m in metadata if isinstance(m, Rule)), None)
        nested = next((m for m in metadata if isinstance(m, Nested)), None)
        inner = body_spec(nested.body, nested.without) if nested else None
        if rule is None and inner is None:
            raise TypeError(f"{declaration.__name__}.{name} declares no rule")
        needed = name in required or get_origin(hint) is Required
        fields.append(FieldSpec(name, wire, rule, inner, needed))
    one_of = tuple(getattr(declaration, "__one_of__", ()))
    return BodySpec(declaration.__name__, tuple(fields), one_of, frozenset(left_out))


def _metadata(hint: Any) -> list[Any]:
    """The ``Annotated`` metadata of a hint, through ``Required``/``| None`` wrappers."""
    found: list[Any] = []
    stack = [hint]
    while stack:
        current = stack.pop()
        if get_origin(current) is Annotated:
            found.extend(current.__metadata__)
            stack.append(get_args(current)[0])
        elif get_origin(current) is not None:
            stack.extend(get_args(current))
    return found


# -- the SDK side: arguments -> wire body ----------------------------------------------------


def to_wire(
    spec: BodySpec,
    arguments: Mapping[str, Any],
    extra: Mapping[str, Any] | None = None,
    *,
    query: bool = False,
) -> dict[str, Any]:
    """Check the given arguments against ``spec`` and return the JSON body (or the ``query``).

    None means "not given" and is never sent. ``extra`` holds the seed client's ``**kwargs``:
    known names (argument or wire) are checked like the others, anything else is sent
    verbatim under the name given, if it can be (:func:`_check_verbatim`). Bad input raises
    :class:`InvalidArgumentError`.
    """
    body: dict[str, Any] = {}
    verbatim: dict[str, Any] = {}
    for key, value in _merge(spec, arguments, extra):
        field = spec.field(key)
        if field is None:
            if key in arguments:
                raise InvalidArgumentError(f"unexpected argument {key!r} for {spec.name}")
            if key in spec.left_out:
                raise InvalidArgumentError(f"{key} is not taken here")
            _check_verbatim(key, value, query)
            verbatim[key] = value
        elif value is not None and not _unset(value):
            body[field.wire] = _sdk_value(field, value)
    _complete(spec, body, lambda f: f.name, InvalidArgumentError)
    return {**body, **verbatim}


def _check_verbatim(key: object, value: object, query: bool) -> None:
    """An extra field no declaration names, sent as given: a JSON value (finite numbers,
    Unicode text) under a text name; in a query, text, a number or a list of them."""
    if not isinstance(key, str):
        raise InvalidArgumentError(f"extra field names must be strings, got {key!r}")
    items = cast("list[object]", value) if isinstance(value, (list, tuple)) else [value]
    if query and not all(isinstance(item, (str, int, float)) for item in items):
        raise InvalidArgumentError(f"{key} must be text, a number or a list of them")
    try:
        json.dumps(value, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:  # UnicodeEncodeError included
        raise InvalidArgumentError(f"{key} cannot be sent as JSON: {exc}") from None


def checked(spec: BodySpec, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments after :func:`to_wire`'s checks, under their argument names."""
    body = to_wire(spec, arguments)
    return {_index(spec)[wire].name: value for wire, value in body.items()}


def _merge(
    spec: BodySpec, arguments: Mapping[str, Any], extra: Mapping[str, Any] | None
) -> list[tuple[str, Any]]:
    """Named arguments, then the extra fields given (not None). A field given twice, under two
    spellings (``callback_url=`` and ``callbackUrl=``), is refused: neither silently wins."""
    merged = list(arguments.items())
    spelled = {_field_name(spec, k): k for k, v in arguments.items() if not _unset(v)}
    for key, value in (extra or {}).items():
        if _unset(value):
            continue
        name = _field_name(spec, key)
        if name in spelled:
            raise InvalidArgumentError(
                f"{spelled[name]} and {key} are the same field of {spec.name}: give it once"
            )
        spelled[name] = key
        merged.append((key, value))
    return merged


def _field_name(spec: BodySpec, key: str) -> str:
    """The argument name of the field ``key`` spells, or ``key`` itself if it is no field."""
    field = spec.field(key)
    return field.name if field else key


def _unset(value: object) -> bool:
    return value is None or isinstance(value, Unset)


def _sdk_value(field: FieldSpec, value: Any) -> Any:
    if field.nested is not None:
        raw = value.to_wire() if hasattr(value, "to_wire") else value
        if not isinstance(raw, Mapping):
            raise InvalidArgumentError(f"{field.name} must be an audio object or a dict")
        return to_wire(field.nested, cast("Mapping[str, Any]", raw))
    if isinstance(value, Enum):
        value = value.value
    elif isinstance(value, str) and field.wire == "callIds":
        value = [value]  # the seed documents call_ids as "the first of the call ids"
    elif isinstance(value, (tuple, Sequence)) and not isinstance(value, str):
        value = list(cast("Sequence[object]", value))
    elif isinstance(value, Mapping):
        value = dict(cast("Mapping[object, object]", value))
    try:
        return _rule(field).check(value)  # JSON's own types only: no "5", no "true"
    except RuleError as exc:
        raise InvalidArgumentError(f"{field.name} {exc}") from None


def _rule(field: FieldSpec) -> Rule:
    if field.rule is None:  # body_spec gives every field a rule or a nested body
        raise TypeError(f"{field.name} has no rule")
    return field.rule


def _complete(
    spec: BodySpec,
    body: Mapping[str, Any],
    label: Callable[[FieldSpec], str],
    error: Callable[[str], Exception],
) -> None:
    """Required fields present; exactly one of ``spec.one_of`` given."""
    for field in spec.fields:
        if field.required and field.wire not in body:
            raise error(f"{label(field)} is required")
    if spec.one_of:
        given = [f for f in spec.fields if f.name in spec.one_of and f.wire in body]
        if len(given) != 1:
            names = " or ".join(label(f) for f in spec.fields if f.name in spec.one_of)
            raise error(f"give exactly one of {names}")


# -- the emulator side: received JSON -> checked values ------------------------------------


ErrorFactory = Callable[..., Exception]
"""Builds the emulator's error: ``(message, wire name, value, rule)``, all but the first optional.
"""


def from_wire(spec: BodySpec, body: object, error: ErrorFactory) -> dict[str, Any]:
    """Check a received JSON body against ``spec``; returns it with native types.

    Lenient where the API is (:func:`lenient`): the docs' curl examples send ``"true"`` and
    ``"5"``. Unknown fields and
    ``null`` are refused; :data:`ErrorFactory` builds the exception to raise.
    """
    if not isinstance(body, dict):
        raise error("The request body must be a JSON object")
    out: dict[str, Any] = {}
    for key, value in cast("dict[str, Any]", body).items():
        field = spec.field(key)
        if field is None or field.wire != key:
            raise error(f"Unknown field '{key}'", key, value)
        if value is None:
            raise error(f"Field '{key}' must not be null", key, value)
        if field.nested is not None:
            out[key] = from_wire(field.nested, value, error)
            continue
        rule = _rule(field)
        try:
            out[key] = rule.check(lenient(rule, value))
        except RuleError as exc:
            raise error(f"Field '{key}' {exc}", key, value, rule) from None
    _complete(spec, out, lambda f: f"'{f.wire}'", error)
    return out


def lenient(rule: Rule, value: Any) -> Any:
    """What the API (so the emulator) accepts besides JSON's own types: ``"5"`` for 5,
    ``"true"`` for true. The SDK sends JSON's own types and refuses these strings."""
    if isinstance(rule, Flag) and value in ("true", "false"):
        return value == "true"
    if isinstance(rule, Between) and isinstance(value, str):
        text = value.strip()
        if _DECIMAL.fullmatch(text):
            return int(text)
    return value


_DECIMAL = re.compile(r"-?[0-9]{1,20}")
"""A whole number written in ASCII digits (``"²"`` and ``"--5"`` are no numbers)."""
