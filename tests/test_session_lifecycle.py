"""A session's life: closed, it refuses everything with a typed error before sending; an
AsyncSession belongs to the event loop of its first use and refuses the others.

What reached the server is read from the emulator's request log (or a hostile server's), so
"nothing was sent" is checked, not assumed.
"""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
import time
import warnings
from typing import Any

import anyio
import pytest
from async_driver import LoopThread
from conftest import session_for
from hostile_server import Request, hostile_server

from catapult import (
    AsyncSession,
    CatapultError,
    Client,
    Session,
    SessionClosedError,
    WrongEventLoopError,
)
from catapult.emulator import Emulator


def _client(emulator: Emulator) -> Client:
    credentials = (emulator.user_id, emulator.api_token, emulator.api_secret)
    return Client(*credentials, api_endpoint=emulator.url)


# -- sync: Session and Client ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["Session", "Client"])
def test_a_closed_session_sends_nothing_and_says_so(emulator: Emulator, kind: str) -> None:
    session: Session = session_for(emulator) if kind == "Session" else _client(emulator)
    with session:
        bridge = session.bridges.create()
    sent = len(emulator.requests())
    attempts: list[Any] = [
        session.bridges.create,
        bridge.refresh,
        lambda: list(session.bridges.list()),
        lambda: session.calls.get("c-1"),
    ]
    if isinstance(session, Client):
        attempts += [session.create_bridge, lambda: session.get_bridge(bridge.id)]
    for attempt in attempts:
        with pytest.raises(SessionClosedError, match="this session is closed") as info:
            attempt()
        assert isinstance(info.value, CatapultError) and isinstance(info.value, RuntimeError)
        assert "nothing was sent" in str(info.value)
    with pytest.raises(SessionClosedError), session:
        pass
    session.close()  # closing twice is harmless
    assert len(emulator.requests()) == sent


def test_a_retry_after_close_is_not_sent(emulator: Emulator) -> None:
    emulator.inject_fault(method="GET", path="/bridges/*", status=503, times=None)
    session = session_for(emulator, sleep=lambda seconds: session.close())  # closes mid-call
    with pytest.raises(SessionClosedError, match="while the request was under way"):
        session.bridges.get("brg-1")
    assert len(emulator.requests(method="GET")) == 1


def test_an_injected_http_session_stays_open_but_is_not_used(emulator: Emulator) -> None:
    import requests

    with requests.Session() as http:
        session = session_for(emulator, http_session=http)
        session.close()
        with pytest.raises(SessionClosedError):
            session.bridges.create_id()
        assert emulator.requests() == []
        assert http.get(f"{emulator.url}/v1/users/{emulator.user_id}/bridges").status_code == 401


# -- async: after aclose -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_closed_async_session_sends_nothing_and_says_so(emulator: Emulator) -> None:
    async with session_for(emulator, AsyncSession) as session:
        bridge = await session.bridges.create()
    sent = len(emulator.requests())
    with pytest.raises(SessionClosedError, match="nothing was sent"):
        await session.bridges.create()
    with pytest.raises(SessionClosedError, match="nothing was sent"):
        await bridge.refresh_async()
    with pytest.raises(SessionClosedError, match="nothing was sent"):
        [b async for b in session.bridges.list()]
    with pytest.raises(SessionClosedError, match="this session is closed"):
        async with session:
            pass
    await session.aclose()  # closing twice is harmless
    assert len(emulator.requests()) == sent


def _hold(request: Request, connection: socket.socket, stopping: threading.Event) -> None:
    stopping.wait(60)  # never answers; the server's stop ends it


@pytest.mark.asyncio
async def test_requests_under_way_end_when_the_session_closes() -> None:
    stopping = threading.Event()
    with hostile_server(lambda r, c: _hold(r, c, stopping)) as server:
        session = AsyncSession("u-test", "t", "s", base_url=server.base_url, pool_maxsize=1)
        sent = asyncio.ensure_future(session.bridges.get("brg-1"))  # waits for its answer
        queued = asyncio.ensure_future(session.bridges.get("brg-2"))  # waits for a connection
        while not server.requests:  # poll: the first request reached the server
            await asyncio.sleep(0.02)
        await session.aclose()
        done = await asyncio.wait_for(
            asyncio.gather(sent, queued, return_exceptions=True), timeout=30
        )
        stopping.set()
    assert [type(result) for result in done] == [SessionClosedError, SessionClosedError]
    assert all("while the request was under way" in str(result) for result in done)
    assert [request.path for request in server.requests] == ["/v1/users/u-test/bridges/brg-1"]


@pytest.mark.asyncio
async def test_a_retry_wait_ends_when_the_session_closes(emulator: Emulator) -> None:
    session = session_for(emulator, AsyncSession, max_retry_wait=600)
    emulator.inject_fault(method="GET", status=429, headers={"Retry-After": "300"})
    task = asyncio.ensure_future(session.bridges.get("brg-1"))
    while not emulator.requests(method="GET"):  # poll: the first attempt was answered
        await asyncio.sleep(0.02)
    await session.aclose()
    with pytest.raises(SessionClosedError, match="while the request was under way"):
        await asyncio.wait_for(task, timeout=30)
    assert len(emulator.requests(method="GET")) == 1


# -- async: one event loop ---------------------------------------------------------------------


