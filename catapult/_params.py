"""Request bodies: validated before sending, camelCased in one place, never carrying null.

Each body is a small pydantic model whose field names are the SDK's snake_case argument names
and whose aliases are the wire names. ``build_body`` validates the arguments the caller gave and
dumps only those, so bad input fails with :class:`InvalidArgumentError` before any request.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from ._errors import InvalidArgumentError
from ._model import given

B = TypeVar("B", bound="RequestBody")


class RequestBody(BaseModel):
    """Base of request bodies: snake_case in, camelCase out, unknown arguments refused."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
    )

    def to_wire(self) -> dict[str, Any]:
        """The JSON body: the fields that were given, under their wire names."""
        return self.model_dump(by_alias=True, exclude_unset=True, exclude_none=True, mode="json")


def build_body(
    model: type[B], extra: Mapping[str, Any] | None = None, /, **arguments: Any
) -> dict[str, Any]:
    """Validate the given ``arguments`` with ``model`` and return the wire body.

    UNSET and None arguments are left out. ``extra`` holds pass-through fields of the seed
    client's ``**kwargs``: known names (snake_case or wire) are validated like the others,
    anything else is sent verbatim under the name given.
    """
    names = _field_names(model)
    verbatim: dict[str, Any] = {}
    for key, value in (extra or {}).items():
        if key in names:
            # a named argument left as None/UNSET must not hide the same field given in extra
            if not given(current=arguments.get(names[key])):
                arguments[names[key]] = value
        elif value is not None:
            verbatim[key] = value
    body = validate_arguments(model, **given(**arguments)).to_wire()
    body.update(verbatim)
    return body


@cache
def _field_names(model: type[RequestBody]) -> dict[str, str]:
    """Field name by field name and by wire name (``"file_url"`` and ``"fileUrl"``)."""
    names = {name: name for name in model.model_fields}
    names.update({info.alias: name for name, info in model.model_fields.items() if info.alias})
    return names


def validate_arguments(model: type[B], **arguments: Any) -> B:
    """Build ``model`` from arguments, turning validation errors into InvalidArgumentError."""
    try:
        return model.model_validate(arguments)
    except ValidationError as exc:
        raise InvalidArgumentError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}: {message}" if where else message)
    return "; ".join(problems)
