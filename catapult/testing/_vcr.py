"""A vcrpy configuration for Catapult traffic, and a scanner for what must never be recorded.

Nothing here imports vcrpy: the configuration is a plain dict that pytest-recording (or
``vcr.VCR(**config)``) takes, and the hooks only touch the attributes vcrpy's request and
response objects have.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .._redact import holds_url_secret, redact_password

REDACTED_USER_ID = "u-REDACTED"
"""What a user id in a recorded path or body becomes."""
REDACTED = "REDACTED"
"""What a known token or secret becomes."""
CANONICAL_HOST = "emulator.invalid"
"""Where recorded requests to a loopback emulator seem to go, whatever its port was."""
MIN_SECRET_LENGTH = 6
"""Shorter tokens or secrets are refused: replacing them everywhere would mangle the cassette."""

_LOOPBACK_ORIGIN = re.compile(r"\b(https?)://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?")
_LOOPBACK_HOST = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?")
_USER_SEGMENT = re.compile(r"(?<![A-Za-z0-9_-])users/([^/?#\s\"'<>&]+)")
_LINK_HEADERS = ("link", "location", "content-location")
_DROPPED_RESPONSE_HEADERS = ("set-cookie", "date", "server")
# Basic credentials, but not a challenge (``WWW-Authenticate: Basic realm="..."``).
_BASIC_CREDENTIALS = re.compile(r"\bbasic\s+(?!realm\b)[A-Za-z0-9+/]{6,}={0,2}", re.IGNORECASE)


def catapult_vcr_config(
    *,
    user_id: str | None = None,
    api_token: str | None = None,
    api_secret: str | None = None,
    secrets: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """vcrpy settings for recording and replaying Catapult traffic safely and stably.

    - Request headers ``Authorization`` (replaced by ``REDACTED``) and ``Cookie`` (removed);
      response headers ``Set-Cookie``, ``Date`` and ``Server`` (removed).
    - The user id in every path (``/users/<id>/`` -> ``/users/u-REDACTED/``), in requests,
      response bodies and ``Link``/``Location`` headers; the token, the secret, any other
      ``secrets`` and the user id itself wherever else they appear. The request hook runs on
      live requests before matching as well, so a scrubbed cassette still matches.
    - ``http://127.0.0.1:<port>`` becomes ``http://emulator.invalid`` in requests (their
      ``Host`` header too) and response bodies, and loopback ``Link``/``Location`` URLs become
      relative, so emulator recordings replay on any port and re-record with small diffs.
    - Matching on method, scheme, host, port, path, query and JSON body (key order ignored:
      the SDK always sends ``Content-Type: application/json``).
    - ``record_mode="none"`` only when the ``CI`` environment variable is set. A record mode
      in a vcr config overrides pytest-recording's ``--record-mode`` option, so setting it
      anywhere else would stop you from ever re-recording; under CI nothing may be recorded.

    ``user_id``, ``api_token`` and ``api_secret`` default to ``CATAPULT_USER_ID``,
    ``CATAPULT_API_TOKEN`` and ``CATAPULT_API_SECRET`` from ``environ`` (``os.environ``).
    Raises ValueError for a token or secret shorter than six characters: replacing it
    everywhere would mangle the cassette.
    """
    env = os.environ if environ is None else environ
    user_id = user_id or env.get("CATAPULT_USER_ID") or None
    api_token = api_token or env.get("CATAPULT_API_TOKEN") or None
    api_secret = api_secret or env.get("CATAPULT_API_SECRET") or None
    scrubber = Scrubber(user_id, secret_values(api_token, api_secret, secrets))
    config: dict[str, Any] = {
        "filter_headers": [("authorization", REDACTED), ("cookie", None)],
        "before_record_request": scrubber.request,
        "before_record_response": scrubber.response,
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
    }
    if env.get("CI"):
        config["record_mode"] = "none"
    return config


def secret_values(
    api_token: str | None, api_secret: str | None, extra: Iterable[str] = ()
) -> list[str]:
    """The strings a cassette must not hold: token, secret, their Basic-auth form, ``extra``."""
    values = [value for value in (api_token, api_secret, *extra) if value]
    short = [value for value in values if len(value) < MIN_SECRET_LENGTH]
    if short:
        raise ValueError(
            f"secrets shorter than {MIN_SECRET_LENGTH} characters cannot be scrubbed safely "
            "(replacing them would mangle ordinary text)"
        )
    if api_token and api_secret:
        values.append(base64.b64encode(f"{api_token}:{api_secret}".encode()).decode())
    return sorted(set(values), key=len, reverse=True)  # longest first: no partial replaces


class Scrubber:
    """The two vcrpy hooks of :func:`catapult_vcr_config`."""

    def __init__(self, user_id: str | None, secrets: Iterable[str]) -> None:
        self.user_id = user_id
        self.secrets = list(secrets)

    def text(self, text: str) -> str:
        """Scrub user-id path segments, known secrets and the user id from ``text``."""
        text = redact_password(_USER_SEGMENT.sub(f"users/{REDACTED_USER_ID}", text))
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        if self.user_id and len(self.user_id) >= MIN_SECRET_LENGTH:
            text = text.replace(self.user_id, REDACTED_USER_ID)
        return text

    def request(self, request: Any) -> Any:
        """``before_record_request``: canonical loopback host (in the URI and in the body, where
        a callback URL may name a local app's port), no user id or secrets in URI or body.
        vcrpy applies it to each live request before matching it, so both sides agree."""
        request.uri = self.text(_LOOPBACK_ORIGIN.sub(rf"\1://{CANONICAL_HOST}", request.uri))
        headers = getattr(request, "headers", {})
        host = headers.get("host")  # httpx records it; requests does not
        if isinstance(host, str) and _LOOPBACK_HOST.fullmatch(host):
            headers["host"] = CANONICAL_HOST
        body = request.body
        if isinstance(body, bytes) and body:
            with contextlib.suppress(UnicodeDecodeError):  # binary bodies stay as they are
                # a callback URL of an app on a loopback port that changes from run to run
                text = _LOOPBACK_ORIGIN.sub(rf"\1://{CANONICAL_HOST}", body.decode("utf-8"))
                request.body = self.text(text).encode("utf-8")
        return request

    def response(self, response: dict[str, Any]) -> dict[str, Any]:
        """``before_record_response``: no cookies or user id; relative loopback links."""
        headers: dict[str, Any] = response.get("headers", {})
        for name in list(headers):
            lowered = name.lower()
            if lowered in _DROPPED_RESPONSE_HEADERS:
                del headers[name]
            elif lowered in _LINK_HEADERS:
                headers[name] = [
                    self.text(_LOOPBACK_ORIGIN.sub("", value)) for value in headers[name]
                ]
        body = response.get("body", {})
        raw = body.get("string")
        if not raw:
            return response
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        except UnicodeDecodeError:
            return response  # binary (e.g. a recording's audio): nothing to scrub
        text = self.text(_LOOPBACK_ORIGIN.sub(rf"\1://{CANONICAL_HOST}", text))
        encoded = text.encode("utf-8")
        body["string"] = encoded if isinstance(raw, bytes) else text
        for name in headers:
            if name.lower() == "content-length":  # the scrubbed body may be shorter
                headers[name] = [str(len(encoded))]
        return response


def scan_cassettes(
    path: str | os.PathLike[str],
    *,
    secrets: Iterable[str] = (),
    user_ids: Iterable[str] = (),
) -> list[str]:
    """Problems found in the cassette files under ``path`` (a file or a directory).

    Looks for each of ``secrets`` and ``user_ids``, for ``Basic`` credentials, secrets in URLs
    (``https://user:password@...``, ``https://token@...``, ``?token=...``), ``Cookie`` and
    ``Set-Cookie`` headers, and for any ``users/<id>`` other than ``users/u-REDACTED``.
    Returns ``["<file>: <problem>", ...]``; an empty list means clean. Run it in a test over
    your cassette directory. Raises FileNotFoundError if ``path`` does not exist (a typo
    must not pass for "clean").
    """
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"no cassette file or directory at {root}")
    files = (
        [root]
        if root.is_file()
        else sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    )
    problems: list[str] = []
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace")
        lowered = text.lower()
        for value in [*secrets, *user_ids]:
            if value and value in text:
                problems.append(f"{file}: holds {value[:3]}... (a secret or user id)")
        if _BASIC_CREDENTIALS.search(text):
            problems.append(f"{file}: holds Basic credentials")
        if holds_url_secret(text):
            problems.append(
                f"{file}: holds a secret in a URL (a password, a user name or a ?token=)"
            )
        if "cookie" in lowered:
            problems.append(f"{file}: holds a Cookie or Set-Cookie header")
        for match in _USER_SEGMENT.finditer(text):
            if match.group(1) != REDACTED_USER_ID:
                problems.append(f"{file}: holds the user id in {match.group(0)!r}")
                break
    return problems
