"""Request-body checks shared by every endpoint: shape, nulls, unknown fields, media type."""

from __future__ import annotations

import pytest

from catapult.emulator import Emulator
from catapult.emulator._wire import Request

from .conftest import ApiClient, error_code


def test_error_body_has_category_code_message_and_details(api: ApiClient) -> None:
    response = api.post("/bridges", {"bogus": 1})
    body = response.json()
    assert response.headers["Content-Type"].startswith("application/json")
    assert set(body) == {"category", "code", "message", "details"}
    assert (body["category"], body["code"]) == ("bad-request", "validation-error")
    assert "bogus" in body["message"]
    assert {"name": "bogus", "value": "1"} in body["details"]
    assert {"name": "requestMethod", "value": "POST"} in body["details"]


@pytest.mark.parametrize(
    "body",
    [
        {"callIds": None},
        {"bridgeAudio": None},
        {"bridgeAudio": False, "callIds": None},
    ],
)
def test_null_values_are_rejected(api: ApiClient, body: dict[str, object]) -> None:
    response = api.post("/bridges", body)
    assert error_code(response) == (400, "validation-error")
    assert "null" in response.json()["message"]


def test_null_in_call_update_names_the_field(api: ApiClient) -> None:
    call_id = api.call()
    response = api.post(f"/calls/{call_id}", {"state": None})
    assert error_code(response) == (400, "validation-error")
    assert "'state'" in response.json()["message"]


def test_audio_with_null_sibling_is_rejected(api: ApiClient) -> None:
    call_id = api.call()
    response = api.post(f"/calls/{call_id}/audio", {"fileUrl": "u", "sentence": None})
    assert error_code(response) == (400, "validation-error")


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"42"])
def test_non_object_bodies_are_rejected(api: ApiClient, raw: bytes) -> None:
    response = api.http.post(
        api.root + "/bridges", data=raw, headers={"Content-Type": "application/json"}, timeout=5
    )
    assert error_code(response) == (400, "validation-error")


def test_invalid_json_is_rejected(api: ApiClient) -> None:
    response = api.http.post(
        api.root + "/bridges",
        data=b'{"callIds": ',
        headers={"Content-Type": "application/json"},
        timeout=5,
    )
    assert error_code(response) == (400, "validation-error")


def test_body_without_json_content_type_is_415(api: ApiClient) -> None:
    response = api.http.post(
        api.root + "/bridges", data=b"{}", timeout=5, headers={"Content-Type": "text/plain"}
    )
    assert error_code(response) == (415, "unsupported-media-type")
    assert {"name": "contentType", "value": "text/plain"} in response.json()["details"]


@pytest.mark.parametrize(
    ("header", "media_type"),
    [
        ("Application/JSON; charset=utf-8", "application/json"),
        (" application/json ", "application/json"),
        ("text/plain;x=1", "text/plain"),
        (None, ""),
    ],
)
def test_the_media_type_drops_parameters_case_and_space(
    header: str | None, media_type: str
) -> None:
    headers = [] if header is None else [("content-type", header)]
    assert Request("POST", "/v1/x", headers, b"{}").media_type == media_type


def test_json_with_parameters_is_accepted(api: ApiClient) -> None:
    response = api.http.post(
        api.root + "/bridges",
        data=b"{}",
        timeout=5,
        headers={"Content-Type": "Application/JSON; charset=utf-8"},
    )
    assert response.status_code == 201


def test_empty_post_body_counts_as_empty_object(emu: Emulator, api: ApiClient) -> None:
    response = api.http.post(api.root + "/bridges", timeout=5)
    assert response.status_code == 201


def test_call_ids_must_be_a_list_of_strings(api: ApiClient) -> None:
    assert error_code(api.post("/bridges", {"callIds": "c-1"})) == (400, "validation-error")
    assert error_code(api.post("/bridges", {"callIds": [1]})) == (400, "validation-error")
    assert error_code(api.post("/bridges", {"bridgeAudio": "yes"})) == (400, "validation-error")


@pytest.mark.parametrize("field", ["callbackUrl", "fallbackUrl"])
@pytest.mark.parametrize("url", ["not a url", "ftp://host/x", "http:///no-host"])
def test_invalid_callback_urls_are_refused(api: ApiClient, field: str, url: str) -> None:
    response = api.post("/calls", {"from": "+15550001000", "to": "+15550002001", field: url})
    assert error_code(response) == (400, "callback-invalid-url")
    assert url in response.json()["message"]


def test_empty_callback_url_means_none(api: ApiClient) -> None:
    response = api.post("/calls", {"from": "+15550001000", "to": "+15550002001", "callbackUrl": ""})
    assert response.status_code == 201
