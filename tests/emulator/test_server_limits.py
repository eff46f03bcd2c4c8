"""The emulator as a server: bodies are bounded and read only after the credentials, deep JSON
is a 400, seeding is bounded, and ``reset()`` waits for requests already sent."""

from __future__ import annotations

import base64
import json
import socket
import threading

import pytest
import requests

from catapult import Session
from catapult._errors import ResponseTooLargeError
from catapult._options import DEFAULT_MAX_RESPONSE_BYTES
from catapult.emulator import ApiFault, Emulator, EmulatorOptions, _server, running
from catapult.emulator._faults import DEFAULT_HUGE_SIZE

from .conftest import ApiClient, error_code


def _head(emu: Emulator, method: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{emu.port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _auth(emu: Emulator) -> dict[str, str]:
    token = base64.b64encode(f"{emu.api_token}:{emu.api_secret}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Read one answer (status, lower-case headers, body) from a raw socket."""
    reader = sock.makefile("rb")
    status = int(reader.readline().split()[1])
    headers = {}
    while (line := reader.readline().strip()) != b"":
        name, _, value = line.decode().partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, reader.read(int(headers.get("content-length", "0")))


def _exchange(emu: Emulator, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", emu.port), timeout=10) as sock:
        sock.sendall(raw)
        return _answer(sock)


def _bridges_path(emu: Emulator) -> str:
    return f"/v1/users/{emu.user_id}/bridges"


# -- request lines ---------------------------------------------------------------------------


@pytest.mark.parametrize("line", [b"GET /v1/us", b"GET /v1/users/u-emulator/bridges\r\n"])
def test_a_request_line_cut_short_or_without_a_version_is_dropped_unserved(
    emu: Emulator, line: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", emu.port), timeout=10) as sock:
        sock.sendall(line)
        sock.shutdown(socket.SHUT_WR)  # the client sends nothing more
        assert sock.recv(1024) == b""  # closed without an answer
    assert emu.requests() == []  # nothing was served (it would be logged before the close)


# -- bodies ----------------------------------------------------------------------------------


def test_a_body_without_credentials_is_refused_before_it_is_read(emu: Emulator) -> None:
    # 100 MB announced, not one byte sent: the 401 can only come if nothing waits for it.
    head = _head(emu, "POST", _bridges_path(emu), {"Content-Length": str(100 * 1024 * 1024)})
    status, headers, body = _exchange(emu, head)
    assert status == 401 and json.loads(body)["code"] == "unauthorized"
    assert headers["connection"] == "close"  # the unread body cannot be framed: hang up
    assert [(r.method, r.status) for r in emu.requests()] == [("POST", 401)]


def test_a_declared_body_over_the_limit_is_refused_unread(emu: Emulator) -> None:
    limit = emu.options.max_body
    headers = {**_auth(emu), "Content-Type": "application/json"}
    head = _head(emu, "POST", _bridges_path(emu), {**headers, "Content-Length": str(limit + 1)})
    status, answer_headers, body = _exchange(emu, head)
    assert status == 413 and json.loads(body)["code"] == "body-too-large"
    assert answer_headers["connection"] == "close"
    assert emu.requests()[0].status == 413


def test_a_chunked_body_is_cut_off_at_the_limit(emu: Emulator) -> None:
    limit = emu.options.max_body
    headers = {**_auth(emu), "Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    chunk = b"x" * (64 * 1024)
    size = f"{len(chunk):x}\r\n".encode()
    chunks = size + chunk + b"\r\n"
    count = limit // len(chunk) + 2  # past the limit; the rest is never sent
    with socket.create_connection(("127.0.0.1", emu.port), timeout=10) as sock:
        sock.sendall(_head(emu, "POST", _bridges_path(emu), headers) + chunks * count)
        status, _, body = _answer(sock)
    assert status == 413 and json.loads(body)["code"] == "body-too-large"
    assert emu.requests(method="POST")[0].status == 413


def test_bodies_within_the_limit_still_work_chunked_or_sized(emu: Emulator) -> None:
    headers = {**_auth(emu), "Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    raw = _head(emu, "POST", _bridges_path(emu), headers) + b"2\r\n{}\r\n0\r\n\r\n"
    assert _exchange(emu, raw)[0] == 201
    assert emu.requests(method="POST")[0].json == {}


def test_the_body_limit_is_an_option() -> None:
    with running(max_body=10) as emu:
        api = ApiClient(emu)
        assert error_code(api.post("/bridges", {"bridgeAudio": True})) == (413, "body-too-large")
        assert api.post("/bridges", {}).status_code == 201
    with pytest.raises(ValueError, match="max_body"):
        EmulatorOptions(max_body=0)


# -- deep JSON -------------------------------------------------------------------------------


def test_json_nested_too_deep_is_a_400_on_the_api(emu: Emulator, api: ApiClient) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    response = api.http.post(
        api.root + "/bridges",
        data=deep,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert error_code(response) == (400, "validation-error")
    assert emu.requests()[0].status == 400 and emu.requests()[0].json is None


def test_json_nested_too_deep_is_a_400_on_the_control_api(emu: Emulator) -> None:
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    response = api_post(emu, "/faults", deep)
    assert response[0] == 400 and json.loads(response[2])["code"] == "validation-error"
    assert requests.get(f"{emu.url}/_emulator/faults", timeout=5).json() == []


def api_post(emu: Emulator, path: str, body: str) -> tuple[int, dict[str, str], bytes]:
    data = body.encode()
    headers = {"Content-Type": "application/json", "Content-Length": str(len(data))}
    return _exchange(emu, _head(emu, "POST", f"/_emulator{path}", headers) + data)


# -- seeding ---------------------------------------------------------------------------------


def test_seeding_is_bounded(emu: Emulator) -> None:
    status, _, body = api_post(emu, "/seed", json.dumps({"bridges": 300_000}))
    assert status == 400 and json.loads(body)["code"] == "validation-error"
    for bad in (-1, "12", True, 1.5):
        assert api_post(emu, "/seed", json.dumps({"bridges": bad}))[0] == 400
    with pytest.raises(ApiFault):
        emu.seed_bridges(emu.options.max_seed + 1)
    assert ApiClient(emu).get("/bridges").json() == []
    assert api_post(emu, "/seed", json.dumps({"bridges": 3}))[0] == 200


# -- huge --------------------------------------------------------------------------------------


def test_the_huge_fault_exceeds_the_sdk_cap_by_default(emu: Emulator) -> None:
    assert DEFAULT_HUGE_SIZE > DEFAULT_MAX_RESPONSE_BYTES
    emu.inject_fault(method="GET", action="huge")
    with (
        Session(
            emu.user_id, emu.api_token, emu.api_secret, base_url=emu.base_url, max_retries=0
        ) as session,
        pytest.raises(ResponseTooLargeError),
    ):
        session.bridges.get("brg-1")


# -- reset is a barrier ------------------------------------------------------------------------


def test_reset_waits_for_a_request_already_sent(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request whose bytes arrived before reset() acts before the wipe, never after it."""
    monkeypatch.setattr(_server, "PARTIAL_REQUEST_WAIT", 60.0)  # a loaded machine is slow
    head = _head(emu, "POST", _bridges_path(emu), {**_auth(emu), "Content-Length": "2"})
    head = head.replace(
        b"Content-Length: 2", b"Content-Type: application/json\r\nContent-Length: 2"
    )
    with socket.create_connection(("127.0.0.1", emu.port), timeout=10) as sock:
        sock.sendall(head[:20])  # the request has begun...
        resetter = threading.Thread(target=emu.reset)
        resetter.start()
        resetter.join(0.3)
        assert resetter.is_alive()  # ...so reset() waits for it
        sock.sendall(head[20:] + b"{}")
        assert _answer(sock)[0] == 201
        resetter.join(15)
        assert not resetter.is_alive()
    assert emu.requests() == []
    assert ApiClient(emu).get("/bridges").json() == []  # created before the wipe, so wiped


def test_reset_cuts_delay_faults_short_and_one_shot_faults_stay_for_the_next_test(
    emu: Emulator,
) -> None:
    emu.inject_fault(method="GET", action="delay", delay=60)
    path = f"/v1/users/{emu.user_id}/bridges/brg-1"
    with socket.create_connection(("127.0.0.1", emu.port), timeout=30) as sock:
        sock.sendall(_head(emu, "GET", path, _auth(emu)))
        while requests.get(f"{emu.url}/_emulator/faults", timeout=5).json():
            pass  # until the request took the fault and sleeps
        emu.reset()  # returns long before 60 s: the sleeping request was woken and answered
        assert _answer(sock)[0] == 404
    emu.inject_fault(method="GET", status=503)
    assert ApiClient(emu).get("/bridges/brg-1").status_code == 503
    assert [r.status for r in emu.requests()] == [503]


def test_a_client_still_sending_a_refused_body_reads_the_answer(emu: Emulator) -> None:
    url = f"{emu.base_url}/users/{emu.user_id}/bridges"
    body = b"x" * (4 * 1024 * 1024)  # over the limit, and no credentials
    response = requests.post(url, data=body, timeout=30)
    assert error_code(response) == (401, "unauthorized")
    response = requests.post(url, data=body, auth=(emu.api_token, emu.api_secret), timeout=30)
    assert error_code(response) == (413, "body-too-large")
