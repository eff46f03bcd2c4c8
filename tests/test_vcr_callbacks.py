"""Recording with callbacks: the emulator's deliveries never touch the cassette, every request
a vcr session sends is recorded, and a recording that missed one fails instead of being saved.

vcrpy sends each request it records with the original HTTP classes put back process-wide until
it is sent; a callback delivery going through vcrpy on the emulator's thread used to open that
window while the test's own requests went out, unrecorded. Deliveries to an unreachable HTTPS
host opened it widest (building the TLS context), so the flows below run against several
callback URLs, several times each.
"""

from __future__ import annotations

import contextlib
import http.client
import re
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import vcr  # also imported before the inline runs: see tests/conftest.py on httpcore
from local_server import TLS, serving

from catapult.emulator._callback_http import Courier, genuine, prepare
from catapult.testing import scan_cassettes

STANDARD = (http.client.HTTPConnection, http.client.HTTPSConnection)

ROUNDS = 4
"""How often each flow runs per callback URL: before the fix, most runs lost requests."""
TIMEOUT = 300
"""Seconds a whole inner run may take (it takes a few)."""

CONFTEST = """
import pytest

@pytest.fixture(scope="module")
def vcr_config(catapult_vcr_config):
    return catapult_vcr_config
"""

PARAMETERS = f"""
import pytest

URLS = [
    None,  # no callbacks: how many interactions a complete cassette holds
    "https://app.example.invalid/cb",
    "http://app.example.invalid/cb",
    "http://127.0.0.1:9/cb",  # loopback, nothing listening
]
each_url = pytest.mark.parametrize("url", URLS, ids=["none", "https", "http", "loopback"])
rounds = pytest.mark.parametrize("round", range({ROUNDS}))
"""

CALLS = """
from parameters import each_url, rounds
import pytest

@pytest.mark.vcr
@rounds
@each_url
def test_calls(catapult_vcr_session, url, round):
    s = catapult_vcr_session
    s.calls.create(from_="+15550001000", to="+15550002001", callback_url=url)
    s.bridges.create()
    s.bridges.create()
"""

CONFERENCE = """
from parameters import each_url, rounds
import pytest

@pytest.mark.vcr
@rounds
@each_url
def test_conference(catapult_vcr_session, url, round):
    s = catapult_vcr_session
    conference = s.conferences.create(from_="+15550001000", callback_url=url)
    for to in ("+15550002001", "+15550002002"):
        call = s.calls.create(
            from_="+15550001000", to=to, conference_id=conference.id, callback_url=url
        )
        conference.add_member(call.id)
    conference.speak("Welcome")
    conference.terminate()
"""

ASYNC_CALLS = """
from parameters import each_url, rounds
import pytest

@pytest.mark.vcr
@pytest.mark.asyncio
@rounds
@each_url
async def test_calls(catapult_async_vcr_session, url, round):
    s = catapult_async_vcr_session
    await s.calls.create(from_="+15550001000", to="+15550002001", callback_url=url)
    await s.bridges.create()
    await s.bridges.create()
"""


def _interactions(cassette: Path) -> int:
    return len(re.findall(r"^- request:", cassette.read_text(), re.MULTILINE))


FLOWS = {"test_calls": CALLS, "test_conference": CONFERENCE, "test_async_calls": ASYNC_CALLS}


