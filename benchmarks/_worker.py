"""One measurement in a fresh process; prints one JSON object on stdout.

Run by ``benchmarks/run.py``, never imported by it: each measurement gets its own interpreter
so CPU time, peak RSS and imports of one client cannot leak into another. It uses only the
standard library plus the client being measured, so it also runs under the old client's venv.

    python benchmarks/_worker.py CLIENT MODE URL USER TOKEN SECRET [N]

CLIENT is ``catapult``, ``raw``, ``urllib3`` (get only), ``old``, or ``catapult-members`` /
``raw-members`` (list only: a conference's members); MODE is ``get``, ``list`` or
``list-tracemalloc``.
``get`` and ``list`` time three passes in the same process and report the fastest.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) so growth can be read afterwards (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        return True
    except OSError:
        return False


# ------------------------------------------------------------------------- clients
# Each factory returns (get_bridge(id) -> object, list_bridges(size) -> iterator of items).


def _catapult(url: str, user: str, token: str, secret: str) -> tuple[Callable[..., Any], ...]:
    import catapult

    session = catapult.Session(user, token, secret, base_url=url)

    def get(bridge_id: str) -> Any:
        return session.bridges.get(bridge_id)

    def items(size: int) -> Iterator[Any]:
        return iter(session.bridges.list(size=size))

    return get, items


def _catapult_members(
    url: str, user: str, token: str, secret: str
) -> tuple[Callable[..., Any], ...]:
    import catapult

    session = catapult.Session(user, token, secret, base_url=url)

    def items(size: int) -> Iterator[Any]:  # the API takes no size: pages come as served
        return iter(session.conferences.members(MEMBERS_OF))

    return _get_unsupported, items


def _get_unsupported(item_id: str) -> Any:
    raise NotImplementedError("members are measured for list only")


def _raw(
    url: str, user: str, token: str, secret: str, listing: str = "bridges?size={size}"
) -> tuple[Callable[..., Any], ...]:
    # The floor: plain requests.Session and json, no models, default settings.
    import requests

    http = requests.Session()
    http.auth = (token, secret)
    root = f"{url}/users/{user}"

    def get(bridge_id: str) -> Any:
        response = http.get(f"{root}/bridges/{bridge_id}", timeout=(5, 30))
        response.raise_for_status()
        return json.loads(response.content)

    def items(size: int) -> Iterator[Any]:
        next_url: str | None = f"{root}/{listing.format(size=size)}"
        while next_url:
            response = http.get(next_url, timeout=(5, 30))
            response.raise_for_status()
            yield from json.loads(response.content)
            next_url = response.links.get("next", {}).get("url")

    return get, items


def _urllib3(url: str, user: str, token: str, secret: str) -> tuple[Callable[..., Any], ...]:
    # The lower floor for get: one urllib3 pool, no requests, json.loads of the body.
    import base64
    from urllib.parse import urlsplit

    import urllib3

    parts = urlsplit(url)
    pool = urllib3.HTTPConnectionPool(parts.hostname or "", parts.port, maxsize=1)
    basic = base64.b64encode(f"{token}:{secret}".encode()).decode()
    headers = {"Authorization": f"Basic {basic}", "Accept": "application/json"}
    root = f"{parts.path}/users/{user}"

    def get(bridge_id: str) -> Any:
        answer = pool.request("GET", f"{root}/bridges/{bridge_id}", headers=headers, timeout=30)
        if answer.status >= 400:
            raise RuntimeError(answer.status)
        return json.loads(answer.data)

    def items(size: int) -> Iterator[Any]:
        raise NotImplementedError("the urllib3 floor is measured for get only")

    return get, items


def _old(url: str, user: str, token: str, secret: str) -> tuple[Callable[..., Any], ...]:
    # bandwidth-sdk 3.1.0 appends the version itself: give it the root without "/v1".
    import bandwidth

    endpoint, _, version = url.rpartition("/")
    api = bandwidth.client("voice", user, token, secret, api_endpoint=endpoint, api_version=version)

    def get(bridge_id: str) -> Any:
        return api.get_bridge(bridge_id)

    def items(size: int) -> Iterator[Any]:
        return iter(api.list_bridges(size=size))

    return get, items


def _raw_members(url: str, user: str, token: str, secret: str) -> tuple[Callable[..., Any], ...]:
    return _raw(url, user, token, secret, f"conferences/{MEMBERS_OF}/members")


MEMBERS_OF = "conf-bench"
"""The conference whose members ``members.py`` lists (served by ``_page_server.py``)."""
CLIENTS = {
    "catapult": _catapult,
    "raw": _raw,
    "urllib3": _urllib3,
    "old": _old,
    "catapult-members": _catapult_members,
    "raw-members": _raw_members,
}
#: Timed passes per measurement; the best is reported (noise on a shared machine only adds).
PASSES = 3


# ---------------------------------------------------------------------- measurements


class _GcClock:
    """A ``gc.callbacks`` entry adding up the CPU time spent in cyclic garbage collection."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.seconds += time.process_time() - self._started


