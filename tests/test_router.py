"""The callback router: dispatch by type, unknown events, handler failures, auth, WSGI."""

from __future__ import annotations

import asyncio
import base64
import functools
import inspect
import io
import json
import logging
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from router_requests import ENTRY_POINTS, Serve, served

from catapult import AsyncSession, Call, CallState, InvalidArgumentError, Session
from catapult.emulator import Emulator
from catapult.events import AnswerEvent, EventParseError, GatherEvent, HangupEvent, VoiceEvent
from catapult.router import MAX_BODY, EventRouter, RouterResponse

ANSWER = {
    "eventType": "answer",
    "callId": "c-1",
    "from": "+1555",
    "to": "+1666",
    "callState": "active",
    "time": "2012-11-14T16:29:35.427Z",
}


@pytest.fixture(params=ENTRY_POINTS)
def serve(request: pytest.FixtureRequest) -> Serve:
    """Feeds a router one request through each of its entry points in turn."""
    return functools.partial(served, request.param)


def test_handlers_get_typed_events_and_their_results_are_answered(serve: Serve) -> None:
    router = EventRouter()
    seen: list[VoiceEvent] = []

    @router.on(AnswerEvent)
    def on_answer(event: AnswerEvent) -> dict[str, str]:
        seen.append(event)
        return {"ok": event.call_id or ""}

    response = serve(router, method="POST", body=json.dumps(ANSWER).encode())
    assert response.status == 200
    assert json.loads(response.body) == {"ok": "c-1"}
    assert isinstance(seen[0], AnswerEvent)


def test_get_callbacks_are_parsed_from_the_query(serve: Serve) -> None:
    router = EventRouter()
    router.on("answer")(lambda event: f"<Response>{event.call_id}</Response>")
    response = serve(router, method="GET", query=urlencode(ANSWER))
    assert response.status == 200
    assert response.body == b"<Response>c-1</Response>"
    assert response.content_type.startswith("application/xml")


def test_unknown_events_go_to_the_fallback_or_are_acknowledged(serve: Serve) -> None:
    router = EventRouter()
    assert serve(router, method="POST", body=b'{"eventType":"surprise"}').status == 200
    caught: list[str] = []
    router.fallback(lambda event: caught.append(str(event.event_type)))
    serve(router, method="POST", body=b'{"eventType":"surprise"}')
    assert caught == ["surprise"]


