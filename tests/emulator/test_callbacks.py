"""Callback delivery: documented event order, fields, HTTP form, auth, timeouts and fallback.

A real HTTP app (stdlib ``http.server`` on 127.0.0.1) receives the deliveries; tests wait with
``wait_for_deliveries`` instead of sleeping.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from catapult.emulator import CallbackDelivery, CallbackOptions, Emulator, running
from catapult.emulator.__main__ import parse_args
from catapult.events import (
    GatherEvent,
    HangupEvent,
    RecordingEvent,
    SpeakEvent,
    TranscriptionEvent,
    parse_event,
    parse_event_query,
)

from .conftest import ApiClient

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@dataclass
class Received:
    """One request the app received."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    arrived: float

    @property
    def event(self) -> dict[str, Any]:
        if self.method == "GET":
            return dict(parse_qsl(self.query, keep_blank_values=True))
        value: dict[str, Any] = json.loads(self.body)
        return value


@dataclass
class CallbackApp:
    """A tiny app: records every request; ``delays``/``statuses`` per path shape its answers."""

    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str = "/cb", userinfo: str = "") -> str:
        return f"http://{userinfo}127.0.0.1:{self.server.server_address[1]}{path}"

    def events(self, path: str | None = None) -> list[dict[str, Any]]:
        with self.lock:
            return [r.event for r in self.received if path is None or r.path == path]


