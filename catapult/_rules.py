"""The API's rules for values, written once: the SDK checks them before sending a request and
the emulator checks them when it receives one, so the two cannot disagree.

A rule checks one value of its JSON type and raises :class:`RuleError` with a message that
reads after the field's name (``"to must be ..."``); nothing here knows about HTTP or pydantic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal, cast, get_args
from urllib.parse import urlsplit

from ._limits import MAX_PAGE_SIZE
from ._urls import redact_url

_SURROGATE = re.compile("[\ud800-\udfff]")  # in a Python string, never in UTF-8 text


class RuleError(ValueError):
    """A value broke a rule; the message completes a sentence that starts with the field."""


@dataclass(frozen=True)
class Rule:
    """Base of every rule: ``check(value)`` returns the value or raises :class:`RuleError`."""

    name: str

    def check(self, value: object) -> object:
        raise NotImplementedError

    def samples(self) -> Iterator[object]:
        """Values on and around the rule's edges, for tests that compare the two sides."""
        yield from ("", "x", 0, 1, -1, True, None, 1.5, [], {})


@dataclass(frozen=True)
class Text(Rule):
    """A string of at most ``max_len`` characters, matching ``pattern`` when there is one."""

    max_len: int = 4096
    min_len: int = 0
    pattern: re.Pattern[str] | None = None
    looks_like: str = ""
    """What a matching value looks like, for the error message."""

    def check(self, value: object) -> str:
        if not isinstance(value, str):
            raise RuleError(f"must be a string, got {type(value).__name__}")
        if not self.min_len <= len(value) <= self.max_len:
            raise RuleError(f"must be {self.min_len} to {self.max_len} characters long")
        if not value.isascii() and _SURROGATE.search(value):
            raise RuleError("must be Unicode text (a lone surrogate cannot be sent)")
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise RuleError(f"must be {self.looks_like}, got {value!r}")
        return value

    def samples(self) -> Iterator[object]:
        yield from super().samples()
        yield from ("a" * self.max_len, "a" * (self.max_len + 1), " ", "\n", "\ud800", "é")


@dataclass(frozen=True)
class OneOf(Text):
    """One of ``options``; ``fold``: in any case; ``canonical``: sent as the option matched."""

    options: tuple[str, ...] = ()
    fold: bool = False
    canonical: bool = False

    @property
    def _folded(self) -> tuple[str, ...]:
        return tuple(o.lower() for o in self.options) if self.fold else self.options

    def check(self, value: object) -> str:
        text = super().check(value)
        key = text.lower() if self.fold else text
        if key not in self._folded:
            raise RuleError(f"must be one of {', '.join(self.options)}, got {text!r}")
        return self.options[self._folded.index(key)] if self.canonical else text

    def samples(self) -> Iterator[object]:
        yield from super().samples()
        for option in self.options:
            yield from (option, option.upper(), option.title(), f"{option} ")


