"""One request's way through the emulator: control API, or request log + faults + the API.

The answer is an :class:`Outcome`; the HTTP layer only writes it. Fault actions:

* ``status``: answer ``status`` (503 by default) with the given headers and body, or a
  Catapult error body; the real action is not performed.
* ``delay``: sleep ``delay`` seconds, then serve normally (or answer ``status`` if one is given).
  Any other action also sleeps ``delay`` seconds first.
* ``drop``: close the connection without answering; the action is not performed.
* ``drop_after_action``: perform the action (e.g. create the bridge), then drop the connection.
* ``malformed``: 200 with truncated JSON ``{"id": ``; ``non_json``: 200 ``text/html``.
* ``truncate``: perform the action, then declare a ``Content-Length`` longer than the body,
  send half of it and close.
* ``huge``: 200 with a valid JSON object of exactly ``size`` bytes.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass

from ._api import Api, error_response
from ._control import Control
from ._errors import ApiFault
from ._faults import Fault, FaultQueue
from ._journal import Journal
from ._wire import Request, Response, relative_path

CONTROL_PREFIX = "/_emulator"
MALFORMED_BODY = b'{"id": '
HTML_BODY = b"<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>"


@dataclass
class Outcome:
    """What to do with the connection: send ``response``, maybe truncated, or drop it."""

    response: Response | None
    truncate: bool = False


BodyReader = Callable[[int], bytes]
"""Reads the request body, refusing more than the given number of bytes (raises ApiFault)."""


@dataclass
class Pipeline:
    api: Api
    control: Control
    journal: Journal
    faults: FaultQueue
    max_body: int
    """Request bodies over this many bytes are refused (413)."""

    @staticmethod
    def is_control(request: Request) -> bool:
        """Whether ``request`` is for the control API (``/_emulator/…``)."""
        path = request.path
        return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")

    def serve(self, head: Request, read_body: BodyReader) -> Outcome:
        """Answer a request whose headers are in ``head``; its body is read only when needed."""
        if self.is_control(head):
            return Outcome(self.control.handle(head, lambda: read_body(self.max_body)))
        arrived = time.time()
        number = self.journal.begin()
        request, outcome = head, Outcome(None)
        try:
            self.api.admit(head)  # credentials first: no body is read for a stranger
            request = dataclasses.replace(head, body=read_body(self.max_body))
            outcome = self._serve_api(request)
        except ApiFault as fault:
            outcome = Outcome(error_response(fault, request))
        finally:
            status = 0 if outcome.response is None else outcome.response.status
            self.journal.finish(number, request, status, arrived)
        return outcome

    def _serve_api(self, request: Request) -> Outcome:
        fault = self.faults.take(request.method, relative_path(request.path))
        if fault is None:
            return Outcome(self.api.handle(request))
        spec = fault.spec
        if spec.delay:
            self.faults.pause(spec.delay)
        action = spec.action
        if action == "drop":
            return Outcome(None)
        if action == "drop_after_action":
            self.api.handle(request)
            return Outcome(None)
        if action == "truncate":
            return Outcome(self.api.handle(request), truncate=True)
        if action == "delay" and spec.status is None:
            return Outcome(self.api.handle(request))
        if action == "malformed":
            return Outcome(Response(200, MALFORMED_BODY))
        if action == "non_json":
            return Outcome(Response(200, HTML_BODY, content_type="text/html; charset=utf-8"))
        if action == "huge":
            return Outcome(Response(200, huge_body(spec.size)))
        return Outcome(_status_response(fault, request))


def _status_response(fault: Fault, request: Request) -> Response:
    status = fault.spec.status or 503
    if fault.body is None:
        response = error_response(fault.api_fault(), request)
    else:
        response = Response(status, fault.body)
    response.headers.extend(fault.headers.items())
    return response


def huge_body(size: int) -> bytes:
    """A syntactically valid JSON object of exactly ``size`` bytes (at least 20)."""
    head, tail = b'{"id":"huge","pad":"', b'"}'
    return head + b"x" * max(0, size - len(head) - len(tail)) + tail
