"""The testing kit's vcr fixtures: the preset, and sessions that record or replay.

Part of the pytest plugin (:mod:`catapult.testing._plugin` imports them): like it, this module
imports pytest and the standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest

from ._plugin import emulator_options, session_options

if TYPE_CHECKING:
    from .._async_session import AsyncSession
    from .._session import Session
    from ..emulator import Emulator
    from ._sessions import Account


@pytest.fixture(scope="session", name="catapult_vcr_config")
def catapult_vcr_config_fixture() -> dict[str, Any]:
    """:func:`catapult.testing.catapult_vcr_config` (credentials from the environment).

    Return it from your own ``vcr_config`` fixture to use it::

        @pytest.fixture(scope="module")
        def vcr_config(catapult_vcr_config: dict[str, Any]) -> dict[str, Any]:
            return catapult_vcr_config
    """
    from ._sessions import VCR_CREDENTIALS
    from ._vcr import catapult_vcr_config

    return catapult_vcr_config(
        secrets=(VCR_CREDENTIALS["api_token"], VCR_CREDENTIALS["api_secret"])
    )


@pytest.fixture
def catapult_vcr_session(request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session for ``@pytest.mark.vcr`` tests: records against a fresh emulator, or replays.

    With pytest-recording's ``--record-mode`` set to anything but ``none`` (and ``CI`` unset),
    it starts an emulator (options from the ``catapult_emulator`` marker) and the cassette
    records what the session sends. Otherwise nothing listens: every answer must come from
    the cassette. Only the SDK's HTTP traffic is recorded, so a vcr test cannot script the
    emulator's far end (its callback deliveries never touch the cassette). A recording whose
    cassette missed a request the emulator answered fails at teardown, and is not saved.
    """
    from ._sessions import session_for

    with _vcr_account(request) as account, session_for(account, **session_options(request)) as s:
        yield s


@pytest.fixture
def catapult_async_vcr_session(request: pytest.FixtureRequest) -> Iterator[AsyncSession]:
    """``catapult_vcr_session`` as an :class:`~catapult.AsyncSession`: its httpx traffic is
    recorded against a fresh emulator, or replayed with nothing listening. A plain fixture,
    like ``catapult_async_session``, for pytest-asyncio and anyio tests alike."""
    from ._sessions import async_session_for, close_async_session

    with _vcr_account(request) as account:
        session = async_session_for(account, **session_options(request))
        try:
            yield session
        finally:
            close_async_session(session)


@contextmanager
def _vcr_account(request: pytest.FixtureRequest) -> Generator[Account]:
    """Where a vcr session goes: a fresh emulator when recording, else nowhere (replay)."""
    from ._sessions import REPLAY, VCR_CREDENTIALS, start_emulator

    _require_vcr(request)
    if _record_mode(request) == "none":
        yield REPLAY
        return
    cassette = request.getfixturevalue("vcr")  # None with --disable-recording
    held = len(cassette) if cassette is not None else 0
    emulator = start_emulator({**emulator_options(request), **VCR_CREDENTIALS})
    try:
        yield emulator
        if cassette is not None:
            _require_complete(request, cassette, held, emulator)
    finally:
        emulator.stop()


def _require_complete(
    request: pytest.FixtureRequest, cassette: Any, held: int, emulator: Emulator
) -> None:
    """Fail, and keep vcrpy from saving, if the cassette missed a request the emulator answered.

    A cassette missing a request would fail on replay only; vcrpy saves a cassette only when
    it changed, so marking it unchanged leaves the file as it was before the test (none after
    ``--record-mode=rewrite``).
    """
    answered = sum(1 for entry in emulator.requests() if entry.status)
    recorded = len(cassette) - held
    if recorded >= answered:
        return
    cassette.dirty = False
    name = request.fixturename or "catapult_vcr_session"
    pytest.fail(
        f"{name}: the emulator answered {answered} requests during {request.node.name}, but "
        f"its cassette recorded only {recorded}, so the cassette was not saved. vcrpy misses "
        "requests when HTTP requests are sent from several threads at once while it records "
        "(each one it sends for real unpatches HTTP libraries process-wide until it is sent), "
        "or when a vcr_config hook drops them; record such traffic outside the vcr test.",
        pytrace=False,
    )


def _require_vcr(request: pytest.FixtureRequest) -> None:
    """Fail early, saying what is missing, rather than with a connection error to nowhere."""
    import importlib.util

    missing = [
        name
        for name, present in (
            ("vcrpy", importlib.util.find_spec("vcr") is not None),
            ("pytest-recording", request.config.pluginmanager.hasplugin("recording")),
        )
        if not present
    ]
    name = request.fixturename or "catapult_vcr_session"
    if missing:
        pytest.fail(
            f"{name} needs {' and '.join(missing)}: pip install 'catapult-sdk[testing]'",
            pytrace=False,
        )
    if request.node.get_closest_marker("vcr") is None:
        pytest.fail(
            f"{name} is used by {request.node.name} without @pytest.mark.vcr: "
            "mark the test (or its module) so its cassette records or replays the session's "
            "requests",
            pytrace=False,
        )


def _record_mode(request: pytest.FixtureRequest) -> str:
    if os.environ.get("CI"):
        return "none"
    if request.config.getoption("--disable-recording", default=False):
        return "live"  # requests really go out: they need the emulator
    try:
        return str(request.getfixturevalue("record_mode"))
    except pytest.FixtureLookupError:
        return "none"  # pytest-recording is not installed
