"""A local, stateful Catapult v1 voice server (bridges and calls) for tests and benchmarks.

Standard library only. Typical use::

    from catapult.emulator import running

    with running() as emu:
        session = Session(user_id=emu.user_id, api_token=emu.api_token,
                          api_secret=emu.api_secret, base_url=emu.base_url)
        ...
        assert emu.requests(method="POST", path="/bridges")[0].status == 201

Calls with a callback URL get their events (``answer``, ``hangup``, ``speak``…) delivered to it,
and every attempt is recorded: ``emu.wait_for_deliveries(2, call_id=call_id)``.

Run it standalone with ``python -m catapult.emulator --port 8080``.
"""

from ._callback_options import CallbackDelivery, CallbackOptions
from ._emulator import Emulator, running
from ._errors import ApiFault
from ._faults import FAULT_ACTIONS, FaultAction, FaultSpec, RateLimits
from ._journal import EmulatorRequest
from ._options import EmulatorOptions

EmulatorError = ApiFault

__all__ = [
    "FAULT_ACTIONS",
    "ApiFault",
    "CallbackDelivery",
    "CallbackOptions",
    "Emulator",
    "EmulatorError",
    "EmulatorOptions",
    "EmulatorRequest",
    "FaultAction",
    "FaultSpec",
    "RateLimits",
    "running",
]
