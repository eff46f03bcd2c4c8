"""The router facing hostile callers: credentials checked before any body is read, repeated
credentials refused, and the expected credentials never shown."""

from __future__ import annotations

import asyncio
import base64
import functools
import io
import json
import logging
import pickle
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from router_requests import ENTRY_POINTS, Serve, asgi_request, served, wsgi_request

import catapult
from catapult import InvalidArgumentError
from catapult.events import AnswerEvent
from catapult.router import MAX_QUERY, EventRouter, RouterResponse

SECRET = "s3cret-pw"
RIGHT = "Basic " + base64.b64encode(f"app:{SECRET}".encode()).decode()
WRONG = "Basic " + base64.b64encode(b"app:nope").decode()
PACKAGE = str(Path(catapult.__file__).parent)
ANSWER = json.dumps({"eventType": "answer", "callId": "c-1"}).encode()


@pytest.fixture(params=ENTRY_POINTS)
def serve(request: pytest.FixtureRequest) -> Serve:
    """Feeds a router one request through each of its entry points in turn."""
    return functools.partial(served, request.param)


def _guarded() -> tuple[EventRouter, list[str]]:
    router = EventRouter(basic_auth=("app", SECRET))
    handled: list[str] = []
    router.fallback(lambda event: handled.append(str(event.event_type)))
    return router, handled


def _asgi_unread(router: EventRouter, headers: list[tuple[bytes, bytes]]) -> int:
    """The status ``asgi_app`` answers a POST with, failing if the body is read."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body of a refused request is not read")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "query_string": b"", "headers": headers}
    asyncio.run(router.asgi_app(scope, receive, send))
    return int(sent[0]["status"])


class _Unreadable(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise AssertionError("the body of a refused request is not read")


@pytest.mark.parametrize("authorization", [None, WRONG, "Bearer x", f"{RIGHT},{RIGHT}"])
def test_a_request_without_the_credentials_is_refused_before_its_body_is_read(
    authorization: str | None,
) -> None:
    router, handled = _guarded()
    headers = [] if authorization is None else [(b"authorization", authorization.encode())]
    headers.append((b"content-length", str(len(ANSWER)).encode()))
    assert _asgi_unread(router, headers) == 401
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(ANSWER)),
        "wsgi.input": _Unreadable(),
    }
    if authorization is not None:
        environ["HTTP_AUTHORIZATION"] = authorization
    started: list[str] = []
    body = router.wsgi_app(environ, lambda status, headers: started.append(status))  # type: ignore[arg-type,return-value]
    assert started == ["401 Unauthorized"] and b"".join(body) == b"unauthorized"
    assert handled == []


def test_a_huge_body_without_the_credentials_is_told_401_not_413() -> None:
    router, _ = _guarded()
    assert _asgi_unread(router, [(b"content-length", str(2**40).encode())]) == 401


@pytest.mark.parametrize(
    "headers",
    [
        [("Authorization", RIGHT), ("Authorization", RIGHT)],
        [("Authorization", WRONG), ("Authorization", RIGHT)],
        [("Authorization", RIGHT), ("Authorization", WRONG)],
        [("Authorization", RIGHT), ("authorization", "Basic")],
    ],
    ids=["same-twice", "wrong-first", "wrong-last", "empty-second"],
)
def test_more_than_one_authorization_header_is_refused(
    serve: Serve, headers: list[tuple[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    router, handled = _guarded()
    caplog.set_level(logging.WARNING, logger="catapult.router")
    assert serve(router, method="POST", body=ANSWER, headers=headers).status == 401
    assert handled == []
    assert "more than one Authorization header" in caplog.text
    assert SECRET not in caplog.text
    one = serve(router, method="POST", body=ANSWER, headers=[("Authorization", RIGHT)])
    assert one.status == 200 and handled == ["answer"]


def test_a_dict_naming_authorization_twice_in_two_cases_is_refused() -> None:
    router, handled = _guarded()
    headers = {"authorization": WRONG, "Authorization": RIGHT}
    assert router.handle(method="POST", body=ANSWER, headers=headers).status == 401
    assert router.refusal(method="POST", headers=headers) is not None
    assert router.refusal(method="POST", headers={"Authorization": RIGHT}) is None
    assert handled == []


@pytest.mark.parametrize("value", ["Basic \udc80", "Basic caf\u00e9", "Basic \u20ac", "\x00"])
def test_credentials_that_are_no_base64_text_are_refused_not_crashed(
    serve: Serve, value: str
) -> None:
    router, handled = _guarded()
    if serve.args[0] in ("asgi_app", "wsgi_app") and not value.isascii():
        value = value.encode("utf-8", "surrogateescape").decode("latin-1")  # as servers decode
    assert serve(router, method="POST", body=ANSWER, headers={"Authorization": value}).status == 401
    assert handled == []


def _shown(exc: BaseException) -> str:
    """Everything a traceback printed with the locals of the SDK's frames would show."""
    shown = [repr(exc), str(exc), repr(vars(exc)), *map(repr, exc.args)]
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename.startswith(PACKAGE):
            shown.extend(f"{name}={value!r}" for name, value in frame.f_locals.items())
    return "\n".join(shown)


