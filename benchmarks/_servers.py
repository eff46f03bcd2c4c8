"""The two servers the benchmark lists from, and how fast they are on their own.

* the emulator (``python -m catapult.emulator``): the API's own page shape;
* ``_page_server.py``: static pages of bridges carrying unknown fields and string booleans.

Both run in their own process, so the client's CPU time is its own. :func:`serving_floor`
lists every page with bare ``http.client`` (no parsing): the fastest any client can go
against that server, which shows whether the server limits the benchmark.
"""

from __future__ import annotations

import base64
import http.client
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ANNOUNCEMENT = re.compile(r"(?:listening|listing) on (?P<url>\S+)(?: user_id=(?P<user>\S+))?")
EXPORT = re.compile(r"export (CATAPULT_\w+)=(\S+)")
NEXT = re.compile(r'<([^>]+)>; rel="next"')


class ServerProcess:
    """A server in a child process; reads its address and credentials from what it prints."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        said: dict[str, str] = {"CATAPULT_API_TOKEN": "t", "CATAPULT_API_SECRET": "s"}
        for line in self.process.stdout:
            found = ANNOUNCEMENT.search(line)
            if found:
                said["CATAPULT_BASE_URL"] = found["url"]
                said["CATAPULT_USER_ID"] = found["user"] or ""
            exported = EXPORT.match(line)
            if exported:
                said[exported[1]] = exported[2]
            if line.startswith("Stop with") or (found and found["user"]):
                break
        if "CATAPULT_BASE_URL" not in said:
            self.stop()
            raise RuntimeError(f"no address announced by {command}")
        self.url, self.user = said["CATAPULT_BASE_URL"], said["CATAPULT_USER_ID"]
        self.token, self.secret = said["CATAPULT_API_TOKEN"], said["CATAPULT_API_SECRET"]

    @property
    def args(self) -> list[str]:
        return [self.url, self.user, self.token, self.secret]

    def list_once(self) -> tuple[int, float]:
        """Read every page of 1,000 with bare ``http.client``: (items, wall seconds)."""
        basic = base64.b64encode(f"{self.token}:{self.secret}".encode()).decode()
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        path: str | None = f"{parts.path}/users/{self.user}/bridges?size=1000"
        items, started = 0, time.perf_counter()
        while path:
            connection.request("GET", path, headers={"Authorization": f"Basic {basic}"})
            answer = connection.getresponse()
            items += answer.read().count(b'"id"')
            found = NEXT.search(answer.headers.get("Link", ""))
            path = urlsplit(found[1])._replace(scheme="", netloc="").geturl() if found else None
        connection.close()
        return items, time.perf_counter() - started

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def emulator(items: int) -> ServerProcess:
    command = [sys.executable, "-m", "catapult.emulator", "--port", "0"]
    return ServerProcess([*command, "--seed-bridges", str(items)])


def page_server(items: int) -> ServerProcess:
    return ServerProcess([sys.executable, str(HERE / "_page_server.py"), str(items)])


def serving_floor(server: ServerProcess, rounds: int = 3) -> float:
    """Best wall µs per item of a bare ``http.client`` listing (the server's own pace)."""
    listings = [server.list_once() for _ in range(rounds)]
    return min(seconds / max(items, 1) for items, seconds in listings) * 1e6


def emulator_page_cost(pages: int = 40) -> dict[str, float]:
    """Median in-process time for the emulator to build one page of 1,000 bridges.

    ``cold``: first time each page is served (every bridge serialised); ``warm``: again, from
    its cache of per-bridge JSON, which is what the benchmark's clients see.
    """
    from catapult.emulator import Emulator
    from catapult.emulator._wire import Request

    server = Emulator()
    server.seed_bridges(pages * 1000)
    server._store.set_root("http://127.0.0.1:1/v1/users/u-emulator")
    basic = "Basic " + base64.b64encode(b"emulator-token:emulator-secret").decode()
    result = {}
    for name in ("cold", "warm"):
        times = []
        for page in range(pages):
            path = f"/v1/users/u-emulator/bridges?page={page}&size=1000"
            request = Request("GET", path, [("Authorization", basic), ("Host", "127.0.0.1")], b"")
            started = time.perf_counter()
            outcome = server._pipeline.serve(request, lambda limit: b"")
            times.append(time.perf_counter() - started)
            assert outcome.response is not None and outcome.response.status == 200
        result[name] = statistics.median(times) * 1e6
    return result
