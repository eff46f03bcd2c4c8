"""Secrets stay out of tracebacks (frame locals included), error messages, reprs, dicts and
cassettes; every exception survives pickling; a half-built Session can be shown."""

from __future__ import annotations

import asyncio
import base64
import pickle
import socket
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import requests
from hostile_server import Request, hostile_server
from requests.adapters import HTTPAdapter

import catapult
from catapult import (
    Call,
    CatapultError,
    ConfigurationError,
    InvalidArgumentError,
    Session,
    UnsafeURLError,
)
from catapult import _errors as errors
from catapult.testing import catapult_vcr_config, scan_cassettes

TOKEN = "token-0123456789"
SECRET = "secret-9876543210"
BASIC = base64.b64encode(f"{TOKEN}:{SECRET}".encode()).decode()
HOOK = "https://hook:s3cret-hook@app.example.com/cb"
FROM, TO = "+15551234567", "+15557654321"


def full_traceback(error: BaseException) -> str:
    """What ``pytest -l`` would show: the chain with every frame's locals."""
    return "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())


def assert_no_credentials(text: str) -> None:
    for value in (TOKEN, SECRET, BASIC):
        assert value not in text


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dropping(request: Request, connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{")


def trickling(request: Request, connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(100):  # 10 s at most; the client gives up after 1
        connection.sendall(b"X: y\r\n")
        time.sleep(0.1)


@pytest.mark.parametrize("kind", ["refused", "dropped", "timeout"])
def test_transport_errors_hold_no_credentials_in_their_frames(kind: str) -> None:
    def attempt(base_url: str) -> CatapultError:
        with (
            Session("u-test", TOKEN, SECRET, base_url=base_url, total_timeout=1) as session,
            pytest.raises(CatapultError) as caught,
        ):
            session.bridges.get("brg-1")
        return caught.value

    if kind == "refused":
        error = attempt(f"http://127.0.0.1:{closed_port()}/v1")
    else:
        with hostile_server(dropping if kind == "dropped" else trickling) as server:
            error = attempt(server.base_url)
    assert error.__cause__ is None
    assert error.__context__ is None
    shown = full_traceback(error)
    assert "Session" in shown or "request" in shown  # the locals were captured
    assert_no_credentials(shown)
    assert_no_credentials(repr(error) + str(error) + repr(pickle.loads(pickle.dumps(error))))


def _failing_calls(base_url: str) -> list[tuple[str, Callable[[], object]]]:
    """Calls given a callback URL with a password, each failing on a closed port."""
    options = {"base_url": base_url, "total_timeout": 5, "max_retries": 0}
    session = Session("u-test", TOKEN, SECRET, **options)
    client = catapult.Client("u-test", TOKEN, SECRET, **options)
    call = Call.model_validate({"id": "c-1"}).bind(session)
    return [
        ("manager", lambda: session.calls.create(from_=FROM, to=TO, callback_url=HOOK)),
        ("model", lambda: call.update(callback_url=HOOK)),
        ("client", lambda: client.create_call(FROM, TO, None, HOOK)),
        ("client keywords", lambda: client.update_call("c-1", fallback_url=HOOK)),
    ]


def test_a_failed_call_keeps_no_callback_password_in_its_frames() -> None:
    for where, attempt in _failing_calls(f"http://127.0.0.1:{closed_port()}/v1"):
        with pytest.raises(CatapultError) as caught:
            attempt()
        shown = full_traceback(caught.value)
        assert "in request" in shown and ".py" in shown, where  # the frames are still there
        assert "s3cret-hook" not in shown, where


def test_a_failed_async_call_keeps_no_callback_password_in_its_frames() -> None:
    async def attempt(base_url: str) -> CatapultError:
        async with catapult.AsyncSession(
            "u-test", TOKEN, SECRET, base_url=base_url, total_timeout=5, max_retries=0
        ) as session:
            call = Call.model_validate({"id": "c-1"}).bind(session)
            for action in (
                lambda: session.calls.create(from_=FROM, to=TO, callback_url=HOOK),
                lambda: call.update_async(callback_url=HOOK),
            ):
                with pytest.raises(CatapultError) as caught:
                    await action()
                shown = full_traceback(caught.value)
                assert "in request" in shown and "s3cret-hook" not in shown
            return caught.value

    assert isinstance(asyncio.run(attempt(f"http://127.0.0.1:{closed_port()}/v1")), CatapultError)


def test_other_exceptions_keep_their_frames_locals() -> None:
    class Broken(HTTPAdapter):
        def send(self, *args: Any, **kwargs: Any) -> Any:
            raise ZeroDivisionError  # a bug, not an API failure

    http = requests.Session()
    http.mount("http://", Broken())
    session = Session("u-test", TOKEN, SECRET, base_url="http://127.0.0.1:9/v1", http_session=http)
    with pytest.raises(ZeroDivisionError) as caught:
        session.calls.create(from_=FROM, to=TO, callback_url=HOOK)
    assert "s3cret-hook" in full_traceback(caught.value)


def test_unsafe_url_errors_do_not_repeat_credentials() -> None:
    for url in (
        f"ftp://{TOKEN}:{SECRET}@api.example.com/v1",
        f"http://api.example.com/v1?secret={SECRET}",
        f"https://{TOKEN}:{SECRET}@api.example.com/v1#{SECRET}",
        f"https://api.example.com:99999/v1?secret={SECRET}",
    ):
        with pytest.raises(UnsafeURLError) as caught:
            Session("u-test", "token-x", "secret-x", base_url=url)
        assert_no_credentials(str(caught.value) + repr(caught.value))


def test_callback_passwords_are_redacted_in_repr_and_to_dict() -> None:
    call = Call.model_validate({"id": "c-1", "callbackUrl": HOOK, "fallbackUrl": HOOK})
    assert "s3cret-hook" not in repr(call)
    assert "s3cret-hook" not in str(call)
    assert "s3cret-hook" not in str(call.to_dict())
    assert call.to_dict()["callback_url"] == "https://hook:REDACTED@app.example.com/cb"
    assert call.to_dict(reveal_secrets=True)["callback_url"] == HOOK
    assert call.callback_url == HOOK  # the data itself is intact
    assert call["callback_url"] == HOOK


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://tok-s3cret@app.example.com/cb", "https://REDACTED@app.example.com/cb"),
        (
            "https://app.example.com/cb?token=s3cret&x=1",
            "https://app.example.com/cb?token=REDACTED&x=1",
        ),
        (
            "https://app.example.com/cb?a=1&accessToken=s3cret",
            "https://app.example.com/cb?a=1&accessToken=REDACTED",
        ),
        (
            "https://app.example.com/cb?X-Signature=s3cret#f",
            "https://app.example.com/cb?X-Signature=REDACTED#f",
        ),
        (
            "https://app.example.com/cb?monkey=1&page=2",
            "https://app.example.com/cb?monkey=1&page=2",
        ),
    ],
)
def test_user_names_and_secret_query_values_are_redacted_too(url: str, shown: str) -> None:
    call = Call.model_validate({"id": "c-1", "callbackUrl": url})
    assert call.to_dict()["callback_url"] == shown
    assert repr(shown) in repr(call)
    assert call.callback_url == url  # the data itself is intact


class _Recorded:
    """The two attributes of a vcrpy request the hooks touch."""

    def __init__(self, uri: str, body: bytes) -> None:
        self.uri = uri
        self.body = body


@pytest.mark.parametrize(
    "url",
    [
        "https://hook:s3cret-hook@app example.com/cb",  # a space in the host
        "ftp://hook:s3cret-hook@app.example.com/cb",
        "hook:s3cret-hook@app.example.com/cb",  # no scheme
        "https://hook:s3cret hook@app.example.com/cb",  # a space in the password
    ],
)
def test_a_refused_callback_url_is_not_repeated_with_its_password(url: str) -> None:
    session = Session("u-test", TOKEN, SECRET, base_url="http://127.0.0.1:9/v1")
    with pytest.raises(InvalidArgumentError) as caught:
        session.calls.create_id(from_="+15551234567", to="+15557654321", fallback_url=url)
    assert "fallback_url must be an absolute http(s) URL" in str(caught.value)
    assert "s3cret" not in str(caught.value) + repr(caught.value)
    with pytest.raises(InvalidArgumentError) as caught:
        client = catapult.Client("u-test", TOKEN, SECRET, base_url="http://127.0.0.1:9/v1")
        client.create_call("+15551234567", "+15557654321", callback_url=url)
    assert "s3cret" not in str(caught.value)


def echoing(request: Request, connection: socket.socket) -> None:
    body = (
        f'{{"category": "validation", "code": "bad-url", "message": "{HOOK} is not valid",'
        f' "details": [{{"name": "callbackUrl", "value": "{HOOK}"}}]}}'
    ).encode()
    head = f"HTTP/1.1 400 Bad Request\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    connection.sendall(head + body)


def test_an_api_error_echoing_a_callback_url_keeps_no_password() -> None:
    with (
        hostile_server(echoing) as server,
        Session("u-test", TOKEN, SECRET, base_url=server.base_url) as session,
        pytest.raises(errors.APIError) as caught,
    ):
        session.bridges.get("brg-1")
    error = caught.value
    assert error.details["callbackUrl"] == "https://hook:REDACTED@app.example.com/cb"
    assert error.message == "https://hook:REDACTED@app.example.com/cb is not valid"
    shown = str(error) + repr(error) + error.body + repr(pickle.loads(pickle.dumps(error)))
    assert "s3cret-hook" not in shown


def test_cassettes_scrub_callback_passwords_in_requests_and_responses() -> None:
    config = catapult_vcr_config(user_id="u-abcdef", api_token=TOKEN, api_secret=SECRET)
    request = config["before_record_request"](
        _Recorded(
            "http://127.0.0.1:8080/v1/users/u-abcdef/calls", f'{{"callbackUrl": "{HOOK}"}}'.encode()
        )
    )
    response: dict[str, Any] = config["before_record_response"](
        {"headers": {}, "body": {"string": f'{{"callbackUrl": "{HOOK}"}}'.encode()}}
    )
    assert b"s3cret-hook" not in request.body
    assert b"hook:REDACTED@app.example.com" in request.body
    assert b"s3cret-hook" not in response["body"]["string"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_scan_cassettes_flags_passwords_in_urls(tmp_path: Path) -> None:
    write(tmp_path / "leaky.yaml", f'body: \'{{"callbackUrl": "{HOOK}"}}\'\n')
    write(tmp_path / "clean.yaml", "body: 'https://hook:REDACTED@app.example.com/cb'\n")
    write(tmp_path / "token.yaml", "uri: 'https://tok-s3cret@app.example.com/cb'\n")
    write(tmp_path / "query.yaml", "uri: 'https://app.example.com/cb?api_key=s3cret'\n")
    write(tmp_path / "scrubbed.yaml", "uri: 'https://REDACTED@a.example/cb?api_key=REDACTED'\n")
    problems = scan_cassettes(tmp_path, secrets=[TOKEN, SECRET])
    assert [problem.split(":")[0].rsplit("/", 1)[-1] for problem in problems] == [
        "leaky.yaml",
        "query.yaml",
        "token.yaml",
    ]
    assert all("a secret in a URL" in problem for problem in problems)


def test_scan_cassettes_refuses_a_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        scan_cassettes(tmp_path / "casettes")


def test_scan_cassettes_accepts_a_basic_challenge_but_not_basic_credentials(
    tmp_path: Path,
) -> None:
    challenge = write(tmp_path / "challenge.yaml", 'WWW-Authenticate:\n- Basic realm="Catapult"\n')
    leaked = write(tmp_path / "leaked.yaml", f"Authorization:\n- Basic {BASIC}\n")
    assert scan_cassettes(challenge) == []
    assert scan_cassettes(leaked) == [f"{leaked}: holds Basic credentials"]


def _examples() -> list[BaseException]:
    when = datetime(2030, 1, 1, tzinfo=timezone.utc)
    api = ("message", {"name": "value"}, "GET", "https://h/v1/x")
    made: list[BaseException] = []
    for name in errors.__all__:
        cls = getattr(errors, name)
        if issubclass(cls, errors.RateLimitError):
            made.append(cls(429, "rate-limit", "cat", *api, body="b", attempts=3, reset_at=when))
        elif issubclass(cls, errors.APIError):
            made.append(cls(404, "not-found", "cat", *api, body="b", attempts=2))
        elif issubclass(cls, errors.APIConnectionError):
            made.append(cls("lost", method="GET", url="https://h/v1/x", attempts=3))
        elif issubclass(cls, errors.ResponseDecodeError):
            made.append(cls("bad", method="GET", url="https://h/v1/x", status_code=200))
        else:
            made.append(cls("plain message"))
    return made


@pytest.mark.parametrize("error", _examples(), ids=lambda error: type(error).__name__)
def test_every_exception_round_trips_through_pickle(error: BaseException) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)
    assert str(copy) == str(error)


def test_every_public_exception_is_covered_by_the_pickle_test() -> None:
    public = {name for name in catapult.__all__ if name.endswith("Error")}
    assert public <= set(errors.__all__)


def test_a_half_built_session_can_be_shown() -> None:
    with pytest.raises(ConfigurationError) as caught:
        Session("u-test", TOKEN, "")
    shown = full_traceback(caught.value)  # renders the half-built ``self`` local
    assert "<Session user_id=" in shown
    assert repr(Session.__new__(Session)) == "<Session user_id=None host=None>"


def _refused_constructions() -> list[tuple[str, Any]]:
    from catapult import AsyncSession, Client

    return [
        ("session: bad setting", lambda: Session("u-test", TOKEN, SECRET, pool_maxsize=0)),
        ("session: bad base_url", lambda: Session("u-test", TOKEN, SECRET, base_url="ftp://x")),
        ("session: bad user id", lambda: Session("../x", TOKEN, SECRET)),
        ("session: one credential", lambda: Session("u-test", TOKEN, "")),
        ("client: one credential", lambda: Client("u-test", TOKEN)),
        ("client: bad setting", lambda: Client("u-test", TOKEN, SECRET, max_retries=-1)),
        ("async: bad setting", lambda: AsyncSession("u-test", TOKEN, SECRET, pool_maxsize=0)),
    ]


@pytest.mark.parametrize("case", range(len(_refused_constructions())))
def test_a_refused_construction_holds_no_credentials_in_its_frames(case: int) -> None:
    label, construct = _refused_constructions()[case]
    with pytest.raises(CatapultError) as caught:
        construct()
    shown = full_traceback(caught.value)
    assert "Credentials(api_token='********'" in shown, label  # the frames were rendered
    assert_no_credentials(shown)


def test_credentials_cannot_be_pickled() -> None:
    from catapult._credentials import Credentials

    with pytest.raises(TypeError):
        pickle.dumps(Credentials(TOKEN, SECRET))


def test_a_local_apps_port_in_a_request_body_does_not_change_the_recorded_request() -> None:
    scrub = catapult_vcr_config(user_id="u-abcdef", api_token=TOKEN, api_secret=SECRET)[
        "before_record_request"
    ]
    bodies = [
        scrub(
            _Recorded(
                "http://127.0.0.1:8080/v1/users/u-abcdef/calls",
                f'{{"callbackUrl": "http://127.0.0.1:{port}/cb"}}'.encode(),
            )
        ).body
        for port in (40001, 51234)
    ]
    assert bodies[0] == bodies[1]
    assert b"127.0.0.1" not in bodies[0] and b"/cb" in bodies[0]
