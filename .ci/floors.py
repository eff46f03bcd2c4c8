"""Print a pip constraints file pinning every declared floor (``name>=X`` becomes ``name==X``).

Covers the runtime dependencies and the ``testing`` and ``async`` extras, the requirements users
install, so
that `.ci/run` can run the tests on the oldest versions the package claims to support.
"""

from __future__ import annotations

import re
from pathlib import Path

import tomllib

FLOOR = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def floors(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    requirements = [*project["dependencies"], *extras["testing"], *extras["async"]]
    pins = []
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if match:
            pins.append(f"{match[1]}=={match[2]}")
    return pins


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print("\n".join(floors(root / "pyproject.toml")))
