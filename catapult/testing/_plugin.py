"""The pytest plugin: emulator and session fixtures, markers and the ``--catapult-*`` options.

Loaded automatically (entry point ``pytest11``) wherever catapult is installed, so it must cost
nothing in projects that do not use it: this module imports pytest and the standard library
only. The SDK, requests, pydantic and the emulator are imported by the fixtures that need them,
when a test asks for one. Every fixture name starts with ``catapult_`` so it cannot shadow
your own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import pytest

if TYPE_CHECKING:
    from .._async_session import AsyncSession
    from .._session import Session
    from ..client import Client
    from ._apps import AppFixture
    from ._harness import EmulatorFixture


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("catapult", "catapult testing kit")
    group.addoption(
        "--catapult-strict",
        action="store_true",
        dest="catapult_strict",
        default=None,
        help="catapult_session raises ResponseValidationError on unknown fields or enum values "
        "(the default; see the catapult_strict ini option).",
    )
    group.addoption(
        "--catapult-tolerant",
        action="store_false",
        dest="catapult_strict",
        help="catapult_session accepts unknown fields and enum values, as a plain Session does.",
    )
    parser.addini(
        "catapult_strict",
        "Whether catapult_session validates answers strictly (default: true).",
        type="bool",
        default=True,
    )


def pytest_configure(config: pytest.Config) -> None:
    from . import _plugin_vcr  # the vcr fixtures, in their own module

    if not config.pluginmanager.is_registered(_plugin_vcr):
        config.pluginmanager.register(_plugin_vcr, "catapult-vcr")
    config.addinivalue_line(
        "markers",
        "catapult_emulator(**options): options of the test's catapult emulator: any field of "
        "catapult.emulator.EmulatorOptions (auto_answer=, rate_limits=, incoming_call_url=, "
        "callbacks=, ...) or, by name, of catapult.emulator.CallbackOptions "
        "(auto_answer_incoming=, retries=, ...).",
    )
    config.addinivalue_line(
        "markers",
        "catapult_session(strict=, **session_options): options of the test's catapult "
        "Session (e.g. strict=False, max_retries=0).",
    )
    _leave_the_sdk_unrewritten(config)


MARKER_FIXTURES = frozenset(
    {
        "catapult_emulator",
        "catapult_emulator_shared",
        "catapult_vcr_session",
        "catapult_async_vcr_session",
    }
)
"""The fixtures that read the ``catapult_emulator`` marker (every other kit fixture that
talks to an emulator uses one of them)."""


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked ``catapult_emulator`` itself that uses no emulator fails at once.

    Markers on a class or module are not checked: they apply to tests that may not need one.
    """
    if not any(marker.name == "catapult_emulator" for marker in item.own_markers):
        return
    if not MARKER_FIXTURES & set(getattr(item, "fixturenames", ())):
        pytest.fail(
            f"{item.name} is marked catapult_emulator but uses no emulator fixture, so the "
            f"options would be ignored: use one of {', '.join(sorted(MARKER_FIXTURES))}, or "
            "drop the marker",
            pytrace=False,
        )


def _leave_the_sdk_unrewritten(config: pytest.Config) -> None:
    """Undo pytest's assertion-rewriting mark on the whole ``catapult`` package.

    pytest marks every module of a distribution with a ``pytest11`` entry point for assertion
    rewriting, so the SDK that fixtures import would be rewritten and pytest-specific ``.pyc``
    files written next to it. No catapult module needs it (the testing kit raises its own
    ``AssertionError`` messages). pytest has no public way to drop a mark: this touches its
    rewrite hook's ``_must_rewrite`` set and does nothing if that is not there.
    """
    hook = getattr(config.pluginmanager, "rewrite_hook", None)
    marked = getattr(hook, "_must_rewrite", None)
    if isinstance(marked, set):
        marked.discard(__name__.partition(".")[0])


# -- option plumbing -----------------------------------------------------------------------


