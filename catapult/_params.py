"""The pydantic base of request values built by hand (:class:`~catapult.Audio`).

Request bodies are declared as typed dicts and checked by :mod:`catapult._fields`; only the
public :class:`~catapult.Audio` value is a model, so it can be built, compared and dumped.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from ._errors import InvalidArgumentError


class RequestBody(BaseModel):
    """Base of request values: snake_case in, camelCase out, unknown arguments refused."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        defer_build=True,
    )

    def __init__(self, /, **data: Any) -> None:
        """Build the value; a refused argument raises :class:`~catapult.InvalidArgumentError`
        (not pydantic's ``ValidationError``), as the same argument does when a dict is sent."""
        try:
            super().__init__(**data)
        except ValidationError as exc:  # the rules' InvalidArgumentError, wrapped by pydantic
            raise _unwrapped(exc) from None

    def to_wire(self) -> dict[str, Any]:
        """The JSON body: the fields that were given, under their wire names."""
        return self.model_dump(by_alias=True, exclude_unset=True, exclude_none=True, mode="json")


def _unwrapped(exc: ValidationError) -> InvalidArgumentError:
    first = exc.errors()[0]
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, InvalidArgumentError):
        return cause
    where = ".".join(str(part) for part in first["loc"])
    return InvalidArgumentError(f"{where} {first['msg']}".strip())
