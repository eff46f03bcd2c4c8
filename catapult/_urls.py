"""URL safety: base URL checks, id validation and quoting, and same-origin checks for links.

Ids go into paths only through :func:`quote_id`, which refuses anything that could change the
path (``../calls/x``, ``brg-1?x=1``) before a request exists. Credentials go only over TLS, or
over plain HTTP to a loopback address (the local emulator).
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

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


_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOST_NAME = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}\.?")
"""A host name: dot-separated labels of ASCII letters, digits, inner hyphens and underscores
(which the names of containers and internal services often hold)."""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


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
    shown = redact_url(url)
    if not url.isprintable() or any(c.isspace() for c in url):
        # urlsplit would drop a tab or newline in silence: "exa\tmple.com" is "example.com"
        raise UnsafeURLError(f"base URL {shown!r} must not hold white space or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        raise UnsafeURLError(f"base URL {shown!r} is not a valid URL") from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeURLError(f"base URL {shown!r} must be an absolute https:// URL")
    if not (_HOST_NAME.fullmatch(parts.hostname) or _is_ip(parts.hostname)):
        raise UnsafeURLError(
            f"base URL {shown!r} has a host that is no host name or IP address (ASCII letters, "
            "digits, '-', '_' and '.'; write an internationalised name in its xn-- form)"
        )
    if parts.username or parts.password:
        raise UnsafeURLError("base URL must not carry credentials; pass them to Session()")
    if parts.query or parts.fragment:
        raise UnsafeURLError(f"base URL {shown!r} must not have a query or fragment")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise UnsafeURLError(
            f"refusing plain http:// to {parts.hostname!r}: credentials would travel in clear "
            "text; use https://, or http:// only to a loopback address such as 127.0.0.1"
        )
    return url.rstrip("/")


_DEFAULT_PORTS = {"https": 443, "http": 80}


def _origin(parts: SplitResult) -> tuple[str, str | None, int | None]:
    """Scheme, host and port, the port filled in when implied (``https://h`` is ``:443``)."""
    return (parts.scheme, parts.hostname, parts.port or _DEFAULT_PORTS.get(parts.scheme))


def check_same_origin(url: str, base_url: str) -> str:
    """Refuse to follow a link (``Location``, ``Link: rel=next``) to another scheme or host."""
    base = urlsplit(base_url)
    try:
        target = _origin(urlsplit(url))
    except ValueError:  # port 99999 or "abc", a broken IPv6 literal
        raise UnsafeURLError(f"refusing to follow a malformed link {redact_url(url)!r}") from None
    if target != _origin(base):
        raise UnsafeURLError(
            f"refusing to follow {redact_url(url)!r}: it leaves {base.scheme}://{base.netloc}, "
            "and the request would carry the account's credentials"
        )
    return url


def last_path_segment(url: str) -> str:
    """The id at the end of a ``Location`` URL, absolute or relative.

    See docs/wire/index.md#create-and-update.
    """
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def id_from_location(location: str, request_url: str, collection_url: str) -> str | None:
    """The new id a ``Location`` names, if it is a direct child of ``collection_url``.

    The location is resolved against the request URL first, ``..`` segments included, so
    ``.../bridges/brg-1/../../admin`` does not pass for an id: None is returned for anything
    that is not ``<collection>/<one valid id>``. Paths are compared below ``/users/<id>/``
    (recordings replace the user id).
    """
    try:
        path = _below_user(urlsplit(urljoin(request_url, location)).path)
        expected = _below_user(urlsplit(collection_url).path).rstrip("/") + "/"
    except ValueError:
        return None
    if not path.startswith(expected):
        return None
    new_id = unquote(path[len(expected) :].rstrip("/"))
    return new_id if _ID_PATTERN.fullmatch(new_id) and ".." not in new_id else None


_USER_PREFIX = re.compile(r".*?/users/[^/]+/")


def _below_user(path: str) -> str:
    match = _USER_PREFIX.match(path)
    return path[match.end() :] if match else "/" + path.lstrip("/")


_USERINFO = re.compile(r"(?<=://)[^/?#@\s]*@")


def redact_url(url: str) -> str:
    """``url`` fit for a message or log: no user name or password, no query values."""
    text = _USERINFO.sub("REDACTED@", str(url))
    head, sep, query = text.partition("?")
    if not sep:
        return text
    query, hash_sep, fragment = query.partition("#")
    names = [pair.partition("=")[0] for pair in query.split("&") if pair]
    redacted = "&".join(f"{name}=REDACTED" for name in names)
    return f"{head}?{redacted}{hash_sep}{fragment and 'REDACTED'}"
