"""Conferences: up to 20 calls mixed together, and their members (docs/wire/conferences.md)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field
from typing_extensions import Self, Unpack

from .._errors import MissingContextError
from .._http import Response
from .._model import get_slot, set_slot, set_slot_all
from .._pagination import Pager
from .._urls import last_path_segment
from .._values import OpenEnum, Timestamp
from . import conference_params as api
from ._manager import Manager
from .audio import Audible, AudioLike, audio_arguments
from .conference_params import (
    ConferenceCreateParams,
    ConferenceUpdateParams,
    MemberOptions,
    MemberUpdateParams,
)
from .conferences_async import ConferenceActionsAsync, MemberActionsAsync

if TYPE_CHECKING:
    from .._async_session import AsyncSession
    from .._session import Session


class ConferenceState(OpenEnum):
    """``created`` (no member yet), ``active`` or ``completed``; unknown states are accepted."""

    CREATED = "created"
    ACTIVE = "active"
    COMPLETED = "completed"


class MemberState(OpenEnum):
    """``active`` while in the conference, ``completed`` once removed or gone."""

    ACTIVE = "active"
    COMPLETED = "completed"


class Muting(Audible):
    """``mute()`` and ``hold()`` of a conference (every member at once) or of one member."""

    if TYPE_CHECKING:

        def update(self, *, mute: bool = ..., hold: bool = ...) -> Self: ...

    def mute(self, mute: bool = True) -> Self:
        """Mute (with False: unmute) the whole conference, or this member; the muted still hear."""
        return self.update(mute=api.on_or_off("mute", mute))

    def hold(self, hold: bool = True) -> Self:
        """Hold (with False: unhold) the whole conference, or this member: none hear or speak."""
        return self.update(hold=api.on_or_off("hold", hold))


class ConferenceMember(MemberActionsAsync, Muting):
    """A call inside a conference, bound to the session that fetched it."""

    __slots__ = ("_conference_id",)
    _travelling_slots: ClassVar[tuple[str, ...]] = ("_conference_id",)
    _derived_keys: ClassVar[tuple[str, ...]] = ("call_id",)

    id: str
    """Member id."""
    state: MemberState | None = None
    """``active`` or ``completed``."""
    muted: bool | None = Field(default=None, alias="mute")
    """The member cannot speak (wire name ``mute``)."""
    held: bool | None = Field(default=None, alias="hold")
    """The member can neither hear nor speak (wire name ``hold``)."""
    join_tone: bool | None = None
    """A tone played when the member joined."""
    leaving_tone: bool | None = None
    """A tone played when the member leaves."""
    added_time: Timestamp | None = None
    """When the member joined."""
    removed_time: Timestamp | None = None
    """When the member left; absent while active."""
    call_url: str | None = Field(default=None, alias="call")
    """URL of the member's call (wire name ``call``); :attr:`call_id` is its last segment."""

    @property
    def call_id(self) -> str | None:
        """The member's call id: the last segment of :attr:`call_url`."""
        return last_path_segment(self.call_url) if self.call_url else None

    @property
    def conference_id(self) -> str:
        """The conference the member was read from (kept by copies and pickles).

        Raises :class:`~catapult.MissingContextError` for a member built from its fields alone
        (``model_validate`` of a dump): the API's member object does not name its conference.
        """
        try:
            known = get_slot(self, "_conference_id")
        except AttributeError:
            raise MissingContextError(
                f"member {self.id} does not know its conference (the API's member object does "
                "not name it): attach it with member.of_conference(conference_id), or read the "
                "member with session.conferences.get_member(conference_id, member_id)"
            ) from None
        return str(known)

    def of_conference(self, conference_id: str) -> Self:
        """Note which conference the member is in (the wire object does not say); returns it."""
        set_slot(self, "_conference_id", conference_id)
        return self

    def refresh(self) -> Self:
        """Re-read the member in place (one GET); returns it (still of its conference)."""
        self._replace_with(self.session.conferences.get_member(self.conference_id, self.id))
        return self

    def update(self, **changes: Unpack[MemberUpdateParams]) -> Self:
        """Change the member, sending only what is given (one POST); applied here too."""
        self.session.conferences.update_member(self.conference_id, self.id, **changes)
        return self._take(api.UPDATE_MEMBER.payload(changes))

    def remove(self) -> Self:
        """Remove the member from the conference (``{"state": "completed"}``)."""
        return self.update(state="completed")

    def _play(self, audio: AudioLike) -> None:
        self.session.conferences.play_audio_to_member(self.conference_id, self.id, audio)


