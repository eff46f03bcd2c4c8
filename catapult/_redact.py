"""Passwords of URLs taken out of text: reprs, error messages and bodies, cassettes."""

from __future__ import annotations

import re

_PASSWORD = re.compile(r"(://[^/?#@\s:]*):[^/?#@\s]*@")


def redact_password(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` URL in it replaced."""
    return _PASSWORD.sub(r"\1:REDACTED@", text) if "@" in text else text
