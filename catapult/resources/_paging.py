"""Validation of the ``size`` paging argument shared by every paged list."""

from __future__ import annotations

from typing import Any

from .._errors import InvalidArgumentError
from .._pagination import MAX_PAGE_SIZE


def page_params(size: int | None, **filters: Any) -> dict[str, Any]:
    """Query parameters for a paged list: ``size`` (checked) plus the filters that were given."""
    params = {name: value for name, value in filters.items() if value is not None}
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
            raise InvalidArgumentError(
                f"size must be an integer from 1 to {MAX_PAGE_SIZE}, got {size!r}"
            )
        params["size"] = size
    return params
