"""The voice app both framework examples serve: greet the caller, then hang up.

Framework-free: it only registers handlers on an :class:`~catapult.router.EventRouter`, which
``flask_app.py`` and ``fastapi_app.py`` feed from their own routes.
"""

from __future__ import annotations

from catapult import Session
from catapult.events import AnswerEvent, HangupEvent, SpeakEvent
from catapult.router import EventRouter


def build_router(session: Session, greeting: str) -> EventRouter:
    """A router that speaks ``greeting`` on answer, hangs up after it, and logs hangups."""
    router = EventRouter(session)

    @router.on(AnswerEvent)
    def greet(event: AnswerEvent) -> None:
        event.call().speak(greeting, tag="greeting")

    @router.on(SpeakEvent)
    def hang_up_after_greeting(event: SpeakEvent) -> None:
        if event.is_done and event.tag == "greeting":
            event.call().hangup()

    @router.on(HangupEvent)
    def log_hangup(event: HangupEvent) -> None:
        print(f"call {event.call_id} ended: {event.cause}")

    return router
