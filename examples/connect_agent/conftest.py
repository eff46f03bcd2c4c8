"""Use the catapult vcr preset for this example's recorded tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="module")
def vcr_config(catapult_vcr_config: dict[str, Any]) -> dict[str, Any]:
    return catapult_vcr_config
