"""Testing kit for apps built on catapult: a pytest plugin, a vcr preset and model factories.

The plugin loads by itself wherever catapult is installed (entry point ``pytest11``
``catapult``); disable it with ``pytest -p no:catapult``. It provides these fixtures:

- ``catapult_emulator``: a fresh local emulator for the test (:class:`EmulatorFixture`), with
  its request log, faults and the far end of calls (:meth:`EmulatorFixture.inbound_call`).
- ``catapult_emulator_shared``: one emulator per test run, reset before each test.
- ``catapult_session`` / ``catapult_session_shared``: a :class:`~catapult.Session` bound to
  the emulator; strict by default (``--catapult-tolerant`` or ini ``catapult_strict = false``
  turns that off), retries without sleeping.
- ``catapult_client``: the seed-style :class:`~catapult.Client`, bound to ``catapult_emulator``.
- ``catapult_vcr_config`` and ``catapult_vcr_session``: the vcr preset and a session that
  records against the emulator or replays a cassette.

Markers: ``@pytest.mark.catapult_emulator(auto_answer=False, rate_limits=True)`` and
``@pytest.mark.catapult_session(strict=False, max_retries=0)``.

Nothing here is imported by ``import catapult``, and vcrpy is never imported by this package.
"""

from ._factories import make_bridge, make_call, new_id
from ._harness import CallScript, EmulatorFixture, ExpectedRequest, assert_requests
from ._plugin import (
    EMULATOR_OPTIONS,
    VCR_CREDENTIALS,
    _catapult_emulator_pool,
    catapult_client,
    catapult_emulator,
    catapult_emulator_shared,
    catapult_session,
    catapult_session_shared,
    catapult_vcr_config_fixture,
    catapult_vcr_session,
    pytest_addoption,
    pytest_configure,
    session_for,
)
from ._vcr import (
    CANONICAL_HOST,
    REDACTED_USER_ID,
    catapult_vcr_config,
    scan_cassettes,
)

__all__ = [
    "CANONICAL_HOST",
    "EMULATOR_OPTIONS",
    "REDACTED_USER_ID",
    "VCR_CREDENTIALS",
    "CallScript",
    "EmulatorFixture",
    "ExpectedRequest",
    "assert_requests",
    "catapult_vcr_config",
    "make_bridge",
    "make_call",
    "new_id",
    "scan_cassettes",
    "session_for",
]

# The plugin's hooks and fixtures, which pytest finds as attributes of this module.
_PLUGIN = (
    _catapult_emulator_pool,
    catapult_client,
    catapult_emulator,
    catapult_emulator_shared,
    catapult_session,
    catapult_session_shared,
    catapult_vcr_config_fixture,
    catapult_vcr_session,
    pytest_addoption,
    pytest_configure,
)
