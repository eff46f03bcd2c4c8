"""Values shared by models and parameters: :data:`UNSET`, open enums and UTC timestamps."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from enum import Enum
from typing import Annotated, Any, ClassVar, Final

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


class Unset:
    """The type of :data:`UNSET`: an argument the caller did not give, so it is not sent."""

    _instance: ClassVar[Unset | None] = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()
"""Not given, for callers that must pass something: an argument that is UNSET (or None) is
left out of the request, as if it had not been passed at all."""


class OpenEnum(str, Enum):
    """A string enum that accepts values it does not know (the API adds states over time).

    Unknown values become members created on the fly, so ``call.state == "parked"`` works
    for a state this version has never heard of; ``is_known`` tells them apart.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value.upper().replace("-", "_")
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """Whether this value is one the SDK was built with."""
        return self._name_ in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)


def _assume_utc(value: datetime) -> datetime:
    # Catapult's timestamps are UTC; a naive one (no offset in the text) is UTC too.
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


_HOUR_OFFSET = re.compile(r"(:\d{2}(?:\.\d+)?[+-]\d{2})$")
"""An hour-only UTC offset at the end of a timestamp, as in ``2013-07-12T15:22:47-02``."""


def _pad_hour_offset(value: Any) -> Any:
    # "2013-07-12T15:22:47-02" (used in the API's own examples) becomes "...-02:00".
    if isinstance(value, str):
        return _HOUR_OFFSET.sub(r"\1:00", value.strip())
    return value


class _AssumeUtc:
    """Schema of :data:`Timestamp`: aware values stay in pydantic-core, the rest is mended.

    The API's ``...Z`` and ``...±hh:mm`` text and epoch numbers pass the first branch without
    running any Python (a Python validator on every timestamp was a measurable part of list
    parsing); only other text reaches the second branch, where an hour-only offset (``-02``)
    is completed and a naive time is taken as UTC. A value that is no datetime gives one error.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        lenient = core_schema.no_info_before_validator_function(
            _pad_hour_offset, core_schema.datetime_schema()
        )
        return core_schema.union_schema(
            [
                core_schema.datetime_schema(tz_constraint="aware"),
                core_schema.no_info_after_validator_function(_assume_utc, lenient),
            ],
            mode="left_to_right",
            custom_error_type="datetime_type",
        )


Timestamp = Annotated[datetime, _AssumeUtc]
"""A timezone-aware UTC timestamp: ISO 8601 text with ``Z``, ``±hh:mm``, ``±hh`` or no offset
(taken as UTC), with or without a fraction, or epoch milliseconds
(docs/wire/index.md#timestamps)."""
