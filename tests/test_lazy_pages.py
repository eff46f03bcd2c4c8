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

from catapult import Bridge, ResponseDecodeError, ResponseValidationError, Session
from catapult._decode import CHUNK, split_items
from catapult._pagination import MAX_PAGE_SIZE


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
    body = b"[" + b",".join([item] * (MAX_PAGE_SIZE + 1)) + b"]"
    with (
        serving(body) as session,
        pytest.raises(ResponseDecodeError, match="more than 1000"),
    ):
        next(iter(session.bridges.list()))


def test_malformed_json_in_a_page_is_a_decode_error(serving: Serving) -> None:
    body = b'[{"id": "brg-1"}, {"id": '
    with (
        serving(body) as session,
        pytest.raises(ResponseDecodeError, match="expected a JSON"),
    ):
        list(session.bridges.list())
