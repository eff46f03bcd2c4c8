"""A static list server for the second page shape: what a tolerant client sees when the API
adds fields.

    python benchmarks/_page_server.py ITEMS

Serves ``GET /v1/users/u-bench/bridges?page=P&size=S`` from pages built once at start-up
(each page is a ready ``bytes`` object, with ``Link: rel="next"`` like the API's), so serving
costs one dictionary lookup and one socket write. Each bridge carries fields this SDK does
not declare (a string, a list, a nested object, a number), a string boolean (``"true"``)
and an epoch-milliseconds time, next to the emulator's fields. Any credentials are accepted.
It also serves ``GET .../conferences/conf-bench/members`` (the API's member shape, paged the
same way), which ``members.py`` lists. Prints one line, ``listing on URL user_id=u-bench``,
then serves until killed.
"""

from __future__ import annotations

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

USER = "u-bench"
PATH = f"/v1/users/{USER}/bridges"
MEMBERS_PATH = f"/v1/users/{USER}/conferences/conf-bench/members"


def tolerant_bridge(index: int, root: str) -> dict[str, object]:
    """One bridge as a newer API might send it."""
    bridge_id = f"brg-{index:016x}"
    return {
        "id": bridge_id,
        "state": "completed",
        "bridgeAudio": "true",
        "callIds": [f"c-{index:08x}a", f"c-{index:08x}b"],
        "calls": f"{root}{PATH}/{bridge_id}/calls",
        "createdTime": 1764454885711 + index,
        "completedTime": "2026-11-29T22:21:25.711Z",
        "region": "us-east-2",
        "tags": ["billing", "support"],
        "recording": {"enabled": "false", "format": "wav", "channels": 2},
        "priority": 3,
    }


def member(index: int, root: str) -> dict[str, object]:
    """One conference member as the API sends it (a removed member stays listed)."""
    return {
        "id": f"member-{index:016x}",
        "state": "completed",
        "addedTime": "2026-11-29T22:21:25.711Z",
        "removedTime": "2026-11-29T22:31:25.711Z",
        "hold": False,
        "mute": False,
        "joinTone": False,
        "leavingTone": False,
        "call": f"{root}/v1/users/{USER}/calls/c-{index:016x}",
    }


class Pages:
    def __init__(
        self, items: int, root: str, path: str = PATH, build: Any = tolerant_bridge
    ) -> None:
        self.items = items
        self.root = root
        self.path = path
        self.build = build
        self.cache: dict[tuple[int, int], tuple[bytes, str]] = {}

    def page(self, number: int, size: int) -> tuple[bytes, str]:
        key = (number, size)
        if key not in self.cache:
            start = number * size
            body = json.dumps(
                [self.build(i, self.root) for i in range(start, min(start + size, self.items))],
                separators=(",", ":"),
            ).encode()
            more = (number + 1) * size < self.items
            next_page = f"{self.root}{self.path}?page={number + 1}&size={size}"
            link = f'<{next_page}>; rel="next"' if more else ""
            self.cache[key] = (body, link)
        return self.cache[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    pages: dict[str, Pages]

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        pages = self.pages.get(url.path)
        if pages is None:
            self.send_error(404)
            return
        size = int(query.get("size", ["1000"])[0])
        body, link = pages.page(int(query.get("page", ["0"])[0]), size)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if link:
            self.send_header("Link", link)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    items = int(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    root = f"http://127.0.0.1:{server.server_address[1]}"
    Handler.pages = {
        PATH: Pages(items, root),
        MEMBERS_PATH: Pages(items, root, MEMBERS_PATH, member),
    }
    for pages in Handler.pages.values():  # build every page before announcing
        for number in range((items + 999) // 1000):
            pages.page(number, 1000)
    print(f"listing on {root}/v1 user_id={USER}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
