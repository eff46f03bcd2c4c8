"""Model factories: valid, realistic Bridge and Call objects without any HTTP."""

from __future__ import annotations

import base64
import os
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from .._errors import InvalidArgumentError
from .._model import Resource
from .._session import DEFAULT_BASE_URL, SessionCore
from ..resources.bridges import Bridge
from ..resources.calls import Call

if TYPE_CHECKING:
    from .._session import Session

R = TypeVar("R", bound=Resource)

FACTORY_USER_ID = "u-factory"
"""The user id in the URLs of models made without a session."""


def new_id(prefix: str) -> str:
    """A fresh id shaped like Catapult's (``brg-k5xq3vd2mrb7ajey``), unique per call."""
    return f"{prefix}-{base64.b32encode(os.urandom(10)).decode('ascii').lower()}"


def make_bridge(*, session: Session | None = None, **overrides: Any) -> Bridge:
    """A valid :class:`~catapult.Bridge`, ``active`` with two calls unless overridden.

    ``overrides`` are field names (``state="hold"``, ``call_ids=[...]``, ``bridge_audio=False``).
    Defaults follow the state: a ``created`` bridge has no ``activated_time``, a ``completed``
    one has a ``completed_time`` and no calls, a ``hold`` one has ``bridge_audio=False``. With
    ``session`` the bridge is bound to it and its URLs point at that session's API.
    """
    state = str(overrides.get("state", "active"))
    bridge_id = str(overrides.get("id") or new_id("brg"))
    now = datetime.now(timezone.utc)
    fields: dict[str, Any] = {
        "id": bridge_id,
        "state": state,
        "bridge_audio": state != "hold",
        "call_ids": [] if state in ("completed", "created") else [new_id("c"), new_id("c")],
        "calls_url": f"{user_url(session)}/bridges/{bridge_id}/calls",
        "created_time": now - timedelta(seconds=30),
    }
    if state != "created":
        fields["activated_time"] = now - timedelta(seconds=29)
    if state == "completed":
        fields["completed_time"] = now
    return build_model(Bridge, fields, overrides, session)


def make_call(*, session: Session | None = None, **overrides: Any) -> Call:
    """A valid :class:`~catapult.Call`: an outbound, ``active`` call unless overridden.

    ``overrides`` are field names (``state="started"``, ``direction="in"``, ``from_=...``).
    Defaults follow the state: a ``started`` call has no ``active_time``; a ``completed`` one
    has an ``end_time`` and a ``chargeable_duration``. With ``session`` the call is bound to it
    and its URLs point at that session's API.
    """
    state = str(overrides.get("state", "active"))
    call_id = str(overrides.get("id") or new_id("c"))
    url = f"{user_url(session)}/calls/{call_id}"
    now = datetime.now(timezone.utc)
    fields: dict[str, Any] = {
        "id": call_id,
        "direction": "out",
        "from_": "+15550001000",
        "to": "+15550002000",
        "state": state,
        "start_time": now - timedelta(seconds=60),
        "call_timeout": 60,
        "callback_url": "",
        "callback_http_method": "POST",
        "callback_timeout": 10000,
        "recording_enabled": False,
        "transcription_enabled": False,
        "events_url": f"{url}/events",
        "recordings_url": f"{url}/recordings",
        "transcriptions_url": f"{url}/transcriptions",
    }
    if state not in ("started", "rejected"):
        fields["active_time"] = now - timedelta(seconds=55)
    if state in ("completed", "rejected"):
        fields["end_time"] = now
        fields["chargeable_duration"] = 60 if state == "completed" else 0
    bridge_id = overrides.get("bridge_id")
    if bridge_id and "bridge_url" not in overrides:
        fields["bridge_url"] = f"{user_url(session)}/bridges/{bridge_id}"
    return build_model(Call, fields, overrides, session)


def user_url(session: Session | None) -> str:
    if session is not None:
        if not isinstance(session, SessionCore):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidArgumentError(
                f"session must be a Session or an AsyncSession, got {type(session).__name__}"
            )
        return session.user_url
    return f"{DEFAULT_BASE_URL}/users/{FACTORY_USER_ID}"


def build_model(
    model: type[R], defaults: dict[str, Any], overrides: dict[str, Any], session: Session | None
) -> R:
    unknown = sorted(set(overrides) - set(model.model_fields))
    if unknown:
        raise TypeError(
            f"{model.__name__} has no field(s) {', '.join(unknown)}; "
            f"known: {', '.join(model.model_fields)}"
        )
    try:
        obj = model.model_validate({**defaults, **overrides})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidArgumentError(f"{model.__name__}.{where}: {first['msg']}") from None
    return obj.bind(session) if session is not None else obj
