"""Fault injection: every action, counting, matching, and keep-alive health."""

from __future__ import annotations

import base64
import http.client
import inspect
import json
import time

import pytest
import requests

from catapult.emulator import FAULT_ACTIONS, Emulator, FaultSpec
from catapult.emulator._faults import FAULT_FIELDS

from .conftest import ApiClient, error_code


def test_status_fault_answers_a_catapult_error_then_clears(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(method="GET", path="/bridges", status=503)
    assert error_code(api.get("/bridges")) == (503, "service-unavailable")
    assert api.get("/bridges").status_code == 200


def test_status_fault_with_headers_and_body(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(
        status=429,
        headers={"Retry-After": "1", "X-RateLimit-Reset": "123"},
        body={"category": "too-many-requests", "code": "rate-limit-reached"},
    )
    response = api.get("/calls")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.headers["X-RateLimit-Reset"] == "123"
    assert response.json() == {"category": "too-many-requests", "code": "rate-limit-reached"}


def test_status_fault_does_not_perform_the_action(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(method="POST", path="/bridges", status=500)
    assert error_code(api.post("/bridges", {})) == (500, "internal-server-error")
    assert api.get("/bridges").json() == []


def test_times_counts_matching_requests_only(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(method="GET", path="/bridges", times=2, status=502)
    assert api.get("/calls").status_code == 200
    assert api.post("/bridges", {}).status_code == 201
    assert [api.get("/bridges").status_code for _ in range(3)] == [502, 502, 200]


def test_wildcard_paths_and_any_method(emu: Emulator, api: ApiClient) -> None:
    bridge_id = api.bridge()
    emu.inject_fault(method=None, path="/bridges/*", times=None, status=504)
    assert api.get("/bridges").status_code == 200
    assert api.get(f"/bridges/{bridge_id}").status_code == 504
    assert api.post(f"/bridges/{bridge_id}/audio", {"sentence": "x"}).status_code == 504
    emu.clear_faults()
    assert api.get(f"/bridges/{bridge_id}").status_code == 200


def test_first_injected_rule_wins(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(status=500)
    emu.inject_fault(status=503)
    assert [api.get("/bridges").status_code for _ in range(3)] == [500, 503, 200]


def test_delay_then_serve_normally(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(action="delay", delay=0.3)
    started = time.monotonic()
    response = api.get("/bridges")
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_delay_before_a_status(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(action="delay", delay=0.2, status=503)
    started = time.monotonic()
    assert api.get("/bridges").status_code == 503
    assert time.monotonic() - started >= 0.2


def test_delay_hits_a_client_read_timeout(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(action="delay", delay=0.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        api.http.get(api.root + "/bridges", timeout=(2, 0.1))


def test_drop_closes_without_answer_or_action(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(method="POST", path="/bridges", action="drop")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post("/bridges", {})
    assert api.get("/bridges").json() == []
    assert emu.requests(method="POST")[0].status == 0


def test_drop_after_action_creates_then_drops(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(method="POST", path="/bridges", action="drop_after_action")
    with pytest.raises(requests.exceptions.ConnectionError):
        api.post("/bridges", {})
    assert len(api.get("/bridges").json()) == 1


def test_malformed_json(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(action="malformed")
    response = api.get("/bridges")
    assert (response.status_code, response.content) == (200, b'{"id": ')
    with pytest.raises(ValueError):
        response.json()


def test_non_json_html(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(action="non_json")
    response = api.get("/bridges")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")


def test_truncate_breaks_the_body(emu: Emulator, api: ApiClient) -> None:
    emu.seed_bridges(5)
    emu.inject_fault(action="truncate")
    with pytest.raises(requests.exceptions.RequestException):
        api.get("/bridges")
    assert api.get("/bridges").status_code == 200


def test_huge_body_has_the_requested_size(emu: Emulator, api: ApiClient) -> None:
    emu.inject_fault(action="huge", size=300_000)
    response = api.get("/bridges")
    assert len(response.content) == 300_000
    assert response.headers["Content-Length"] == "300000"
    assert response.json()["id"] == "huge"


def test_bad_fault_arguments_raise(emu: Emulator) -> None:
    with pytest.raises(ValueError):
        emu.inject_fault(action="explode")
    with pytest.raises(ValueError):
        emu.inject_fault(times=0)


def test_faulted_posts_keep_the_keep_alive_connection_in_sync(emu: Emulator) -> None:
    """The fault answers before the handler reads JSON; the body must still be drained."""
    emu.inject_fault(method="POST", path="/bridges", times=3, status=503)
    conn = http.client.HTTPConnection(emu.host, emu.port, timeout=5)
    auth = "Basic " + base64.b64encode(f"{emu.api_token}:{emu.api_secret}".encode()).decode()
    path = f"/v1/users/{emu.user_id}/bridges"
    body = json.dumps({"bridgeAudio": True, "padding": "x" * 5000}).encode()
    statuses = []
    sock = None
    for _ in range(4):
        conn.request(
            "POST",
            path,
            body=body if _ < 3 else b"{}",
            headers={"Authorization": auth, "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        response.read()
        statuses.append(response.status)
        sock = sock or conn.sock
        assert conn.sock is sock, "the connection was reopened"
    conn.close()
    assert statuses == [503, 503, 503, 201]


def test_python_and_control_api_rules_are_the_same_rule(emu: Emulator) -> None:
    emu.inject_fault("get", "/calls/*", None, 502, {"X-A": "1"}, {"oops": 1}, 0, "status", 7)
    body = {
        "method": "get",
        "path": "/calls/*",
        "times": None,
        "status": 502,
        "headers": {"X-A": "1"},
        "body": {"oops": 1},
        "size": 7,
    }
    added = requests.post(f"{emu.url}/_emulator/faults", json=body, timeout=5)
    assert added.status_code == 201
    listed = requests.get(f"{emu.url}/_emulator/faults", timeout=5).json()
    assert [{k: v for k, v in rule.items() if k != "id"} for rule in listed] == [
        {
            "action": "status",
            "method": "GET",
            "path": "/calls/*",
            "times": None,
            "status": 502,
            "headers": {"X-A": "1"},
            "delay": 0.0,
            "size": 7,
        }
    ] * 2
    assert listed[1]["id"] == added.json()["id"] != listed[0]["id"]


@pytest.mark.parametrize(
    ("body", "sent"), [(b"raw", b"raw"), ("t\u00e9xt", "t\u00e9xt".encode()), ([1, 2], b"[1,2]")]
)
def test_fault_bodies_are_sent_as_bytes_text_as_utf8_json_compact(
    emu: Emulator, api: ApiClient, body: object, sent: bytes
) -> None:
    emu.inject_fault(path="/bridges", status=500, body=body)  # type: ignore[arg-type]
    assert api.get("/bridges").content == sent


def test_inject_fault_takes_the_fields_the_control_api_accepts(emu: Emulator) -> None:
    parameters = inspect.signature(emu.inject_fault).parameters
    assert tuple(parameters) == FAULT_FIELDS
    assert parameters["times"].default == 1 and parameters["action"].default == "status"
    assert "fault id" in (emu.inject_fault.__doc__ or "")
    assert set(FAULT_ACTIONS) == {"status", "delay", "drop", "drop_after_action"} | {
        "malformed",
        "non_json",
        "truncate",
        "huge",
    }
    with pytest.raises(ValueError, match="delay and size"):
        FaultSpec(size=-1)
