"""Conference callback events: parsed from the official SDKs' vectors, routed by EventRouter,
and acting on their conference, member and call (docs/wire/conferences.md#callback-events)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from catapult import CatapultError, ConferenceState, MemberState, Session
from catapult.events import EventType, UnknownEvent, parse_event, parse_event_query
from catapult.events_conference import (
    ConferenceEvent,
    ConferenceMemberEvent,
    ConferencePlaybackEvent,
    ConferenceSpeakEvent,
)
from catapult.router import EventRouter

U = "https://api.catapult.inetwork.com/v1/users/u-ndh7ecxejswersdu5g8zngvca"
# python-bandwidth 1.x tests/test_events.py
CONFERENCE = {
    "conferenceId": "conf-xx",
    "conferenceUri": f"{U}/conferences/conf-xx",
    "eventType": "conference",
    "status": "completed",
    "createdTime": "2013-07-12T16:29:32.521-02:00",
    "completedTime": "2013-07-12T16:45:10.103-02:00",
}
MEMBER = {
    "activeMembers": 1,
    "callId": "c-xx",
    "conferenceId": "conf-xx",
    "eventType": "conference-member",
    "hold": False,
    "memberId": "member-yy",
    "memberUri": f"{U}/conferences/conf-xx/members/member-yy",
    "mute": False,
    "state": "active",
    "time": "2013-07-12T20:53:11.646Z",
}
SPEAK = {
    "eventType": "conference-speak",
    "conferenceId": "conf-xx",
    "conferenceUri": f"{U}/conferences/conf-xx",
    "status": "started",
    "time": "2013-07-12T21:22:55.046Z",
}
PLAYBACK = {**SPEAK, "eventType": "conference-playback", "time": "2013-07-12T21:18:19.966Z"}


def test_conference_event_vector() -> None:
    event = parse_event(json.dumps(CONFERENCE))
    assert isinstance(event, ConferenceEvent) and event.event_type is EventType.CONFERENCE
    minus_2 = timezone(timedelta(hours=-2))
    assert event.created_time == datetime(2013, 7, 12, 16, 29, 32, 521000, tzinfo=minus_2)
    assert event.completed_time == datetime(2013, 7, 12, 16, 45, 10, 103000, tzinfo=minus_2)
    assert (event.conference_id, event.status) == ("conf-xx", "completed")


def test_member_event_vector_and_its_get_form() -> None:
    event = parse_event(MEMBER)
    assert isinstance(event, ConferenceMemberEvent)
    assert (event.active_members, event.member_id, event.call_id) == (1, "member-yy", "c-xx")
    assert (event.hold, event.mute, event.state) == (False, False, "active")
    query = {
        key: str(value).lower() if isinstance(value, bool) else str(value)
        for key, value in MEMBER.items()
    }
    again = parse_event_query(query)
    assert isinstance(again, ConferenceMemberEvent)
    assert (again.active_members, again.hold) == (1, False)


@pytest.mark.parametrize(
    ("body", "kind"), [(SPEAK, ConferenceSpeakEvent), (PLAYBACK, ConferencePlaybackEvent)]
)
def test_audio_event_vectors(body: dict[str, Any], kind: type[Any]) -> None:
    event = parse_event(body)
    assert isinstance(event, kind) and not isinstance(event, UnknownEvent)
    assert (event.conference_id, event.status) == ("conf-xx", "started")


def test_router_routes_conference_events() -> None:
    router = EventRouter()
    seen: list[str] = []

    @router.on(ConferenceMemberEvent)
    def on_member(event: ConferenceMemberEvent) -> None:
        seen.append(f"member {event.member_id}")

    @router.on(ConferenceEvent)
    def on_conference(event: ConferenceEvent) -> None:
        seen.append(f"conference {event.status}")

    @router.on("conference-speak", "conference-playback")
    def on_audio(event: ConferenceSpeakEvent | ConferencePlaybackEvent) -> None:
        seen.append(f"{event.event_type} {event.status}")

    for body in (CONFERENCE, MEMBER, SPEAK, PLAYBACK):
        assert router.handle(method="POST", body=json.dumps(body)).status == 200
    assert seen == [
        "conference completed",
        "member member-yy",
        "conference-speak started",
        "conference-playback started",
    ]


def test_events_act_on_their_conference_member_and_call(session: Session) -> None:
    conference = session.conferences.create(from_="+15550001000")
    call_id = session.calls.create_id(
        from_="+15550001000", to="+15550002001", conference_id=conference.id
    )
    member = conference.add_member(call_id)
    body = {**MEMBER, "conferenceId": conference.id, "memberId": member.id, "callId": call_id}
    event = parse_event(body, session=session)
    assert isinstance(event, ConferenceMemberEvent)
    assert event.member().mute().refresh().muted is True
    assert event.call().refresh().id == call_id
    assert event.fetch_call().conference_id == conference.id  # one GET of the member's call
    assert event.fetch_conference().state is ConferenceState.ACTIVE
    event.member().remove()
    assert member.refresh().state is MemberState.COMPLETED
    with pytest.raises(CatapultError):
        parse_event({**MEMBER, "memberId": None}, session=session).member()  # type: ignore[attr-defined]


def test_conference_events_are_importable_from_catapult_events() -> None:
    from catapult import events, events_conference

    names = [
        "ConferenceEvent",
        "ConferenceEventBase",
        "ConferenceMemberEvent",
        "ConferencePlaybackEvent",
        "ConferenceSpeakEvent",
    ]
    assert set(names) <= set(events.__all__)
    for name in names:
        assert getattr(events, name) is getattr(events_conference, name)


@pytest.mark.parametrize(
    "module", ["catapult.events_conference", "catapult._event_parse", "catapult.events"]
)
def test_each_event_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    # A cycle between the event modules fails for whichever of them is imported first.
    script = f"import {module}; from catapult.events import ConferenceEvent, parse_event"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()


def test_a_member_events_state_is_a_member_state_as_the_members_own() -> None:
    body = {"eventType": "conference-member", "conferenceId": "conf-1", "memberId": "m-1"}
    active = parse_event({**body, "state": "active"})
    assert isinstance(active, ConferenceMemberEvent)
    assert active.state is MemberState.ACTIVE and active.state == "active"
    later = parse_event({**body, "state": "parked"})
    assert isinstance(later, ConferenceMemberEvent)
    assert isinstance(later.state, MemberState) and not later.state.is_known
