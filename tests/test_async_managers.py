"""Every method of an AsyncSession's managers, awaited against the emulator.

Each is the sync manager's own body, awaited (``get: Final = awaited(Calls.get)``), so a body
that used an answer directly instead of through ``_then`` would hand an AsyncSession's caller
a coroutine or fail. One scenario calls every method once and checks what it returned; a
method missing from it fails the test.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
from conftest import session_for

from catapult import (
    AsyncSession,
    Bridge,
    Call,
    CallEvent,
    Conference,
    ConferenceMember,
    Gather,
    Recording,
    Transcription,
)
from catapult.emulator import Emulator
from catapult.resources._manager import AsyncManager
from catapult.resources.bridges import Bridges
from catapult.resources.calls import Calls
from catapult.resources.managers_async import AsyncBridges, AsyncCalls

OURS = "+15550001000"


def awaited_methods(session: AsyncSession) -> set[str]:
    """``"calls.get"`` ... for every coroutine method of every manager of ``session``."""
    names = set()
    for attribute in ("bridges", "calls", "conferences", "recordings", "transcriptions"):
        manager = getattr(session, attribute)
        assert isinstance(manager, AsyncManager)
        for name in dir(type(manager)):
            if not name.startswith("_") and inspect.iscoroutinefunction(getattr(manager, name)):
                names.add(f"{attribute}.{name}")
    return names


class Recorder:
    """Awaits a manager method and notes that it was called."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.called: set[str] = set()

    async def __call__(self, name: str, *args: Any, **kwargs: Any) -> Any:
        attribute, method = name.split(".")
        result = getattr(getattr(self.session, attribute), method)(*args, **kwargs)
        assert inspect.isawaitable(result), name
        value = await result
        assert not inspect.isawaitable(value), name  # nothing is left to await
        self.called.add(name)
        return value


async def calls_and_bridges(run: Recorder) -> Call:
    call = await run("calls.create", from_=OURS, to="+15550002001", recording_enabled=True)
    assert isinstance(call, Call) and call.async_session is run.session
    other_id = await run("calls.create_id", from_=OURS, to="+15550002002")
    assert isinstance(other_id, str) and other_id.startswith("c-")
    assert (await run("calls.get", call.id)).id == call.id
    assert await run("calls.update", call.id, tag="t1") is None
    assert await run("calls.play_audio", call.id, {"sentence": "Hi"}) is None
    assert await run("calls.send_dtmf", call.id, "12") is None
    gather = await run("calls.create_gather", call.id, max_digits=2)
    assert isinstance(gather, Gather) and gather.call_id == call.id
    assert await run("calls.update_gather", call.id, gather.id, state="completed") is None
    gather_id = await run("calls.create_gather_id", call.id, max_digits=1)
    assert (await run("calls.get_gather", call.id, gather_id)).id == gather_id
    assert await run("calls.stop_gather", call.id, gather_id) is None
    bridge = await run("bridges.create", call_ids=[call.id, other_id])
    assert isinstance(bridge, Bridge)
    bridge_id = await run("bridges.create_id")
    assert (await run("bridges.get", bridge_id)).id == bridge_id
    assert await run("bridges.update", bridge.id, bridge_audio=False) is None
    assert await run("bridges.play_audio", bridge.id, {"sentence": "Hi"}) is None
    event_id = [e.id async for e in run.session.calls.events(call.id)].pop()
    assert isinstance(await run("calls.event", call.id, event_id), CallEvent)
    new_id = await run("calls.transfer_id", other_id, "+15550002003")
    assert isinstance(new_id, str) and new_id != other_id
    third = await run("calls.create", from_=OURS, to="+15550002004")
    moved = await run("calls.transfer", third.id, "+15550002005")
    assert isinstance(moved, Call) and moved.id != third.id
    return call


async def conferences(run: Recorder, call: Call) -> None:
    conference = await run("conferences.create", from_=OURS)
    assert isinstance(conference, Conference)
    other_id = await run("conferences.create_id", from_=OURS)
    assert (await run("conferences.get", other_id)).id == other_id
    assert await run("conferences.update", conference.id, mute=True) is None
    assert await run("conferences.play_audio", conference.id, {"sentence": "Hi"}) is None
    joining = await run("calls.create", from_=OURS, to="+15550002006", conference_id=conference.id)
    member = await run("conferences.add_member", conference.id, call_id=joining.id)
    assert isinstance(member, ConferenceMember) and member.conference_id == conference.id
    second = await run(
        "calls.create_id", from_=OURS, to="+15550002007", conference_id=conference.id
    )
    member_id = await run("conferences.add_member_id", conference.id, call_id=second)
    assert (await run("conferences.get_member", conference.id, member_id)).id == member_id
    assert await run("conferences.update_member", conference.id, member_id, mute=True) is None
    audio = {"sentence": "Hi"}
    assert await run("conferences.play_audio_to_member", conference.id, member_id, audio) is None


async def recordings(run: Recorder, call: Call) -> None:
    await run.session.calls.update(call.id, state="completed")  # its recording is saved
    (recording_id,) = [r.id async for r in run.session.calls.recordings(call.id)]
    assert isinstance(await run("recordings.get", recording_id), Recording)
    transcription = await run("transcriptions.create", recording_id)
    assert isinstance(transcription, Transcription)
    transcription_id = await run("transcriptions.create_id", recording_id)
    found = await run("transcriptions.get", recording_id, transcription_id)
    assert found.id == transcription_id


def test_every_awaited_manager_method_runs_and_returns_its_value(emulator: Emulator) -> None:
    async def scenario() -> set[str]:
        async with session_for(emulator, AsyncSession) as session:
            run = Recorder(session)
            call = await calls_and_bridges(run)
            await conferences(run, call)
            await recordings(run, call)
            assert run.called == awaited_methods(session)
            return run.called

    called = asyncio.run(scenario())
    assert len(called) >= 30


@pytest.mark.parametrize(
    ("awaited", "sync"),
    [(AsyncCalls.get, Calls.get), (AsyncBridges.update, Bridges.update)],
)
def test_an_awaited_method_keeps_the_sync_ones_name_and_docs(awaited: Any, sync: Any) -> None:
    assert inspect.iscoroutinefunction(awaited) and not inspect.iscoroutinefunction(sync)
    assert awaited.__name__ == sync.__name__ and awaited.__doc__ == sync.__doc__
    assert inspect.signature(awaited).parameters == inspect.signature(sync).parameters