def test_callbacks_never_cost_a_recorded_request(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(parameters=PARAMETERS, **FLOWS)
    tests = len(FLOWS) * 4 * ROUNDS
    # In a subprocess: before the fix, vcrpy's patches could outlive a cassette and hang a run.
    pytester.runpytest_subprocess("--record-mode=rewrite", timeout=TIMEOUT).assert_outcomes(
        passed=tests
    )

    delivery = re.compile(r"uri: https?://(app\.example\.invalid|127\.0\.0\.1)")
    for flow in FLOWS:
        cassettes = sorted((pytester.path / "cassettes" / flow).glob("*.yaml"))
        counts = {cassette.name: _interactions(cassette) for cassette in cassettes}
        complete = {n for name, n in counts.items() if "[none-" in name}
        assert len(cassettes) == 4 * ROUNDS and len(complete) == 1 and complete != {0}, counts
        assert set(counts.values()) == complete, counts  # no cassette lost a request
        for cassette in cassettes:  # the emulator's deliveries were neither recorded nor refused
            assert not delivery.search(cassette.read_text())
    cassettes = pytester.path / "cassettes"
    assert scan_cassettes(cassettes, secrets=["recording-token", "recording-secret"]) == []

    pytester.runpytest_subprocess("--block-network", timeout=TIMEOUT).assert_outcomes(passed=tests)


UNRECORDED = """
import contextlib
import os

import pytest
from vcr.patch import force_reset  # what vcrpy does while it sends a request for real

@pytest.mark.vcr
def test_calls(catapult_vcr_session):
    catapult_vcr_session.bridges.create()
    unpatched = os.environ.get("UNPATCHED")  # as if another thread were sending one now
    with force_reset() if unpatched else contextlib.nullcontext():
        catapult_vcr_session.bridges.create_id()
    catapult_vcr_session.bridges.create()
"""


def test_a_recording_that_missed_a_request_fails_and_is_not_saved(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_flow=UNRECORDED)
    cassette = pytester.path / "cassettes" / "test_flow" / "test_calls.yaml"

    monkeypatch.setenv("UNPATCHED", "1")
    result = pytester.runpytest("--record-mode=rewrite")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*the emulator answered 5 requests during test_calls, but its cassette recorded only 4*"]
    )
    assert not cassette.exists()

    monkeypatch.delenv("UNPATCHED")
    pytester.runpytest("--record-mode=rewrite").assert_outcomes(passed=1)
    recorded = cassette.read_text()
    assert len(re.findall(r"^- request:", recorded, re.MULTILINE)) == 5
    pytester.runpytest("--record-mode=new_episodes").assert_outcomes(passed=1)  # all replayed
    monkeypatch.setenv("UNPATCHED", "1")
    pytester.runpytest("--record-mode=all").assert_outcomes(passed=1, errors=1)
    assert cassette.read_text() == recorded  # the complete cassette stays as it was
    monkeypatch.delenv("UNPATCHED")
    pytester.runpytest("--block-network").assert_outcomes(passed=1)


# -- the emulator's sender, under a cassette -----------------------------------------------------


class _App(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    bodies: list[bytes]

    def do_POST(self) -> None:
        self.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _app(tls: bool) -> Iterator[tuple[str, list[bytes]]]:
    bodies: list[bytes] = []
    with serving(type("Handler", (_App,), {"bodies": bodies}), tls=tls) as origin:
        yield f"{origin}/cb", bodies


def _deliver(url: str) -> tuple[str, int | None, str | None]:
    attempt = Courier().send(prepare({"eventType": "answer"}, url, "POST", "test"), 10_000)
    return attempt.outcome, attempt.status, attempt.error


@pytest.mark.parametrize("record_mode", ["none", "new_episodes"])
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_delivery_under_a_cassette_reaches_the_app_and_not_the_cassette(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record_mode: str, scheme: str
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS / "cert.pem"))
    cassette_path = str(tmp_path / "cassette.yaml")
    with _app(scheme == "https") as (url, bodies):
        with vcr.use_cassette(cassette_path, record_mode=record_mode) as cassette:
            assert (http.client.HTTPConnection, http.client.HTTPSConnection) != STANDARD
            assert _deliver(url) == ("ok", 204, None)  # neither refused nor replayed...
            assert len(cassette) == 0  # ...nor recorded
        assert bodies == [b'{"eventType":"answer"}']
    assert not Path(cassette_path).exists()


def test_https_deliveries_still_verify_the_certificate(tmp_path: Path) -> None:
    unused = str(tmp_path / "unused.yaml")
    with _app(tls=True) as (url, bodies), vcr.use_cassette(unused, record_mode="none"):
        outcome, status, error = _deliver(url)
    assert (outcome, status, bodies) == ("connect", None, [])
    assert error is not None and "CERTIFICATE_VERIFY_FAILED" in error


def test_the_standard_classes_are_found_behind_vcrpys_stand_ins(tmp_path: Path) -> None:
    with vcr.use_cassette(str(tmp_path / "unused.yaml"), record_mode="none"):
        stand_ins = (http.client.HTTPConnection, http.client.HTTPSConnection)
        assert tuple(genuine(cls) for cls in stand_ins) == STANDARD != stand_ins
    assert tuple(genuine(cls) for cls in STANDARD) == STANDARD
    assert genuine(_App) is _App  # neither: as it is
