"""List pages are split into raw items first, then validated a chunk at a time as consumed."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from async_driver import LoopThread, blocking_session
from hostile_server import answer, hostile_server
from values_way import spy_values_way

from catapult import Bridge, ResponseDecodeError, ResponseValidationError, Session
from catapult._decode import CHUNK, list_adapter, split_items
from catapult._limits import MAX_PAGE_SIZE


def _page(items: list[dict[str, object]] | bytes) -> bytes:
    body = items if isinstance(items, bytes) else json.dumps(items).encode()
    return answer(200, body, {"Content-Type": "application/json"})


Serving = Callable[[list[dict[str, object]] | bytes], AbstractContextManager[Any]]


@pytest.fixture(params=["Session", "AsyncSession"])
def serving(request: pytest.FixtureRequest, loop_thread: LoopThread) -> Serving:
    """Opens a session whose every request is answered with the page ``items``: a Session,
    or an AsyncSession driven synchronously (``async_driver``); paging is the same for both."""

    @contextlib.contextmanager
    def opened(items: list[dict[str, object]] | bytes) -> Iterator[Any]:
        page = _page(items)
        credentials = ("u-test", "token-123456", "secret-123456")
        with hostile_server(lambda request, connection: connection.sendall(page)) as server:
            if request.param == "Session":
                session: AbstractContextManager[Any] = Session(
                    *credentials, base_url=server.base_url
                )
            else:
                session = blocking_session(loop_thread, *credentials, base_url=server.base_url)
            with session as opened_session:
                yield opened_session

    return opened


def _bridges(count: int) -> list[dict[str, object]]:
    return [{"id": f"brg-{n}", "state": "created", "bridgeAudio": "true"} for n in range(count)]


def _tolerant(count: int) -> list[dict[str, object]]:
    """Bridges as a newer API might send them: unknown fields of every JSON kind."""
    return [
        {
            "id": f"brg-{n}",
            "state": "parked" if n % 7 == 0 else "completed",
            "bridgeAudio": "false" if n % 2 else "true",
            "callIds": [f"c-{n}a"],
            "createdTime": 1764454885711 + n,
            "completedTime": "2013-07-12T15:22:47-02",
            "region": "us-east-2",
            "tags": ["a", str(n)],
            "recording": {"enabled": "false", "channels": n, "nested": [{"x": None}]},
            "ratio": n / 3,
            "big": 10**30 + n,
            "flag": n % 3 == 0,
        }
        for n in range(count)
    ]


def _read(bridges: list[Bridge]) -> list[tuple[object, ...]]:
    return [(b.model_dump(), b.model_extra, b.model_fields_set) for b in bridges]


def test_split_items_gives_each_item_raw_and_stops_past_the_limit() -> None:
    items = split_items(b'[1, {"a": [2, {}]}, null, "x"]', 10)
    assert [bytes(item) for item in items or ()] == [b"1", b'{"a": [2, {}]}', b"null", b'"x"']
    assert split_items(b"[]", 10) == ()
    assert len(split_items(b"[" + b"{}," * 5000 + b"{}]", 10) or ()) == 11  # limit + 1


@pytest.mark.parametrize("body", [b"[1,", b'{"a": 1}', b"[NaN]", b"[" * 50_000 + b"]" * 50_000])
def test_split_items_declines_what_it_cannot_read(body: bytes) -> None:
    assert split_items(body, 10) is None


def test_an_invalid_item_raises_when_its_chunk_is_reached_with_its_page_index(
    serving: Serving,
) -> None:
    items = _bridges(3 * CHUNK)
    del items[CHUNK + 23]["id"]
    read: list[Bridge] = []
    with serving(items) as session, pytest.raises(ResponseValidationError) as raised:
        read.extend(session.bridges.list())
    assert [bridge.id for bridge in read] == [f"brg-{n}" for n in range(CHUNK)]
    assert f"{CHUNK + 23}.id" in str(raised.value)


def test_pages_still_raise_before_yielding_a_page_with_an_invalid_item(serving: Serving) -> None:
    items = _bridges(2 * CHUNK)
    items[-1]["state"] = ["not", "a", "state"]
    with (
        serving(items) as session,
        pytest.raises(ResponseValidationError, match=rf"{2 * CHUNK - 1}\.state"),
    ):
        next(session.bridges.list().pages())


def test_every_item_of_a_page_is_read_typed_and_bound(serving: Serving) -> None:
    items = _bridges(2 * CHUNK + 7)
    with serving(items) as session:
        read = list(session.bridges.list())
        assert [bridge.id for bridge in read] == [item["id"] for item in items]
        assert all(bridge.bridge_audio is True and bridge.session is session for bridge in read)


def test_a_page_the_splitter_cannot_read_is_validated_whole(serving: Serving) -> None:
    body = b'[{"id": "brg-1", "score": NaN}, {"id": "brg-2"}]'  # NaN: pydantic reads it
    with serving(body) as session:
        assert [bridge.id for bridge in session.bridges.list()] == ["brg-1", "brg-2"]


@pytest.mark.parametrize(
    "item",
    [b'{"id": "b", "extra": {"a": {}}}', b'{"id": "b", "x": NaN, "y": {}}'],
    ids=["split", "whole"],
)
def test_a_long_page_of_nested_items_is_refused_before_validation(
    item: bytes, serving: Serving
) -> None:
    body = b"[" + b", ".join([item] * (MAX_PAGE_SIZE + 1)) + b"]"  # no compact separator
    with (
        serving(body) as session,
        pytest.raises(ResponseDecodeError, match="more than 1000"),
    ):
        next(iter(session.bridges.list()))


def test_a_long_compact_page_raises_when_the_loop_passes_the_bound(serving: Serving) -> None:
    body = b"[" + b",".join([b'{"id":"b","extra":{"a":{}}}'] * (MAX_PAGE_SIZE + 1)) + b"]"
    read: list[Bridge] = []
    with serving(body) as session:
        with pytest.raises(ResponseDecodeError, match="more than 1000"):
            read.extend(session.bridges.list())
        with pytest.raises(ResponseDecodeError, match="more than 1000"):
            next(session.bridges.list().pages())
    assert 0 < len(read) <= MAX_PAGE_SIZE


def test_malformed_json_in_a_page_is_a_decode_error(serving: Serving) -> None:
    body = b'[{"id": "brg-1"}, {"id": '
    with (
        serving(body) as session,
        pytest.raises(ResponseDecodeError, match="expected a JSON"),
    ):
        list(session.bridges.list())


def test_items_with_unknown_fields_read_as_from_json_whichever_way_a_chunk_takes(
    serving: Serving, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _tolerant(4 * CHUNK + 7)
    items[2 * CHUNK - 1] = {"id": "plain", "bridgeAudio": True}  # the next chunk: from JSON
    items[3 * CHUNK + 2]["huge"] = "HUGE"  # beyond a float: msgspec refuses, JSON gives inf
    body = json.dumps(items).encode().replace(b'"HUGE"', b"1e400")
    taken = spy_values_way(monkeypatch)  # per chunk tried from values: whether it took it
    with serving(body) as session:
        read = list(session.bridges.list())
        assert all(bridge.session is session for bridge in read)
    assert _read(read) == _read(list_adapter(Bridge).validate_json(body))
    # chunks 2, 4 and 5 are tried (3 follows an item without extras); 4 holds the 1e400
    assert taken == [True, False, True]
    huge = read[3 * CHUNK + 2].model_extra or {}
    assert (huge["huge"], huge["big"]) == (float("inf"), 10**30 + 3 * CHUNK + 2)
    read[CHUNK + 1].model_extra["tags"].append("mine")  # type: ignore[index]
    assert read[CHUNK + 2].model_extra["tags"] == ["a", str(CHUNK + 2)]  # type: ignore[index]


@pytest.mark.parametrize(
    ("bad", "why"),
    [(1, r": Input should be an object"), ({"id": "x", "callIds": "no"}, r"\.callIds: .*array")],
)
def test_an_invalid_item_after_unknown_fields_raises_the_json_error(
    serving: Serving, bad: object, why: str
) -> None:
    items: list[Any] = _tolerant(3 * CHUNK)
    items[2 * CHUNK + 5] = bad
    read: list[Bridge] = []
    with (
        serving(items) as session,
        pytest.raises(ResponseValidationError, match=rf"{2 * CHUNK + 5}{why}"),
    ):
        read.extend(session.bridges.list())
    assert len(read) == 2 * CHUNK
