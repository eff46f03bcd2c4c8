"""Conferences and members through the typed API, against the emulator (wire: conferences.md)."""

from __future__ import annotations

import pytest

from catapult import (
    BadRequestError,
    Conference,
    ConferenceMember,
    ConferenceState,
    InvalidArgumentError,
    MemberState,
    NotFoundError,
    PermissionDeniedError,
    Session,
)
from catapult.emulator import Emulator

pytestmark = pytest.mark.both_sessions

HOST = "+15550001000"


def _call(session: Session, conference: Conference, n: int = 1) -> str:
    return session.calls.create_id(from_=HOST, to=f"+1555000200{n}", conference_id=conference.id)


def test_create_get_and_echo(session: Session, emulator: Emulator) -> None:
    conference = session.conferences.create(
        from_=HOST, callback_url="http://app.example/conf", profile="passthru_digits", tag="t1"
    )
    assert isinstance(conference, Conference)
    assert conference.state is ConferenceState.CREATED
    assert (conference.from_, conference.active_members) == (HOST, 0)
    assert (conference.profile, conference.tag) == ("passthru_digits", "t1")
    assert conference.callback_url == "http://app.example/conf"
    assert conference.completed_time is None
    sent = [r for r in emulator.requests() if r.method == "POST"][-1]
    assert sent.json == {
        "from": HOST,
        "callbackUrl": "http://app.example/conf",
        "profile": "passthru_digits",
        "tag": "t1",
    }


