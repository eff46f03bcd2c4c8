"""The emulator's settings: :class:`EmulatorOptions`, declared once.

``Emulator(...)`` and ``running(...)`` take exactly these fields as keyword arguments (their
signatures are derived from this class, so type checkers and IDEs see every option), and
``Emulator.options`` holds the resulting object.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Generator, Iterable, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from .. import _rules as rules
from ._callback_options import CallbackOptions, check_callback_url
from ._faults import RateLimits
from ._settings_types import check_field_types, redacted_repr

P = ParamSpec("P")
S = TypeVar("S")
A = TypeVar("A")
T = TypeVar("T")
R = TypeVar("R", bound=AbstractContextManager[Any])

DEFAULT_MAX_BODY = 1024 * 1024
"""Request bodies above this many bytes are refused (413) before they are read."""
DEFAULT_MAX_SEED = 100_000
"""The most bridges one seed request (or ``seed_bridges`` call) may add."""

PROFILES = ("default", "realistic")
"""``default``: instant and permissive, for unit tests. ``realistic``: closer to the network
where apps get caught out (docs/emulator.md#profiles): outbound calls ring for ``ring_time``
first, only the account's ``numbers`` may place calls, rate limits are on and inbound calls
are auto-answered as applications' ``autoAnswer`` defaults to.
"""
REALISTIC_RING_TIME = 1.0
"""Seconds an outbound call rings in the realistic profile before the far end acts."""
INBOUND_FROM = "+15550001111"
"""Who an inbound call comes from unless told (``incoming_call``, the control API, the kit)."""
INBOUND_TO = "+15550002222"
"""The account's number an inbound call rings unless told."""
REALISTIC_NUMBERS = ("+15550001000", INBOUND_TO)
"""The account's numbers in the realistic profile (the default ``to`` of inbound calls and
the number the emulator's own examples call from)."""
FAR_END_ACTIONS = ("answer", "no-answer")


@dataclasses.dataclass(frozen=True)
class Inbound:
    """An inbound call to make arrive: who calls whom, where its events go (``None``: the
    ``incoming_call_url`` option) and whether it is answered at once (``None``: the
    ``auto_answer_incoming`` option)."""

    from_: str = INBOUND_FROM
    to: str = INBOUND_TO
    callback_url: str | None = None
    auto_answer: bool | None = None

    def __post_init__(self) -> None:
        check_field_types(self)
        if not self.from_.strip():  # a caller id may be anything ("anonymous"), but something
            raise ValueError("from must not be empty")
        check_numbers([self.to], "to")  # one of the account's numbers
        check_callback_url(self.callback_url, "callbackUrl")


def check_numbers(numbers: Iterable[object], name: str) -> tuple[str, ...]:
    """``numbers`` as a tuple, each an E.164 number or SIP URI; else ValueError naming
    ``name`` (a lone string is refused: it is not a list of numbers)."""
    if isinstance(numbers, str | bytes):
        raise ValueError(f"{name} must be a list of numbers, got a single {type(numbers).__name__}")
    checked = tuple(numbers)
    for number in checked:
        try:
            rules.NUMBER.check(number)
        except rules.RuleError as exc:
            raise ValueError(f"{name} {exc}") from None
    return cast("tuple[str, ...]", checked)


@dataclasses.dataclass(frozen=True, kw_only=True, repr=False)
class EmulatorOptions:
    """Everything an :class:`~catapult.emulator.Emulator` can be told when it is built.

    Its repr shows the token and secret as ``'REDACTED'``, and URLs without their user info
    and query values.
    """

    port: int = 0
    """TCP port to listen on (0: a free one, see ``Emulator.port``)."""
    host: str = "127.0.0.1"
    """Address to bind. Loopback by default; the control API also checks ``Host`` against it."""
    user_id: str = "u-emulator"
    """The one user (account) the emulator serves, and its API credentials."""
    api_token: str = "emulator-token"
    api_secret: str = "emulator-secret"
    profile: str = "default"
    """``default`` or ``realistic``: the defaults of the options below marked *profile*."""
    auto_answer: bool = True
    """The far end of outbound calls acts by itself (after ``ring_time``; False: they ring until
    ``answer()``/``no_answer()``)."""
    ring_time: float | None = None
    """*profile* (0 s; realistic 1 s): how long an outbound call rings before the far end acts."""
    far_end: str = "answer"
    """What the far end of an outbound call does after ``ring_time``: ``answer`` or
    ``no-answer`` (``timeout``, then hangup ``NO_ANSWER``)."""
    numbers: tuple[str, ...] | list[str] | None = None
    """*profile* (any number; realistic :data:`REALISTIC_NUMBERS`): the account's numbers. A call
    from another number is refused with 401 ``number-access-denied``."""
    rate_limits: bool | RateLimits | Mapping[str, Any] | None = None
    """*profile* (off; realistic on): Catapult's rate limits: False, True (the documented ones)
    or overrides."""
    incoming_call_url: str | None = None
    """The application's ``incomingCallUrl`` (shortcut for the callback option)."""
    callbacks: CallbackOptions | Mapping[str, Any] | None = None
    """How callbacks are delivered (:class:`CallbackOptions` or a mapping of its fields)."""
    max_body: int = DEFAULT_MAX_BODY
    """Request bodies over this many bytes get 413 without being read."""
    max_seed: int = DEFAULT_MAX_SEED
    """The most bridges one seed may add."""

    def __post_init__(self) -> None:
        check_field_types(self)
        if self.profile not in PROFILES:
            raise ValueError(f"profile must be one of {', '.join(PROFILES)}")
        if self.far_end not in FAR_END_ACTIONS:
            raise ValueError(f"far_end must be one of {', '.join(FAR_END_ACTIONS)}")
        realistic = self.profile == "realistic"
        if self.ring_time is None:
            object.__setattr__(self, "ring_time", REALISTIC_RING_TIME if realistic else 0.0)
        if self.ring_time is not None and self.ring_time < 0:
            raise ValueError("ring_time must be >= 0")
        if self.rate_limits is None:
            object.__setattr__(self, "rate_limits", realistic)
        if self.numbers is None and realistic:
            object.__setattr__(self, "numbers", REALISTIC_NUMBERS)
        if self.numbers is not None:
            object.__setattr__(self, "numbers", check_numbers(self.numbers, "numbers"))
        check_callback_url(self.incoming_call_url, "incoming_call_url")
        if not 0 <= self.port <= 65535:
            raise ValueError("port must be 0..65535")
        if self.max_body < 1 or self.max_seed < 0:
            raise ValueError("max_body must be >= 1 and max_seed >= 0")

    def __repr__(self) -> str:
        return redacted_repr(self, secrets=("api_token", "api_secret"))


def takes(
    make: Callable[P, A],
) -> Callable[[Callable[[S, A], T]], Callable[Concatenate[S, P], T]]:
    """Give a method ``(self, made)`` the signature of ``make`` (a dataclass, say).

    The method is then called with ``make(*args, **kwargs)``: ``Emulator(port=8080)`` builds
    an :class:`EmulatorOptions`, ``inject_fault(path="/bridges")`` a ``FaultSpec``. Type
    checkers, IDEs and ``help()`` see ``make``'s parameters.
    """

    def decorate(method: Callable[[S, A], T]) -> Callable[Concatenate[S, P], T]:
        @functools.wraps(method)
        def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
            return method(self, make(*args, **kwargs))

        own = inspect.signature(method)
        first = next(iter(own.parameters.values())).replace(kind=inspect.Parameter.POSITIONAL_ONLY)
        made = inspect.signature(make).parameters.values()
        setattr(wrapper, "__signature__", own.replace(parameters=[first, *made]))  # noqa: B010
        return wrapper

    return decorate


def run_with(factory: Callable[P, R]) -> Callable[P, AbstractContextManager[R]]:
    """A ``with`` helper taking ``factory``'s arguments: build, enter, yield, exit."""

    @contextmanager
    def run(*args: P.args, **kwargs: P.kwargs) -> Generator[R, None, None]:
        with factory(*args, **kwargs) as made:
            yield made

    return run