def _handler(app: CallbackApp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path, _, query = self.path.partition("?")
            with app.lock:
                app.in_flight += 1
                app.max_in_flight = max(app.max_in_flight, app.in_flight)
                app.received.append(
                    Received(self.command, path, query, dict(self.headers), body, time.monotonic())
                )
            try:
                delay = app.delays.get(path, 0.0)
                if delay:
                    app.release.wait(delay)
                status = app.statuses.get(path, 200)
            finally:
                # Counted out before answering: the emulator may send the next event as soon
                # as the answer arrives, before this thread runs again.
                with app.lock:
                    app.in_flight -= 1
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_POST = do_GET

    return Handler


@pytest.fixture
def app() -> Iterator[CallbackApp]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # type: ignore[method-assign]  # aborted
    callback_app = CallbackApp(server)
    server.RequestHandlerClass = _handler(callback_app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield callback_app
    callback_app.release.set()
    server.shutdown()
    server.server_close()
    thread.join(2)


def _closed_port_url() -> str:
    """A URL on a port nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/down"


def _types(deliveries: list[CallbackDelivery]) -> list[str]:
    return [d.event_type for d in deliveries]


# ------------------------------------------------------------------ documented sequences
# (docs/wire/callbacks.md#what-causes-which-events)


def test_auto_answered_inbound_call_speak_then_hangup_arrive_in_order(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    emu.configure_callbacks(incoming_call_url=app.url(), auto_answer_incoming=True)
    call_id = emu.incoming_call("+15551230001", "+15559870002")
    assert api.post(f"/calls/{call_id}/audio", {"sentence": "Hi", "tag": "greet"}).ok
    assert api.post(f"/calls/{call_id}", {"state": "completed"}).ok

    done = emu.wait_for_deliveries(5, call_id=call_id)
    assert _types(done) == ["incomingcall", "answer", "speak", "speak", "hangup"]
    assert all(d.ok and d.status == 200 and not d.fallback and d.attempt == 1 for d in done)
    events = app.events("/cb")
    assert [e["eventType"] for e in events] == _types(done)  # the app saw the same order
    incoming, answer, started, stopped, hangup = events
    for event in events:
        assert event["callId"] == call_id
        assert event["callUri"] == f"{api.root}/calls/{call_id}"
        assert ISO_MS.match(event["time"])
        assert "tag" not in event or event["eventType"] == "speak"  # inbound: no call tag
    assert incoming["from"] == "+15551230001" and incoming["to"] == "+15559870002"
    assert incoming["callState"] == "active" and incoming["applicationId"] == "a-emulator"
    assert answer["callState"] == "active"
    assert (started["status"], started["state"], started["tag"]) == (
        "started",
        "PLAYBACK_START",
        "greet",
    )
    assert (stopped["status"], stopped["state"], stopped["tag"]) == (
        "done",
        "PLAYBACK_STOP",
        "greet",
    )
    assert (hangup["cause"], hangup["callState"]) == ("NORMAL_CLEARING", "completed")
    typed = parse_event(events[-1])
    assert isinstance(typed, HangupEvent) and typed.call_id == call_id


def test_ringing_inbound_call_sends_incomingcall_then_answer_when_the_app_answers(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = emu.incoming_call(callback_url=app.url())
    assert _types(emu.wait_for_deliveries(1)) == ["incomingcall"]
    assert emu.call_state(call_id)["state"] == "started"
    assert api.post(f"/calls/{call_id}", {"state": "active"}).ok
    assert _types(emu.wait_for_deliveries(2)) == ["incomingcall", "answer"]


def test_outbound_answer_carries_the_call_tag_and_documented_headers(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url(), tag="order-66")
    (answer,) = emu.wait_for_deliveries(1, call_id=call_id)
    assert answer.event_type == "answer" and answer.method == "POST"
    assert answer.event["tag"] == "order-66"
    assert answer.event["from"] == "+15550001000" and answer.event["to"] == "+15550009999"
    received = app.received[0]
    assert received.headers["Content-Type"] == "application/json; charset=utf-8"
    assert re.match(r"^BandwidthAPI/v1 \(.+\)$", received.headers["User-Agent"])
    assert "Authorization" not in received.headers
    assert json.loads(received.body) == answer.event


def test_calls_without_a_callback_url_send_nothing(emu: Emulator, api: ApiClient) -> None:
    call_id = api.call()
    emu.incoming_call()
    assert api.post(f"/calls/{call_id}", {"state": "completed"}).ok
    emu.wait_for_callbacks(1.0)
    assert emu.deliveries() == []


def test_reject_sends_hangup_with_call_rejected(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = emu.incoming_call(callback_url=app.url())
    assert api.post(f"/calls/{call_id}", {"state": "rejected"}).ok
    incoming, hangup = emu.wait_for_deliveries(2)
    assert (incoming.event_type, hangup.event_type) == ("incomingcall", "hangup")
    assert (hangup.event["cause"], hangup.event["callState"]) == ("CALL_REJECTED", "completed")
    parsed = parse_event(hangup.event)
    assert isinstance(parsed, HangupEvent) and parsed.is_rejected


def test_caller_giving_up_while_ringing_sends_originator_cancel(
    emu: Emulator, app: CallbackApp
) -> None:
    call_id = emu.incoming_call(callback_url=app.url())
    emu.hangup(call_id)
    hangup = emu.wait_for_deliveries(1, event_type="hangup")[0]
    assert hangup.event["cause"] == "ORIGINATOR_CANCEL"


def test_no_answer_sends_timeout_with_tag_then_hangup_no_answer(app: CallbackApp) -> None:
    with running(auto_answer=False) as emu:
        client = ApiClient(emu)
        call_id = client.call(callbackUrl=app.url(), tag="inbound-c-1")
        emu.no_answer(call_id)
        timeout, hangup = emu.wait_for_deliveries(2)
        assert (timeout.event_type, timeout.event["tag"]) == ("timeout", "inbound-c-1")
        assert "callState" not in timeout.event
        assert (hangup.event_type, hangup.event["cause"]) == ("hangup", "NO_ANSWER")
        emu.configure_callbacks(hangup_after_timeout=False)
        other = client.call(callbackUrl=app.url())
        emu.no_answer(other)
        emu.wait_for_callbacks()
        assert _types(emu.deliveries(call_id=other)) == ["timeout"]
        client.http.close()


def test_gather_by_digits_sends_dtmf_per_digit_then_gather(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url())
    gather_id = api.create(f"/calls/{call_id}/gather", {"maxDigits": 2, "tag": "pin"})
    emu.press_digits(call_id, "42")
    done = emu.wait_for_deliveries(4, call_id=call_id)
    assert _types(done) == ["answer", "dtmf", "dtmf", "gather"]
    assert [d.event["dtmfDigit"] for d in done[1:3]] == ["4", "2"]
    gather = parse_event(done[3].event)
    assert isinstance(gather, GatherEvent)
    assert (gather.state, gather.reason, gather.digits, gather.gather_id, gather.tag) == (
        "completed",
        "max-digits",
        "42",
        gather_id,
        "pin",
    )


def test_gather_ended_by_terminating_digit_excludes_it(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url())
    api.create(f"/calls/{call_id}/gather", {"maxDigits": 5})
    emu.press_digits(call_id, "7#")
    gather = emu.wait_for_deliveries(1, event_type="gather")[0].event
    assert (gather["reason"], gather["digits"]) == ("terminating-digit", "7")
    assert "tag" not in gather


def test_hangup_during_gather_sends_gather_hung_up_before_hangup(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url())
    api.create(f"/calls/{call_id}/gather", {"maxDigits": 3})
    emu.press_digits(call_id, "1")
    emu.hangup(call_id)
    done = emu.wait_for_deliveries(4, call_id=call_id)
    assert _types(done) == ["answer", "dtmf", "gather", "hangup"]
    assert (done[2].event["reason"], done[2].event["digits"]) == ("hung-up", "1")


def test_stopping_a_gather_sends_cancelled_unless_turned_off(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url())
    gather_id = api.create(f"/calls/{call_id}/gather", {})
    assert api.post(f"/calls/{call_id}/gather/{gather_id}", {"state": "completed"}).ok
    assert emu.wait_for_deliveries(1, event_type="gather")[0].event["reason"] == "cancelled"
    emu.configure_callbacks(gather_cancel_event=False, dtmf_during_gather=False)
    gather_id = api.create(f"/calls/{call_id}/gather", {})
    emu.press_digits(call_id, "9")
    assert api.post(f"/calls/{call_id}/gather/{gather_id}", {"state": "completed"}).ok
    emu.wait_for_callbacks()
    assert len(emu.deliveries(event_type="gather")) == 1
    assert emu.deliveries(event_type="dtmf") == []


def test_recording_then_transcription_follow_the_hangup(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(
        callbackUrl=app.url(), recordingEnabled=True, transcriptionEnabled=True, tag="vm"
    )
    emu.hangup(call_id)
    done = emu.wait_for_deliveries(4, call_id=call_id)
    assert _types(done) == ["answer", "hangup", "recording", "transcription"]
    recording = parse_event(done[2].event)
    transcription = parse_event(done[3].event)
    assert isinstance(recording, RecordingEvent) and isinstance(transcription, TranscriptionEvent)
    stored = api.get(f"/calls/{call_id}/recordings").json()[0]
    assert recording.recording_id == stored["id"] and recording.tag == "vm"
    assert (recording.status, recording.state) == ("complete", "complete")
    assert recording.recording_uri == f"{api.root}/recordings/{stored['id']}"
    assert recording.start_time is not None and recording.end_time is not None
    assert "time" not in done[2].event and "callUri" not in done[2].event
    text = api.get(f"/calls/{call_id}/transcriptions").json()[0]
    assert transcription.recording_id == stored["id"]
    assert transcription.transcription_id == text["id"]
    assert (transcription.status, transcription.text, transcription.text_size) == (
        "completed",
        text["text"],
        len(text["text"]),
    )
    assert transcription.transcription_uri == (
        f"{api.root}/recordings/{stored['id']}/transcriptions/{text['id']}"
    )
    assert "callId" not in done[3].event


def test_turning_recording_off_sends_recording_while_the_call_goes_on(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url())
    assert api.post(f"/calls/{call_id}", {"recordingEnabled": True}).ok
    assert api.post(f"/calls/{call_id}", {"recordingEnabled": False}).ok
    assert _types(emu.wait_for_deliveries(2)) == ["answer", "recording"]
    assert emu.call_state(call_id)["state"] == "active"


def test_playback_events_and_looping_audio_done_on_stop(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url())
    assert api.post(f"/calls/{call_id}/audio", {"fileUrl": "https://x/a.wav", "tag": "a"}).ok
    loop = {"fileUrl": "https://x/hold.wav", "loopEnabled": True, "tag": "hold"}
    assert api.post(f"/calls/{call_id}/audio", loop).ok
    assert api.post(f"/calls/{call_id}/audio", {"fileUrl": ""}).ok
    assert api.post(f"/calls/{call_id}/audio", {"sentence": ""}).ok  # nothing playing: no event
    done = emu.wait_for_deliveries(5, call_id=call_id)
    emu.wait_for_callbacks()
    assert [(d.event_type, d.event.get("status"), d.event.get("tag")) for d in done] == [
        ("answer", None, None),
        ("playback", "started", "a"),
        ("playback", "done", "a"),
        ("playback", "started", "hold"),
        ("playback", "done", "hold"),
    ]
    assert len(emu.deliveries(call_id=call_id)) == 5
    assert "state" not in done[1].event  # playback has no state (docs/wire/callbacks.md#playback)


def test_looping_audio_ends_before_the_hangup_and_stop_done_is_optional(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url())
    assert api.post(f"/calls/{call_id}/audio", {"sentence": "Wait", "loopEnabled": "true"}).ok
    emu.hangup(call_id)
    assert _types(emu.wait_for_deliveries(4)) == ["answer", "speak", "speak", "hangup"]
    emu.configure_callbacks(stop_audio_done=False)
    other = api.call(callbackUrl=app.url())
    assert api.post(f"/calls/{other}/audio", {"sentence": "Wait", "loopEnabled": True}).ok
    assert api.post(f"/calls/{other}/audio", {"sentence": ""}).ok
    emu.wait_for_callbacks()
    assert [d.event.get("status") for d in emu.deliveries(other)] == [None, "started"]


def test_bridge_audio_goes_to_each_bridged_call_url(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    first = api.call(callbackUrl=app.url("/first"))
    second = api.call(callbackUrl=app.url("/second"))
    bridge = api.bridge(callIds=[first, second])
    assert api.post(f"/bridges/{bridge}/audio", {"sentence": "Hello both", "tag": "b"}).ok
    emu.wait_for_deliveries(6)
    for call_id, path in ((first, "/first"), (second, "/second")):
        assert _types(emu.deliveries(call_id)) == ["answer", "speak", "speak"]
        assert [e["eventType"] for e in app.events(path)] == ["answer", "speak", "speak"]
    emu.configure_callbacks(bridge_audio_events=False)
    assert api.post(f"/bridges/{bridge}/audio", {"sentence": "again"}).ok
    emu.wait_for_callbacks()
    assert len(emu.deliveries()) == 6


def test_transferred_leg_reports_to_the_transfer_callback_url(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    call_id = api.call(callbackUrl=app.url("/original"))
    response = api.post(
        f"/calls/{call_id}",
        {"state": "transferring", "transferTo": "+15550007777", "callbackUrl": app.url("/leg")},
    )
    leg_id = response.headers["Location"].rsplit("/", 1)[-1]
    emu.hangup(leg_id)
    emu.wait_for_deliveries(4)
    assert [(e["eventType"], e["callId"]) for e in app.events("/leg")] == [
        ("answer", leg_id),
        ("hangup", leg_id),
    ]
    assert [e["eventType"] for e in app.events("/original")] == ["answer", "hangup"]


# ------------------------------------------------------------------ HTTP form
# (docs/wire/callbacks.md#http-form)


def test_get_form_carries_the_same_fields_as_post(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    common = {"recordingEnabled": True, "transcriptionEnabled": True, "tag": "a b+c&d"}
    post_id = api.call(callbackUrl=app.url("/post"), **common)
    get_id = api.call(callbackUrl=app.url("/get?app=1"), callbackHttpMethod="GET", **common)
    for call_id in (post_id, get_id):
        api.create(f"/calls/{call_id}/gather", {"maxDigits": 1, "tag": "g"})
        emu.press_digits(call_id, "5")
        assert api.post(f"/calls/{call_id}/audio", {"sentence": "Hi", "tag": "s"}).ok
        emu.hangup(call_id)
    emu.wait_for_deliveries(16)
    posted = [r for r in app.received if r.path == "/post"]
    got = [r for r in app.received if r.path == "/get"]
    assert {r.method for r in posted} == {"POST"} and {r.method for r in got} == {"GET"}
    assert all(r.body == b"" for r in got)
    assert "from=%2B15550001000" in got[0].query  # percent-encoded, never a bare +
    assert all(r.query.startswith("app=1&") for r in got)  # the URL's own query is kept
    assert len(posted) == len(got) == 8

    def comparable(event: Any) -> dict[str, Any]:
        ignored = {"call_id", "call_uri", "time", "recording_id", "recording_uri", "start_time"}
        ignored |= {"end_time", "transcription_id", "transcription_uri", "text", "text_url"}
        ignored |= {"gather_id", "text_size", "app"}
        return {k: v for k, v in event.model_dump().items() if k not in ignored}

    for via_post, via_get in zip(posted, got, strict=True):
        from_post = parse_event(via_post.body)
        from_get = parse_event_query(via_get.query)
        assert type(from_post) is type(from_get)
        assert comparable(from_post) == comparable(from_get)
        post_keys = set(json.loads(via_post.body))
        assert post_keys == set(dict(parse_qsl(via_get.query))) - {"app"}
        if isinstance(from_get, TranscriptionEvent):
            assert from_get.text_size == len(from_get.text or "")  # converted from text
        if isinstance(from_get, SpeakEvent):
            assert from_get.tag == "s"
    assert parse_event(posted[0].body).tag == parse_event_query(got[0].query).tag == "a b+c&d"


def test_basic_auth_comes_from_url_userinfo_which_is_stripped(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    url = app.url("/secure", userinfo="app%40user:p%3Ass@")
    call_id = api.call(callbackUrl=url, fallbackUrl=url)
    (delivery,) = emu.wait_for_deliveries(1)
    expected = "Basic " + base64.b64encode(b"app@user:p:ss").decode()
    assert app.received[0].headers["Authorization"] == expected
    assert delivery.url == app.url("/secure")
    assert "p%3Ass" not in delivery.url and "@" not in urlsplit(delivery.url).netloc
    assert emu.call_state(call_id)["callbackUrl"] == url  # the resource echoes it as given
    # The app got the credentials; the recorded delivery (printed in CI logs) does not keep them.
    assert delivery.headers["Authorization"] == "REDACTED"
    shown = [repr(delivery), str(delivery), json.dumps(delivery.to_dict())]
    shown.append(requests.get(f"{emu.url}/_emulator/deliveries", timeout=10).text)
    for text in shown:
        assert "REDACTED" in text
        assert expected.split()[1] not in text and "p%3Ass" not in text and "p:ss" not in text


# ------------------------------------------------------------------ failures and fallback


def test_slow_app_times_out_then_fallback_while_the_emulator_stays_fast(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    app.delays["/slow"] = 3.0
    slow = api.call(callbackUrl=app.url("/slow"), callbackTimeout=300, fallbackUrl=app.url("/fb"))
    started = time.monotonic()
    fast = api.call(callbackUrl=app.url("/fast"))
    assert api.get(f"/calls/{slow}").ok and api.post(f"/calls/{slow}/audio", {"sentence": "x"}).ok
    assert time.monotonic() - started < 2.0  # REST answers never wait for the 3 s app
    (other,) = emu.wait_for_deliveries(1, call_id=fast)
    assert other.ok and emu.deliveries(call_id=slow) == []  # other calls go on in parallel
    first, fallback = emu.wait_for_deliveries(2, call_id=slow, event_type="answer")
    assert (first.outcome, first.status, first.fallback) == ("timeout", None, False)
    assert "300 ms" in (first.error or "")
    assert 280 <= first.elapsed_ms < 2900  # cut off at 300 ms, not at the app's 3 s
    assert (fallback.outcome, fallback.fallback, fallback.url) == ("ok", True, app.url("/fb"))
    assert fallback.event == first.event
    speak = emu.wait_for_deliveries(4, call_id=slow)[2:]
    assert [(d.event_type, d.fallback) for d in speak] == [("speak", False), ("speak", True)]


def test_app_down_uses_the_fallback(emu: Emulator, api: ApiClient, app: CallbackApp) -> None:
    call_id = api.call(callbackUrl=_closed_port_url(), fallbackUrl=app.url("/fb"))
    first, fallback = emu.wait_for_deliveries(2, call_id=call_id)
    assert (first.outcome, first.ok, first.status) == ("connect", False, None)
    assert "Refused" in (first.error or "")
    assert (fallback.outcome, fallback.fallback) == ("ok", True)
    assert app.events("/fb")[0]["callId"] == call_id


def test_non_2xx_uses_the_fallback_unless_excluded(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    app.statuses["/broken"] = 500
    first = api.call(callbackUrl=app.url("/broken"), fallbackUrl=app.url("/fb"))
    bad, good = emu.wait_for_deliveries(2, call_id=first)
    assert (bad.outcome, bad.status, good.fallback, good.ok) == ("status", 500, True, True)
    emu.configure_callbacks(fallback_on={"connect", "timeout"})
    second = api.call(callbackUrl=app.url("/broken"), fallbackUrl=app.url("/fb"))
    emu.wait_for_callbacks()
    assert [(d.status, d.fallback) for d in emu.deliveries(second)] == [(500, False)]


def test_without_a_fallback_the_failure_is_recorded_and_nothing_hangs(
    emu: Emulator, api: ApiClient
) -> None:
    call_id = api.call(callbackUrl=_closed_port_url())
    assert api.post(f"/calls/{call_id}", {"state": "completed"}).ok
    answer, hangup = emu.wait_for_deliveries(2, call_id=call_id)
    assert [(d.event_type, d.outcome, d.fallback) for d in (answer, hangup)] == [
        ("answer", "connect", False),
        ("hangup", "connect", False),
    ]
    assert emu.deliveries(ok=True) == []
    emu.wait_for_callbacks(1.0)


def test_retries_are_off_by_default_and_configurable(emu: Emulator, api: ApiClient) -> None:
    emu.configure_callbacks(retries=2)
    call_id = api.call(callbackUrl=_closed_port_url())
    emu.wait_for_callbacks()
    assert [d.attempt for d in emu.deliveries(call_id)] == [1, 2, 3]
    emu.reset()
    # reset restores the options (the profile chose auto_answer_incoming)
    assert emu.callback_options == CallbackOptions(auto_answer_incoming=False)


def test_one_call_is_delivered_one_event_at_a_time_in_order(
    emu: Emulator, api: ApiClient, app: CallbackApp
) -> None:
    app.delays["/slowish"] = 0.05
    call_id = api.call(callbackUrl=app.url("/slowish"))
    emu.press_digits(call_id, "123456")
    emu.hangup(call_id)
    emu.wait_for_deliveries(8, call_id=call_id)
    digits = [e.get("dtmfDigit") for e in app.events("/slowish")]
    assert digits == [None, "1", "2", "3", "4", "5", "6", None]
    assert app.max_in_flight == 1
    sequences = [d.sequence for d in emu.deliveries(call_id)]
    assert sequences == sorted(sequences)


def test_stop_and_reset_end_deliveries_in_flight_promptly(app: CallbackApp) -> None:
    app.delays["/stuck"] = 30.0
    with running() as emu:
        client = ApiClient(emu)
        client.call(callbackUrl=app.url("/stuck"))
        deadline = time.monotonic() + 5
        while not app.received and time.monotonic() < deadline:
            time.sleep(0.01)
        assert app.received, "the delivery never started"
        started = time.monotonic()
        emu.reset()
        assert time.monotonic() - started < 15.0  # not the 30 s the app would take
        assert emu.deliveries() == []  # the aborted attempt is not recorded
        client.call(callbackUrl=app.url("/stuck"))
        client.http.close()
        started = time.monotonic()
    assert time.monotonic() - started < 15.0  # stop() did not wait 30 s for the stuck app


# ------------------------------------------------------------------ control API and CLI


def test_control_api_places_routed_calls_and_lists_deliveries(
    emu: Emulator, app: CallbackApp
) -> None:
    control = f"{emu.url}/_emulator"
    created = requests.post(
        f"{control}/calls/incoming",
        json={"callbackUrl": app.url(), "autoAnswer": True},
        timeout=5,
    )
    call_id = created.json()["id"]
    emu.wait_for_deliveries(2)
    listed = requests.get(f"{control}/deliveries", params={"callId": call_id}, timeout=5).json()
    assert [d["event_type"] for d in listed] == ["incomingcall", "answer"]
    assert listed[0]["ok"] is True and listed[0]["event"]["callId"] == call_id
    only = requests.get(f"{control}/deliveries?eventType=answer&fallback=false", timeout=5)
    assert len(only.json()) == 1
    changed = requests.post(f"{control}/callbacks", json={"retries": 1}, timeout=5).json()
    assert changed["retries"] == 1 and emu.callback_options.retries == 1
    assert requests.delete(f"{control}/deliveries", timeout=5).ok
    assert emu.deliveries() == []


def test_cli_takes_the_application_settings() -> None:
    url = "http://127.0.0.1:9/cb"
    args = parse_args(
        ["--incoming-call-url", url, "--auto-answer-incoming", "--incoming-call-method", "GET"]
    )
    assert args.incoming_call_url == "http://127.0.0.1:9/cb"
    assert args.auto_answer_incoming and args.incoming_call_method == "GET"


def test_emulator_option_routes_inbound_calls_with_the_application_method(
    app: CallbackApp,
) -> None:
    options = {"incoming_call_method": "get", "auto_answer_incoming": True}
    with running(incoming_call_url=app.url("/app"), callbacks=options) as emu:
        call_id = emu.incoming_call()
        assert [d.method for d in emu.wait_for_deliveries(2)] == ["GET", "GET"]
        assert emu.call_state(call_id)["callbackHttpMethod"] == "GET"
    assert [r.method for r in app.received] == ["GET", "GET"]


def test_bad_options_are_refused() -> None:
    with pytest.raises(Exception, match="failure kinds"):
        CallbackOptions(fallback_on=frozenset({"sometimes"}))
    with pytest.raises(Exception, match="GET or POST"):
        CallbackOptions(incoming_call_method="PUT")
