"""Paged lists: page/size parameters and the Link header."""

from __future__ import annotations

import pytest
import requests

from catapult.emulator import Emulator

from .conftest import ApiClient, error_code


def links(response: requests.Response) -> dict[str, str]:
    return {rel: link["url"] for rel, link in response.links.items()}


def test_pages_walk_all_bridges_in_creation_order(emu: Emulator, api: ApiClient) -> None:
    created = [api.bridge() for _ in range(5)]
    seen: list[str] = []
    url: str | None = f"{api.root}/bridges?size=2"
    pages = 0
    while url:
        response = api.http.get(url, timeout=5)
        seen += [b["id"] for b in response.json()]
        url = links(response).get("next")
        pages += 1
    assert seen == created
    assert pages == 3


def test_link_header_lists_first_previous_next_last(emu: Emulator, api: ApiClient) -> None:
    emu.seed_bridges(7)
    response = api.get("/bridges", params={"page": 1, "size": 3})
    found = links(response)
    base = f"{api.root}/bridges"
    assert found == {
        "first": f"{base}?page=0&size=3",
        "previous": f"{base}?page=0&size=3",
        "next": f"{base}?page=2&size=3",
        "last": f"{base}?page=2&size=3",
    }
    assert '; rel="first",<' in response.headers["Link"]


def test_last_page_has_no_next(emu: Emulator, api: ApiClient) -> None:
    emu.seed_bridges(4)
    response = api.get("/bridges", params={"page": 1, "size": 2})
    assert len(response.json()) == 2
    assert "next" not in links(response)
    assert set(links(api.get("/bridges"))) == {"first", "last"}


def test_default_size_is_25(emu: Emulator, api: ApiClient) -> None:
    emu.seed_bridges(30)
    response = api.get("/bridges")
    assert len(response.json()) == 25
    assert links(response)["next"].endswith("page=1&size=25")


@pytest.mark.parametrize("params", [{"size": 0}, {"size": 1001}, {"size": "x"}, {"page": -1}])
def test_bad_paging_parameters_are_400(api: ApiClient, params: dict[str, object]) -> None:
    assert error_code(api.get("/bridges", params=params)) == (400, "validation-error")


def test_a_page_of_1000_seeded_bridges(emu: Emulator, api: ApiClient) -> None:
    emu.seed_bridges(2500)
    response = api.get("/bridges", params={"page": 2, "size": 1000})
    body = response.json()
    assert len(body) == 500
    assert all(b["state"] == "completed" and "completedTime" in b for b in body)
    assert "next" not in links(response)


def test_calls_sort_descending_by_default_and_ascending_on_request(api: ApiClient) -> None:
    created = [api.call() for _ in range(3)]
    assert [c["id"] for c in api.get("/calls").json()] == created[::-1]
    asc = api.get("/calls", params={"sortOrder": "asc", "size": 2})
    assert [c["id"] for c in asc.json()] == created[:2]
    assert "sortOrder=asc" in links(asc)["next"]
    assert error_code(api.get("/calls", params={"sortOrder": "up"})) == (400, "validation-error")


def test_calls_filter_by_encoded_numbers(api: ApiClient) -> None:
    wanted = api.call(to="+15557770000")
    api.call(to="+15558880000")
    response = api.http.get(f"{api.root}/calls?to=%2B15557770000", timeout=5)
    assert [c["id"] for c in response.json()] == [wanted]
    assert "to=%2B15557770000" in links(response)["first"]


def test_calls_by_bridge_are_not_paged(api: ApiClient) -> None:
    first, second = api.call(), api.call()
    api.call()
    bridge_id = api.bridge(callIds=[first, second])
    response = api.get("/calls", params={"bridgeId": bridge_id})
    assert [c["id"] for c in response.json()] == [first, second]
    assert "Link" not in response.headers


def test_date_filters_are_tolerated(api: ApiClient) -> None:
    api.call()
    response = api.get("/calls", params={"fromDateTime": "2012-10-04", "toDateTime": "2012-10-06"})
    assert response.status_code == 200
