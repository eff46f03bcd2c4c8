"""URL safety: base URL checks, id validation and quoting, and same-origin checks for links.

Ids go into paths only through :func:`quote_id`, which refuses anything that could change the
path (``../calls/x``, ``brg-1?x=1``) before a request exists. Credentials go only over TLS, or
over plain HTTP to a loopback address (the local emulator).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit

from ._errors import InvalidArgumentError, UnsafeURLError

# Catapult ids are opaque prefixed tokens (c-..., brg-..., ce-...). Anything outside the URL
# "unreserved" set cannot be a real id and could alter the path or query.
_ID_PATTERN = re.compile(r"[A-Za-z0-9._~-]{1,128}")


def quote_id(value: object, what: str = "id") -> str:
    """Validate an id and return it quoted for a path segment; raise before any I/O."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{what} must be a string, got {type(value).__name__}")
    if not value:
        raise InvalidArgumentError(f"{what} must not be empty")
    if ".." in value or value == "." or not _ID_PATTERN.fullmatch(value):
        raise InvalidArgumentError(
            f"{what} {value!r} is not a valid Catapult id: ids are 1-128 letters, digits, "
            "'-', '_', '.', '~' (no '/', '?', '#', '..', whitespace or control characters)"
        )
    return quote(value, safe="")


def is_loopback_host(host: str | None) -> bool:
    """Tell whether ``host`` names this machine (localhost, 127.0.0.0/8 or ::1)."""
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def check_base_url(url: str) -> str:
    """Return the base URL without a trailing slash if it is safe to send credentials to."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeURLError(f"base URL {url!r} must be an absolute https:// URL")
    if parts.username or parts.password:
        raise UnsafeURLError("base URL must not carry credentials; pass them to Session()")
    if parts.query or parts.fragment:
        raise UnsafeURLError(f"base URL {url!r} must not have a query or fragment")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise UnsafeURLError(
            f"refusing plain http:// to {parts.hostname!r}: credentials would travel in clear "
            "text; use https://, or http:// only to a loopback address such as 127.0.0.1"
        )
    return url.rstrip("/")


def check_same_origin(url: str, base_url: str) -> str:
    """Refuse to follow a link (``Location``, ``Link: rel=next``) to another scheme or host."""
    target, base = urlsplit(url), urlsplit(base_url)
    if (target.scheme, target.hostname, target.port) != (base.scheme, base.hostname, base.port):
        raise UnsafeURLError(
            f"refusing to follow {url!r}: it leaves {base.scheme}://{base.netloc}, "
            "and the request would carry the account's credentials"
        )
    return url


def last_path_segment(url: str) -> str:
    """The id at the end of a ``Location`` URL, absolute or relative (API notes §1)."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
