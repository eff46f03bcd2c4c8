"""AsyncSession against the emulator: the awaited resources, ``async for`` lists, the clear
errors when a sync object meets async code (and the reverse), cancellation and concurrency.

What both sessions share is tested once for both: the transport policy (retries, waits,
timeouts, caps, logging) in test_reliability.py (``open_session``), the resources, their
actions and paging in the ``both_sessions`` modules (test_bridges, test_calls,
test_conferences, test_recordings_account, test_pagination), where an AsyncSession-bound
model's actions await their ``*_async`` twins. Here: what only async code does.
"""

from __future__ import annotations

import asyncio
import pickle
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from conftest import session_for

from catapult import (
    AsyncSession,
    Bridge,
    Call,
    CallState,
    CatapultError,
    ConfigurationError,
    Session,
)
from catapult.emulator import Emulator

OURS = "+15550001000"


@pytest_asyncio.fixture
async def asession(emulator: Emulator) -> AsyncIterator[AsyncSession]:
    async with session_for(emulator, AsyncSession) as session:
        yield session


async def _call(session: AsyncSession, to: str = "+15550002001") -> Call:
    return await session.calls.create(from_=OURS, to=to)


@pytest.mark.asyncio
async def test_bridge_created_updated_spoken_to_and_listed(
    asession: AsyncSession, emulator: Emulator
) -> None:
    first, second = await asyncio.gather(_call(asession), _call(asession, "+15550002002"))
    bridge = await asession.bridges.create(call_ids=[first.id, second.id])
    assert isinstance(bridge, Bridge) and bridge.id.startswith("brg-")
    assert await bridge.update_async(bridge_audio=False) is bridge
    assert bridge.bridge_audio is False
    await bridge.speak_async("Hi")
    await bridge.stop_speaking_async()
    assert (await bridge.refresh_async()).bridge_audio is False
    assert sorted([call.id async for call in bridge.calls()]) == sorted([first.id, second.id])
    assert [b.id async for b in asession.bridges.list(size=1)] == [bridge.id]
    spoken = emulator.requests(method="POST", path=f"/bridges/{bridge.id}/audio")
    assert [r.json for r in spoken] == [{"sentence": "Hi"}, {"sentence": ""}]


@pytest.mark.asyncio
async def test_sync_objects_refuse_async_code_and_the_reverse(
    asession: AsyncSession, session: Session
) -> None:
    async_call = await _call(asession)
    sync_call = session.calls.create(from_=OURS, to="+15550002001")
    with pytest.raises(CatapultError, match="AsyncSession: await its \\*_async methods"):
        async_call.hangup()
    with pytest.raises(CatapultError, match="sync Session: call its methods without _async"):
        await sync_call.hangup_async()
    with pytest.raises(CatapultError, match="iterate it with `async for`"):
        list(async_call.events())
    with pytest.raises(CatapultError, match="iterate it with `for`"):
        [event async for event in sync_call.events()]
    assert sync_call.state is not CallState.COMPLETED  # nothing was sent by the refusals
    assert (await async_call.hangup_async()).state is CallState.COMPLETED


@pytest.mark.asyncio
async def test_a_cancelled_post_is_not_retried(emulator: Emulator) -> None:
    emulator.inject_fault(method="POST", path="/calls", action="delay", delay=1.0)
    async with session_for(emulator, AsyncSession) as session:
        task = asyncio.ensure_future(session.calls.create_id(from_=OURS, to="+15550002001"))
        await asyncio.sleep(0.3)  # the server holds the POST for 1 s; cancel while it waits
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await session.bridges.create_id()  # the session still works
    await asyncio.sleep(1.5)  # the delayed POST is logged when the server finishes it
    assert len(emulator.requests(method="POST", path="/calls")) <= 1  # sent once, or not at all


@pytest.mark.asyncio
async def test_total_timeout_is_a_hard_deadline(emulator: Emulator) -> None:
    emulator.inject_fault(method="GET", action="delay", delay=5.0, times=None)
    async with session_for(emulator, AsyncSession, total_timeout=0.5, timeout=(5, 5)) as session:
        started = time.monotonic()
        with pytest.raises(CatapultError):
            await session.bridges.get("brg-1")
        assert time.monotonic() - started < 4.0


