"""Testing kit for conferences: factories, and the far end of a member's call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from catapult import Conference, ConferenceMember, ConferenceState, MemberState, Session
from catapult.testing import CallScript, EmulatorFixture, make_conference, make_member


def test_factories_make_valid_objects_in_each_state() -> None:
    active = make_conference()
    assert active.state is ConferenceState.ACTIVE and active.active_members == 2
    done = make_conference(state="completed", muted=True)
    assert done.completed_time is not None and done.muted is True
    member = make_member(conference_id=active.id, state="completed")
    assert member.conference_id == active.id and member.removed_time is not None
    assert member.state is MemberState.COMPLETED and member.call_id.startswith("c-")  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        make_conference(mute=True)  # the field is muted


def test_a_bound_factory_member_acts_on_the_emulator(catapult_session: Session) -> None:
    conference = catapult_session.conferences.create(from_="+15550001000")
    call_id = catapult_session.calls.create_id(
        from_="+15550001000", to="+15550002001", conference_id=conference.id
    )
    real = conference.add_member(call_id)
    stand_in = make_member(id=real.id, conference_id=conference.id, session=catapult_session)
    stand_in.mute()
    assert real.refresh().muted is True


def test_the_far_end_of_a_member_hangs_up(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    conference = catapult_session.conferences.create(from_="+15550001000")
    placed = catapult_session.calls.create(
        from_="+15550001000", to="+15550002001", conference_id=conference.id
    )
    member = conference.add_member(placed.id)
    CallScript(catapult_emulator, placed.id).hangup()
    assert member.refresh().state is MemberState.COMPLETED
    assert conference.refresh().state is ConferenceState.COMPLETED


def _ok(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b""]


def _member_with_a_far_end(
    emulator: EmulatorFixture, session: Session, **conference: Any
) -> tuple[Conference, ConferenceMember, CallScript]:
    url = emulator.serve_app(_ok, incoming=False).url("/conf")
    created = session.conferences.create(from_="+15550001000", callback_url=url, **conference)
    call_id = session.calls.create_id(
        from_="+15550001000", to="+15550002001", conference_id=created.id
    )
    return created, created.add_member(call_id), emulator.call(call_id)


def test_a_member_pressing_hash_leaves_the_conference(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    conference, member, far_end = _member_with_a_far_end(catapult_emulator, catapult_session)
    far_end.press("#")
    assert member.refresh().state is MemberState.COMPLETED and member.removed_time is not None
    assert conference.refresh().state is ConferenceState.COMPLETED
    joined, left = catapult_emulator.wait_for_deliveries(
        2, timeout=30, call_id=conference.id, event_type="conference-member"
    )
    assert (joined.event["state"], left.event["state"]) == ("active", "completed")
    assert left.event["memberId"] == member.id and left.event["callId"] == far_end.id
    assert left.event["activeMembers"] == 0 and left.status == 200
    names = [entry["name"] for entry in catapult_session.calls.get(far_end.id).events()]
    assert "dtmf" not in names  # the conference took the key
    assert far_end.state == "active"  # leaving the conference does not end the call


def test_hash_is_an_ordinary_key_under_passthru_digits(
    catapult_emulator: EmulatorFixture, catapult_session: Session
) -> None:
    conference, member, far_end = _member_with_a_far_end(
        catapult_emulator, catapult_session, profile="passthru_digits"
    )
    far_end.press("1#")
    assert member.refresh().state is MemberState.ACTIVE
    assert conference.refresh().active_members == 1
    events = catapult_session.calls.get(far_end.id).events()
    assert [e.parsed_data for e in events if e.name == "dtmf"] == [
        {"dtmfDigit": "1"},
        {"dtmfDigit": "#"},
    ]
