"""catapult: a typed Python SDK for the Catapult v1 voice API (bridges and calls).

``Session`` holds credentials and one pooled transport; ``session.bridges`` and
``session.calls`` return typed, active-record ``Bridge`` and ``Call`` objects. ``Client`` adds
the flat methods of the original Catapult Python client. The local emulator lives in
``catapult.emulator`` and is not imported here.
"""

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
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ResponseValidationError,
    ServerError,
    UnsafeURLError,
)
from ._model import UNSET, Unset
from ._pagination import Pager
from ._session import DEFAULT_BASE_URL, Session
from ._version import __version__
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

__all__ = [
    "DEFAULT_BASE_URL",
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
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
    "ConfigurationError",
    "ConflictError",
    "Gather",
    "GatherPrompt",
    "GatherReason",
    "GatherState",
    "InvalidArgumentError",
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
    "Transcription",
    "TranscriptionState",
    "UnsafeURLError",
    "Unset",
    "__version__",
]
