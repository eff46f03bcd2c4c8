"""The Link header parser behind the pager (API notes §5, §9.3)."""

from __future__ import annotations

import pytest

from catapult._pagination import next_link

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
