"""An update with nothing in it would change nothing: refused before anything is sent, for the
typed API (managers and models, both sessions) as for the facade."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from catapult import InvalidArgumentError
from catapult.emulator import Emulator

pytestmark = pytest.mark.both_sessions


def _refused_unsent(emulator: Emulator, update: Callable[[], object]) -> None:
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="nothing to change: give at least one of"):
        update()
    assert emulator.requests() == []


def test_bridge_updates_without_changes(session: Any, emulator: Emulator) -> None:
    bridge = session.bridges.create()
    _refused_unsent(emulator, bridge.update)
    _refused_unsent(emulator, lambda: session.bridges.update(bridge.id))
    bridge.update(call_ids=[])  # an empty list is a change: it empties the bridge
    assert emulator.requests()[-1].json == {"callIds": []}


def test_call_conference_and_member_updates_without_changes(
    session: Any, emulator: Emulator
) -> None:
    call = session.calls.create(from_="+15550001000", to="+15550002000")
    _refused_unsent(emulator, call.update)
    _refused_unsent(emulator, lambda: session.calls.update(call.id))
    conference = session.conferences.create(from_="+15550001000")
    _refused_unsent(emulator, conference.update)
    joining = session.calls.create_id(
        from_="+15550001000", to="+15550002001", conference_id=conference.id
    )
    member = conference.add_member(joining)
    _refused_unsent(emulator, member.update)
    session.calls.update(call.id, extra={"tag": "given as extra"})  # extra counts as a change
