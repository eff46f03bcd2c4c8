"""Where a listed item's CPU goes: catapult against raw requests + json, piece by piece.

    /work/venv/bin/python benchmarks/breakdown.py     # under a minute

Starts its own emulator process, then in this one process times (best of several rounds, µs
per item, pages of 1,000): the HTTP round trip of a page, ``validate_json`` of a page (with
the collector off, to isolate it) and ``json.loads`` of the same bytes, binding the session,
whole listings of both clients, and the time spent in cyclic garbage collection during those
listings (``gc.callbacks``). The README's "What the profiles show" table comes from this script.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable
from itertools import repeat
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
from _servers import emulator as start_emulator

import catapult
from catapult._decode import _bind_slot, list_adapter

ROUNDS = 9
PAGE = 1000
_gc_seconds = [0.0]
_gc_started = [0.0]


def _on_gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_started[0] = time.process_time()
    else:
        _gc_seconds[0] += time.process_time() - _gc_started[0]


def best_per_item(work: Callable[[], Any], items: int, repeats: int = 20) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.process_time()
        for _ in range(repeats):
            work()
        times.append((time.process_time() - started) / repeats / items * 1e6)
    return min(times)


def listing(work: Callable[[], int]) -> tuple[float, float]:
    """Best total and median GC µs per item over whole listings."""
    totals, collecting = [], []
    for _ in range(ROUNDS // 2 + 1):
        _gc_seconds[0] = 0.0
        started = time.process_time()
        count = work()
        totals.append((time.process_time() - started) / count * 1e6)
        collecting.append(_gc_seconds[0] / count * 1e6)
    return min(totals), statistics.median(collecting)


def main() -> None:
    emu = start_emulator(50_000)
    try:
        emu.list_once()  # every page served once: the emulator answers from its cache
        session = catapult.Session(emu.user, emu.token, emu.secret, base_url=emu.url)
        root = f"{emu.url}/users/{emu.user}/bridges"
        body = session.transport.request("GET", root, params={"size": PAGE}).content
        adapter = list_adapter(catapult.Bridge)

        def http() -> None:
            session.transport.request("GET", root, params={"size": PAGE, "page": 7})

        def validate() -> None:
            gc.disable()
            try:
                adapter.validate_json(body)
            finally:
                gc.enable()

        page = adapter.validate_json(body)

        def bind() -> None:
            deque(map(_bind_slot, page, repeat(session)), maxlen=0)

        raw = requests.Session()
        raw.auth = (emu.token, emu.secret)

        def raw_list() -> int:
            count = 0
            url: str | None = f"{root}?size={PAGE}"
            while url:
                response = raw.get(url, timeout=(5, 30))
                response.raise_for_status()
                for _item in json.loads(response.content):
                    count += 1
                url = response.links.get("next", {}).get("url")
            return count

        def catapult_list() -> int:
            return sum(1 for _ in session.bridges.list(size=PAGE))

        rows = [
            ("HTTP round trip of one page", best_per_item(http, PAGE, 10)),
            ("validate_json of one page, GC off", best_per_item(validate, PAGE)),
            ("json.loads", best_per_item(lambda: json.loads(body), PAGE)),
            ("bind the session", best_per_item(bind, PAGE)),
        ]
        gc.callbacks.append(_on_gc)
        for name, work in (("catapult", catapult_list), ("raw", raw_list)):
            total, collecting = listing(work)
            rows.append((f"{name}: whole listing", total))
            rows.append((f"{name}: of which cyclic GC (median)", collecting))
        gc.callbacks.remove(_on_gc)
    finally:
        emu.stop()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:5.2f} µs/item")


if __name__ == "__main__":
    main()
