"""The HTTP control API under /_emulator/ mirrors the Python methods."""

from __future__ import annotations

import requests

from catapult.emulator import Emulator

from .conftest import ApiClient, error_code


def control(emu: Emulator, method: str, path: str, **kwargs: object) -> requests.Response:
    return requests.request(method, f"{emu.url}/_emulator{path}", timeout=5, **kwargs)  # type: ignore[arg-type]


def test_health_needs_no_credentials(emu: Emulator) -> None:
    body = control(emu, "GET", "/health").json()
    assert body == {"status": "ok", "baseUrl": emu.base_url, "userId": emu.user_id}


def test_faults_over_http(emu: Emulator, api: ApiClient) -> None:
    response = control(
        emu, "POST", "/faults", json={"method": "GET", "path": "/calls", "status": 500, "times": 2}
    )
    assert response.status_code == 201 and response.json()["id"]
    assert control(emu, "GET", "/faults").json()[0]["times"] == 2
    assert api.get("/calls").status_code == 500
    assert control(emu, "DELETE", "/faults").status_code == 200
    assert api.get("/calls").status_code == 200
    bad = control(emu, "POST", "/faults", json={"action": "explode"})
    assert error_code(bad) == (400, "validation-error")
    bad = control(emu, "POST", "/faults", json={"stauts": 500})
    assert error_code(bad) == (400, "validation-error")


def test_requests_and_clear_over_http(emu: Emulator, api: ApiClient) -> None:
    api.get("/bridges")
    api.post("/bridges", {})
    listed = control(emu, "GET", "/requests", params={"method": "POST"}).json()
    assert [(e["method"], e["path"], e["status"]) for e in listed] == [("POST", "/bridges", 201)]
    assert listed[0]["headers"]["Authorization"] == "REDACTED"
    assert len(control(emu, "GET", "/requests", params={"path": "/bridges"}).json()) == 2
    assert control(emu, "POST", "/requests/clear").status_code == 200
    assert control(emu, "GET", "/requests").json() == []
    api.get("/bridges")
    assert control(emu, "DELETE", "/requests").status_code == 200
    assert emu.requests() == []


def test_seed_and_reset_over_http(emu: Emulator, api: ApiClient) -> None:
    assert control(emu, "POST", "/seed", json={"bridges": 40}).json() == {"bridges": 40}
    assert len(api.get("/bridges", params={"size": 100}).json()) == 40
    assert control(emu, "POST", "/reset").status_code == 200
    assert api.get("/bridges").json() == []


def test_far_end_actions_over_http(emu: Emulator, api: ApiClient) -> None:
    response = control(emu, "POST", "/calls/incoming", json={"from": "+15551230000", "to": "+1555"})
    assert response.status_code == 201
    call_id = response.json()["id"]
    assert api.get(f"/calls/{call_id}").json()["state"] == "started"
    assert control(emu, "POST", f"/calls/{call_id}/answer").json()["state"] == "active"
    api.post(f"/calls/{call_id}/gather", {"maxDigits": 2})
    control(emu, "POST", f"/calls/{call_id}/digits", json={"digits": "42"})
    gather = api.get(f"/calls/{call_id}/events").json()[-1]
    assert gather["name"] == "gather" and '"digits":"42"' in gather["data"]
    assert control(emu, "POST", f"/calls/{call_id}/hangup").json()["state"] == "completed"
    again = control(emu, "POST", f"/calls/{call_id}/hangup")
    assert error_code(again) == (403, "call-invalid-state")
    assert error_code(control(emu, "POST", "/calls/c-nope/answer")) == (404, "call-not-found")
    assert control(emu, "GET", f"/calls/{call_id}").json()["id"] == call_id


def test_unknown_control_route_is_404(emu: Emulator) -> None:
    assert error_code(control(emu, "GET", "/nope")) == (404, "resource-not-found")
