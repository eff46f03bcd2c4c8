"""The router app behind the Flask and FastAPI examples works end to end on the emulator."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from catapult import CallState, Session
from catapult.demo_callbacks import serving
from catapult.emulator import Emulator

GREETER = Path(__file__).resolve().parent.parent / "examples" / "callbacks" / "greeter.py"


def _load_greeter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("greeter", GREETER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_greeter_answers_speaks_and_hangs_up(session: Session, emulator: Emulator) -> None:
    router = _load_greeter().build_router(session, "Hello! Goodbye.")
    with serving(router.wsgi_app) as url:
        call_id = emulator.incoming_call(
            "+15550003000", "+15550001000", callback_url=url, auto_answer=True
        )
        emulator.wait_for_deliveries(1, call_id=call_id, event_type="hangup")
        emulator.wait_for_callbacks(5.0)
    sentences = [r.json for r in emulator.requests(method="POST", path=f"/calls/{call_id}/audio")]
    assert sentences == [{"sentence": "Hello! Goodbye.", "tag": "greeting"}]
    assert session.calls.get(call_id).state is CallState.COMPLETED
    assert all(d.ok for d in emulator.deliveries(call_id=call_id))
