"""The Flask and FastAPI examples, tested end to end with catapult.testing only.

Each example builds its session from ``CATAPULT_*`` (``catapult_environ`` points them at the
test's emulator) and is served by ``catapult_app``; a caller arrives, is greeted, and the app
hangs up after the greeting.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from catapult.testing import AppFixture, EmulatorFixture

HERE = Path(__file__).resolve().parent


@pytest.fixture
def load_example(
    catapult_environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], ModuleType]]:
    """Import an example module fresh (it reads the environment when imported)."""
    monkeypatch.syspath_prepend(str(HERE))
    names = ("greeter", "flask_app", "fastapi_app")

    def load(name: str) -> ModuleType:
        for loaded in names:
            sys.modules.pop(loaded, None)
        return importlib.import_module(name)

    yield load
    for loaded in names:
        sys.modules.pop(loaded, None)


@pytest.mark.parametrize(
    ("module", "greeting"),
    [("flask_app", "Hello from Flask! Goodbye."), ("fastapi_app", "Hello from FastAPI! Goodbye.")],
)
def test_the_example_greets_the_caller_and_hangs_up(
    module: str,
    greeting: str,
    load_example: Callable[[str], ModuleType],
    catapult_emulator: EmulatorFixture,
    catapult_app: AppFixture,
) -> None:
    catapult_app(load_example(module).app, "/catapult/callbacks")

    caller = catapult_emulator.inbound_call(from_="+15550003000", auto_answer=True)

    catapult_emulator.assert_delivered("answer", call_id=caller.id)
    catapult_emulator.wait_for_request(
        "POST", f"/calls/{caller.id}/audio", {"sentence": greeting, "tag": "greeting"}
    )
    catapult_emulator.assert_delivered("speak", call_id=caller.id)
    catapult_emulator.wait_for_request("POST", f"/calls/{caller.id}", {"state": "completed"})
    catapult_emulator.assert_delivered("hangup", call_id=caller.id)
    assert caller.state == "completed"
    assert all(delivery.status == 200 for delivery in catapult_emulator.deliveries(caller.id))
