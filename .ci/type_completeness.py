"""Fail unless pyright rates the installed package's public API at least 95% typed.

``pyright --verifytypes`` reads an installed package, so the package is installed (without
dependencies) into a temporary directory placed on the interpreter's path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

FLOOR = 0.95


def main() -> int:
    with tempfile.TemporaryDirectory() as site:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, "."],
            check=True,
        )
        env = {**os.environ, "PYTHONPATH": site}
        result = subprocess.run(
            ["pyright", "--verifytypes", "catapult", "--ignoreexternal", "--outputjson"],
            capture_output=True,
            text=True,
            env=env,
            cwd=site,
        )
    score = json.loads(result.stdout)["typeCompleteness"]["completenessScore"]
    print(f"pyright --verifytypes catapult: {score:.1%} (floor {FLOOR:.0%})")
    return 0 if score >= FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
