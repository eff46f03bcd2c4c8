"""The API front door: credentials, user scope, routing, rate limits, body parsing, errors.

Order of checks for a request under ``/v1/``: Basic auth (401 ``unauthorized``), the user id in
the path (401 ``user-access-denied``), the route (404 / 405), the per-family rate limit (429),
then the body: it must be JSON (``Content-Type: application/json``, else 415) and parse (else
400 ``validation-error``). An empty body on a POST counts as ``{}``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from ._errors import (
    ApiFault,
    refusal,
    resource_not_found,
    unsupported_media_type,
    validation,
)
from ._faults import RateLimiter
from ._routes import Ctx, resolve
from ._store import Store
from ._wire import JSON_TYPE, Request, Response


def error_response(fault: ApiFault, request: Request) -> Response:
    """Render an :class:`ApiFault` as the Catapult error answer for ``request``."""
    request_path = request.path.removeprefix("/v1/").lstrip("/")
    body = fault.body(request.method, request_path, request.remote)
    return Response.json(fault.status, body, fault.headers)


@dataclass
class Api:
    """Answers Catapult v1 requests for one user."""

    store: Store
    limiter: RateLimiter
    user_id: str
    api_token: str
    api_secret: str

    def admit(self, request: Request) -> None:
        """The checks that need no body: an API path, the credentials, the user (ApiFault)."""
        segments = _segments(request)
        if segments[:1] != ["v1"]:
            raise _not_found(request.path)
        self._authenticate(request)
        if len(segments) < 3 or segments[1] != "users":
            raise _not_found(request.path)
        if segments[2] != self.user_id:
            message = f"Access to user {segments[2]} is denied"
            raise refusal(401, "user-access-denied", message, userId=segments[2])

    def handle(self, request: Request) -> Response:
        """Answer an admitted request (see :meth:`admit`)."""
        try:
            return self._handle(request)
        except ApiFault as fault:
            return error_response(fault, request)

    def _handle(self, request: Request) -> Response:
        segments = _segments(request)
        found = resolve(segments[3:])
        if found is None:
            raise _not_found(request.path)
        handlers, params = found
        handler = handlers.get(request.method)
        if handler is None:
            allowed = ", ".join(sorted(handlers))
            raise ApiFault(
                405,
                "bad-request",
                "method-not-allowed",
                f"Method {request.method} is not allowed here; use {allowed}",
                headers=[("Allow", allowed)],
            )
        self.limiter.admit(segments[3])
        body = _parse_body(request) if request.method in ("POST", "PUT", "PATCH") else None
        ctx = Ctx(
            params, request.query, body, self.store, self.limiter, f"/v1/users/{self.user_id}"
        )
        return handler(ctx)

    def _authenticate(self, request: Request) -> None:
        header = request.header("Authorization") or ""
        scheme, _, encoded = header.partition(" ")
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        token, _, secret = decoded.partition(":")
        token_ok = hmac.compare_digest(token.encode(), self.api_token.encode())
        secret_ok = hmac.compare_digest(secret.encode(), self.api_secret.encode())
        good = scheme.lower() == "basic" and token_ok and secret_ok
        if not good:
            raise ApiFault(
                401,
                "authentication",
                "unauthorized",
                "Invalid or missing API credentials (HTTP Basic token:secret)",
                headers=[("WWW-Authenticate", 'Basic realm="Catapult"')],
            )


def _segments(request: Request) -> list[str]:
    segments = [unquote(part) for part in request.path.split("/")[1:]]
    if segments and segments[-1] == "":
        segments.pop()  # tolerate a trailing slash (".../audio/")
    return segments


def _not_found(path: str) -> ApiFault:
    return resource_not_found(f"The resource {path} could not be found")


def _parse_body(request: Request) -> Any:
    if not request.body.strip():
        return {}
    if request.media_type != JSON_TYPE:
        message = f"Request bodies must be sent as Content-Type: {JSON_TYPE}"
        raise unsupported_media_type(message, contentType=request.media_type)
    return parse_json(request.body)


def parse_json(body: bytes) -> Any:
    """Parse a JSON request body; 400 ``validation-error`` when it is not JSON (or too deep)."""
    try:
        return json.loads(body)
    except ValueError as exc:
        raise validation(f"The request body is not valid JSON: {exc}") from None
    except RecursionError:
        raise validation("The request body is nested too deeply") from None
