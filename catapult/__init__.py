"""catapult: a typed Python SDK for the Catapult v1 voice API (bridges and calls).

``Session`` holds credentials and one pooled transport; ``session.bridges`` and
``session.calls`` return typed, active-record ``Bridge`` and ``Call`` objects. ``Client`` adds
the flat methods of the original Catapult Python client. The local emulator lives in
``catapult.emulator`` and is not imported here.

Only the exceptions and the version are imported eagerly. Everything else (and with it
requests, pydantic and the model classes) is imported on first access, so ``import catapult``
stays cheap for code that only needs part of the package: ``python -m catapult.emulator``,
the pytest plugin, or a script that exits early.
"""

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CallRateLimitError,
    CatapultError,
    ConfigurationError,
    ConflictError,
    InvalidArgumentError,
    MissingContextError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
    SessionClosedError,
    UnsafeURLError,
    WrongEventLoopError,
)
from ._lazy import lazy_dir, lazy_getattr
from ._version import __version__

if TYPE_CHECKING:  # the same names, imported lazily at run time by __getattr__ below
    from ._async_session import AsyncSession
    from ._pagination import Pager
    from ._session import DEFAULT_BASE_URL, Session
    from ._values import UNSET, Unset
    from .client import Client
    from .resources.audio import Audio
    from .resources.bridges import Bridge, BridgeState
    from .resources.call_params import GatherPrompt
    from .resources.call_records import (
        CallEvent,
        Gather,
        GatherReason,
        GatherState,
        Recording,
        RecordingState,
        Transcription,
        TranscriptionState,
    )
    from .resources.calls import Call, CallDirection, CallState
    from .resources.conferences import (
        Conference,
        ConferenceMember,
        ConferenceState,
        MemberState,
    )

#: Lazily imported names: public name -> module (relative to this package) that defines it.
_LAZY = {
    "AsyncSession": "._async_session",
    "UNSET": "._values",
    "Unset": "._values",
    "Pager": "._pagination",
    "DEFAULT_BASE_URL": "._session",
    "Session": "._session",
    "Client": ".client",
    "Audio": ".resources.audio",
    "Bridge": ".resources.bridges",
    "BridgeState": ".resources.bridges",
    "GatherPrompt": ".resources.call_params",
    "CallEvent": ".resources.call_records",
    "Gather": ".resources.call_records",
    "GatherReason": ".resources.call_records",
    "GatherState": ".resources.call_records",
    "Recording": ".resources.call_records",
    "RecordingState": ".resources.call_records",
    "Transcription": ".resources.call_records",
    "TranscriptionState": ".resources.call_records",
    "Call": ".resources.calls",
    "CallDirection": ".resources.calls",
    "CallState": ".resources.calls",
    "Conference": ".resources.conferences",
    "ConferenceMember": ".resources.conferences",
    "ConferenceState": ".resources.conferences",
    "MemberState": ".resources.conferences",
}


__getattr__: Callable[[str], Any] = lazy_getattr(globals(), _LAZY)


__all__ = [
    "DEFAULT_BASE_URL",
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncSession",
    "Audio",
    "AuthenticationError",
    "BadRequestError",
    "Bridge",
    "BridgeState",
    "Call",
    "CallDirection",
    "CallEvent",
    "CallRateLimitError",
    "CallState",
    "CatapultError",
    "Client",
    "Conference",
    "ConferenceMember",
    "ConferenceState",
    "ConfigurationError",
    "ConflictError",
    "Gather",
    "GatherPrompt",
    "GatherReason",
    "GatherState",
    "InvalidArgumentError",
    "MemberState",
    "MissingContextError",
    "NotFoundError",
    "Pager",
    "PermissionDeniedError",
    "RateLimitError",
    "Recording",
    "RecordingState",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "ServerError",
    "Session",
    "SessionClosedError",
    "Transcription",
    "TranscriptionState",
    "UnsafeURLError",
    "Unset",
    "WrongEventLoopError",
    "__version__",
]


__dir__: Callable[[], list[str]] = lazy_dir(globals())

# A library's logger stays silent until the application configures logging: without a handler
# of its own, logging's last-resort handler would print the WARNING lines to stderr.
logging.getLogger("catapult").addHandler(logging.NullHandler())


# Fail at import, not at first use, if a name is added to __all__ but not to _LAZY.
_missing = [name for name in __all__ if name not in globals() and name not in _LAZY]
if _missing:
    raise ImportError(f"catapult.__all__ names nothing defines: {_missing}")
