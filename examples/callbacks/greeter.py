"""The voice app both framework examples serve: greet the caller, then hang up.

Framework-free: it only registers handlers on an :class:`~catapult.router.EventRouter`, which
``flask_app.py`` (sync, :func:`build_router`) and ``fastapi_app.py`` (async,
:func:`build_async_router`) feed from their own routes.
"""

from __future__ import annotations

from catapult import AsyncSession, Session
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


def build_async_router(session: AsyncSession, greeting: str) -> EventRouter:
    """:func:`build_router` for async servers: the same app, every request awaited."""
    router = EventRouter(session)

    @router.on(AnswerEvent)
    async def greet(event: AnswerEvent) -> None:
        await event.call().speak_async(greeting, tag="greeting")

    @router.on(SpeakEvent)
    async def hang_up_after_greeting(event: SpeakEvent) -> None:
        if event.is_done and event.tag == "greeting":
            await event.call().hangup_async()

    @router.on(HangupEvent)
    async def log_hangup(event: HangupEvent) -> None:
        print(f"call {event.call_id} ended: {event.cause}")

    return router
