"""Optional Catapult rate limits: 429 per resource family, 403 call-rate-limit."""

from __future__ import annotations

import time

from catapult.emulator import running

from .conftest import ApiClient, error_code

CALL = {"from": "+15550001000", "to": "+15550002000"}


def test_off_by_default(api: ApiClient) -> None:
    assert [api.get("/bridges").status_code for _ in range(5)] == [200] * 5


def test_second_request_in_a_second_gets_429_with_future_reset() -> None:
    with running(rate_limits=True) as emu:
        api = ApiClient(emu)
        assert api.get("/bridges").status_code == 200
        assert api.get("/calls").status_code == 200, "families are limited separately"
        response = api.get("/bridges")
        assert error_code(response) == (429, "rate-limit-reached")
        reset = int(response.headers["X-RateLimit-Reset"])
        now_ms = time.time() * 1000
        assert now_ms < reset <= now_ms + 1001
        body = response.json()
        assert body["category"] == "too-many-requests"
        assert "message" not in body
        details = {d["name"]: d["value"] for d in body["details"]}
        assert details["rateLimitResetTime"] == str(reset)


def test_limit_window_is_configurable_and_recovers() -> None:
    with running(rate_limits={"requests_per_window": 2, "window_ms": 200}) as emu:
        api = ApiClient(emu)
        assert [api.get("/bridges").status_code for _ in range(3)] == [200, 200, 429]
        time.sleep(0.25)
        assert api.get("/bridges").status_code == 200


def test_outbound_call_rate_over_the_average_is_403() -> None:
    limits = {"requests_per_window": 1000, "calls_per_second": 1.0, "call_window_s": 3.0}
    with running(rate_limits=limits) as emu:
        api = ApiClient(emu)
        assert [api.post("/calls", CALL).status_code for _ in range(3)] == [201, 201, 201]
        response = api.post("/calls", CALL)
        assert error_code(response) == (403, "call-rate-limit")
        assert response.json()["category"] == "limit"
        assert "Your rate is" in response.json()["message"]
        assert "X-RateLimit-Reset" not in response.headers