def _first_ids(url: str, user: str, token: str, secret: str, count: int) -> list[str]:
    """Ids to fetch, read with urllib so no client library warms up on them."""
    import base64
    import urllib.request

    request = urllib.request.Request(f"{url}/users/{user}/bridges?size={count}")
    basic = base64.b64encode(f"{token}:{secret}".encode()).decode()
    request.add_header("Authorization", f"Basic {basic}")
    with urllib.request.urlopen(request) as answer:
        return [item["id"] for item in json.loads(answer.read())]


def measure_get(
    client: str, url: str, user: str, token: str, secret: str, n: int
) -> dict[str, Any]:
    ids = _first_ids(url, user, token, secret, 100)
    get, _ = CLIENTS[client](url, user, token, secret)
    for index in range(50):  # warm up: connection, caches, first-use imports
        get(ids[index % len(ids)])
    cpus, walls = [], []
    for _ in range(PASSES):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for index in range(n):
            get(ids[index % len(ids)])
        cpus.append((time.process_time() - cpu0) / n * 1e6)
        walls.append((time.perf_counter() - wall0) / n * 1e6)
    return {"calls": n, "cpu_us_per_call": min(cpus), "wall_us_per_call": min(walls)}


def measure_list(
    client: str, url: str, user: str, token: str, secret: str, n: int
) -> dict[str, Any]:
    _, items = CLIENTS[client](url, user, token, secret)
    for _ in items(1):  # warm up: connection and first-use imports, one tiny page
        break
    rss_before = _status_kib("VmRSS")
    exact_peak = _reset_peak_rss()
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    collecting = _GcClock()
    gc.callbacks.append(collecting)
    cpus, walls, gcs = [], [], []
    for _ in range(PASSES):
        count = 0
        collecting.seconds = 0.0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for _item in items(1000):
            count += 1
            if count >= n:
                break
        cpus.append((time.process_time() - cpu0) / count * 1e6)
        walls.append((time.perf_counter() - wall0) / count * 1e6)
        gcs.append(collecting.seconds / count * 1e6)
    gc.callbacks.remove(collecting)
    if exact_peak:
        growth = _status_kib("VmHWM") - rss_before
    else:
        growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - maxrss_before
    return {
        "items": count,
        "cpu_us_per_item": min(cpus),
        "wall_us_per_item": min(walls),
        "first_pass_cpu_us_per_item": cpus[0],
        "gc_cpu_us_per_item": gcs[cpus.index(min(cpus))],
        "rss_growth_kib": growth,
        "type": type(_item).__name__,
    }


def measure_list_tracemalloc(
    client: str, url: str, user: str, token: str, secret: str, n: int
) -> dict[str, Any]:
    import tracemalloc

    _, items = CLIENTS[client](url, user, token, secret)
    for _ in items(1):
        break
    tracemalloc.start()
    count = 0
    for _ in items(1000):
        count += 1
        if count >= n:
            break
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"items": count, "tracemalloc_peak_kib": peak // 1024}


MODES = {"get": measure_get, "list": measure_list, "list-tracemalloc": measure_list_tracemalloc}


def main(argv: list[str]) -> None:
    client, mode, url, user, token, secret = argv[:6]
    n = int(argv[6]) if len(argv) > 6 else 1000
    result = MODES[mode](client, url, user, token, secret, n)
    result.update(client=client, mode=mode)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