@dataclass(frozen=True)
class Between(Rule):
    """A whole number from ``low`` to ``high`` (JSON numbers only: no booleans, no floats)."""

    low: int = 0
    high: int = 2**31 - 1
    above: tuple[int, str] | None = None
    """The API's status and error code for a value over ``high`` (None: a validation error)."""

    def refusal(self, value: object) -> tuple[int, str] | None:
        """``above`` when ``value`` is a number over ``high``, else None."""
        over = isinstance(value, int) and not isinstance(value, bool) and value > self.high
        return self.above if over else None

    def check(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleError(f"must be an integer, got {type(value).__name__}")
        if not self.low <= value <= self.high:
            raise RuleError(f"must be from {self.low} to {self.high}, got {value}")
        return value

    def samples(self) -> Iterator[object]:
        yield from super().samples()
        yield from (self.low - 1, self.low, self.high, self.high + 1, 10**9, -(10**9))
        yield from (str(self.low), math.inf, math.nan)


@dataclass(frozen=True)
class Flag(Rule):
    """A JSON boolean; ``only`` when one value is all the API takes."""

    only: bool | None = None

    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise RuleError(f"must be true or false, got {type(value).__name__}")
        if self.only is not None and value is not self.only:
            raise RuleError(f"cannot be {str(value).lower()}")
        return value


def _shown(url: str) -> str:
    """``url`` for a message: user info and query values redacted; if anything that could be a
    password is left (a malformed URL), the URL is not shown at all."""
    shown = redact_url(url)
    return "a URL with user info" if "@" in shown.replace("REDACTED@", "") else repr(shown)


@dataclass(frozen=True)
class CallbackUrl(Text):
    """``""`` (none) or an absolute http(s) URL with a host, of bounded length."""

    def check(self, value: object) -> str:
        text = super().check(value)
        if text:
            try:
                parts = urlsplit(text)
                ok = parts.scheme in ("http", "https") and bool(parts.hostname)
                ok = ok and (parts.port is None or parts.port > 0)  # a bad port: ValueError
            except ValueError:
                ok = False
            if not ok or any(c.isspace() for c in text):
                raise RuleError(f"must be an absolute http(s) URL, got {_shown(text)}")
        return text

    def samples(self) -> Iterator[object]:
        yield from super().samples()
        yield from (
            "https://a.example/cb",
            "ftp://a.example/",
            "/cb",
            "https://",
            "http://h:99999/",
        )
        yield from ("https://hook:pw@a.example/cb", "https://a.example/a b", "http://[::1]/x")


@dataclass(frozen=True)
class SipHeaders(Rule):
    """At most 5 headers; names start with ``X-``; names and values at most 256 characters."""

    name_pattern: re.Pattern[str] = field(default=re.compile(r"X-[A-Za-z0-9-]{1,254}"))

    def check(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            raise RuleError("must be an object of at most 5 SIP headers")
        headers = cast("dict[object, object]", value)
        if len(headers) > 5:
            raise RuleError("must be an object of at most 5 SIP headers")
        for key, text in headers.items():
            if not isinstance(key, str) or not self.name_pattern.fullmatch(key):
                raise RuleError(f"header name {key!r} must start with 'X-' (at most 256 chars)")
            if not isinstance(text, str) or len(text) > 256:
                raise RuleError(f"header {key!r} must be a string of at most 256 characters")
        return cast("dict[str, str]", headers)

    def samples(self) -> Iterator[object]:
        yield from super().samples()
        yield from ({"X-a": "1"}, {"x-a": "1"}, {"X-": "1"}, {"X-a": 1}, {"X-a": "v" * 257})
        yield {f"X-{n}": "v" for n in range(6)}


@dataclass(frozen=True)
class DistinctIds(Rule):
    """A list of at most ``max_items`` distinct ids (strings)."""

    max_items: int = 2
    item: Rule | None = None

    def check(self, value: object) -> list[str]:
        items = cast("list[object]", value) if isinstance(value, list) else None
        if items is None or not all(isinstance(item, str) for item in items):
            raise RuleError("must be a list of ids (strings)")
        ids = cast("list[str]", items)
        if self.item is not None:
            for item in ids:
                self.item.check(item)
        if len(ids) > self.max_items:
            raise RuleError(f"may hold at most {self.max_items} ids")
        if len(set(ids)) != len(ids):
            raise RuleError("must not repeat an id")
        return ids

    def samples(self) -> Iterator[object]:
        yield from super().samples()
        yield from ([], ["c-1"], ["c-1", "c-2"], ["c-1", "c-1"], ["c-1", "c-2", "c-3"], [1], [".."])


class BodyRuleError(RuleError):
    """A body broke a rule across its fields; ``field`` (a wire name) is the one to blame."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Needs:
    """A rule across the fields of one body, by their wire names: when ``field`` is ``value``,
    ``needed`` must be given too. :meth:`check` raises :class:`BodyRuleError`."""

    field: str
    value: str
    needed: str

    def check(self, body: Mapping[str, object]) -> None:
        if body.get(self.field) == self.value and self.needed not in body:
            raise BodyRuleError(self.needed, f"is required when {self.field} is {self.value!r}")


@dataclass(frozen=True)
class OnlyWhen:
    """A rule across the fields of one body, by their wire names: ``fields`` may be given only
    when ``field`` is ``value``. :meth:`check` raises :class:`BodyRuleError`."""

    field: str
    value: str
    fields: tuple[str, ...]

    def check(self, body: Mapping[str, object]) -> None:
        if body.get(self.field) == self.value:
            return
        for name in self.fields:
            if name in body:
                raise BodyRuleError(name, f"is only allowed with {self.field} {self.value!r}")


BodyRule = Needs | OnlyWhen
"""A rule across the fields of one body."""


_E164 = r"\+[1-9][0-9]{6,14}"
"""A phone number as the API defines E.164: ``+``, a country code not starting with 0, 7 to
15 digits in all."""
_SIP_USER = r"[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SIP_HOST = rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]{{2,45}}\])(?::[0-9]{{1,5}})?"
_SIP_URI = rf"sip:{_SIP_USER}@{_SIP_HOST}(?:;[A-Za-z0-9\-_.!~*'()&=+$%:]+)*"

_NUMBER_LOOKS = "an E.164 number (+15551234567) or a SIP URI (sip:user@host)"
"""The SIP-URI and E.164 examples every "number" message shows."""

NUMBER = Text(
    "number", max_len=256, pattern=re.compile(f"{_E164}|{_SIP_URI}"), looks_like=_NUMBER_LOOKS
)
"""``from``, ``to``, ``transferTo``: an E.164 number or a ``sip:user@host`` URI (no SIPS)."""
CALLER_ID = Text(
    "caller_id",
    max_len=16,
    pattern=re.compile(f"private|{_E164}"),
    looks_like="'private' or an E.164 number",
)
"""``transferCallerId``: ``private`` or an E.164 number."""
CALLBACK_URL = CallbackUrl("callback_url", max_len=2048)
"""Callback and fallback URLs."""
FILE_URL = Text("file_url", max_len=2048)
"""An audio file's URL (the API also takes relative names such as ``Hello.mp3``)."""
ID = Text(
    "id",
    max_len=128,
    min_len=1,
    pattern=re.compile(r"(?!\.\.?$)(?!.*\.\.)[A-Za-z0-9._~-]+"),
    looks_like="a Catapult id (letters, digits, '-', '_', '.', '~')",
)
"""A Catapult id (``c-...``, ``brg-...``): 1-128 URL-safe characters, never ``.``/``..``."""
TAG = Text("tag", max_len=256)
"""The caller's tag, echoed in callbacks."""
TEXT = Text("text", max_len=4096)
"""Free text the API stores (ids of bridges and conferences in bodies, reasons)."""
SENTENCE = Text("sentence", max_len=1000)
"""Text to speak; ``""`` stops speech."""
DTMF_OUT = Text(
    "dtmf_out",
    max_len=92,
    min_len=1,
    pattern=re.compile(r"[0-9A-D#*,wW]+"),
    looks_like="1 to 92 of 0-9, A-D, #, * and the pauses ',' / 'w' (0.5 s) and 'W' (1 s)",
)
"""Key presses to send: 1-92 of ``0-9 A-D # *`` and the pauses ``,`` ``w`` ``W``."""
TERMINATING_DIGITS = Text(
    "terminating_digits",
    min_len=1,  # "once changed from the default, it cannot be set to empty"
    max_len=16,
    pattern=re.compile(r"[0-9A-D#*]*"),
    looks_like="made of the keys 0-9, A-D, # and *",
)
"""Keys that end a gather."""
# The values of the fields that take one of a few words; each rule below takes its options
# from here, so a type checker and the checks at run time agree.
GenderName = Literal["male", "female"]
RecordingFormat = Literal["wav", "mp3"]
HttpMethod = Literal["GET", "POST"]
CallStateName = Literal["active", "rejected", "completed", "transferring"]
GatherStateName = Literal["completed"]
DiversionTreatment = Literal["none", "propagate", "stack"]
SortOrder = Literal["asc", "desc"]
EndStateName = Literal["completed"]
ConferenceProfile = Literal["interpret_digits", "passthru_digits"]

GENDER = OneOf("gender", options=get_args(GenderName), fold=True, canonical=True)
LOCALE = OneOf(
    "locale",
    options=("en_US", "en_UK", "es", "es_MX", "fr", "fr_FR", "de", "de_DE", "it", "it_IT"),
)
VOICE = OneOf(
    "voice",
    fold=True,
    options=(
        *("kate", "susan", "julie", "dave", "paul", "bridget", "esperanza", "violeta"),
        *("jorge", "jolie", "bernard", "katrin", "stefan", "paola", "luca"),
    ),
)
RECORDING_FORMAT = OneOf("recording_file_format", options=get_args(RecordingFormat))
HTTP_METHOD = OneOf("callback_http_method", options=get_args(HttpMethod), fold=True, canonical=True)
CALL_STATE_CHANGE = OneOf("state", options=get_args(CallStateName))
GATHER_STATE_CHANGE = OneOf("gather_state", options=get_args(GatherStateName))
DIVERSION_TREATMENT = OneOf("diversion_treatment", options=get_args(DiversionTreatment))
DIVERSION_REASON = OneOf(
    "diversion_reason",
    options=(
        *("unknown", "user-busy", "no-answer", "unavailable", "unconditional", "time-of-day"),
        *("do-not-disturb", "deflection", "follow-me", "out-of-service", "away"),
    ),
)
SORT_ORDER = OneOf("sort_order", options=get_args(SortOrder))
END_STATE = OneOf("state", options=get_args(EndStateName))
"""A conference or member update's ``state``: only ``completed`` (end it, remove them)."""
CONFERENCE_PROFILE = OneOf("profile", options=get_args(ConferenceProfile))
MAX_CONFERENCE_MEMBERS = 20
"""Members a conference holds at once; the next is refused (``conference-max-members``)."""
CALL_TIMEOUT = Between("call_timeout", low=1, high=300)
CALLBACK_TIMEOUT = Between("callback_timeout", low=1, high=10000)
RECORDING_MAX_DURATION = Between(
    "recording_max_duration", low=1, high=14400, above=(403, "maximum-recording-value-request")
)
VOLUME = Between("volume", low=-4, high=4)
MAX_DIGITS = Between("max_digits", low=1, high=30)
INTER_DIGIT_TIMEOUT = Between("inter_digit_timeout", low=1, high=30)
PAGE_SIZE = Between("size", low=1, high=MAX_PAGE_SIZE)
"""``size`` of a paged list (the API's default is 25)."""
PAGE = Between("page", low=0, high=10**9)
FLAG = Flag("flag")
BARGEABLE = Flag("bargeable", only=True)
"""``bargeable`` of a gather prompt: deprecated, and it cannot be turned off."""
SIP_HEADERS = SipHeaders("sip_headers")
BRIDGE_CALL_IDS = DistinctIds("call_ids", max_items=2, item=ID)
"""A bridge joins at most two calls."""

TRANSFER_TARGET = Needs("state", "transferring", "transferTo")
"""A transfer names where the call goes."""
TRANSFER_ONLY = OnlyWhen(
    "state",
    "transferring",
    ("transferTo", "transferCallerId", "whisperAudio", "diversionTreatment", "diversionReason"),
)
"""The options of a transfer come only with one."""

TERMINAL_CALL_STATES: frozenset[str] = frozenset({"completed", "rejected"})
"""Call states after which a call accepts no change."""


def every_rule() -> list[Rule]:
    """Every rule of this module, for tests that walk them all."""
    return [value for value in globals().values() if isinstance(value, Rule)]


def every_body_rule() -> list[BodyRule]:
    """Every rule across fields of this module, for tests that walk them all."""
    return [value for value in globals().values() if isinstance(value, Needs | OnlyWhen)]
