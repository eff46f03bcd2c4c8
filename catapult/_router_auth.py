"""The Basic credentials callbacks must carry, held where no repr, traceback or pickle shows them.

Tracebacks printed with their frames' locals show the repr of every local: the expected
credentials live only inside :class:`ExpectedBasic`, whose repr shows nothing and which refuses
to be pickled, and nothing that can raise runs while the plain password is bound.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Iterable
from typing import NoReturn, cast


class ExpectedBasic:
    """The Basic credentials (base64 of ``user:password``) a callback must carry."""

    __slots__ = ("_token",)

    def __init__(self, token: bytes) -> None:
        self._token = token

    @classmethod
    def of(cls, basic_auth: object) -> ExpectedBasic | None:
        """The credentials ``basic_auth`` stands for; None (never a raise, which would show
        them) unless it is a ``(user, password)`` tuple of non-empty, encodable strs, the user
        without ``:`` (which Basic credentials cannot carry: no client could send that user)."""
        parts = cast("tuple[object, ...]", basic_auth) if isinstance(basic_auth, tuple) else ()
        if len(parts) != 2 or not all(isinstance(part, str) and part for part in parts):
            return None
        user, password = cast("tuple[str, str]", parts)
        if ":" in user:
            return None
        try:
            joined = f"{user}:{password}".encode()
        except UnicodeEncodeError:  # a lone surrogate: no client can send it
            return None
        return cls(base64.b64encode(joined))

    def refusal(self, headers: Iterable[tuple[str, str]]) -> str | None:
        """Why a request with these headers is refused (for the log), or None: it carries
        exactly one ``Authorization`` header, with these credentials (the scheme in any case).

        Several ``Authorization`` headers are refused whichever one is right, and so is one
        holding a comma, which is how WSGI servers join repeated headers: which one is meant
        would be a guess.
        """
        given = [value for name, value in headers if name.lower() == "authorization"]
        if len(given) > 1 or (given and "," in given[0]):
            return "carrying more than one Authorization header"
        scheme, _, token = (given[0] if given else "").strip().partition(" ")
        if scheme.lower() == "basic" and self._matches(token.strip()):
            return None
        return "without the expected Basic credentials"

    def _matches(self, token: str) -> bool:
        """Whether ``token`` is the expected one, compared in constant time."""
        return token.isascii() and hmac.compare_digest(token.encode("ascii"), self._token)

    def __repr__(self) -> str:
        return "ExpectedBasic('********')"

    def __reduce__(self) -> NoReturn:
        raise TypeError("callback credentials cannot be pickled")
