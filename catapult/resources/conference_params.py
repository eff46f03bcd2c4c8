"""The conference and member endpoints, declared once (docs/wire/conferences.md).

Each typed dict is the one declaration of an endpoint's fields; the managers' and models'
signatures unpack them, the SDK checks arguments with them before sending and the emulator
checks requests with them.
"""

from __future__ import annotations

from typing import Annotated

from typing_extensions import Required, TypedDict

from .. import _rules as rules
from .._errors import InvalidArgumentError
from .._fields import Wire
from ._manager import Endpoint
from .audio import Audio
from .call_params import CallbackOptions


def on_or_off(name: str, value: object) -> bool:
    """A required switch (``mute``, ``hold``): True or False. None is refused, as it would
    leave the update empty (None means "not given") and change nothing."""
    if not isinstance(value, bool):
        raise InvalidArgumentError(f"{name} must be True or False, got {type(value).__name__}")
    return value


class ConferenceCallbacks(CallbackOptions, total=False):
    """Where a conference's events go, at create or update, and its tag."""

    tag: Annotated[str, rules.TAG]
    """Your tag (at most 256 characters)."""


class ConferenceCreateParams(ConferenceCallbacks, total=False):
    """Body of ``POST /conferences``."""

    from_: Required[Annotated[str, Wire("from"), rules.NUMBER]]
    """The number hosting the conference (E.164)."""
    profile: Annotated[rules.ConferenceProfile, rules.CONFERENCE_PROFILE]
    """``interpret_digits`` (the API's default: members' keys act) or ``passthru_digits``."""


class ConferenceUpdateParams(ConferenceCallbacks, total=False):
    """Body of ``POST /conferences/{id}``: terminate, mute, hold or callbacks."""

    state: Annotated[rules.EndStateName, rules.END_STATE]
    """``completed`` terminates the conference."""
    mute: Annotated[bool, rules.FLAG]
    """True: no member can speak (unless set per member)."""
    hold: Annotated[bool, rules.FLAG]
    """True: no member can hear or speak (unless set per member)."""


class MemberOptions(TypedDict, total=False):
    """A member's settings, when added or updated."""

    join_tone: Annotated[bool, rules.FLAG]
    """Play a tone when the member joins."""
    leaving_tone: Annotated[bool, rules.FLAG]
    """Play a tone when the member leaves."""
    mute: Annotated[bool, rules.FLAG]
    """The member cannot speak (still hears)."""
    hold: Annotated[bool, rules.FLAG]
    """The member can neither hear nor speak."""


class MemberCreateParams(MemberOptions, total=False):
    """Body of ``POST /conferences/{id}/members``."""

    call_id: Required[Annotated[str, rules.ID]]
    """An active call created with this conference's id."""


class MemberUpdateParams(MemberOptions, total=False):
    """Body of ``POST /conferences/{id}/members/{memberId}``."""

    state: Annotated[rules.EndStateName, rules.END_STATE]
    """``completed`` removes the member."""


_MEMBER = "conferences/{conference_id}/members/{member_id}"

CREATE = Endpoint("POST", "conferences", ConferenceCreateParams)
GET = Endpoint("GET", "conferences/{conference_id}")
UPDATE = Endpoint("POST", "conferences/{conference_id}", ConferenceUpdateParams, changes=True)
AUDIO = Endpoint("POST", "conferences/{conference_id}/audio", Audio, without=("volume",))
ADD_MEMBER = Endpoint("POST", "conferences/{conference_id}/members", MemberCreateParams)
MEMBERS = Endpoint("GET", "conferences/{conference_id}/members")
GET_MEMBER = Endpoint("GET", _MEMBER)
UPDATE_MEMBER = Endpoint("POST", _MEMBER, MemberUpdateParams, changes=True)
MEMBER_AUDIO = Endpoint("POST", f"{_MEMBER}/audio", Audio, without=("volume",))