def _options(request: pytest.FixtureRequest, marker_name: str) -> dict[str, Any]:
    """The marker's keyword arguments, then an indirect parameter's mapping, merged.

    The parameter counts only for the fixture the marker is named after
    (``catapult_emulator_shared`` takes ``catapult_emulator`` options).
    """
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers(marker_name))):
        if marker.args:
            raise pytest.UsageError(
                f"@pytest.mark.{marker_name} takes keyword arguments only, got {marker.args!r}"
            )
        options.update(marker.kwargs)
    param = getattr(request, "param", None)
    if param is not None and (request.fixturename or "").startswith(marker_name):
        if not isinstance(param, Mapping):
            raise pytest.UsageError(
                f"an indirect parameter of {request.fixturename} must be a dict of options, "
                f"got {param!r}"
            )
        options.update(cast("Mapping[str, Any]", param))
    return options


def emulator_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The emulator options asked for by the ``catapult_emulator`` marker or parameter."""
    from ._sessions import EMULATOR_OPTIONS

    options = _options(request, "catapult_emulator")
    unknown = sorted(set(options) - EMULATOR_OPTIONS)
    if unknown:
        raise pytest.UsageError(
            f"unknown catapult emulator option(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(EMULATOR_OPTIONS))}"
        )
    return options


def session_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Session keyword arguments: strictness from the options, no retry sleeps, the marker."""
    from ._sessions import no_sleep

    strict = request.config.getoption("catapult_strict", default=None)
    if strict is None:
        strict = bool(request.config.getini("catapult_strict"))
    options: dict[str, Any] = {"strict": strict, "sleep": no_sleep}
    options.update(_options(request, "catapult_session"))
    return options


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def catapult_emulator(request: pytest.FixtureRequest) -> Iterator[EmulatorFixture]:
    """A fresh emulator for this test, on a free loopback port; stopped afterwards.

    Options: ``@pytest.mark.catapult_emulator(auto_answer=False, rate_limits=True)``, or
    ``@pytest.mark.parametrize("catapult_emulator", [{...}], indirect=True)``.
    """
    from ._sessions import start_emulator

    emulator = start_emulator(emulator_options(request))
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def catapult_app(
    request: pytest.FixtureRequest, catapult_emulator: EmulatorFixture
) -> Iterator[AppFixture]:
    """Serve the app under test on loopback for this test: ``catapult_app(app, "/callbacks")``.

    ``app`` is a WSGI callable (``EventRouter.wsgi_app``, Flask), an ASGI app (FastAPI,
    Starlette) or an ``EventRouter`` (served as its ``wsgi_app``). Inbound calls' events go to
    the path given (the ``incoming_call_url`` option; ``incoming=False`` leaves it alone); the
    returned :class:`~catapult.testing.AppServer` has ``url(path)`` for the callback URLs your
    app gives the calls it creates. When the test ends, the apps stop accepting callbacks, the
    callbacks they are answering are waited for (10 s at most, then the test errors naming
    them), the apps stop, then ``catapult_emulator`` stops.
    """
    _refuse_mix(request, "catapult_emulator_shared", "catapult_app_shared")
    try:
        yield catapult_emulator.serve_app
    finally:
        catapult_emulator.stop_apps()


def _refuse_mix(request: pytest.FixtureRequest, other: str, instead: str) -> None:
    """A test uses one emulator: an app fixture of the other kind is a usage error."""
    if other in request.fixturenames:
        raise pytest.UsageError(
            f"{request.node.name} uses {request.fixturename} with {other}: the app would get "
            f"the callbacks of another emulator than the test's; use {instead}"
        )


