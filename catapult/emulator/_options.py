"""The emulator's settings: :class:`EmulatorOptions`, declared once.

``Emulator(...)`` and ``running(...)`` take exactly these fields as keyword arguments (their
signatures are derived from this class, so type checkers and IDEs see every option), and
``Emulator.options`` holds the resulting object.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Generator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar

from ._callback_options import CallbackOptions
from ._faults import RateLimits

P = ParamSpec("P")
S = TypeVar("S")
R = TypeVar("R", bound=AbstractContextManager[Any])

DEFAULT_MAX_BODY = 1024 * 1024
"""Request bodies above this many bytes are refused (413) before they are read."""
DEFAULT_MAX_SEED = 100_000
"""The most bridges one seed request (or ``seed_bridges`` call) may add."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class EmulatorOptions:
    """Everything an :class:`~catapult.emulator.Emulator` can be told when it is built."""

    port: int = 0
    """TCP port to listen on (0: a free one, see ``Emulator.port``)."""
    host: str = "127.0.0.1"
    """Address to bind. Loopback by default; the control API also checks ``Host`` against it."""
    user_id: str = "u-emulator"
    """The one user (account) the emulator serves, and its API credentials."""
    api_token: str = "emulator-token"
    api_secret: str = "emulator-secret"
    auto_answer: bool = True
    """Outbound calls are answered at once (False: they ring until ``answer()``)."""
    rate_limits: bool | RateLimits | Mapping[str, Any] = False
    """Catapult's rate limits: False (off), True (the documented ones) or overrides."""
    incoming_call_url: str | None = None
    """The application's ``incomingCallUrl`` (shortcut for the callback option)."""
    callbacks: CallbackOptions | Mapping[str, Any] | None = None
    """How callbacks are delivered (:class:`CallbackOptions` or a mapping of its fields)."""
    max_body: int = DEFAULT_MAX_BODY
    """Request bodies over this many bytes get 413 without being read."""
    max_seed: int = DEFAULT_MAX_SEED
    """The most bridges one seed may add."""

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError("port must be 0..65535")
        if self.max_body < 1 or self.max_seed < 0:
            raise ValueError("max_body must be >= 1 and max_seed >= 0")


def init_from(
    make: Callable[P, EmulatorOptions],
) -> Callable[[Callable[[S, EmulatorOptions], None]], Callable[Concatenate[S, P], None]]:
    """Give an ``__init__(self, options)`` the keyword signature of :class:`EmulatorOptions`."""

    def decorate(init: Callable[[S, EmulatorOptions], None]) -> Callable[Concatenate[S, P], None]:
        @functools.wraps(init)
        def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> None:
            init(self, make(*args, **kwargs))

        return wrapper

    return decorate


def run_with(factory: Callable[P, R]) -> Callable[P, AbstractContextManager[R]]:
    """A ``with`` helper taking ``factory``'s arguments: build, enter, yield, exit."""

    @contextmanager
    def run(*args: P.args, **kwargs: P.kwargs) -> Generator[R, None, None]:
        with factory(*args, **kwargs) as made:
            yield made

    return run
