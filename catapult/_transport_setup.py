"""What a transport is built from: Basic auth, the User-Agent and TLS verification.

Timeouts and the other settings are checked by :mod:`catapult._options`."""

from __future__ import annotations

import base64
import logging
import os
import platform

import requests
from requests.auth import AuthBase

from ._errors import ConfigurationError
from ._version import __version__

logger = logging.getLogger("catapult")


class BasicAuth(AuthBase):
    """HTTP Basic auth with the header built once; its repr never shows the credentials."""

    __slots__ = ("_header",)

    def __init__(self, token: str, secret: str) -> None:
        raw = f"{token}:{secret}".encode()
        self._header = "Basic " + base64.b64encode(raw).decode("ascii")

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = self._header
        return request

    def __repr__(self) -> str:
        return "<BasicAuth [REDACTED]>"


def default_user_agent(extra: str | None = None) -> str:
    """``catapult-python/<version> (Python <x.y.z>)``, after the caller's own product token."""
    ours = f"catapult-python/{__version__} (Python {platform.python_version()})"
    return f"{extra} {ours}" if extra else ours


def ca_bundle(name: str, path: str) -> str:
    """``path`` if it names a CA bundle file or directory; else a ConfigurationError saying
    which setting (``name``) named it, at construction rather than on the first request."""
    if not os.path.exists(path):
        raise ConfigurationError(f"{name} names no CA bundle file or directory: {path!r}")
    return path


def resolve_verify(verify: bool | str, trust_env: bool) -> bool | str:
    if verify is False:
        logger.warning("TLS certificate verification is disabled for this session")
        return False
    if verify is True and trust_env:
        for variable in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            if os.environ.get(variable):
                return ca_bundle(variable, os.environ[variable])
    return verify
