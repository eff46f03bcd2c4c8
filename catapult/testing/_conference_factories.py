"""Model factories for conferences and their members: valid objects without any HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ..resources.conferences import Conference, ConferenceMember
from ._factories import build_model, new_id, user_url

if TYPE_CHECKING:
    from .._session import Session


def make_conference(*, session: Session | None = None, **overrides: Any) -> Conference:
    """A valid :class:`~catapult.Conference`, ``active`` with two members unless overridden.

    ``overrides`` are field names (``state="created"``, ``muted=True``). A ``created``
    conference has no members, a ``completed`` one has a ``completed_time``. With ``session``
    it is bound to it.
    """
    state = str(overrides.get("state", "active"))
    now = datetime.now(timezone.utc)
    fields: dict[str, Any] = {
        "id": str(overrides.get("id") or new_id("conf")),
        "state": state,
        "from_": "+15550001000",
        "created_time": now - timedelta(seconds=30),
        "active_members": 2 if state == "active" else 0,
        "held": False,
        "muted": False,
        "profile": "interpret_digits",
    }
    if state == "completed":
        fields["completed_time"] = now
    return build_model(Conference, fields, overrides, session)


def make_member(
    *, conference_id: str | None = None, session: Session | None = None, **overrides: Any
) -> ConferenceMember:
    """A valid :class:`~catapult.ConferenceMember`, ``active`` unless overridden.

    It belongs to ``conference_id`` (a fresh id if not given), so its actions know where to
    send; a ``completed`` member has a ``removed_time``.
    """
    state = str(overrides.get("state", "active"))
    now = datetime.now(timezone.utc)
    fields: dict[str, Any] = {
        "id": str(overrides.get("id") or new_id("member")),
        "state": state,
        "muted": False,
        "held": False,
        "join_tone": False,
        "leaving_tone": False,
        "added_time": now - timedelta(seconds=20),
        "call_url": f"{user_url(session)}/calls/{new_id('c')}",
    }
    if state == "completed":
        fields["removed_time"] = now
    member = build_model(ConferenceMember, fields, overrides, session)
    return member.of_conference(conference_id or new_id("conf"))
