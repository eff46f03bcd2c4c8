"""Secrets of URLs taken out of text: reprs, error messages and bodies, cassettes.

Three forms are recognised wherever a URL stands in the text: the password of
``scheme://user:password@host`` (the user name is kept), a user name standing alone
(``scheme://token@host``, which is often a token), and the value of a query parameter whose
name says it is secret (``?token=...``, ``&api_key=...``, ``signature``, ``password``...).
"""

from __future__ import annotations

import re

REDACTED = "REDACTED"

_PASSWORD = re.compile(r"(://[^/?#@\s:\"']*):([^/?#@\s\"']*)@")
_USER_ONLY = re.compile(r"://([^/?#@\s:\"']+)@")
_QUERY_PAIR = re.compile(r"([?&])([^=&#\s\"']+)=([^&#\s\"']*)")
_SECRET_WORDS = ("token", "secret", "password", "passwd", "pwd", "key", "signature", "sig", "auth")
_WORDS_OF_NAME = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _is_secret_name(name: str) -> bool:
    """``token``, ``api_key``, ``accessToken``, ``X-Signature``; not ``monkey`` or ``page``."""
    return any(word.lower() in _SECRET_WORDS for word in _WORDS_OF_NAME.findall(name))


def _redact_pair(match: re.Match[str]) -> str:
    lead, name, value = match.groups()
    return f"{lead}{name}={REDACTED}" if value and _is_secret_name(name) else match.group(0)


def redact_password(text: str) -> str:
    """``text`` with the secrets of every URL in it (the forms in the module doc) replaced."""
    if "@" in text:
        text = _USER_ONLY.sub(f"://{REDACTED}@", _PASSWORD.sub(rf"\1:{REDACTED}@", text))
    if "=" in text:
        text = _QUERY_PAIR.sub(_redact_pair, text)
    return text


def holds_url_secret(text: str) -> bool:
    """Whether ``text`` holds a URL secret :func:`redact_password` would replace."""
    return redact_password(text) != text
