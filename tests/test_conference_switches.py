"""A conference's or member's mute()/hold() takes True or False: None (which would send an
empty update that changes nothing) is refused before anything is sent."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from catapult import AsyncSession, InvalidArgumentError, Session
from catapult.testing import EmulatorFixture, make_conference, make_member


@pytest.mark.parametrize("action", ["mute", "hold"])
@pytest.mark.parametrize("value", [None, "yes", 1])
def test_sync_switches_refuse_what_is_not_a_bool_unsent(
    catapult_emulator: EmulatorFixture, catapult_session: Session, action: str, value: Any
) -> None:
    conference = make_conference(session=catapult_session)
    member = make_member(conference_id=conference.id, session=catapult_session)
    for target in (conference, member):
        with pytest.raises(InvalidArgumentError, match=f"{action} must be True or False"):
            getattr(target, action)(value)
    assert catapult_emulator.requests() == []


@pytest.mark.parametrize("action", ["mute", "hold"])
def test_async_switches_refuse_none_unsent(
    catapult_emulator: EmulatorFixture, catapult_async_session: AsyncSession, action: str
) -> None:
    conference = make_conference(session=catapult_async_session)  # type: ignore[arg-type]
    member = make_member(conference_id=conference.id, session=catapult_async_session)  # type: ignore[arg-type]

    async def refused() -> None:
        for target in (conference, member):
            with pytest.raises(InvalidArgumentError, match=f"{action} must be True or False"):
                await getattr(target, f"{action}_async")(None)

    asyncio.run(refused())
    assert catapult_emulator.requests() == []