def test_an_async_session_belongs_to_the_loop_of_its_first_request(
    emulator: Emulator, loop_thread: LoopThread
) -> None:
    session = session_for(emulator, AsyncSession)  # built outside any loop
    bridge_id = loop_thread.run(session.bridges.create_id())  # binds it to that loop

    async def elsewhere() -> str:
        return await session.bridges.create_id()

    with pytest.raises(WrongEventLoopError, match="event loop of its first request") as info:
        asyncio.run(elsewhere())
    assert isinstance(info.value, CatapultError) and isinstance(info.value, RuntimeError)
    assert "nothing was sent" in str(info.value) and "per event loop" in str(info.value)
    with pytest.raises(WrongEventLoopError, match="on its own event loop"):
        asyncio.run(session.aclose())  # its loop is open: its connections are that loop's
    assert loop_thread.run(session.bridges.get(bridge_id)).id == bridge_id  # still works there
    assert len(emulator.requests()) == 2
    loop_thread.run(session.aclose())


def test_three_threads_on_one_session_one_keeps_it(emulator: Emulator) -> None:
    session = session_for(emulator, AsyncSession)
    created: list[str] = []
    refused: list[BaseException] = []
    barrier = threading.Barrier(3)

    async def work() -> None:
        try:
            for _ in range(20):
                created.append(await session.bridges.create_id())
        except CatapultError as error:
            refused.append(error)
            await asyncio.to_thread(barrier.wait, 60)
            return
        await asyncio.to_thread(barrier.wait, 60)  # the others have tried
        await session.aclose()  # on its own loop

    threads = [threading.Thread(target=asyncio.run, args=(work(),)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert [type(error) for error in refused] == [WrongEventLoopError, WrongEventLoopError]
    assert len(created) == 20 and len(set(created)) == 20
    assert len(emulator.requests(method="POST", path="/bridges")) == 20  # none lost, none extra
    assert session.transport.is_closed


def test_async_with_binds_the_loop_too(emulator: Emulator, loop_thread: LoopThread) -> None:
    session = session_for(emulator, AsyncSession)

    async def enter() -> None:
        async with session:
            pass

    async def use() -> str:
        return await session.bridges.create_id()

    loop_thread.run(session.__aenter__())
    with pytest.raises(WrongEventLoopError):
        asyncio.run(enter())
    with pytest.raises(WrongEventLoopError):
        asyncio.run(use())
    assert emulator.requests() == []
    loop_thread.run(session.aclose())


def test_a_session_whose_loop_ended_says_why_it_cannot_close(emulator: Emulator) -> None:
    session = session_for(emulator, AsyncSession)

    async def use(session: AsyncSession) -> str:
        return await session.bridges.create_id()

    asyncio.run(use(session))  # its loop ends with a connection in the pool
    with pytest.raises(WrongEventLoopError, match="which is closed"):
        asyncio.run(session.aclose())
    with pytest.raises(SessionClosedError):
        asyncio.run(use(session))
    asyncio.run(session.aclose())  # closing again is harmless
    assert len(emulator.requests()) == 1
    with warnings.catch_warnings():  # the socket left to the ended loop, as the error said
        warnings.simplefilter("ignore", ResourceWarning)
        del session
        gc.collect()


def test_the_kit_session_serves_one_loop_after_another(emulator: Emulator) -> None:
    from catapult.testing._sessions import async_session_for, close_async_session

    session = async_session_for(emulator)  # what catapult_async_session yields
    loop = LoopThread()  # an async fixture's loop, still open while the test runs on another
    try:
        bridge_id = loop.run(session.bridges.create_id())

        async def test_body() -> str:
            return (await session.bridges.get(bridge_id)).id

        with warnings.catch_warnings():
            warnings.simplefilter("error", ResourceWarning)
            assert asyncio.run(test_body()) == bridge_id
            close_async_session(session)  # a sync fixture's teardown, on yet another loop
            gc.collect()  # no socket was left to a loop
    finally:
        loop.close()
    assert session.transport.is_closed
    with pytest.raises(SessionClosedError):
        asyncio.run(session.bridges.create_id())


def test_close_ends_a_retry_wait_under_way(emulator: Emulator) -> None:
    # Default sleep: the wait the server asked for (300 s) is cut short by close().
    emulator.inject_fault(method="GET", status=429, headers={"Retry-After": "300"})
    session = session_for(emulator, max_retry_wait=600)
    failures: list[BaseException] = []

    def get() -> None:
        try:
            session.bridges.get("brg-1")
        except BaseException as error:  # checked below
            failures.append(error)

    worker = threading.Thread(target=get, daemon=True)
    worker.start()
    while not emulator.requests(method="GET"):  # poll: the first attempt was answered
        time.sleep(0.02)
    session.close()
    worker.join(timeout=60)  # generous: the wait itself would take 300 s
    assert not worker.is_alive()
    assert len(failures) == 1 and isinstance(failures[0], SessionClosedError)
    assert "while the request was under way" in str(failures[0])
    assert len(emulator.requests(method="GET")) == 1


@pytest.mark.asyncio
async def test_a_retry_wait_that_begins_after_aclose_is_not_slept(emulator: Emulator) -> None:
    # aclose() ends the waits it finds; one that begins after it (the attempt was answered
    # just before) must not sleep its whole length.
    session = session_for(emulator, AsyncSession)
    await session.aclose()
    with anyio.fail_after(60):  # generous: the wait itself would take 300 s
        await session.transport._wait(300)  # pyright: ignore[reportPrivateUsage]
