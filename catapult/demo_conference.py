"""The ``demo --conference`` walk: a conference's life, each request printed as it is sent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ._session import Session
from .demo import narrating
from .resources.conferences import ConferenceMember


def walk_conference_lifecycle(
    session: Session, from_number: str, to_numbers: Sequence[str], out: TextIO
) -> None:
    """A conference, two members, speech, mute and hold, the member list, terminate."""
    with narrating(session, out) as (step, show):
        step(f"1. Create a conference hosted by {from_number}")
        conference = session.conferences.create(from_=from_number)
        show(f"{conference.id} is {conference.state}")

        step(f"2. Call {to_numbers[0]} and {to_numbers[1]} and add them as members")
        members: list[ConferenceMember] = []
        for to in to_numbers[:2]:
            call = session.calls.create(from_=from_number, to=to, conference_id=conference.id)
            members.append(conference.add_member(call.id, join_tone=True))
        first, second = members
        show(
            f"{conference.refresh().id} is {conference.state}, {conference.active_members} members"
        )

        step("3. Speak to everyone")
        conference.speak("Welcome to the conference.", voice="Kate")

        step("4. Mute the first member, hold the second")
        first.mute()
        second.hold()
        for member in conference.members():
            show(f"{member.id} ({member.call_id}): muted {member.muted}, held {member.held}")

        step("5. Remove the first member")
        first.remove()
        show(f"{conference.refresh().active_members} member(s) left")

        step("6. Terminate the conference")
        conference.terminate()
        done = conference.refresh()
        show(f"conference {done.id}: {done.state} (completed at {done.completed_time})")
        for member in conference.members():
            show(f"member {member.id}: {member.state}")
