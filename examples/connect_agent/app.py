"""Connect a caller to an agent: the kind of small function an app builds on catapult.

``connect_agent`` takes an inbound call that is ringing, answers it, tells the caller to hold,
dials the agent and bridges the two. ``call_back`` does the same for a customer who asked to
be called back: it dials the agent first, then the customer, and bridges them.
"""

from __future__ import annotations

from catapult import Bridge, Call, CallState, Session

HOLD_MESSAGE = "Please hold while we connect you to an agent."


class CallerGone(Exception):
    """The caller hung up before an agent could be connected."""


def connect_agent(session: Session, caller_id: str, agent_number: str, *, from_: str) -> Bridge:
    """Answer the ringing call ``caller_id``, dial ``agent_number`` and bridge them.

    Raises :class:`CallerGone` when the caller already hung up. The bridge is ``active`` once
    the agent answers (``created`` while the agent's phone still rings).
    """
    caller = session.calls.get(caller_id)
    if caller.is_terminal:
        raise CallerGone(caller_id)
    if caller.state is CallState.STARTED:
        caller.answer()
    caller.speak(HOLD_MESSAGE)
    agent = session.calls.create(from_=from_, to=agent_number, tag=f"agent-for:{caller.id}")
    return caller.bridge_with(agent)


def call_back(session: Session, customer_number: str, agent_number: str, *, from_: str) -> Bridge:
    """Dial the agent, then the customer, and bridge the two calls."""
    agent: Call = session.calls.create(from_=from_, to=agent_number, tag="callback-agent")
    customer = session.calls.create(from_=from_, to=customer_number, tag="callback-customer")
    return session.bridges.create(call_ids=[agent.id, customer.id], bridge_audio=True)


def release(bridge: Bridge) -> None:
    """Hang up every call still in ``bridge`` (the bridge then completes)."""
    for call in bridge.calls():
        if not call.is_terminal:
            call.hangup()
