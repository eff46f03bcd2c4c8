"""``python -m catapult.emulator`` prints its URL and serves until terminated."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def test_cli_prints_base_url_and_serves_until_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable,
        "-m",
        "catapult.emulator",
        "--port",
        "0",
        "--user-id",
        "u-cli",
        "--seed-bridges",
        "3",
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/v1)\b", line)
        assert match, f"unexpected first line: {line!r}"
        banner = [process.stdout.readline().strip() for _ in range(6)]
        assert "export CATAPULT_API_TOKEN=emulator-token" in banner
        assert "export CATAPULT_USER_ID=u-cli" in banner
        base_url = match.group(1)
        response = requests.get(
            f"{base_url}/users/u-cli/bridges", auth=("emulator-token", "emulator-secret"), timeout=5
        )
        assert len(response.json()) == 3
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stderr is not None
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