class Conference(ConferenceActionsAsync, Muting):
    """A conference, bound to the session that fetched it."""

    id: str
    """Conference id, ``conf-...``."""
    state: ConferenceState | None = None
    """``created``, ``active`` or ``completed``."""
    from_: str | None = Field(default=None, alias="from")
    """The number hosting the conference (wire name ``from``)."""
    created_time: Timestamp | None = None
    """When the conference was created."""
    completed_time: Timestamp | None = None
    """When it completed; absent before."""
    active_members: int | None = None
    """Members in it now."""
    held: bool | None = Field(default=None, alias="hold")
    """Whether the whole conference is on hold (wire name ``hold``)."""
    muted: bool | None = Field(default=None, alias="mute")
    """Whether the whole conference is muted (wire name ``mute``)."""
    profile: str | None = None
    """``interpret_digits`` or ``passthru_digits``."""
    callback_url: str | None = None
    """Where the conference's events go."""
    callback_http_method: str | None = None
    """``GET`` or ``POST`` (the API may echo it in lower case)."""
    callback_timeout: int | None = None
    """Milliseconds to wait for the callback server."""
    fallback_url: str | None = None
    """Where events go when ``callback_url`` fails."""
    tag: str | None = None
    """Your tag."""

    def refresh(self) -> Self:
        """Re-read the conference in place (one GET); returns it."""
        self._replace_with(self.session.conferences.get(self.id))
        return self

    def update(self, **changes: Unpack[ConferenceUpdateParams]) -> Self:
        """Change the conference, sending only what is given (one POST); applied here too."""
        self.session.conferences.update(self.id, **changes)
        return self._take(api.UPDATE.payload(changes))

    def terminate(self) -> Self:
        """End the conference (``{"state": "completed"}``)."""
        return self.update(state="completed")

    def members(self) -> Pager[ConferenceMember]:
        """Iterate the members, removed ones included (a lazy :class:`~catapult.Pager`; from an
        :class:`~catapult.AsyncSession`, iterate it with ``async for``)."""
        return member_pager(self._bound(), self.id)

    def member(self, member_id: str) -> ConferenceMember:
        """Fetch one member (one GET)."""
        return self.session.conferences.get_member(self.id, member_id)

    def add_member(self, call_id: str, **options: Unpack[MemberOptions]) -> ConferenceMember:
        """Add an active call (created with this conference's id); returns the member.

        Two requests: the POST (201, id in ``Location``) and one GET of the member. A 21st
        member raises :class:`~catapult.PermissionDeniedError` (``conference-max-members``).
        """
        return self.session.conferences.add_member(self.id, call_id, **options)

    def _play(self, audio: AudioLike) -> None:
        self.session.conferences.play_audio(self.id, audio)


class _MemberPager(Pager[ConferenceMember]):
    """Members of one conference, each told which conference it is in."""

    def __init__(self, session: Session | AsyncSession, url: str, conference_id: str) -> None:
        super().__init__(session, ConferenceMember, url)
        self._conference_id = conference_id

    def _chunks(self, response: Response) -> Iterator[list[ConferenceMember]]:
        for chunk in super()._chunks(response):
            set_slot_all(chunk, ConferenceMember, "_conference_id", self._conference_id)
            yield chunk


def member_pager(session: Session | AsyncSession, conference_id: str) -> Pager[ConferenceMember]:
    """The lazy list of a conference's members (the id is checked now)."""
    url = api.MEMBERS.url(session.user_url, (conference_id,))
    return _MemberPager(session, url, conference_id)


class Conferences(Manager):
    """``session.conferences``: create, fetch and act on conferences and members by id."""

    def create(self, **params: Unpack[ConferenceCreateParams]) -> Conference:
        """Create a conference hosted by ``from_`` and return it.

        Two requests: the POST (the answer carries only the new id, in ``Location``) and one
        GET. Use :meth:`create_id` to skip the GET. There is no list of conferences.
        """
        return self._then(self._create(api.CREATE, arguments=params), self.get)

    def create_id(
        self, *, extra: Mapping[str, Any] | None = None, **params: Unpack[ConferenceCreateParams]
    ) -> str:
        """Create a conference with one POST and return its id."""
        return self._create(api.CREATE, arguments=params, extra=extra)

    def get(self, conference_id: str) -> Conference:
        """Fetch one conference (one GET)."""
        return self._fetch(Conference, api.GET, conference_id)

    def update(
        self,
        conference_id: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **changes: Unpack[ConferenceUpdateParams],
    ) -> None:
        """Terminate, mute, hold or re-route a conference, sending only what is given."""
        return self._post(api.UPDATE, conference_id, arguments=changes, extra=extra)

    def play_audio(self, conference_id: str, audio: AudioLike) -> None:
        """Play or speak ``audio`` to every member; a dict is checked like an :class:`Audio`."""
        return self._post(api.AUDIO, conference_id, arguments=audio_arguments(audio))

    def members(self, conference_id: str) -> Pager[ConferenceMember]:
        """Iterate a conference's members, removed ones included (lazily)."""
        return member_pager(self._session, conference_id)

    def add_member(
        self, conference_id: str, call_id: str, **options: Unpack[MemberOptions]
    ) -> ConferenceMember:
        """Add an active call to a conference; returns the member (POST, then one GET)."""
        new_id = self.add_member_id(conference_id, call_id, **options)
        return self._then(new_id, lambda member_id: self.get_member(conference_id, member_id))

    def add_member_id(
        self,
        conference_id: str,
        call_id: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **options: Unpack[MemberOptions],
    ) -> str:
        """Add an active call with one POST and return the member id."""
        arguments = {"call_id": call_id, **options}
        return self._create(api.ADD_MEMBER, conference_id, arguments=arguments, extra=extra)

    def get_member(self, conference_id: str, member_id: str) -> ConferenceMember:
        """Fetch one member of a conference (one GET)."""
        member = self._fetch(ConferenceMember, api.GET_MEMBER, conference_id, member_id)
        return self._then(member, lambda read: read.of_conference(conference_id))

    def update_member(
        self,
        conference_id: str,
        member_id: str,
        *,
        extra: Mapping[str, Any] | None = None,
        **changes: Unpack[MemberUpdateParams],
    ) -> None:
        """Mute, hold or remove a member, sending only what is given (one POST)."""
        ids = (conference_id, member_id)
        return self._post(api.UPDATE_MEMBER, *ids, arguments=changes, extra=extra)

    def play_audio_to_member(self, conference_id: str, member_id: str, audio: AudioLike) -> None:
        """Play or speak ``audio`` to one member only."""
        ids = (conference_id, member_id)
        return self._post(api.MEMBER_AUDIO, *ids, arguments=audio_arguments(audio))
