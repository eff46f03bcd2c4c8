"""Pydantic types for ids inside request bodies, checked like ids in paths."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from .._urls import quote_id


def _checked_id(value: str) -> str:
    quote_id(value)
    return value


def _one_or_many(value: Any) -> Any:
    # The seed documents call_ids as "(str) the first of the call ids": accept a lone id.
    return [value] if isinstance(value, str) else value


#: An id sent in a body; validated like an id in a path.
Id = Annotated[str, AfterValidator(_checked_id)]
#: Up to two call ids (a bridge joins at most two calls, API notes §2.1).
BridgeCallIds = Annotated[list[Id], BeforeValidator(_one_or_many), Field(max_length=2)]
