"""The callbacks demo: a call-forwarding app built on :class:`~catapult.router.EventRouter`.

The app is served by the standard library's ``wsgiref`` on a free local port; the embedded
emulator sends it real callbacks. An inbound call arrives; the app answers it, asks the caller
to hold and dials an agent with ``tag`` = the inbound call's id; when the agent answers it
bridges the two; when either side hangs up it hangs up the other. Every event the app receives
(``<-``) and every action it takes (``->``) is printed. It always runs against the embedded
emulator: a real account could not reach an app on 127.0.0.1.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Generator
from contextlib import contextmanager
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING, Any, TextIO
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from ._errors import APIError
from ._session import Session
from .events import AnswerEvent, HangupEvent, IncomingCallEvent, SpeakEvent, VoiceEvent
from .router import EventRouter

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

#: How long the demo waits for each step before it gives up (seconds).
STEP_TIMEOUT = 5.0


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log: the demo prints its own transcript."""


@contextmanager
def serving(app: WSGIApplication, host: str = "127.0.0.1") -> Generator[str, None, None]:
    """Serve a WSGI app on a free port of ``host`` in a background thread; yields its URL."""
    server = make_server(
        host, 0, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
    )
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/callbacks"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2.0)


class ForwardingApp:
    """Forwards each inbound call to ``agent_number`` and bridges the two legs."""

    def __init__(self, session: Session, agent_number: str, out: TextIO) -> None:
        self.session = session
        self.agent_number = agent_number
        self.router: EventRouter = EventRouter(session)
        #: Set once served: where the app's callbacks go (the agent leg's ``callback_url``).
        self.url = ""
        self.bridged: threading.Event = threading.Event()
        self.finished: threading.Event = threading.Event()
        self._out = out
        self._lock = threading.Lock()
        self._peers: dict[str, str] = {}
        self._ended: set[str] = set()
        router = self.router
        router.on(IncomingCallEvent)(self.on_incoming_call)
        router.on(AnswerEvent)(self.on_answer)
        router.on(SpeakEvent)(self.on_speak)
        router.on(HangupEvent)(self.on_hangup)
        router.fallback(self.on_other)

    def say(self, text: str) -> None:
        with self._lock:
            print(f"  {text}", file=self._out, flush=True)

    def on_incoming_call(self, event: IncomingCallEvent) -> None:
        self.say(f"app <- incomingcall {event.call_id} from {event.from_} to {event.to}")
        self.say(f"app -> answer {event.call_id}")
        event.call().answer()

    def on_answer(self, event: AnswerEvent) -> None:
        caller_id = event.tag
        if caller_id is None:  # the inbound call: no tag (docs/wire/callbacks.md#common-fields)
            self.say(f"app <- answer {event.call_id} (caller)")
            self.say(f"app -> speak 'Please hold while we connect you.' on {event.call_id}")
            event.call().speak("Please hold while we connect you.", tag="hold")
            self.say(f"app -> dial agent {self.agent_number} (tag {event.call_id})")
            agent = self.session.calls.create(
                from_=event.to or "",
                to=self.agent_number,
                callback_url=self.url,
                tag=event.call_id or "",
            )
            self.say(f"app    agent leg is {agent.id}")
            self._pair(event.call_id or "", agent.id)
            return
        self.say(f"app <- answer {event.call_id} (agent, tag {caller_id})")
        self._pair(caller_id, event.call_id or "")
        bridge = event.call().bridge_with(caller_id)
        self.say(f"app -> bridge {caller_id} + {event.call_id} = {bridge.id} ({bridge.state})")
        self.bridged.set()

    def on_speak(self, event: SpeakEvent) -> None:
        self.say(f"app <- speak {event.status} ({event.state}) on {event.call_id}")

    def on_hangup(self, event: HangupEvent) -> None:
        call_id = event.call_id or ""
        self.say(f"app <- hangup {call_id} ({event.cause})")
        with self._lock:
            self._ended.add(call_id)
            peer = self._peers.get(call_id)
            live_peer = peer if peer is not None and peer not in self._ended else None
            done = peer is not None and peer in self._ended
        if live_peer is not None:
            self.say(f"app -> hang up the other leg {live_peer}")
            try:
                self.session.calls.update(live_peer, state="completed")
            except APIError as exc:  # it ended meanwhile
                self.say(f"app    (already ended: {exc.code})")
        if done:
            self.finished.set()

    def on_other(self, event: VoiceEvent) -> None:
        self.say(f"app <- {event.event_type}")

    def partner_of(self, call_id: str) -> str | None:
        """The other leg paired with ``call_id``, if any."""
        with self._lock:
            return self._peers.get(call_id)

    def _pair(self, caller_id: str, agent_id: str) -> None:
        with self._lock:
            self._peers[caller_id], self._peers[agent_id] = agent_id, caller_id


def _final_states(session: Session, caller_id: str, agent_id: str | None) -> str:
    """``caller completed, agent completed, bridge completed`` as read from the API."""
    caller = session.calls.get(caller_id)
    parts = [f"caller {caller.state}"]
    if agent_id is not None:
        agent = session.calls.get(agent_id)
        parts.append(f"agent {agent.state}")
        bridge_id = agent.bridge_id or caller.bridge_id
        if bridge_id:
            parts.append(f"bridge {session.bridges.get(bridge_id).state}")
    return ", ".join(parts)


def run_callbacks_demo(
    *,
    our_number: str = "+15550001000",
    caller_number: str = "+15550003000",
    agent_number: str = "+15550002001",
    out: TextIO | None = None,
) -> int:
    """Run the forwarding app against the embedded emulator; returns the exit status."""
    from .emulator import running

    stream: TextIO = sys.stdout if out is None else out

    with (
        running() as emulator,
        Session(
            emulator.user_id, emulator.api_token, emulator.api_secret, base_url=emulator.base_url
        ) as session,
    ):
        app = ForwardingApp(session, agent_number, stream)
        with serving(app.router.wsgi_app) as url:
            app.url = url
            print(f"catapult demo --callbacks: emulator at {emulator.base_url}", file=stream)
            print(f"  an app built on EventRouter listens at {url}", file=stream)
            caller = emulator.incoming_call(caller_number, our_number, callback_url=url)
            app.say(f"net    call {caller} from {caller_number} to {our_number} arrives")
            if not app.bridged.wait(STEP_TIMEOUT):
                app.say("demo: the calls were not bridged in time")
                return 1
            app.say(f"net    caller {caller} hangs up")
            emulator.hangup(caller)
            if not app.finished.wait(STEP_TIMEOUT):
                app.say("demo: the app did not tear both legs down in time")
                return 1
            emulator.wait_for_callbacks(STEP_TIMEOUT)
        deliveries = emulator.deliveries()
        failed = [d for d in deliveries if not d.ok]
        print(
            f"\n  {len(deliveries)} callbacks delivered, {len(failed)} failed; "
            f"final states: {_final_states(session, caller, app.partner_of(caller))}",
            file=stream,
        )
    print("\n  Done.", file=stream)
    return 0 if not failed else 1