@pytest.mark.parametrize(
    "arguments",
    [
        {"session": "not a session", "basic_auth": ("app", SECRET)},
        {"basic_auth": ("", SECRET)},
        {"basic_auth": ("app", SECRET + "\ud800")},
        {"basic_auth": ("app", SECRET, "extra")},
    ],
    ids=["bad-session", "empty-user", "lone-surrogate", "three-parts"],
)
def test_a_refused_router_shows_its_credentials_nowhere(arguments: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        EventRouter(**arguments)
    shown = _shown(caught.value)
    assert SECRET not in shown
    assert base64.b64encode(f"app:{SECRET}".encode()).decode()[:12] not in shown


def test_a_router_with_credentials_shows_them_nowhere() -> None:
    router = EventRouter(basic_auth=("app", SECRET))
    token = RIGHT.split()[1]
    assert SECRET not in repr(vars(router)) and token not in repr(vars(router))
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(router)
    assert pickle.loads(pickle.dumps(EventRouter())).refusal(method="POST") is None


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 200, "body": "not bytes"},
        {"status": 99},
        {"status": 600},
        {"status": True},
        {"status": "200"},
        {"status": 200, "content_type": "text/plain\r\nSet-Cookie: x=1"},
        {"status": 200, "content_type": "text/plain; name=\u20ac"},
        {"status": 200, "headers": (("X-Next", "a\r\nSet-Cookie: x=1"),)},
        {"status": 200, "headers": (("Bad Name", "v"),)},
        {"status": 200, "headers": (("Content-Length", "5"),)},
        {"status": 200, "headers": (("X-Price", "\u20ac"),)},
        {"status": 200, "headers": [("X-Next", "y")]},
        {"status": 200, "headers": (("X-Next",),)},
    ],
)
def test_an_answer_no_server_could_send_is_a_handler_failure(
    serve: Serve, answer: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    router = EventRouter()
    router.on("answer")(lambda event: RouterResponse(**answer))
    with caplog.at_level(logging.ERROR, logger="catapult.router"):
        assert serve(router, method="POST", body=ANSWER).status == 500
    assert "InvalidArgumentError: RouterResponse" in caplog.text


def test_an_answer_servers_can_send_is_sent_as_built(serve: Serve) -> None:
    built = RouterResponse(207, b"\x00\xff", "application/x-odd; q=\xe9", (("x-next", "a\tb"),))
    router = EventRouter()
    router.on("answer")(lambda event: built)
    assert serve(router, method="POST", body=ANSWER) == built


class _Trickling(io.RawIOBase):
    """An input handing out at most three bytes a read, as a slow socket may."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        chunk, self.data = self.data[: min(size, 3)], self.data[min(size, 3) :]
        return chunk


class _Reset(io.RawIOBase):
    def read(self, size: int = -1) -> bytes:
        raise ConnectionResetError("the client left")


def test_wsgi_app_reads_a_body_that_trickles_in_to_its_end() -> None:
    router, handled = _guarded()
    response = wsgi_request(
        router,
        method="POST",
        body=ANSWER,
        headers={"Authorization": RIGHT},
        wsgi_input=_Trickling(ANSWER),
    )
    assert response.status == 200 and handled == ["answer"]


@pytest.mark.parametrize(
    "stream", [_Trickling(ANSWER), io.BytesIO(ANSWER), _Reset()], ids=["trickle", "short", "reset"]
)
def test_wsgi_app_dispatches_nothing_from_a_body_cut_short(stream: io.RawIOBase) -> None:
    router, handled = _guarded()
    response = wsgi_request(
        router,
        method="POST",
        body=ANSWER + b" " * 10,  # Content-Length says ten bytes more than will come
        headers={"Authorization": RIGHT},
        wsgi_input=stream,
    )
    assert (response.status, response.body) == (400, b"callback body incomplete")
    assert handled == []


def test_asgi_app_serves_a_scope_without_headers() -> None:
    router = EventRouter()
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": ANSWER}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(router.asgi_app({"type": "http", "method": "POST"}, receive, send))
    assert sent[0]["status"] == 200


FORGED = "answer\n2026-01-01 INFO catapult.router forged line " * 2000
REPEATED = urlencode({"name": FORGED[:10_000]})[5:]  # twice under MAX_QUERY


@pytest.mark.parametrize(
    "request_",
    [
        {"method": "POST", "body": json.dumps({"eventType": FORGED, "callId": 5})},
        {"method": "GET", "query": f"eventType=answer&{REPEATED}=1&{REPEATED}=2"},
    ],
    ids=["event-type", "repeated-parameter"],
)
def test_a_callers_text_is_told_back_short_and_on_one_line(
    serve: Serve, request_: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    router = EventRouter()
    with caplog.at_level(logging.DEBUG, logger="catapult.router"):
        refused = serve(router, **request_)
    assert refused.status == 400
    assert len(refused.body) < 300 and b"\n" not in refused.body
    assert caplog.records and all(
        "\n" not in record.getMessage() and len(record.getMessage()) < 400
        for record in caplog.records
    )


def test_logs_about_an_event_show_its_fields_on_one_line(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    router = EventRouter()
    router.on("answer")(lambda event: 1 / 0)
    events = [
        {"eventType": "answer", "callId": FORGED},  # the handler fails: logged at ERROR
        {"eventType": FORGED, "callId": "c-1"},  # no handler: logged at DEBUG
    ]
    with caplog.at_level(logging.DEBUG, logger="catapult.router"):
        assert [serve(router, method="POST", body=json.dumps(each)).status for each in events] == [
            500,
            200,
        ]
    messages = [record.getMessage() for record in caplog.records]
    assert any("failed" in message for message in messages)
    assert any("no handler" in message for message in messages)
    assert all("\n" not in message and len(message) < 400 for message in messages)


def test_text_beyond_ascii_sent_unencoded_in_a_query_is_read_as_utf8(serve: Serve) -> None:
    router = EventRouter()
    tags: list[str | None] = []
    router.on(AnswerEvent)(lambda event: tags.append(event.tag))
    query = "eventType=answer&callId=c-1&tag=caf\u00e9 \u260e"
    assert serve(router, method="GET", query=query).status == 200
    assert serve(router, method="GET", query=query.replace(" ", "%20")).status == 200
    assert tags == ["caf\u00e9 \u260e"] * 2


def test_a_json_key_given_twice_differently_is_answered_400(serve: Serve) -> None:
    router, handled = _guarded()
    body = b'{"eventType": "hangup", "callId": "c-1", "eventType": "answer"}'
    refused = serve(router, method="POST", body=body, headers={"Authorization": RIGHT})
    assert refused.status == 400 and b"'eventType' is given more than once" in refused.body
    assert handled == []


def test_asgi_app_answers_408_to_a_body_that_never_completes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("catapult._router_servers.BODY_TIMEOUT", 0.05)
    router, handled = _guarded()
    sent: list[dict[str, Any]] = []

    async def serve() -> None:
        never = asyncio.Event()
        first = [{"type": "http.request", "body": ANSWER[:5], "more_body": True}]

        async def receive() -> dict[str, Any]:
            if first:
                return first.pop()
            await never.wait()  # the rest of the body never comes
            raise AssertionError("unreachable")

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        headers = [(b"authorization", RIGHT.encode())]
        scope = {"type": "http", "method": "POST", "query_string": b"", "headers": headers}
        await asyncio.wait_for(router.asgi_app(scope, receive, send), 30)  # fails, not hangs

    asyncio.run(serve())
    assert sent[0]["status"] == 408 and sent[1]["body"] == b"callback body too slow"
    assert handled == []


def test_a_failed_handlers_traceback_holds_no_credentials(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    router = EventRouter(basic_auth=("app", SECRET))
    router.fallback(lambda event: 1 / 0)
    with caplog.at_level(logging.ERROR, logger="catapult.router"):
        answer = serve(router, method="POST", body=ANSWER, headers={"Authorization": RIGHT})
    assert answer.status == 500
    failures = [record.exc_info for record in caplog.records if record.exc_info]
    assert failures and all(info[1] is not None for info in failures)
    for _, exc, _ in failures:
        assert exc is not None and RIGHT.split()[1] not in _shown(exc)


@pytest.mark.parametrize(
    "call",
    [
        {"body": None},
        {"query": 42},
        {"method": b"POST"},
        {"headers": {"Authorization": RIGHT, "X-Next": b"bytes"}},
    ],
    ids=["body", "query", "method", "a-header"],
)
def test_a_refused_argument_leaves_the_credentials_in_no_frame(call: dict[str, Any]) -> None:
    router = EventRouter(basic_auth=("app", SECRET))
    arguments = {"method": "POST", "body": ANSWER, "headers": {"Authorization": RIGHT}, **call}
    with pytest.raises(InvalidArgumentError) as caught:
        router.handle(**arguments)
    assert RIGHT.split()[1] not in _shown(caught.value)
    with pytest.raises(InvalidArgumentError) as caught:
        asyncio.run(router.handle_async(**arguments))
    assert RIGHT.split()[1] not in _shown(caught.value)
    if "body" not in call and "query" not in call:
        with pytest.raises(InvalidArgumentError) as caught:
            router.refusal(method=arguments["method"], headers=arguments["headers"])
        assert RIGHT.split()[1] not in _shown(caught.value)


def test_a_query_over_the_limit_is_answered_414_with_its_body_unread() -> None:
    router, handled = _guarded()
    query = "eventType=answer&callId=c-1&" + "a&" * MAX_QUERY
    headers = {"Authorization": RIGHT}
    for app in (asgi_request, wsgi_request):
        refused = app(router, method="GET", query=query, headers=headers)
        assert (refused.status, refused.body) == (414, b"callback query too long")
    answered = wsgi_request(router, method="GET", query=query[: MAX_QUERY - 10], headers=headers)
    assert answered.status == 200 and handled == ["answer"]
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": "5",
        "QUERY_STRING": query,
        "HTTP_AUTHORIZATION": RIGHT,
        "wsgi.input": _Unreadable(),
    }
    started: list[str] = []
    router.wsgi_app(environ, lambda status, headers: started.append(status))  # type: ignore[arg-type,return-value]
    assert len(started) == 1 and started[0].startswith("414 ")


def test_an_event_without_ids_says_so_on_one_line() -> None:
    from catapult.events import UnknownEvent, parse_event

    unknown = parse_event(json.dumps({"eventType": FORGED}))
    assert isinstance(unknown, UnknownEvent)
    with pytest.raises(catapult.CatapultError, match="carries no callId") as caught:
        unknown.call()
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 200