@pytest.mark.asyncio
async def test_200_concurrent_operations_with_a_bounded_pool(emulator: Emulator) -> None:
    async with session_for(emulator, AsyncSession, pool_maxsize=10) as session:
        bridge_id = await session.bridges.create_id()
        pool: Any = session.transport._client._transport._pool  # httpx's connection pool
        widest = 0

        async def watch() -> None:
            nonlocal widest
            while True:
                widest = max(widest, len(pool.connections))
                await asyncio.sleep(0)

        watcher = asyncio.ensure_future(watch())
        results = await asyncio.gather(
            *(session.bridges.get(bridge_id) for _ in range(150)),
            *(session.bridges.update(bridge_id, bridge_audio=n % 2 == 0) for n in range(50)),
            return_exceptions=True,
        )
        watcher.cancel()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    assert all(r.id == bridge_id for r in results[:150] if isinstance(r, Bridge))
    assert 1 <= widest <= 10
    assert len(emulator.requests(method="GET")) == 150


@pytest.mark.anyio
async def test_works_under_anyio(emulator: Emulator) -> None:
    async with session_for(emulator, AsyncSession) as session:
        bridge = await session.bridges.create()
        assert (await session.bridges.get(bridge.id)).id == bridge.id


@pytest.mark.asyncio
async def test_from_env_and_settings(emulator: Emulator) -> None:
    env = {
        "CATAPULT_USER_ID": emulator.user_id,
        "CATAPULT_API_TOKEN": emulator.api_token,
        "CATAPULT_API_SECRET": emulator.api_secret,
        "CATAPULT_BASE_URL": emulator.base_url,
    }
    async with AsyncSession.from_env(env) as session:
        assert await session.bridges.create_id()
    with pytest.raises(ConfigurationError, match="CATAPULT_API_SECRET"):
        AsyncSession.from_env({k: v for k, v in env.items() if k != "CATAPULT_API_SECRET"})
    with pytest.raises(ConfigurationError, match="pool_maxsize"):
        session_for(emulator, AsyncSession, pool_maxsize=0)


def test_secrets_never_in_repr_or_pickles(emulator: Emulator) -> None:
    session = session_for(emulator, AsyncSession)
    text = repr(session) + repr(session.transport) + repr(session.transport._client)
    assert emulator.api_secret not in text and emulator.api_token not in text
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(session)
    with pytest.raises(TypeError, match="async with"), session:  # type: ignore[attr-defined]
        pass
    asyncio.run(session.aclose())


# -- the testing kit ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_kit_fixture_under_pytest_asyncio(
    catapult_async_session: AsyncSession, catapult_emulator: Any
) -> None:
    bridge = await catapult_async_session.bridges.create()
    assert [b.id async for b in catapult_async_session.bridges.list()] == [bridge.id]
    assert catapult_emulator.requests(method="POST")


@pytest.mark.anyio
async def test_kit_fixture_under_anyio(catapult_async_session_shared: AsyncSession) -> None:
    call = await catapult_async_session_shared.calls.create(from_=OURS, to="+15550002001")
    assert (await call.hangup_async()).state is CallState.COMPLETED


def test_the_vcr_preset_records_and_replays_httpx(emulator: Emulator, tmp_path: Any) -> None:
    import vcr

    from catapult.testing import catapult_vcr_config

    config = catapult_vcr_config(
        user_id=emulator.user_id, api_token=emulator.api_token, api_secret=emulator.api_secret
    )
    recorder = vcr.VCR(**{**config, "record_mode": "all"})
    cassette = tmp_path / "async.yaml"

    async def scenario() -> list[str]:
        async with session_for(emulator, AsyncSession) as session:
            bridge = await session.bridges.create(bridge_audio=True)
            return [bridge.id, *[b.id async for b in session.bridges.list()]]

    with recorder.use_cassette(str(cassette)):
        recorded = asyncio.run(scenario())
    sent = len(emulator.requests())
    text = cassette.read_text()
    for secret in (emulator.api_token, emulator.api_secret, emulator.user_id):
        assert secret not in text
    assert "REDACTED" in text and "bridgeAudio" in text
    replayer = vcr.VCR(**{**config, "record_mode": "none"})
    with replayer.use_cassette(str(cassette)):
        assert asyncio.run(scenario()) == recorded
    assert len(emulator.requests()) == sent  # the replay reached no server


class _ImportSpy:
    """A meta path finder that finds nothing and notes every module searched for."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        self.searched.append(name)


@pytest.mark.asyncio
async def test_a_request_searches_the_disk_for_no_module(asession: AsyncSession) -> None:
    # httpcore imports sniffio on each request; without it installed (the async extra has it),
    # every import searched sys.path again: about a quarter of a get's CPU.
    bridge = await asession.bridges.create()
    await asession.bridges.get(bridge.id)  # first-use imports are done by now
    spy = _ImportSpy()
    sys.meta_path.insert(0, spy)
    try:
        for _ in range(3):
            await asession.bridges.get(bridge.id)
    finally:
        sys.meta_path.remove(spy)
    assert spy.searched == []