def test_handler_failures_are_logged_and_answered_500(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    router = EventRouter()

    @router.on("hangup")
    def boom(event: VoiceEvent) -> None:
        raise RuntimeError("app bug")

    caplog.set_level(logging.ERROR, logger="catapult.router")
    response = serve(router, method="POST", body=b'{"eventType":"hangup","callId":"c-9"}')
    assert response.status == 500
    assert any("app bug" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    assert "c-9" in caplog.text


def test_bad_payloads_get_400(serve: Serve) -> None:
    assert serve(EventRouter(), method="POST", body=b"nope").status == 400


def test_one_handler_per_event_type() -> None:
    router = EventRouter()
    router.on("answer")(lambda event: None)
    with pytest.raises(ValueError, match="already"):
        router.on(AnswerEvent)(lambda event: None)


def test_basic_auth_is_enforced_when_configured(serve: Serve) -> None:
    router = EventRouter(basic_auth=("app", "pw"))
    body = json.dumps(ANSWER).encode()
    assert serve(router, method="POST", body=body).status == 401
    wrong = "Basic " + base64.b64encode(b"app:nope").decode()
    assert serve(router, method="POST", body=body, headers={"Authorization": wrong}).status == 401
    right = "Basic " + base64.b64encode(b"app:pw").decode()
    assert serve(router, method="POST", body=body, headers={"authorization": right}).status == 200


def test_wsgi_app_serves_the_router() -> None:
    router = EventRouter()
    router.on(HangupEvent)(lambda event: "bye" if event.is_rejected else "hung up")
    body = json.dumps({"eventType": "hangup", "callId": "c-2", "cause": "CALL_REJECTED"}).encode()
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "QUERY_STRING": "",
    }
    started: list[tuple[str, list[tuple[str, str]]]] = []
    chunks = router.wsgi_app(environ, lambda status, headers: started.append((status, headers)))  # type: ignore[arg-type,return-value]
    assert b"".join(chunks) == b"bye"
    assert started[0][0] == "200 OK"


def test_bound_events_act_on_their_call(session: Session, emulator: Emulator) -> None:
    router = EventRouter(session)
    call_id = emulator.incoming_call(from_="+15550009999", to="+15550001000")
    answered: list[Call] = []

    @router.on("incomingcall")
    def on_incoming(event: VoiceEvent) -> None:
        assert hasattr(event, "call")
        call = event.call()  # type: ignore[attr-defined]
        answered.append(call.answer())

    body = {
        "eventType": "incomingcall",
        "callId": call_id,
        "from": "+15550009999",
        "to": "+15550001000",
        "callState": "active",
    }
    emulator.clear_requests()
    assert router.handle(method="POST", body=json.dumps(body)).status == 200
    assert [(r.method, r.json) for r in emulator.requests()] == [("POST", {"state": "active"})]
    assert answered[0].refresh().state is CallState.ACTIVE


def test_gather_events_read_their_gather(session: Session, emulator: Emulator) -> None:
    call_id = emulator.incoming_call(from_="+15550009999", to="+15550001000")
    call = session.calls.get(call_id).answer()
    started = call.gather(max_digits=2)
    emulator.press_digits(call_id, "42")
    event = EventRouter(session).parse(
        method="POST",
        body=json.dumps(
            {"eventType": "gather", "callId": call_id, "gatherId": started.id, "digits": "42"}
        ),
    )
    assert isinstance(event, GatherEvent)
    gather = event.gather()
    assert (gather.id, gather.digits, gather.state) == (started.id, "42", "completed")


def test_async_handlers_act_through_an_async_session(emulator: Emulator) -> None:
    call_id = emulator.incoming_call(from_="+15550009999", to="+15550001000")
    body = json.dumps({"eventType": "incomingcall", "callId": call_id, "callState": "active"})

    async def main() -> tuple[int, CallState | None]:
        async with AsyncSession(
            emulator.user_id, emulator.api_token, emulator.api_secret, base_url=emulator.base_url
        ) as session:
            router = EventRouter(session)

            @router.on("incomingcall")
            async def on_incoming(event: VoiceEvent) -> str:
                call = await event.call().answer_async()  # type: ignore[attr-defined]
                return str(call.state)

            emulator.clear_requests()
            response = await router.handle_async(method="POST", body=body)
            assert response.body == b"active"
            fresh = await session.calls.get(call_id)
            return response.status, fresh.state

    assert asyncio.run(main()) == (200, CallState.ACTIVE)
    assert [(r.method, r.json) for r in emulator.requests(method="POST")] == [
        ("POST", {"state": "active"})
    ]


def test_the_sync_entry_points_refuse_an_async_handler(caplog: pytest.LogCaptureFixture) -> None:
    router = EventRouter()
    ran: list[str] = []

    @router.on("hangup")
    async def on_hangup(event: VoiceEvent) -> None:
        ran.append("ran")

    caplog.set_level(logging.ERROR, logger="catapult.router")
    response = router.handle(method="POST", body=b'{"eventType":"hangup","callId":"c-9"}')
    assert response.status == 500
    assert ran == []
    assert "handle_async" in caplog.text


def test_asgi_app_refuses_huge_bodies_and_answers_lifespan() -> None:
    router = EventRouter()
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    chunk = {"type": "http.request", "body": b"x" * 600_000, "more_body": True}

    async def receive_huge() -> dict[str, Any]:
        return chunk

    scope = {"type": "http", "method": "POST", "query_string": b"", "headers": []}
    asyncio.run(router.asgi_app(scope, receive_huge, send))
    assert sent[0]["status"] == 413
    lifespan = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]

    async def receive_lifespan() -> dict[str, Any]:
        return lifespan.pop(0)

    sent.clear()
    asyncio.run(router.asgi_app({"type": "lifespan"}, receive_lifespan, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"])
def test_methods_other_than_get_and_post_get_405(serve: Serve, method: str) -> None:
    router = EventRouter(basic_auth=("app", "pw"))  # 405 comes first: nothing is read
    called: list[VoiceEvent] = []
    router.fallback(called.append)
    router.on("answer")(called.append)
    response = serve(router, method=method, body=json.dumps(ANSWER), query=urlencode(ANSWER))
    assert response.status == 405
    assert [(name.lower(), value) for name, value in response.headers] == [("allow", "GET, POST")]
    assert called == []


def test_lower_case_methods_are_the_same_methods() -> None:
    router = EventRouter()
    assert router.handle(method="post", body=json.dumps(ANSWER)).status == 200
    assert router.handle(method="get", query=urlencode(ANSWER)).status == 200
    assert router.handle(method="put", body=json.dumps(ANSWER)).status == 405


def test_wsgi_status_lines_carry_their_reason() -> None:
    router = EventRouter()
    started: list[str] = []
    environ = {"REQUEST_METHOD": "DELETE", "wsgi.input": io.BytesIO(b"")}
    router.wsgi_app(environ, lambda status, headers: started.append(status))  # type: ignore[arg-type,return-value]
    assert started == ["405 Method Not Allowed"]


@pytest.mark.parametrize(
    ("argument", "request_"),
    [
        ("method", {"method": None}),
        ("method", {"method": b"POST"}),
        ("body", {"method": "POST", "body": None}),
        ("body", {"method": "POST", "body": {"eventType": "answer"}}),
        ("query", {"method": "GET", "query": 5}),
        ("query", {"method": "POST", "query": None}),
        ("headers", {"method": "POST", "headers": [("Authorization", "Basic x")]}),
        ("headers", {"method": "POST", "headers": "Authorization: Basic x"}),
        ("headers", {"method": "POST", "headers": {"Authorization": b"Basic x"}}),
        ("headers", {"method": "POST", "headers": {b"Authorization": "Basic x"}}),
    ],
)
def test_arguments_of_the_wrong_type_are_refused_before_anything(
    argument: str, request_: dict[str, Any]
) -> None:
    router = EventRouter(basic_auth=("app", "pw"))
    called: list[VoiceEvent] = []
    router.fallback(called.append)
    call = {"body": json.dumps(ANSWER), **request_}
    with pytest.raises(InvalidArgumentError, match=f"^{argument} must be") as caught:
        router.handle(**call)
    assert "Basic x" not in str(caught.value)  # values are never echoed: they may be secrets
    with pytest.raises(InvalidArgumentError, match=f"^{argument} must be"):
        asyncio.run(router.handle_async(**call))
    if argument != "headers":
        with pytest.raises(InvalidArgumentError, match=f"^{argument} must be"):
            router.parse(**call)
    assert called == []


def test_parse_refuses_what_is_not_a_callback_method() -> None:
    with pytest.raises(EventParseError, match="GET or a POST, not 'PUT'"):
        EventRouter().parse(method="PUT", body=json.dumps(ANSWER))


def test_headers_may_be_any_mapping_like_object() -> None:
    from werkzeug.datastructures import Headers  # not a Mapping, but has items()

    router = EventRouter(basic_auth=("app", "pw"))
    right = "Basic " + base64.b64encode(b"app:pw").decode()
    body = json.dumps(ANSWER)
    werkzeug_headers: Any = Headers({"Authorization": right})
    answer = router.handle(method="POST", body=body, headers=werkzeug_headers)
    assert answer.status == 200
    buffer: Any = bytearray(body.encode())
    answer = router.handle(method="POST", body=buffer, headers={"authorization": right})
    assert answer.status == 200


def test_results_that_are_not_json_are_a_handler_failure(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    router = EventRouter()
    router.on("answer")(lambda event: {"call": event})  # an event is not JSON
    caplog.set_level(logging.ERROR, logger="catapult.router")
    response = serve(router, method="POST", body=json.dumps(ANSWER))
    assert response.status == 500
    assert "not JSON serializable" in caplog.text


def _disconnecting(messages: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """Feed ``asgi_app`` these messages; return what was dispatched and what was sent."""
    router = EventRouter()
    dispatched: list[str] = []
    router.fallback(lambda event: dispatched.append(str(event.event_type)))
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "query_string": b"", "headers": []}
    asyncio.run(router.asgi_app(scope, receive, send))
    return dispatched, sent


def test_asgi_app_answers_nothing_to_a_client_that_left_mid_body() -> None:
    body = json.dumps(ANSWER).encode()
    complete = [
        {"type": "http.request", "body": body[:10], "more_body": True},
        {"type": "http.request", "body": body[10:], "more_body": False},
    ]
    assert _disconnecting(list(complete))[0] == ["answer"]  # the same body, whole, is handled
    left = [complete[0], {"type": "http.disconnect"}]
    assert _disconnecting(left) == ([], [])
    valid_so_far = [{"type": "http.request", "body": body, "more_body": True}]
    assert _disconnecting([*valid_so_far, {"type": "http.disconnect"}]) == ([], [])
    assert _disconnecting([{"type": "http.disconnect"}]) == ([], [])


def test_asgi_app_does_not_read_the_body_of_a_refused_method() -> None:
    router = EventRouter()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        raise AssertionError("the body of a PUT is not read")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "PUT", "query_string": b"", "headers": []}
    asyncio.run(router.asgi_app(scope, receive, send))
    assert sent[0]["status"] == 405
    assert (b"allow", b"GET, POST") in sent[0]["headers"]


def test_wsgi_app_refuses_huge_bodies_without_reading_them() -> None:
    router = EventRouter()
    router.fallback(lambda event: pytest.fail("nothing is dispatched"))

    class Unreadable(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            raise AssertionError("a body over the limit is not read")

    started: list[str] = []
    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(MAX_BODY + 1),
        "wsgi.input": Unreadable(),
    }
    chunks = router.wsgi_app(environ, lambda status, headers: started.append(status))  # type: ignore[arg-type,return-value]
    assert started[0].startswith("413 ")
    assert b"".join(chunks) == b"callback body too large"


@pytest.mark.parametrize(
    ("method", "request_part"),
    [
        ("POST", {"body": b"[" * 100_000}),
        ("POST", {"body": b'{"eventType": "answer", "x": ' + b"[" * 100_000}),
        ("GET", {"query": "eventType=answer&diversion=" + "%5B" * 20_000}),  # under MAX_QUERY
    ],
    ids=["array", "inside-object", "diversion"],
)
def test_json_nested_absurdly_deep_is_answered_400(
    serve: Serve, method: str, request_part: dict[str, Any]
) -> None:
    router = EventRouter()
    router.on("answer")(lambda event: "reached")
    response = serve(router, method=method, **request_part)
    assert response.status == 400
    assert b"nested too deeply" in response.body


def test_asgi_app_is_told_apart_as_an_asgi3_application() -> None:
    # How uvicorn (and other servers) choose the interface of an app that is not a class:
    # ASGI 3 when a plain function is a coroutine function, or when its __call__ is one. A
    # bound method is neither, and was served as ASGI 2 (every request failing).
    app = EventRouter().asgi_app
    assert not inspect.isclass(app)
    assert inspect.isfunction(app) or asyncio.iscoroutinefunction(app.__call__)
    assert asyncio.iscoroutinefunction(app.__call__)


def test_wsgi_app_reads_a_chunked_body_when_the_server_ends_the_input() -> None:
    router = EventRouter()
    router.on("answer")(lambda event: "got it")

    def chunked(body: bytes, terminated: bool) -> tuple[str, bytes]:
        environ = {"REQUEST_METHOD": "POST", "wsgi.input": io.BytesIO(body)}
        if terminated:
            environ["wsgi.input_terminated"] = True
        started: list[str] = []
        chunks = router.wsgi_app(environ, lambda status, headers: started.append(status))  # type: ignore[arg-type,return-value]
        return started[0], b"".join(chunks)

    assert chunked(json.dumps(ANSWER).encode(), terminated=True) == ("200 OK", b"got it")
    assert chunked(json.dumps(ANSWER).encode(), terminated=False)[0].startswith("400")
    assert chunked(b" " * (MAX_BODY + 1), terminated=True)[0].startswith("413")


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"session": "not a session"}, "session must be a Session, an AsyncSession or None"),
        ({"basic_auth": ("app",)}, "basic_auth must be a (user, password) tuple"),
        ({"basic_auth": ("app", "")}, "basic_auth must be a (user, password) tuple"),
        ({"basic_auth": "app:pw"}, "basic_auth must be a (user, password) tuple"),
        ({"basic_auth": ("app:x", "pw")}, "the user without ':'"),
    ],
)
def test_the_router_refuses_bad_arguments_when_built(arguments: dict[str, Any], says: str) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape(says)) as caught:
        EventRouter(**arguments)
    assert "pw" not in str(caught.value)


