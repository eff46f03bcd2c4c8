"""The README's connect-the-caller app (the complete app in docs/router.md), tested end to end
with the testing kit: the page's code is loaded as a module, served by ``catapult_app``."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest

from catapult.testing import EmulatorFixture

PAGE = Path(__file__).resolve().parent.parent / "docs" / "router.md"
AGENT = "+15550002002"


def _app_source() -> str:
    section = PAGE.read_text().split("## A complete app", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None, "docs/router.md lost its complete app"
    return match.group(1)


@pytest.fixture
def connect_app(catapult_environ: dict[str, str]) -> Iterator[types.ModuleType]:
    """The page's app as a module (it builds its session from the environment)."""
    module = types.ModuleType("connect_caller_app")
    sys.modules[module.__name__] = module
    try:
        exec(compile(_app_source(), str(PAGE), "exec"), module.__dict__)
        yield module
    finally:
        sys.modules.pop(module.__name__, None)
        module.session.close()


def test_the_caller_is_connected_to_an_agent_and_both_legs_end_together(
    connect_app: Any, catapult_emulator: EmulatorFixture, catapult_app: Callable[..., Any]
) -> None:
    server = catapult_app(connect_app.router.wsgi_app, "/catapult")
    connect_app.APP_URL = server.url("/catapult")  # the agent leg's callbacks come here too

    caller = catapult_emulator.inbound_call("+15550003000", "+15550001000")

    catapult_emulator.assert_delivered("incomingcall", call_id=caller.id)
    catapult_emulator.wait_for_request(
        "POST", "/calls", {"to": AGENT, "tag": caller.id, "callbackUrl": server.url("/catapult")}
    )
    bridge = catapult_emulator.wait_for_request("POST", "/bridges", {"callIds": [ANY, caller.id]})
    agent_id = bridge.json["callIds"][0]
    assert bridge.status == 201
    assert connect_app.partner[caller.id] == agent_id

    caller.hangup()
    catapult_emulator.wait_for_request("POST", f"/calls/{agent_id}", {"state": "completed"})
    catapult_emulator.assert_delivered("hangup", call_id=agent_id)
    assert catapult_emulator.app_errors() == []
