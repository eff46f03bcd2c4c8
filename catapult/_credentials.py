"""The API token and secret, held where no repr, traceback or pickle can show them.

Tracebacks printed with their frames' locals (``pytest -l``, ``rich``, error trackers) show the
repr of every local of every frame. A constructor that failed while its ``api_secret``
parameter was still bound would print the secret, so constructors wrap both values in
:class:`Credentials` first and delete their own parameters before anything can raise.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import NoReturn

from ._errors import ConfigurationError

_SCRUBBED_FROM = 6
"""The shortest token or secret :meth:`Credentials.scrubber` looks for."""


class Credentials:
    """An API token and secret whose repr shows neither; checked before use."""

    __slots__ = ("_secret", "_token")

    def __init__(self, api_token: object, api_secret: object) -> None:
        self._token = api_token
        self._secret = api_secret

    def check(self) -> None:
        """Raise :class:`~catapult.ConfigurationError` unless both are non-empty strings
        without white space or control characters (a token read from a file with its line
        break would only ever be answered 401), and the token holds no ``:`` (Basic auth
        ends the user name there)."""
        # Only the names are bound here: a raise from this frame shows no value.
        bad = [name for name in ("api_token", "api_secret") if not _usable(self._value(name))]
        if bad:
            raise ConfigurationError(
                f"{' and '.join(bad)} must be a non-empty string without white space or"
                " control characters"
            )
        if ":" in str(self._token):
            raise ConfigurationError("api_token must not contain ':' (Basic auth splits there)")

    @property
    def given(self) -> bool:
        """Whether both values are present (truthy)."""
        return bool(self._token) and bool(self._secret)

    def basic(self) -> tuple[str, str]:
        """``(token, secret)`` for HTTP Basic auth; :meth:`check` first."""
        self.check()
        return str(self._token), str(self._secret)

    def scrubber(self) -> Callable[[str], str]:
        """A function replacing the token, the secret and their Basic form in a text with
        ``REDACTED``: for what a server sends back (an error body echoing them). Values
        shorter than :data:`_SCRUBBED_FROM` characters are left, or texts would be mangled."""
        token, secret = str(self._token), str(self._secret)
        basic = base64.b64encode(f"{token}:{secret}".encode()).decode("ascii")
        found = sorted(
            {value for value in (basic, secret, token) if len(value) >= _SCRUBBED_FROM},
            key=len,
            reverse=True,  # the longest first: one may contain another
        )

        def scrub(text: str) -> str:
            for value in found:
                if value in text:
                    text = text.replace(value, "REDACTED")
            return text

        return scrub

    def _value(self, name: str) -> object:
        return self._token if name == "api_token" else self._secret

    def __repr__(self) -> str:
        return "Credentials(api_token='********', api_secret='********')"

    def __reduce__(self) -> NoReturn:
        raise TypeError("credentials cannot be pickled")


def _usable(value: object) -> bool:
    return isinstance(value, str) and bool(value) and value.isprintable() and " " not in value
