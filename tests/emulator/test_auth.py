"""Credentials, user scope and unknown routes."""

from __future__ import annotations

import requests

from catapult.emulator import Emulator

from .conftest import ApiClient, error_code


def test_missing_credentials_answer_401_unauthorized(emu: Emulator, api: ApiClient) -> None:
    response = requests.get(api.root + "/bridges", timeout=5)
    assert error_code(response) == (401, "unauthorized")
    assert response.json()["category"] == "authentication"
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_wrong_secret_answers_401(emu: Emulator, api: ApiClient) -> None:
    response = requests.get(api.root + "/bridges", auth=(emu.api_token, "nope"), timeout=5)
    assert error_code(response) == (401, "unauthorized")


def test_other_user_id_answers_user_access_denied(emu: Emulator, api: ApiClient) -> None:
    response = api.http.get(f"{emu.base_url}/users/u-someone-else/bridges", timeout=5)
    assert error_code(response) == (401, "user-access-denied")


def test_good_credentials_pass(api: ApiClient) -> None:
    response = api.get("/bridges")
    assert response.status_code == 200
    assert response.json() == []


def test_unknown_path_answers_404_error_body(api: ApiClient) -> None:
    response = api.get("/nothing-here")
    assert error_code(response) == (404, "resource-not-found")


def test_wrong_method_answers_405_with_allow(api: ApiClient) -> None:
    response = api.http.delete(api.root + "/bridges", timeout=5)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


def test_custom_credentials_are_enforced() -> None:
    from catapult.emulator import running

    with running(user_id="u-custom", api_token="t", api_secret="s") as emu:
        url = f"{emu.base_url}/users/u-custom/bridges"
        assert requests.get(url, auth=("t", "s"), timeout=5).status_code == 200
        assert (
            requests.get(url, auth=("emulator-token", "emulator-secret"), timeout=5).status_code
            == 401
        )
