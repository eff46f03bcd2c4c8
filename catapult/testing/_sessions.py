"""What the plugin's fixtures build: emulators and sessions bound to them (no pytest here)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .._session import Session
from ..emulator import CallbackOptions, EmulatorOptions
from ._harness import EmulatorFixture

if TYPE_CHECKING:
    from .._async_session import AsyncSession

S = TypeVar("S")

CALLBACK_OPTIONS = frozenset(field.name for field in dataclasses.fields(CallbackOptions))
"""Callback options the marker also takes by name (``auto_answer_incoming=True``)."""
EMULATOR_OPTIONS = (
    frozenset(field.name for field in dataclasses.fields(EmulatorOptions)) | CALLBACK_OPTIONS
)
"""Options the ``catapult_emulator`` marker (or an indirect parameter) may set: every field of
:class:`~catapult.emulator.EmulatorOptions` and of :class:`~catapult.emulator.CallbackOptions`.
"""

VCR_CREDENTIALS = {
    "user_id": "u-recording",
    "api_token": "recording-token",
    "api_secret": "recording-secret",
}
"""Credentials of the emulator that ``catapult_vcr_session`` records against (and scrubs)."""
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"
"""Where a replaying ``catapult_vcr_session`` points; vcrpy answers, nothing listens there."""


def no_sleep(seconds: float) -> None:
    """Retries against the emulator need no real wait."""


class Account(Protocol):
    """Where a session goes: an emulator, or :data:`REPLAY` (nothing listening)."""

    @property
    def user_id(self) -> str: ...
    @property
    def api_token(self) -> str: ...
    @property
    def api_secret(self) -> str: ...
    @property
    def base_url(self) -> str: ...


@dataclasses.dataclass(frozen=True)
class _Replay:
    user_id: str = VCR_CREDENTIALS["user_id"]
    api_token: str = VCR_CREDENTIALS["api_token"]
    api_secret: str = VCR_CREDENTIALS["api_secret"]
    base_url: str = REPLAY_BASE_URL


REPLAY: Account = _Replay()
"""The account of a replaying vcr session: the recording credentials, nothing listening."""


def session_for(account: Account, **options: Any) -> Session:
    """A :class:`~catapult.Session` with ``account``'s URL and credentials."""
    return _signed_in(Session, account, options)


def _signed_in(cls: Callable[..., S], account: Account, options: dict[str, Any]) -> S:
    """A ``cls`` session with ``account``'s URL and credentials."""
    return cls(
        account.user_id,
        account.api_token,
        account.api_secret,
        base_url=account.base_url,
        **options,
    )


def replay_session(**options: Any) -> Session:
    """A session for replaying cassettes: the recording credentials, nothing listening."""
    return session_for(REPLAY, **options)


def start_emulator(options: Mapping[str, Any]) -> EmulatorFixture:
    """A started emulator on a free loopback port (unless ``port`` says otherwise).

    Callback options given by name join those of ``callbacks``.
    """
    emulator_options: dict[str, Any] = {"port": 0, **options}
    named = {key: emulator_options.pop(key) for key in CALLBACK_OPTIONS & set(options)}
    if named:
        given: Any = emulator_options.get("callbacks")
        base: dict[str, Any] = (
            dataclasses.asdict(given) if isinstance(given, CallbackOptions) else dict(given or {})
        )
        emulator_options["callbacks"] = {**base, **named}
    emulator = EmulatorFixture(**emulator_options)
    emulator.start()
    return emulator


def async_session_for(account: Account, **options: Any) -> AsyncSession:
    """An :class:`~catapult.AsyncSession` with ``account``'s URL and credentials.

    Its connections close after each answer: a sync fixture outlives the test's event loop,
    and a socket kept alive in that loop could not be closed afterwards.
    """
    from .._async_http import AsyncTransport
    from .._async_session import AsyncSession
    from .._credentials import Credentials

    session = _signed_in(AsyncSession, account, options)
    credentials = Credentials(account.api_token, account.api_secret)
    transport = AsyncTransport(credentials, session.options, keepalive=False)
    asyncio.run(session.transport.aclose())  # never used: nothing to wait for
    session.transport = transport
    return session


def close_async_session(session: AsyncSession) -> None:
    """Close ``session`` from sync teardown code (its pool holds no connection)."""
    asyncio.run(session.aclose())
