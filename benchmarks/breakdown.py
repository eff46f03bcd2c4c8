"""Where a listed item's CPU goes: catapult against raw requests + json, piece by piece.

    python benchmarks/breakdown.py            # emulator pages, under a minute
    python benchmarks/breakdown.py tolerant   # pages with unknown fields and string booleans

Starts the server in its own process, then in this one process times (best of several rounds,
µs per item, pages of 1,000): fetching a page's bytes (catapult's transport against
``requests.Session.get``), turning the bytes into items (catapult's cut and chunked
validation against ``json.loads``, collector on, items dropped as a loop would), validation of
a whole page with the collector off (model building alone), and whole listings of both clients
with the time spent in cyclic garbage collection (``gc.callbacks``). Then the floors and the
parts: a page fetched with bare ``http.client`` and with a bare urllib3 pool, and the decode
taken apart (the exact way's split, validating already-joined chunks, binding the items to the
session). The README's "what the profiles show" table comes from this script.
"""

from __future__ import annotations

import base64
import gc
import http.client
import json
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
import urllib3
from _servers import ServerProcess, emulator, page_server

import catapult
from catapult._chunking import read_page
from catapult._decode import CHUNK, list_adapter, split_items
from catapult._model import bind_all

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


def pieces(session: catapult.Session, raw: requests.Session, root: str) -> list[tuple[str, float]]:
    """Per-item cost of fetching and of decoding one page, for both clients."""
    response = session.transport.request("GET", root, params={"size": PAGE})
    body, adapter = response.content, list_adapter(catapult.Bridge)

    def decode() -> None:
        for chunk in read_page(catapult.Bridge, response, session):
            deque(chunk, maxlen=0)

    def validate_gc_off() -> None:
        gc.disable()
        try:
            adapter.validate_json(body)
        finally:
            gc.enable()

    def loads_gc_off() -> None:
        gc.disable()
        try:
            json.loads(body)
        finally:
            gc.enable()

    page = f"{root}?size={PAGE}&page=7"
    return [
        (
            "fetch a page: catapult transport",
            best_per_item(lambda: session.transport.request("GET", page), PAGE, 10),
        ),
        (
            "fetch a page: requests.Session.get + .content",
            best_per_item(lambda: raw.get(page, timeout=(5, 30)).content, PAGE, 10),
        ),
        ("decode: cut + validate ~50 at a time, GC on", best_per_item(decode, PAGE)),
        (
            "decode: json.loads, GC on",
            best_per_item(lambda: deque(json.loads(body), maxlen=0), PAGE),
        ),
        ("model building alone: validate_json, GC off", best_per_item(validate_gc_off, PAGE)),
        ("json.loads, GC off", best_per_item(loads_gc_off, PAGE)),
    ]


def floors(server: ServerProcess, page: str) -> list[tuple[str, float]]:
    """Per-item cost of fetching one page with bare ``http.client`` and a bare urllib3 pool."""
    parts = urllib3.util.parse_url(page)
    target = f"{parts.path}?{parts.query}"
    basic = base64.b64encode(f"{server.token}:{server.secret}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}"}
    connection = http.client.HTTPConnection(parts.host or "", parts.port, timeout=30)
    pool = urllib3.HTTPConnectionPool(parts.host or "", parts.port, maxsize=1)

    def bare() -> bytes:
        connection.request("GET", target, headers=headers)
        return connection.getresponse().read()

    def pooled() -> bytes:
        answer = pool.urlopen("GET", target, headers=headers, retries=False)
        return answer.data

    return [
        ("fetch a page: bare http.client (the floor)", best_per_item(bare, PAGE, 10)),
        ("fetch a page: bare urllib3 pool", best_per_item(pooled, PAGE, 10)),
    ]


def decode_parts(session: catapult.Session, root: str) -> list[tuple[str, float]]:
    """The decode taken apart: split, validation of joined chunks, binding (collector on)."""
    body = session.transport.request("GET", root, params={"size": PAGE}).content
    items = split_items(body, PAGE) or ()
    joined = [b"[" + b",".join(items[n : n + CHUNK]) + b"]" for n in range(0, len(items), CHUNK)]
    validate = list_adapter(catapult.Bridge).validate_json
    bridges = [validate(chunk) for chunk in joined]

    def validate_joined() -> None:
        for chunk in joined:
            deque(validate(chunk), maxlen=0)

    def bind() -> None:
        for chunk in bridges:
            bind_all(chunk, session)

    return [
        (
            "decode, part: the exact way's split (pages it cannot cut)",
            best_per_item(lambda: split_items(body, PAGE), PAGE),
        ),
        ("decode, part: validate joined chunks", best_per_item(validate_joined, PAGE)),
        ("decode, part: bind items to the session", best_per_item(bind, PAGE)),
    ]


def main() -> None:
    server = page_server(50_000) if sys.argv[1:] == ["tolerant"] else emulator(50_000)
    try:
        server.list_once()  # every page served once: the emulator answers from its cache
        session = catapult.Session(server.user, server.token, server.secret, base_url=server.url)
        root = f"{server.url}/users/{server.user}/bridges"
        raw = requests.Session()
        raw.auth = (server.token, server.secret)

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

        rows = pieces(session, raw, root)
        rows += floors(server, f"{root}?size={PAGE}&page=7")
        rows += decode_parts(session, root)
        gc.callbacks.append(_on_gc)
        for name, work in (("catapult", catapult_list), ("raw", raw_list)):
            total, collecting = listing(work)
            rows.append((f"{name}: whole listing", total))
            rows.append((f"{name}: of which cyclic GC (median)", collecting))
        gc.callbacks.remove(_on_gc)
    finally:
        server.stop()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:5.2f} µs/item")


if __name__ == "__main__":
    main()
