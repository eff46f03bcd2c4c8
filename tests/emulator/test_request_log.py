"""The request log: order, contents, redaction, filters."""

from __future__ import annotations

import dataclasses

import pytest

from catapult.emulator import Emulator, EmulatorRequest

from .conftest import ApiClient


def test_log_records_requests_in_order_with_answers(emu: Emulator, api: ApiClient) -> None:
    bridge_id = api.bridge(bridgeAudio=False)
    api.get(f"/bridges/{bridge_id}", params={"x": "1"})
    api.get("/bridges/brg-missing")
    entries = emu.requests()
    assert [(e.method, e.path, e.status) for e in entries] == [
        ("POST", "/bridges", 201),
        ("GET", f"/bridges/{bridge_id}", 200),
        ("GET", "/bridges/brg-missing", 404),
    ]
    first = entries[0]
    assert first.full_path == f"/v1/users/{emu.user_id}/bridges"
    assert first.json == {"bridgeAudio": False}
    assert entries[1].query == {"x": ["1"]}
    assert entries[1].json is None
    assert first.time <= entries[1].time <= entries[2].time


def test_authorization_is_redacted(emu: Emulator, api: ApiClient) -> None:
    api.get("/bridges")
    (entry,) = emu.requests()
    assert entry.headers["Authorization"] == "REDACTED"
    assert emu.api_secret not in repr(entry)


def test_entries_are_frozen(emu: Emulator, api: ApiClient) -> None:
    api.get("/bridges")
    entry = emu.requests()[0]
    assert isinstance(entry, EmulatorRequest)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.status = 500  # type: ignore[misc]


def test_filters_by_method_path_and_prefix(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    api.get(f"/calls/{call_id}")
    api.get(f"/calls/{call_id}/events")
    api.get("/bridges")
    assert len(emu.requests(method="get")) == 3
    assert [e.path for e in emu.requests(path="/bridges")] == ["/bridges"]
    assert len(emu.requests(path_prefix=f"/calls/{call_id}")) == 2
    assert len(emu.requests(method="POST", path="/calls")) == 1


def test_control_requests_are_not_logged_and_clear_works(emu: Emulator, api: ApiClient) -> None:
    api.get("/bridges")
    api.http.get(f"{emu.url}/_emulator/health", timeout=5)
    assert len(emu.requests()) == 1
    emu.clear_requests()
    assert emu.requests() == []


def test_reset_wipes_state_faults_and_log_but_ids_stay_unique(
    emu: Emulator, api: ApiClient
) -> None:
    old = api.bridge()
    emu.inject_fault(method="POST", path="/calls", times=None)
    emu.reset()
    assert emu.requests() == []
    assert api.get("/bridges").json() == []
    assert api.post("/calls", {"from": "+15550001000", "to": "+15550002000"}).status_code == 201
    assert api.bridge() != old
