"""Shared fixtures: one emulator per test run (reset before each test), sessions bound to it,
and the vcr settings for the replayed tests under ``cassettes/``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TypeVar, overload

import httpcore  # noqa: F401  (see below)
import pytest
from async_driver import LoopThread, blocking_session

from catapult import Client, Session
from catapult.emulator import Emulator, running

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["pytester"]
# httpcore is imported here, before any pytester inline run: a module first imported inside an
# inline run is dropped from sys.modules after it, and httpx (imported earlier) would then keep
# mapping the first httpcore's exception classes while new connections raise the second's.


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    """Inner runs start from what a user's project sets for pytest-asyncio (no warning)."""
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    return pytester


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    """``@pytest.mark.anyio`` tests run on asyncio (anyio 4.0 would also try trio)."""
    return "asyncio"


@pytest.fixture(scope="session")
def shared_emulator() -> Iterator[Emulator]:
    with running() as emulator:
        yield emulator


@pytest.fixture
def emulator(shared_emulator: Emulator) -> Emulator:
    """The test run's emulator, wiped clean for this test."""
    shared_emulator.reset()
    return shared_emulator


@overload
def session_for(emulator: Emulator, cls: None = None, **options: Any) -> Session: ...
@overload
def session_for(emulator: Emulator, cls: Callable[..., T], **options: Any) -> T: ...
def session_for(emulator: Emulator, cls: Callable[..., Any] | None = None, **options: Any) -> Any:
    """A Session (or ``cls``: AsyncSession, Client) with the emulator's credentials."""
    return (cls or Session)(
        emulator.user_id,
        emulator.api_token,
        emulator.api_secret,
        base_url=emulator.base_url,
        **options,
    )


@pytest.fixture(scope="session")
def loop_thread() -> Iterator[LoopThread]:
    """An event loop in its own thread, for AsyncSessions driven from sync tests."""
    runner = LoopThread()
    yield runner
    runner.close()


@pytest.fixture(params=["Session", "AsyncSession"])
def open_session(
    request: pytest.FixtureRequest, emulator: Emulator, loop_thread: LoopThread
) -> Callable[..., AbstractContextManager[Any]]:
    """Opens a session on the emulator: a Session, or an AsyncSession driven synchronously
    (see ``async_driver``). A test using this runs once with each; their behaviour is shared."""
    credentials = (emulator.user_id, emulator.api_token, emulator.api_secret)

    def opener(**options: Any) -> AbstractContextManager[Any]:
        options.setdefault("base_url", emulator.base_url)
        if request.param == "Session":
            return Session(*credentials, **options)
        return blocking_session(loop_thread, *credentials, **options)

    return opener


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "both_sessions: the test's `session` is a Session, then an AsyncSession driven "
        "synchronously (async_driver): the behaviour tested is shared by both",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker("both_sessions") is not None
    if marked and "session" in metafunc.fixturenames:
        metafunc.parametrize("session", ["Session", "AsyncSession"], indirect=True)


@pytest.fixture
def session(
    request: pytest.FixtureRequest, emulator: Emulator, loop_thread: LoopThread
) -> Iterator[Any]:
    """A Session on the emulator; in a ``both_sessions`` test, also an AsyncSession driven
    synchronously (its models' actions await their ``*_async`` twins)."""
    if getattr(request, "param", "Session") == "Session":
        with session_for(emulator) as session:
            yield session
        return
    credentials = (emulator.user_id, emulator.api_token, emulator.api_secret)
    with blocking_session(loop_thread, *credentials, base_url=emulator.base_url) as session:
        yield session


@pytest.fixture
def client(emulator: Emulator) -> Iterator[Client]:
    with Client(
        emulator.user_id, emulator.api_token, emulator.api_secret, api_endpoint=emulator.url
    ) as client:
        yield client


# -- cassettes -------------------------------------------------------------------------------

#: Replayed tests talk to this fixed address; when recording, the emulator listens there.
CASSETTE_PORT = 47831
CASSETTE_CREDENTIALS = {
    "user_id": "u-cassette",
    "api_token": "cassette-token",
    "api_secret": "cassette-secret",
}


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    # No record_mode here: it would override the command line (docs/testing.md#recorded-tests-vcr).
    return {
        "filter_headers": [("authorization", "REDACTED"), ("cookie", None)],
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(ROOT / "cassettes" / request.module.__name__.rsplit(".", 1)[-1])


@pytest.fixture
def recorded_session(record_mode: str) -> Iterator[Session]:
    """A session for vcr tests: replayed from cassettes, or recorded against a fresh emulator
    on the fixed cassette port when pytest runs with ``--record-mode=rewrite``."""
    base_url = f"http://127.0.0.1:{CASSETTE_PORT}/v1"
    creds = CASSETTE_CREDENTIALS
    if record_mode == "none":
        with Session(
            creds["user_id"], creds["api_token"], creds["api_secret"], base_url=base_url
        ) as session:
            yield session
        return
    with running(port=CASSETTE_PORT, **creds) as emulator, session_for(emulator) as session:
        yield session
