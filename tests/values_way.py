"""A spy on the values way of page chunks (msgspec values, then ``validate_python``)."""

from __future__ import annotations

import pytest

import catapult._decode
from catapult import Bridge


def spy_values_way(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Per chunk tried the values way, whether that way took it (in order)."""
    taken: list[bool] = []
    from_values = catapult._decode._from_values  # pyright: ignore[reportPrivateUsage]

    def spy(model: type[Bridge], chunk: bytes) -> list[Bridge] | None:
        result = from_values(model, chunk)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(catapult._decode, "_from_values", spy)
    return taken