@pytest.fixture
def catapult_environ(
    catapult_emulator: EmulatorFixture, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """``CATAPULT_*`` variables pointing ``Session.from_env()`` at ``catapult_emulator``.

    Set for this test (and undone after it), for apps that build their session from the
    environment; returns them.
    """
    return _set_environ(catapult_emulator, monkeypatch)


def _set_environ(emulator: EmulatorFixture, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = emulator.environ()
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture(scope="session")
def _catapult_emulator_pool() -> Iterator[dict[str, EmulatorFixture]]:
    """Shared emulators, one per distinct set of options, stopped at the end of the run."""
    pool: dict[str, EmulatorFixture] = {}
    try:
        yield pool
    finally:
        for emulator in pool.values():
            emulator.stop()


@pytest.fixture
def catapult_emulator_shared(
    request: pytest.FixtureRequest, _catapult_emulator_pool: dict[str, EmulatorFixture]
) -> EmulatorFixture:
    """An emulator shared by the whole test run (one per set of options), reset for this test.

    Faster than ``catapult_emulator`` for large suites. The reset wipes every bridge, call,
    fault, rate-limit counter and the request log, so no state leaks between tests.
    """
    from ._sessions import start_emulator

    options = emulator_options(request)
    key = repr(sorted(options.items()))
    emulator = _catapult_emulator_pool.get(key)
    if emulator is None:
        emulator = _catapult_emulator_pool[key] = start_emulator(options)
    emulator.reset()
    return emulator


@pytest.fixture
def catapult_app_shared(
    request: pytest.FixtureRequest, catapult_emulator_shared: EmulatorFixture
) -> Iterator[AppFixture]:
    """Like ``catapult_app``, on ``catapult_emulator_shared``: the apps stop when the test ends.

    At the end of the test the apps stop accepting callbacks, the callbacks they are answering
    are waited for (10 s at most, then the test errors naming them), the apps stop, and only
    then is the shared emulator reset (its callback options restored): nothing the apps do
    for this test reaches the emulator after the reset.
    """
    _refuse_mix(request, "catapult_emulator", "catapult_app")
    try:
        yield catapult_emulator_shared.serve_app
    finally:
        try:
            catapult_emulator_shared.stop_apps()
        finally:
            catapult_emulator_shared.reset()


@pytest.fixture
def catapult_environ_shared(
    catapult_emulator_shared: EmulatorFixture, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Like ``catapult_environ``, pointing at ``catapult_emulator_shared``."""
    return _set_environ(catapult_emulator_shared, monkeypatch)


@pytest.fixture
def catapult_session(
    request: pytest.FixtureRequest, catapult_emulator: EmulatorFixture
) -> Iterator[Session]:
    """A :class:`~catapult.Session` bound to ``catapult_emulator``; closed afterwards.

    Strict by default (unknown fields or enum values raise
    :class:`~catapult.ResponseValidationError`); retries do not sleep. Change either with
    ``@pytest.mark.catapult_session(strict=False, sleep=time.sleep)``.
    """
    from ._sessions import session_for

    with session_for(catapult_emulator, **session_options(request)) as session:
        yield session


@pytest.fixture
def catapult_session_shared(
    request: pytest.FixtureRequest, catapult_emulator_shared: EmulatorFixture
) -> Iterator[Session]:
    """Like ``catapult_session``, bound to ``catapult_emulator_shared``."""
    from ._sessions import session_for

    with session_for(catapult_emulator_shared, **session_options(request)) as session:
        yield session


@pytest.fixture
def catapult_async_session(
    request: pytest.FixtureRequest, catapult_emulator: EmulatorFixture
) -> Iterator[AsyncSession]:
    """An :class:`~catapult.AsyncSession` bound to ``catapult_emulator``; closed afterwards.

    A plain fixture, so it serves ``async def`` tests of pytest-asyncio and of anyio alike;
    its options are ``catapult_session``'s (the same marker).
    """
    from ._sessions import async_session_for, close_async_session

    session = async_session_for(catapult_emulator, **session_options(request))
    yield session
    close_async_session(session)


@pytest.fixture
def catapult_async_session_shared(
    request: pytest.FixtureRequest, catapult_emulator_shared: EmulatorFixture
) -> Iterator[AsyncSession]:
    """Like ``catapult_async_session``, bound to ``catapult_emulator_shared``."""
    from ._sessions import async_session_for, close_async_session

    session = async_session_for(catapult_emulator_shared, **session_options(request))
    yield session
    close_async_session(session)


@pytest.fixture
def catapult_client(catapult_emulator: EmulatorFixture) -> Iterator[Client]:
    """A seed-style :class:`~catapult.Client` bound to ``catapult_emulator``."""
    from ..client import Client

    with Client(
        catapult_emulator.user_id,
        catapult_emulator.api_token,
        catapult_emulator.api_secret,
        base_url=catapult_emulator.base_url,
    ) as client:
        yield client
