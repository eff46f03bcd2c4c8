"""Testing kit for apps built on catapult: a pytest plugin, a vcr preset and model factories.

The plugin (``catapult.testing._plugin``) loads by itself wherever catapult is installed (entry
point ``pytest11`` ``catapult``) and costs nothing until a test uses one of its fixtures;
disable it with ``pytest -p no:catapult``. It provides these fixtures:

- ``catapult_emulator``: a fresh local emulator for the test (:class:`EmulatorFixture`), with
  its request log, faults and the far end of calls (:meth:`EmulatorFixture.inbound_call`).
- ``catapult_emulator_shared``: one emulator per test run, reset before each test.
- ``catapult_session`` / ``catapult_session_shared``: a :class:`~catapult.Session` bound to
  the emulator; strict by default (``--catapult-tolerant`` or ini ``catapult_strict = false``
  turns that off), retries without sleeping.
- ``catapult_async_session`` / ``catapult_async_session_shared``: the same, an
  :class:`~catapult.AsyncSession`, for ``async def`` tests (pytest-asyncio or anyio).
- ``catapult_client``: the seed-style :class:`~catapult.Client`, bound to ``catapult_emulator``.
- ``catapult_app``: serves the app under test (WSGI, ASGI or an ``EventRouter``) on loopback
  and points the emulator's inbound calls at it (typed :class:`AppFixture`);
  ``catapult_environ`` sets ``CATAPULT_*`` for ``Session.from_env()``; ``catapult_app_shared``
  and ``catapult_environ_shared`` do the same on ``catapult_emulator_shared`` (the apps stop
  when the test ends).
- ``catapult_vcr_config`` and ``catapult_vcr_session``: the vcr preset and a session that
  records against the emulator or replays a cassette; ``catapult_async_vcr_session``, the
  same as an :class:`~catapult.AsyncSession` (httpx traffic).

Markers: ``@pytest.mark.catapult_emulator(auto_answer=False, rate_limits=True)`` (any field of
``EmulatorOptions`` or ``CallbackOptions``) and
``@pytest.mark.catapult_session(strict=False, max_retries=0)``.

Nothing here is imported by ``import catapult``; the factories and the harness work without
pytest; vcrpy is never imported by this package.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_dir, lazy_getattr

if TYPE_CHECKING:  # the same names, imported lazily at run time by __getattr__ below
    from ._apps import AppFixture, AppServer
    from ._conference_factories import make_conference, make_member
    from ._factories import make_bridge, make_call, new_id
    from ._harness import CallScript, EmulatorFixture, ExpectedRequest, assert_requests
    from ._sessions import EMULATOR_OPTIONS, VCR_CREDENTIALS, session_for
    from ._vcr import CANONICAL_HOST, REDACTED_USER_ID, catapult_vcr_config, scan_cassettes

# Imported on first use, so that loading the pytest plugin (``catapult.testing._plugin``, whose
# parent this package is) imports nothing heavy, and so that none of this needs pytest.
_LAZY = {
    "AppFixture": "._apps",
    "AppServer": "._apps",
    "CANONICAL_HOST": "._vcr",
    "EMULATOR_OPTIONS": "._sessions",
    "REDACTED_USER_ID": "._vcr",
    "VCR_CREDENTIALS": "._sessions",
    "CallScript": "._harness",
    "EmulatorFixture": "._harness",
    "ExpectedRequest": "._harness",
    "assert_requests": "._harness",
    "catapult_vcr_config": "._vcr",
    "make_bridge": "._factories",
    "make_call": "._factories",
    "make_conference": "._conference_factories",
    "make_member": "._conference_factories",
    "new_id": "._factories",
    "scan_cassettes": "._vcr",
    "session_for": "._sessions",
}

__all__ = [
    "CANONICAL_HOST",
    "EMULATOR_OPTIONS",
    "REDACTED_USER_ID",
    "VCR_CREDENTIALS",
    "AppFixture",
    "AppServer",
    "CallScript",
    "EmulatorFixture",
    "ExpectedRequest",
    "assert_requests",
    "catapult_vcr_config",
    "make_bridge",
    "make_call",
    "make_conference",
    "make_member",
    "new_id",
    "scan_cassettes",
    "session_for",
]


__getattr__: Callable[[str], Any] = lazy_getattr(globals(), _LAZY)


__dir__: Callable[[], list[str]] = lazy_dir(globals())
