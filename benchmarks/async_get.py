"""1,000 ``get``s of one bridge at concurrency 50: AsyncSession, Session on 50 threads, raw httpx.

The emulator runs in its own process (``_servers.emulator``), so the CPU time measured here
(``time.process_time`` of this process, all threads) is the client's alone. Each round runs
the three clients in turn, in a rotating order; the report gives the median over the rounds of
wall time and CPU microseconds per call. Run it with ``python benchmarks/async_get.py``;
``--rounds`` and ``--calls`` change the size, ``--concurrency`` the calls in flight (and the
threads and pooled connections).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import _servers
import httpx

from catapult import AsyncSession, Session


def sync_session(server: _servers.ServerProcess, bridge_id: str, calls: int, width: int) -> None:
    with (
        Session(
            server.user, server.token, server.secret, base_url=server.url, pool_maxsize=width
        ) as session,
        ThreadPoolExecutor(width) as pool,
    ):
        found = list(pool.map(lambda _: session.bridges.get(bridge_id).id, range(calls)))
    assert found == [bridge_id] * calls


async def _async_session(
    server: _servers.ServerProcess, bridge_id: str, calls: int, width: int
) -> None:
    async with AsyncSession(
        server.user, server.token, server.secret, base_url=server.url, pool_maxsize=width
    ) as session:
        gate = asyncio.Semaphore(width)

        async def one() -> str:
            async with gate:
                return (await session.bridges.get(bridge_id)).id

        found = await asyncio.gather(*(one() for _ in range(calls)))
    assert found == [bridge_id] * calls


async def _raw_httpx(
    server: _servers.ServerProcess, bridge_id: str, calls: int, width: int
) -> None:
    limits = httpx.Limits(max_connections=width, max_keepalive_connections=width)
    url = f"{server.url}/users/{server.user}/bridges/{bridge_id}"
    async with httpx.AsyncClient(auth=(server.token, server.secret), limits=limits) as client:
        gate = asyncio.Semaphore(width)

        async def one() -> str:
            async with gate:
                response = await client.get(url)
                response.raise_for_status()
                return str(response.json()["id"])

        found = await asyncio.gather(*(one() for _ in range(calls)))
    assert found == [bridge_id] * calls


CLIENTS: dict[str, Callable[[_servers.ServerProcess, str, int, int], None]] = {
    "AsyncSession": lambda *a: asyncio.run(_async_session(*a)),
    "Session, a thread per call in flight": sync_session,
    "raw httpx (async)": lambda *a: asyncio.run(_raw_httpx(*a)),
}


def measure(run: Callable[[], None]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one ``run()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    server = _servers.emulator(1)
    try:
        with Session(server.user, server.token, server.secret, base_url=server.url) as session:
            bridge_id = next(iter(session.bridges.list())).id
        names = list(CLIENTS)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
        for name in names:  # warm-up: imports, first connections
            CLIENTS[name](server, bridge_id, 100, args.concurrency)
        for round_number in range(args.rounds):
            order = names[round_number % 3 :] + names[: round_number % 3]
            for name in order:
                client = CLIENTS[name]
                results[name].append(
                    measure(
                        lambda client=client: client(  # type: ignore[misc]
                            server, bridge_id, args.calls, args.concurrency
                        )
                    )
                )
    finally:
        server.stop()
    print(
        f"{args.calls} gets of one bridge at concurrency {args.concurrency}, "
        f"median of {args.rounds} rounds\n"
    )
    print("| client | wall time (s) | CPU per call (µs) |")
    print("|---|---:|---:|")
    for name in names:
        wall = statistics.median(w for w, _ in results[name])
        cpu = statistics.median(c for _, c in results[name]) / args.calls * 1e6
        print(f"| {name} | {wall:.2f} | {cpu:.0f} |")


if __name__ == "__main__":
    main()