def test_members_join_mute_hold_and_leave(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    first = conference.add_member(_call(session, conference, 1), join_tone=True)
    assert isinstance(first, ConferenceMember)
    assert first.state is MemberState.ACTIVE and first.join_tone is True
    assert first.conference_id == conference.id
    assert conference.refresh().state is ConferenceState.ACTIVE
    second = conference.add_member(_call(session, conference, 2))
    assert conference.refresh().active_members == 2

    assert first.mute().muted is True
    assert session.conferences.get_member(conference.id, first.id).muted is True
    assert first.mute(False).refresh().muted is False
    assert second.hold().refresh().held is True

    listed = list(conference.members())
    assert [m.id for m in listed] == [first.id, second.id]
    assert all(m.conference_id == conference.id for m in listed)
    assert listed[0].call_id == first.call_id

    assert first.remove().state is MemberState.COMPLETED
    assert first.refresh().removed_time is not None
    assert conference.refresh().state is ConferenceState.ACTIVE
    second.remove()
    done = conference.refresh()
    assert done.state is ConferenceState.COMPLETED and done.completed_time is not None
    assert [m.state for m in conference.members()] == [MemberState.COMPLETED] * 2


def test_hangup_removes_member_and_completes(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    call_id = _call(session, conference)
    member = conference.add_member(call_id)
    session.calls.get(call_id).hangup()
    assert member.refresh().state is MemberState.COMPLETED
    assert conference.refresh().state is ConferenceState.COMPLETED
    assert session.calls.get(call_id).conference().id == conference.id  # type: ignore[union-attr]


def test_terminate_removes_members_and_refuses_changes(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    member = conference.add_member(_call(session, conference))
    conference.terminate()
    assert conference.state is ConferenceState.COMPLETED
    assert member.refresh().state is MemberState.COMPLETED
    with pytest.raises(PermissionDeniedError) as caught:
        conference.mute()
    assert caught.value.code == "conference-error"


def test_a_removed_member_refuses_changes_and_audio_alike(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    member = conference.add_member(_call(session, conference, 1))
    conference.add_member(_call(session, conference, 2))  # the conference stays active
    member.remove()
    assert conference.refresh().state is ConferenceState.ACTIVE
    refusals = []
    for act in (member.mute, member.hold, member.remove, lambda: member.speak("hi")):
        with pytest.raises(PermissionDeniedError) as caught:
            act()
        refusals.append(caught.value)
    for refused in refusals:
        assert refused.code == "conference-error"
        assert refused.message == (
            f"Unable to update conference member {member.id}. "
            "Invalid conference member state completed"
        )
        assert refused.details["memberState"] == "completed"
    assert member.refresh().state is MemberState.COMPLETED  # still there, still readable


def test_conference_mute_and_hold(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    assert conference.mute().refresh().muted is True
    assert conference.hold().refresh().held is True
    assert conference.hold(False).refresh().held is False


def test_max_members(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    for n in range(20):
        conference.add_member(_call(session, conference, n))
    with pytest.raises(PermissionDeniedError) as caught:
        conference.add_member(_call(session, conference, 99))
    assert (caught.value.code, caught.value.category) == ("conference-max-members", "limit")
    assert conference.refresh().active_members == 20


def test_member_must_be_an_active_call_of_this_conference(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    other = session.calls.create_id(from_=HOST, to="+15550002001")
    with pytest.raises(PermissionDeniedError) as caught:
        conference.add_member(other)
    assert caught.value.code == "invalid-call-conference-id"
    with pytest.raises(PermissionDeniedError) as unknown:
        conference.add_member("c-unknown")
    assert unknown.value.code == "call-id-not-found"
    joined = _call(session, conference)
    conference.add_member(joined)
    with pytest.raises(PermissionDeniedError):
        conference.add_member(joined)


def test_audio_to_conference_and_member(session: Session, emulator: Emulator) -> None:
    conference = session.conferences.create(from_=HOST)
    call_id = _call(session, conference)
    member = conference.add_member(call_id)
    conference.speak("Hello all", voice="kate")
    conference.stop_speaking()
    member.play_audio("http://media.example/a.mp3", tag="m")
    bodies = [r.json for r in emulator.requests() if r.path.endswith("/audio")]
    assert bodies == [
        {"sentence": "Hello all", "voice": "kate"},
        {"sentence": ""},
        {"fileUrl": "http://media.example/a.mp3", "tag": "m"},
    ]
    assert [e.name for e in session.calls.events(call_id)][-1] == "playback"


def test_not_found_and_bad_input(session: Session, emulator: Emulator) -> None:
    with pytest.raises(NotFoundError) as caught:
        session.conferences.get("conf-missing")
    assert caught.value.code == "conference-not-found"
    conference = session.conferences.create(from_=HOST)
    with pytest.raises(NotFoundError) as member:
        conference.member("member-missing")
    assert member.value.code == "conference-member-not-found"
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError):
        session.conferences.create(from_="not a number")
    with pytest.raises(InvalidArgumentError):
        conference.update(callback_timeout=10001)
    with pytest.raises(InvalidArgumentError):
        session.conferences.play_audio(conference.id, {"sentence": "x", "volume": 2})
    with pytest.raises(InvalidArgumentError):
        session.conferences.get_member(conference.id, "../x")
    assert emulator.requests() == []


def test_emulator_refuses_bad_bodies(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    url = f"{session.user_url}/conferences/{conference.id}"
    for body in ({"state": "active"}, {"mute": "maybe"}, {"callbackTimeout": 0}, {"x": 1}):
        with pytest.raises(BadRequestError):
            session.transport.request("POST", url, json=body)
    session.transport.request("POST", url, json={"mute": "true"})  # the docs' string form
    assert conference.refresh().muted is True


def test_calls_of_a_conference(session: Session) -> None:
    conference = session.conferences.create(from_=HOST)
    ids = {_call(session, conference, 1), _call(session, conference, 2)}
    session.calls.create_id(from_=HOST, to="+15550002003")
    assert {c.id for c in session.calls.list(conference_id=conference.id)} == ids


def test_faults_and_request_log_cover_conferences(session: Session, emulator: Emulator) -> None:
    from catapult import ServerError

    conference = session.conferences.create(from_=HOST)
    emulator.inject_fault("GET", "/conferences/*/members", status=500, times=None)
    with pytest.raises(ServerError):
        list(conference.members())
    emulator.clear_faults()
    assert list(conference.members()) == []
    paths = [(r.method, r.path) for r in emulator.requests()]
    assert ("POST", "/conferences") in paths
    assert ("GET", f"/conferences/{conference.id}/members") in paths
