"""Compact list pages are cut into chunks at guessed separators, checked by validation."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from values_way import spy_values_way

import catapult._chunking
import catapult._decode
from catapult import Bridge, ResponseDecodeError, ResponseValidationError, Session
from catapult._chunking import MAX_CHUNK_BYTES, read_page
from catapult._decode import CHUNK, list_adapter
from catapult._limits import MAX_PAGE_SIZE
from catapult._policy import Response


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    with Session("u-test", "token-123456", "secret-123456", base_url="http://127.0.0.1:9") as s:
        yield s


def _compact(items: list[dict[str, object]]) -> bytes:
    return json.dumps(items, separators=(",", ":")).encode()


def _bridges(count: int, **extra: object) -> list[dict[str, object]]:
    return [{"id": f"brg-{n}", "state": "created", **extra} for n in range(count)]


def _chunks(body: bytes, session: Session) -> list[list[Bridge]]:
    response = Response("GET", "http://127.0.0.1:9/v1/users/u-test/bridges", 200, {}, body)
    return list(read_page(Bridge, response, session))


def _dumped(bridges: list[Bridge]) -> list[tuple[object, ...]]:
    return [(b.model_dump(), b.model_extra, b.model_fields_set) for b in bridges]


def _whole(body: bytes) -> list[tuple[object, ...]]:
    return _dumped(list_adapter(Bridge).validate_json(body))


@pytest.mark.parametrize("count", [0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7, 1000])
def test_a_compact_page_reads_as_the_whole_page_validated(count: int, session: Session) -> None:
    body = _compact(_bridges(count))
    chunks = _chunks(body, session)
    read = [bridge for chunk in chunks for bridge in chunk]
    assert _dumped(read) == _whole(body)
    assert all(bridge.session is session for bridge in read)
    # items of about one size: chunks of about CHUNK items, the last one up to half more
    assert all(CHUNK - 3 <= len(chunk) <= CHUNK + 2 for chunk in chunks[:-1])
    assert all(len(chunk) <= CHUNK * 3 // 2 + 1 for chunk in chunks[-1:])


def test_chunk_sizes_follow_the_items_size(session: Session) -> None:
    small = _bridges(400)
    large = _bridges(400, note="x" * 900)
    body = _compact(small + large)
    sizes = [len(chunk) for chunk in _chunks(body, session)]
    assert sum(sizes) == 800
    # the chunk where large items start is short (aimed at small ones); the next are not
    assert max(sizes) <= CHUNK * 3 // 2 + 1
    assert all(CHUNK - 3 <= size <= CHUNK + 2 for size in sizes[-3:-1])


def test_separators_inside_strings_and_nested_lists_are_not_cuts(session: Session) -> None:
    items = _bridges(4 * CHUNK)
    for n, item in enumerate(items):
        if n % 3 == 0:
            item["note"] = '},{"id":"forged"},{'
        if n % 5 == 0:
            item["nested"] = [{"a": 1}, {"b": [{"c": 2}, {"d": 3}]}]
    body = _compact(items)
    read = [bridge for chunk in _chunks(body, session) for bridge in chunk]
    assert _dumped(read) == _whole(body)
    assert "forged" not in [bridge.id for bridge in read]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='},{[]"\\ a'),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet="},{ab", max_size=3), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    extras=st.lists(st.dictionaries(st.sampled_from(["x", "y", "}],{"]), json_values), max_size=9),
    count=st.integers(min_value=0, max_value=3 * CHUNK),
    spaced=st.booleans(),
)
def test_any_compact_page_reads_as_the_whole_page_validated(
    extras: list[dict[str, object]], count: int, spaced: bool, session: Session
) -> None:
    items = _bridges(count)
    for n, extra in enumerate(extras):
        if n < count:
            items[(n * 37) % count].update(extra)
    separators = (", ", ": ") if spaced else (",", ":")
    body = json.dumps(items, separators=separators).encode()
    read = [bridge for chunk in _chunks(body, session) for bridge in chunk]
    assert _dumped(read) == _whole(body)


def test_an_invalid_item_is_named_by_its_page_index_after_earlier_chunks(
    session: Session,
) -> None:
    items = _bridges(4 * CHUNK)
    del items[2 * CHUNK + 5]["id"]
    response = Response("GET", "http://127.0.0.1:9/v1/b", 200, {}, _compact(items))
    chunks = read_page(Bridge, response, session)
    read = [*next(chunks), *next(chunks)]
    with pytest.raises(ResponseValidationError, match=rf"\b{2 * CHUNK + 5}\.id: Field required"):
        next(chunks)
    assert [bridge.id for bridge in read] == [item["id"] for item in items[: len(read)]]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'[{"id":"a"},{"id":"b"}]]', ResponseDecodeError),
        (b'[{"id":"a"},{"id":"b"},', ResponseDecodeError),
        (b'[{"id":"a"},{"id":"b"}] x', ResponseDecodeError),
        (b'[{"id":"a"},{"idx":"b"}]', ResponseValidationError),
    ],
)
def test_a_broken_compact_page_gives_the_exact_ways_error(
    body: bytes, error: type[Exception], session: Session
) -> None:
    with pytest.raises(error):
        _chunks(body, session)


def test_a_page_the_cuts_do_not_fit_is_read_exactly(session: Session) -> None:
    spaced = b" " + _compact(_bridges(3 * CHUNK))  # not opening with "["
    read = [bridge for chunk in _chunks(spaced, session) for bridge in chunk]
    assert [bridge.id for bridge in read] == [f"brg-{n}" for n in range(3 * CHUNK)]


def test_a_chunk_never_outgrows_its_byte_bound(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two large first items would aim the first chunk at the whole page of small ones after
    small = _bridges(MAX_PAGE_SIZE - 2, note="x" * 70)
    items = [{"id": f"big-{n}", "note": "x" * 20_000} for n in range(2)] + small
    assert len(_compact(items)) > MAX_CHUNK_BYTES * 3 // 2 + 2
    body = _compact(items)
    validated: list[int] = []
    validate = catapult._chunking.from_json_or_none

    def spy(model: type[Bridge], chunk: bytes, carried_extras: bool) -> list[Bridge] | None:
        validated.append(len(chunk))
        return validate(model, chunk, carried_extras)

    monkeypatch.setattr(catapult._chunking, "from_json_or_none", spy)
    read = [bridge for chunk in _chunks(body, session) for bridge in chunk]
    assert len(read) == MAX_PAGE_SIZE
    assert max(validated) <= MAX_CHUNK_BYTES * 3 // 2 + 2


def test_items_with_unknown_fields_take_the_values_way_in_cut_chunks(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _bridges(4 * CHUNK, region="us-east-2", tags=["a"], deep={"k": [1, {"v": None}]})
    body = _compact(items)
    taken = spy_values_way(monkeypatch)  # per chunk tried from values: whether it took it
    read = [bridge for chunk in _chunks(body, session) for bridge in chunk]
    assert _dumped(read) == _whole(body)
    assert taken and all(taken)  # every chunk after the first


def test_a_compact_page_is_never_split_item_by_item(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(content: bytes, limit: int) -> None:
        raise AssertionError("split item by item")

    monkeypatch.setattr(catapult._chunking, "split_items", refuse)
    body = _compact(_bridges(MAX_PAGE_SIZE, bridgeAudio=True, callIds=["c-1", "c-2"]))
    assert len([bridge for chunk in _chunks(body, session) for bridge in chunk]) == MAX_PAGE_SIZE


def test_a_wrong_cut_hands_the_rest_of_the_page_to_the_exact_way(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _bridges(3 * CHUNK)
    for item in items[CHUNK - 6 : 2 * CHUNK + 6]:  # wherever a chunk's cut is looked for
        item["note"] = "},{"
    body = _compact(items)
    split = catapult._chunking.split_items
    rests: list[bytes] = []

    def spy(content: bytes, limit: int) -> object:
        rests.append(content)
        return split(content, limit)

    monkeypatch.setattr(catapult._chunking, "split_items", spy)
    read = [bridge for chunk in _chunks(body, session) for bridge in chunk]
    assert _dumped(read) == _whole(body)
    assert len(rests) == 1 and rests[0].startswith(b'[{"id":"brg-')


@pytest.mark.parametrize("item", [b"1", b"null", b'"x"', b"[]", b"true"])
@pytest.mark.parametrize("refused", [b"NaN", b"Infinity", b"-Infinity"])
def test_a_long_page_of_non_objects_msgspec_refuses_is_refused_unvalidated(
    item: bytes, refused: bytes, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = b"[" + b",".join([item] * (MAX_PAGE_SIZE + 1)) + b"," + refused + b"]"

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a page over the bound was validated whole")

    monkeypatch.setattr(catapult._chunking, "parse_list", refuse)
    with pytest.raises(ResponseDecodeError, match=f"more than {MAX_PAGE_SIZE} items"):
        _chunks(body, session)


def test_the_page_bound_does_not_depend_on_the_callers_stack_depth(session: Session) -> None:
    deep = b"[" * 150 + b"]" * 150  # well within what pydantic reads
    items = [b'{"id": "deep", "x": ' + deep + b"}"]
    items += [b'{"id": "b%d"}' % n for n in range(MAX_PAGE_SIZE)]
    items.append(b'{"id": "nan", "y": NaN}')  # msgspec refuses the page: the count decides
    body = b"[" + b", ".join(items) + b"]"
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1

    def at_depth(n: int) -> list[list[Bridge]]:
        return at_depth(n - 1) if n else _chunks(body, session)

    with pytest.raises(ResponseDecodeError, match=f"more than {MAX_PAGE_SIZE} items"):
        at_depth(sys.getrecursionlimit() - depth - 150)


def test_fallbacks_after_chunks_of_any_length_share_one_splitter(session: Session) -> None:
    splitter = catapult._decode._splitter  # pyright: ignore[reportPrivateUsage]
    splitter.cache_clear()
    for pad in range(60, 600, 20):  # the first item's length sets the first chunk's length
        first = {"id": "first", "pad": "x" * pad}
        k = 50 * len(json.dumps(first, separators=(",", ":"))) // 40
        items = [first] + [
            {"id": f"b{n:05d}", "p": ("},{" if n > k + 5 else "xyz") + "q" * 10} for n in range(990)
        ]
        assert sum(map(len, _chunks(_compact(items), session))) == 991
    assert splitter.cache_info().currsize <= 1


def test_one_large_first_item_does_not_aim_a_chunk_at_many_small_ones(session: Session) -> None:
    items = [{"id": "big", "note": "x" * 1400}] + [{"id": ""} for _ in range(MAX_PAGE_SIZE - 1)]
    sizes = [len(chunk) for chunk in _chunks(_compact(items), session)]
    assert sum(sizes) == MAX_PAGE_SIZE
    assert max(sizes) <= CHUNK * 3 // 2 + 1
