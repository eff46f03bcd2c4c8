"""Many client threads against one emulator."""

from __future__ import annotations

import threading

import requests

from catapult.emulator import Emulator

from .conftest import ApiClient


def test_eight_threads_hundred_requests_each_without_errors(emu: Emulator, api: ApiClient) -> None:
    failures: list[str] = []
    created: list[str] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        http = requests.Session()
        http.auth = (emu.api_token, emu.api_secret)
        try:
            for step in range(100):
                if step % 4 == 0:
                    response = http.post(f"{api.root}/bridges", json={}, timeout=10)
                    if response.status_code == 201:
                        with lock:
                            created.append(response.headers["Location"])
                elif step % 4 == 1:
                    response = http.post(
                        f"{api.root}/calls",
                        json={"from": "+15550001000", "to": f"+1555{index:03d}{step:04d}"},
                        timeout=10,
                    )
                else:
                    response = http.get(f"{api.root}/bridges?size=50", timeout=10)
                if response.status_code not in (200, 201):
                    with lock:
                        failures.append(f"{response.status_code} {response.text[:100]}")
        except requests.RequestException as exc:
            with lock:
                failures.append(repr(exc))
        finally:
            http.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert len(set(created)) == 8 * 25
    assert len(api.get("/bridges", params={"size": 1000}).json()) == 200
    assert len(emu.requests()) == 8 * 100 + 1
