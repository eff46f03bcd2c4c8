"""catapult_vcr_session says what is missing instead of failing to connect to 127.0.0.1:9, and
the emulator's callback sender closes a socket it cannot shut down."""

from __future__ import annotations

import http.client
import subprocess
import sys
import textwrap
from pathlib import Path

from catapult.emulator import _callback_http

TEST = textwrap.dedent(
    """
    def test_uses_the_vcr_session(catapult_vcr_session):
        catapult_vcr_session.bridges.create()
    """
)


def _pytest(project: Path, *options: str) -> str:
    (project / "pytest.ini").write_text("[pytest]\n")
    (project / "test_recorded.py").write_text(TEST)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout


def test_without_the_vcr_marker_the_session_says_so(tmp_path: Path) -> None:
    out = _pytest(tmp_path)
    assert "catapult_vcr_session is used by test_uses_the_vcr_session without" in out
    assert "@pytest.mark.vcr" in out
    assert "127.0.0.1:9" not in out and "APIConnectionError" not in out


def test_without_pytest_recording_the_session_says_so(tmp_path: Path) -> None:
    out = _pytest(tmp_path, "-p", "no:recording")
    assert "catapult_vcr_session needs pytest-recording" in out
    assert "pip install 'catapult-sdk[testing]'" in out


class _StandInSocket:
    """Like vcrpy's VCRFakeSocket: no ``shutdown``."""

    closed = False

    def close(self) -> None:
        self.closed = True


def test_cutting_a_delivery_short_closes_a_socket_without_shutdown() -> None:
    conn = http.client.HTTPConnection("127.0.0.1", 9)
    stand_in = _StandInSocket()
    conn.sock = stand_in  # type: ignore[assignment]
    _callback_http._shutdown(conn)  # pyright: ignore[reportPrivateUsage]
    assert stand_in.closed