def test_a_401_says_how_to_authenticate_and_is_logged(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    router = EventRouter(basic_auth=("app", "pw"))
    caplog.set_level(logging.WARNING, logger="catapult.router")
    refused = serve(router, method="POST", body=json.dumps(ANSWER))
    assert refused.status == 401
    assert ("www-authenticate", 'Basic realm="callbacks"') in [
        (name.lower(), value) for name, value in refused.headers
    ]
    assert "without the expected Basic credentials" in caplog.text
    lower = "basic " + base64.b64encode(b"app:pw").decode()  # the scheme has no case
    assert (
        serve(
            router, method="POST", body=json.dumps(ANSWER), headers={"Authorization": lower}
        ).status
        == 200
    )


def test_a_handler_may_answer_with_its_own_response(serve: Serve) -> None:
    router = EventRouter()
    router.on("answer")(lambda event: RouterResponse(202, b"later", "text/plain"))
    router.on("hangup")(lambda event: {"ratio": float("nan")})  # no JSON: a handler failure
    assert serve(router, method="POST", body=json.dumps(ANSWER)).status == 202
    hangup = {**ANSWER, "eventType": "hangup"}
    assert serve(router, method="POST", body=json.dumps(hangup)).status == 500


def test_a_query_may_be_bytes_and_start_with_a_question_mark() -> None:
    router = EventRouter()
    seen: list[str] = []
    router.fallback(lambda event: seen.append(str(event.event_type)))
    query = urlencode(ANSWER)
    for given in (query.encode(), "?" + query):
        assert router.handle(method="GET", query=given).status == 200
    assert seen == ["answer", "answer"]


def test_asgi_app_refuses_a_declared_huge_body_unread_and_closes_websockets() -> None:
    router = EventRouter()
    sent: list[dict[str, Any]] = []
    reads: list[str] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        reads.append("read")
        return {"type": "http.request", "body": b"", "more_body": False}

    headers = [(b"content-length", str(MAX_BODY + 1).encode())]
    scope = {"type": "http", "method": "POST", "query_string": b"", "headers": headers}
    asyncio.run(router.asgi_app(scope, receive, send))
    assert sent[0]["status"] == 413 and reads == []
    sent.clear()
    asyncio.run(router.asgi_app({"type": "websocket"}, receive, send))
    assert sent == [{"type": "websocket.close", "code": 1003}] and reads == []


def test_a_callback_that_does_not_parse_is_told_without_the_validation_library() -> None:
    body = json.dumps({**ANSWER, "time": "nope", "callId": 5})
    with pytest.raises(EventParseError) as caught:
        EventRouter().parse(method="POST", body=body)
    assert str(caught.value).startswith("answer event does not parse: callId: ")
    assert "time: " in str(caught.value) and "pydantic" not in str(caught.value)
