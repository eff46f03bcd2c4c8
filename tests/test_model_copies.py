"""Copies and pickles of models: what travels with them (a member's conference, a gather's
call, the session) and what a model rebuilt from its fields alone says it lacks."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from catapult import (
    CatapultError,
    Conference,
    ConferenceMember,
    Gather,
    MemberState,
    MissingContextError,
    Session,
)
from catapult.events import parse_event

HOST = "+15550001000"

COPIES: dict[str, Callable[[Any], Any]] = {
    "copy": copy.copy,
    "deepcopy": copy.deepcopy,
    "model_copy": lambda model: model.model_copy(),
    "model_copy_deep": lambda model: model.model_copy(deep=True),
    "model_copy_update": lambda model: model.model_copy(update={"tag": "copied"}),
}


def _unpickled(model: Any) -> Any:
    return pickle.loads(pickle.dumps(model))


def _conference_with_member(session: Session) -> tuple[Conference, ConferenceMember]:
    conference = session.conferences.create(from_=HOST)
    call_id = session.calls.create_id(from_=HOST, to="+15550002001", conference_id=conference.id)
    return conference, conference.add_member(call_id)


def test_pickled_member_keeps_its_conference_and_acts_once_bound(session: Session) -> None:
    conference, member = _conference_with_member(session)
    clone = _unpickled(member)
    assert clone == member and clone.conference_id == conference.id
    with pytest.raises(MissingContextError, match="not bound to a session"):
        _ = clone.session  # a pickle never carries the session
    clone.bind(session)
    assert clone.mute().refresh().muted is True
    assert clone.remove().refresh().state is MemberState.COMPLETED
    assert member.refresh().state is MemberState.COMPLETED


@pytest.mark.parametrize("make_copy", list(COPIES.values()), ids=list(COPIES))
def test_member_copies_keep_conference_and_session(
    session: Session, make_copy: Callable[[Any], Any]
) -> None:
    conference, member = _conference_with_member(session)
    clone = make_copy(member)
    assert clone is not member and clone.id == member.id
    assert clone.conference_id == conference.id
    assert clone.session is session  # the same session: it is shared, never copied
    assert clone.hold().refresh().held is True
    clone.of_conference("conf-other")
    assert member.conference_id == conference.id  # the copy's slot is its own


def test_member_rebuilt_from_its_fields_names_the_way_to_attach_it(session: Session) -> None:
    conference, member = _conference_with_member(session)
    rebuilt = ConferenceMember.model_validate(member.model_dump()).bind(session)
    with pytest.raises(MissingContextError, match=r"of_conference\(conference_id\)") as caught:
        rebuilt.mute()
    assert isinstance(caught.value, CatapultError) and not isinstance(caught.value, ValueError)
    assert member.id in str(caught.value)
    assert rebuilt.of_conference(conference.id).mute().refresh().muted is True


def test_gather_without_call_url_keeps_its_call_through_copies_and_pickles() -> None:
    gather = Gather.model_validate({"id": "g-1", "state": "started"}).of_call("c-1")
    for clone in (_unpickled(gather), *(make(gather) for make in COPIES.values())):
        assert clone.call_id == "c-1"
    rebuilt = Gather.model_validate(gather.model_dump())
    with pytest.raises(MissingContextError, match=r"of_call\(call_id\)"):
        _ = rebuilt.call_id


def test_event_copies_keep_their_session_and_pickles_do_not() -> None:
    session = Session("u-1", "token-1", "secret-1")
    event = parse_event({"eventType": "answer", "callId": "c-1"}).bind(session)
    assert copy.copy(event).session is session
    assert copy.deepcopy(event).session is session
    assert event.model_copy().session is session
    clone = _unpickled(event)
    assert clone == event
    with pytest.raises(MissingContextError):
        _ = clone.session
    assert b"secret-1" not in pickle.dumps(event)


def test_pickle_without_travelling_slots_still_loads() -> None:
    member = ConferenceMember.model_validate({"id": "member-1", "state": "active"})
    state = member.__getstate__()
    assert "catapult_slots" not in state  # nothing to carry: the state is pydantic's own
    clone = ConferenceMember.__new__(ConferenceMember)
    clone.__setstate__(state)
    assert clone == member
    with pytest.raises(MissingContextError):
        _ = clone.conference_id
