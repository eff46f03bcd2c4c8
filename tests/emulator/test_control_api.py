"""The HTTP control API under /_emulator/ mirrors the Python methods."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from catapult.emulator import Emulator, running
from catapult.emulator._control import CALL_ACTIONS, ENDPOINTS, endpoint_table

from .conftest import ApiClient, error_code


def control(emu: Emulator, method: str, path: str, **kwargs: object) -> requests.Response:
    """A control request; a POST carries JSON (``{}`` unless ``json=`` is given)."""
    if method == "POST" and "json" not in kwargs and "data" not in kwargs:
        kwargs["json"] = {}
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
    response = control(
        emu, "POST", "/calls/incoming", json={"from": "+15551230000", "to": "+15550002222"}
    )
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


# -- the index and its documentation ----------------------------------------------------------


def test_the_index_lists_every_endpoint(emu: Emulator) -> None:
    for path in ("/", ""):
        listed = control(emu, "GET", path).json()
        assert [(e["method"], e["path"]) for e in listed] == [
            (e.method, "/_emulator" + e.path) for e in ENDPOINTS
        ]
    assert ("POST", "/_emulator/faults") in {(e["method"], e["path"]) for e in listed}


def test_every_declared_endpoint_is_served(emu: Emulator) -> None:
    for endpoint in ENDPOINTS:
        emu.clear_faults()  # POST /faults {} adds one that would answer the next request
        api = ApiClient(emu)  # reset wipes what is made here
        made = {
            "calls": emu.incoming_call(),
            "bridges": api.bridge(),
            "conferences": api.create("/conferences", {"from": "+15550001000"}),
        }
        collection = endpoint.path.split("/")[1]
        path = endpoint.path.replace("{id}", made.get(collection, ""))
        path = path.replace("{action}", "answer")
        response = control(emu, endpoint.method, path)
        assert response.status_code < 300, (endpoint, response.text)


def test_the_control_api_document_is_the_declared_table() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "emulator-control-api.md").read_text()
    assert endpoint_table() in doc


def test_an_unknown_control_endpoint_points_at_the_index(emu: Emulator) -> None:
    response = control(emu, "GET", "/nope")
    assert error_code(response) == (404, "resource-not-found")
    assert "GET /_emulator/" in response.json()["message"]


# -- cross-site requests ----------------------------------------------------------------------


def test_a_post_that_is_not_json_is_refused(emu: Emulator, api: ApiClient) -> None:
    bridge = api.bridge()
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {} if content_type is None else {"Content-Type": content_type}
        faults = control(
            emu, "POST", "/faults", data='{"status": 503, "times": null}', headers=headers
        )
        assert error_code(faults) == (415, "unsupported-media-type")
        assert error_code(control(emu, "POST", "/reset", data="", headers=headers))[0] == 415
    assert control(emu, "GET", "/faults").json() == []
    assert api.get(f"/bridges/{bridge}").status_code == 200  # nothing was wiped


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Host": "attacker.example"},
        {"Host": "attacker.example:80", "Origin": "http://attacker.example:80"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_cross_site_control_requests_are_refused(
    emu: Emulator, api: ApiClient, headers: dict[str, str]
) -> None:
    bridge = api.bridge()
    refused = control(emu, "POST", "/reset", headers=headers)
    assert error_code(refused) == (403, "control-forbidden")
    assert error_code(control(emu, "GET", "/requests", headers=headers))[0] == 403
    assert api.get(f"/bridges/{bridge}").status_code == 200


def test_same_origin_and_loopback_names_are_accepted(emu: Emulator) -> None:
    own = f"127.0.0.1:{emu.port}"
    for headers in (
        {"Origin": f"http://{own}", "Sec-Fetch-Site": "same-origin"},
        {"Host": f"localhost:{emu.port}"},
        {"Sec-Fetch-Site": "none"},
    ):
        assert control(emu, "POST", "/requests/clear", headers=headers).status_code == 200


def test_an_emulator_on_every_interface_accepts_any_host() -> None:
    with running(host="0.0.0.0") as emu:
        url = f"http://127.0.0.1:{emu.port}/_emulator/health"
        response = requests.get(url, headers={"Host": "emulator.internal:8080"}, timeout=5)
        assert response.status_code == 200
        response = requests.get(url, headers={"Origin": "https://attacker.example"}, timeout=5)
        assert response.status_code == 403


def test_stored_resources_over_http_are_what_the_emulator_methods_show(
    emu: Emulator, api: ApiClient
) -> None:
    conference_id = api.create("/conferences", {"from": "+15550001000", "tag": "t"})
    call_id, bridge_id = api.call(), api.bridge()
    shown = {
        "conferences": (conference_id, emu.conference_state(conference_id)),
        "calls": (call_id, emu.call_state(call_id)),
        "bridges": (bridge_id, emu.bridge_state(bridge_id)),
    }
    for collection, (resource_id, state) in shown.items():
        assert control(emu, "GET", f"/{collection}/{resource_id}").json() == state
        assert api.get(f"/{collection}/{resource_id}").json() == state
    assert shown["conferences"][1]["tag"] == "t"
    missing = control(emu, "GET", "/conferences/conf-nope")
    assert error_code(missing) == (404, "conference-not-found")
    emu.clear_requests()
    control(emu, "GET", f"/conferences/{conference_id}")
    assert emu.requests() == []  # the control API is not logged


def test_every_far_end_action_over_http_is_an_emulator_method(emu: Emulator) -> None:
    for action, method in CALL_ACTIONS.items():
        assert callable(getattr(emu, method)), action
        assert callable(getattr(emu._store, method)), action  # what the control API calls
    unknown = control(emu, "POST", f"/calls/{emu.incoming_call()}/dance")
    assert error_code(unknown) == (404, "resource-not-found")
    assert "no-answer, digits, gather-timeout" in unknown.json()["message"]


@pytest.mark.parametrize(
    ("method", "path", "body", "says"),
    [
        ("POST", "/faults", {"status": "abc"}, "status must be int or None, got str"),
        ("POST", "/faults", {"times": True}, "times must be int or None, got bool"),
        ("POST", "/callbacks", {"max_workers": "many"}, "max_workers must be int, got str"),
        ("POST", "/callbacks", {"nope": 1}, "unknown callback option(s): nope; known: "),
        ("POST", "/callbacks", {"incoming_call_method": "PUT"}, "must be GET or POST"),
        ("POST", "/callbacks", {"incoming_call_url": "/app"}, "incoming_call_url must be an"),
        ("POST", "/calls/incoming", {"to": 12}, "to must be str, got int"),
        ("POST", "/calls/incoming", {"form": "+15551112222"}, "unknown inbound call field(s): "),
        ("POST", "/faults", {"stauts": 500}, "unknown fault field(s): stauts; known: "),
        ("POST", "/faults", {"action": "delay"}, "a delay fault needs delay > 0"),
        ("POST", "/seed", {"bridgs": 5}, "unknown seed field(s): bridgs; known: bridges, state"),
        ("POST", "/calls/incoming", {"to": "5551234"}, "to must be an E.164 number"),
        ("POST", "/calls/incoming", {"autoAnswer": "yes"}, "autoAnswer must be true or false"),
        ("POST", "/calls/incoming", {"callbackUrl": "javascript:x"}, "callbackUrl must be an"),
        ("GET", "/deliveries?ok=maybe", None, "ok must be true or false, got 'maybe'"),
    ],
)
def test_wrong_values_get_a_400_naming_the_field(
    emu: Emulator, method: str, path: str, body: object, says: str
) -> None:
    response = control(emu, method, path, **({} if body is None else {"json": body}))
    assert error_code(response) == (400, "validation-error")
    assert says in response.json()["message"]
    assert emu.deliveries() == [] and control(emu, "GET", "/faults").json() == []


def test_incoming_call_flags_take_json_or_text(emu: Emulator) -> None:
    for flag, state in ((True, "active"), ("false", "started"), ("true", "active")):
        made = control(emu, "POST", "/calls/incoming", json={"autoAnswer": flag})
        assert made.status_code == 201
        assert control(emu, "GET", f"/calls/{made.json()['id']}").json()["state"] == state


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"rate_limits": "yes"}, "rate_limits must be True, False, None, RateLimits"),
        ({"callbacks": {"nope": 1}}, "unknown callback option(s): nope"),
        ({"ring_time": "x"}, "ring_time must be float or None, got str"),
        ({"port": "80"}, "port must be int, got str"),
        ({"numbers": ["+15551112222", "5551234"]}, "numbers must be an E.164 number"),
        ({"numbers": "+15551112222"}, "numbers must be a list of numbers, got a single str"),
        ({"incoming_call_url": "ftp://app.example/"}, "incoming_call_url must be an absolute"),
        ({"callbacks": {"incoming_call_fallback_url": "app"}}, "incoming_call_fallback_url must"),
        ({"callbacks": {"incoming_call_timeout": 0}}, "incoming_call_timeout must be 1..10000"),
    ],
)
def test_wrong_emulator_options_are_value_errors_naming_them(
    options: dict[str, object], says: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(says)), running(**options):  # type: ignore[arg-type]
        pass


def test_setting_numbers_checks_each_and_keeps_the_old_ones_when_refused(emu: Emulator) -> None:
    emu.set_numbers(["+15551112222"])
    with pytest.raises(ValueError, match=re.escape("numbers must be an E.164 number")):
        emu.set_numbers(["+15553334444", "not a number"])
    assert emu.numbers == frozenset({"+15551112222"})
