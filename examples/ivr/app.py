"""A small IVR: "press 1 for sales, 2 for support".

- An inbound call is answered (when it still rings) and asked for one key.
- ``1``: the caller is transferred to the sales line.
- ``2``: the app dials the support agent (tagged with the caller's call id) and bridges the
  two when the agent answers; when either side hangs up, the other is hung up too.
- anything else, or no key in time: the menu is offered again, twice at most, then goodbye.

Framework-free: :func:`build_ivr` returns an :class:`~catapult.router.EventRouter`, served as
``router.wsgi_app`` (any WSGI server) or ``router.asgi_app``. ``examples/ivr/test_app.py``
tests it end to end with the ``catapult.testing`` kit only.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from catapult import CallState, Session
from catapult.events import AnswerEvent, GatherEvent, HangupEvent, IncomingCallEvent
from catapult.router import EventRouter

MENU = "Press 1 for sales, 2 for support."
RETRY = "Sorry, that is not an option."
GOODBYE = "Goodbye."
CONNECTING = "Connecting you to support."
MAX_TRIES = 2


@dataclass
class IvrSettings:
    """Where the IVR sends callers, and where its own callbacks are served."""

    our_number: str
    sales: str
    support: str
    callback_url: str
    """The URL of this app's callback route (given to the support leg it dials)."""


@dataclass
class _Calls:
    lock: threading.Lock = field(default_factory=threading.Lock)
    tries: dict[str, int] = field(default_factory=dict[str, int])
    partner: dict[str, str] = field(default_factory=dict[str, str])


def build_ivr(session: Session, settings: IvrSettings) -> EventRouter:
    """The IVR's callback handlers on a router bound to ``session``."""
    router = EventRouter(session)
    calls = _Calls()

    def offer_menu(call_id: str) -> None:
        session.calls.create_gather_id(
            call_id, max_digits=1, inter_digit_timeout=5, prompt={"sentence": MENU}, tag="menu"
        )

    @router.on(IncomingCallEvent)
    def answer(event: IncomingCallEvent) -> None:
        caller = event.fetch_call()
        if caller.state is CallState.STARTED:
            caller.answer()
        offer_menu(caller.id)

    @router.on(GatherEvent)
    def choose(event: GatherEvent) -> None:
        if event.tag != "menu" or event.reason == "hung-up" or not event.call_id:
            return
        caller = event.call()
        if event.digits == "1":
            caller.transfer(settings.sales, caller_id=settings.our_number)
        elif event.digits == "2":
            caller.speak(CONNECTING)
            session.calls.create_id(
                from_=settings.our_number,
                to=settings.support,
                callback_url=settings.callback_url,
                tag=f"support-for:{caller.id}",
            )
        else:
            with calls.lock:
                tries = calls.tries[caller.id] = calls.tries.get(caller.id, 0) + 1
            if tries < MAX_TRIES:
                caller.speak(RETRY)
                offer_menu(caller.id)
            else:
                caller.speak(GOODBYE)
                caller.hangup()

    @router.on(AnswerEvent)
    def bridge_support(event: AnswerEvent) -> None:
        tag = event.tag or ""
        if not tag.startswith("support-for:") or not event.call_id:
            return
        caller_id = tag.removeprefix("support-for:")
        with calls.lock:
            calls.partner[caller_id], calls.partner[event.call_id] = event.call_id, caller_id
        event.call().bridge_with(caller_id)

    @router.on(HangupEvent)
    def hang_up_partner(event: HangupEvent) -> None:
        with calls.lock:
            other = calls.partner.pop(event.call_id or "", None)
            if other:
                calls.partner.pop(other, None)
        if other and not session.calls.get(other).is_terminal:
            session.calls.get(other).hangup()

    return router
