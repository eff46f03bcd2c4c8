"""The Link header parser behind the pager (docs/wire/index.md#paging)."""

from __future__ import annotations

import pytest

from catapult import Session
from catapult._pagination import next_link
from catapult.emulator import Emulator

pytestmark = pytest.mark.both_sessions

REQUEST = "https://api.catapult.inetwork.com/v1/users/u/bridges?size=25"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # java's doc comment: spaces after commas, first/previous/next
        (
            '<https://api.catapult.inetwork.com/v1/users/u/bridges?page=0&size=2>; rel="first", '
            '<https://api.catapult.inetwork.com/v1/users/u/bridges?page=0&size=2>; rel="previous", '
            '<https://api.catapult.inetwork.com/v1/users/u/bridges?page=2&size=2>; rel="next"',
            "https://api.catapult.inetwork.com/v1/users/u/bridges?page=2&size=2",
        ),
        # node's fixture: no space after the comma, next without a query
        (
            '<https://api.catapult.inetwork.com/v1/users/u/bridges?page=0&size=25>; rel="first",'
            '<https://api.catapult.inetwork.com/v1/users/u/bridges>; rel="next"',
            "https://api.catapult.inetwork.com/v1/users/u/bridges",
        ),
        # py3's lazy-enumerator test: relative URLs, resolved against the request URL
        (
            '<bridges?page=0&size=25>; rel="first", <bridges?page=1&size=25>; rel="next"',
            "https://api.catapult.inetwork.com/v1/users/u/bridges?page=1&size=25",
        ),
        # unquoted rel, odd spacing
        (
            "<bridges?page=3>;rel=next",
            "https://api.catapult.inetwork.com/v1/users/u/bridges?page=3",
        ),
    ],
)
def test_next_link_is_found_and_resolved(header: str, expected: str) -> None:
    assert next_link(header, REQUEST) == expected


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "<https://api.catapult.inetwork.com/v1/users/someUser/applications?page=0&size=25>; "
        'rel="first"',
        '<bridges?page=9>; rel="last", <bridges?page=0>; rel="first"',
    ],
)
def test_no_next_link_means_last_page(header: str | None) -> None:
    assert next_link(header, REQUEST) is None


# -- the pager against the emulator -------------------------------------------------------------


def test_nothing_is_fetched_before_the_first_item(session: Session, emulator: Emulator) -> None:
    emulator.seed_bridges(30)
    pager = session.bridges.list(size=10)
    assert emulator.requests() == []
    next(pager)
    assert len(emulator.requests(method="GET", path="/bridges")) == 1


def test_the_pager_follows_next_links_to_the_end(session: Session, emulator: Emulator) -> None:
    emulator.seed_bridges(25)
    ids = [bridge.id for bridge in session.bridges.list(size=10)]
    assert len(ids) == len(set(ids)) == 25
    pages = [r.query.get("page", ["0"])[0] for r in emulator.requests(method="GET")]
    assert pages == ["0", "1", "2"]


def test_each_iteration_starts_again(session: Session, emulator: Emulator) -> None:
    emulator.seed_bridges(5)
    pager = session.bridges.list(size=2)
    first = next(pager)
    everything = [bridge.id for bridge in pager]
    assert everything[0] == first.id and len(everything) == 5
    assert [bridge.id for bridge in pager] == everything
    assert next(pager).id == everything[1]  # next() keeps its own stream


def test_pages_yields_lists(session: Session, emulator: Emulator) -> None:
    emulator.seed_bridges(5)
    sizes = [len(page) for page in session.bridges.list(size=2).pages()]
    assert sizes == [2, 2, 1]


def test_items_are_bound_to_the_session(session: Session, emulator: Emulator) -> None:
    emulator.seed_bridges(3)
    assert all(bridge.session is session for bridge in session.bridges.list())
