"""The callback router: dispatch by type, unknown events, handler failures, auth, WSGI."""

from __future__ import annotations

import base64
import io
import json
import logging
from typing import Any
from urllib.parse import urlencode

import pytest

from catapult import Call, CallState, Session
from catapult.emulator import Emulator
from catapult.events import AnswerEvent, GatherEvent, HangupEvent, VoiceEvent
from catapult.router import EventRouter

ANSWER = {
    "eventType": "answer",
    "callId": "c-1",
    "from": "+1555",
    "to": "+1666",
    "callState": "active",
    "time": "2012-11-14T16:29:35.427Z",
}


def test_handlers_get_typed_events_and_their_results_are_answered() -> None:
    router = EventRouter()
    seen: list[VoiceEvent] = []

    @router.on(AnswerEvent)
    def on_answer(event: AnswerEvent) -> dict[str, str]:
        seen.append(event)
        return {"ok": event.call_id or ""}

    response = router.handle(method="POST", body=json.dumps(ANSWER).encode())
    assert response.status == 200
    assert json.loads(response.body) == {"ok": "c-1"}
    assert isinstance(seen[0], AnswerEvent)


def test_get_callbacks_are_parsed_from_the_query() -> None:
    router = EventRouter()
    router.on("answer")(lambda event: f"<Response>{event.call_id}</Response>")
    response = router.handle(method="GET", query=urlencode(ANSWER))
    assert response.status == 200
    assert response.body == b"<Response>c-1</Response>"
    assert response.content_type.startswith("application/xml")


def test_unknown_events_go_to_the_fallback_or_are_acknowledged() -> None:
    router = EventRouter()
    assert router.handle(method="POST", body=b'{"eventType":"surprise"}').status == 200
    caught: list[str] = []
    router.fallback(lambda event: caught.append(str(event.event_type)))
    router.handle(method="POST", body=b'{"eventType":"surprise"}')
    assert caught == ["surprise"]


def test_handler_failures_are_logged_and_answered_500(caplog: pytest.LogCaptureFixture) -> None:
    router = EventRouter()

    @router.on("hangup")
    def boom(event: VoiceEvent) -> None:
        raise RuntimeError("app bug")

    caplog.set_level(logging.ERROR, logger="catapult.router")
    response = router.handle(method="POST", body=b'{"eventType":"hangup","callId":"c-9"}')
    assert response.status == 500
    assert any("app bug" in (r.exc_text or "") or r.exc_info for r in caplog.records)
    assert "c-9" in caplog.text


def test_bad_payloads_get_400() -> None:
    assert EventRouter().handle(method="POST", body=b"nope").status == 400


def test_one_handler_per_event_type() -> None:
    router = EventRouter()
    router.on("answer")(lambda event: None)
    with pytest.raises(ValueError, match="already"):
        router.on(AnswerEvent)(lambda event: None)


def test_basic_auth_is_enforced_when_configured() -> None:
    router = EventRouter(basic_auth=("app", "pw"))
    body = json.dumps(ANSWER).encode()
    assert router.handle(method="POST", body=body).status == 401
    wrong = "Basic " + base64.b64encode(b"app:nope").decode()
    assert router.handle(method="POST", body=body, headers={"Authorization": wrong}).status == 401
    right = "Basic " + base64.b64encode(b"app:pw").decode()
    assert router.handle(method="POST", body=body, headers={"authorization": right}).status == 200


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
