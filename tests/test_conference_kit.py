"""Testing kit for conferences: factories, and the far end of a member's call."""

from __future__ import annotations

import pytest

from catapult import ConferenceState, MemberState, Session
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
