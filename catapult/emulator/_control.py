"""The control API under ``/_emulator/``: the HTTP mirror of the :class:`Emulator` methods.

No credentials are needed and its requests never enter the request log. JSON in, JSON out;
errors use the Catapult error body.

=======  ==========================================  ==============================================
Method   Path                                        Effect
=======  ==========================================  ==============================================
GET      /_emulator/health                           ``{"status": "ok", "baseUrl", "userId"}``
POST     /_emulator/reset                            wipe state, faults, rate counters, request log
GET      /_emulator/requests?method=&path=&prefix=   the request log (list of request objects)
POST     /_emulator/requests/clear (or DELETE)       clear the request log
GET      /_emulator/faults                           pending fault rules
POST     /_emulator/faults                           body = ``inject_fault`` kwargs → ``{"id"}``
DELETE   /_emulator/faults                           drop all fault rules
POST     /_emulator/seed                             ``{"bridges": N, "state"?}``
POST     /_emulator/calls/incoming                   ``{"from", "to", "callbackUrl"?,
                                                     "autoAnswer"?}`` → 201 ``{"id"}``
GET      /_emulator/calls/{id}, /bridges/{id}        stored JSON of one resource
POST     /_emulator/calls/{id}/{action}              ``answer``, ``hangup``, ``no-answer``,
                                                     ``digits`` ``{"digits"}``, ``gather-timeout``,
                                                     ``complete-recording``
GET      /_emulator/deliveries?callId=&eventType=    callback delivery attempts (``fallback``,
                                                     ``ok`` filters: ``true``/``false``)
DELETE   /_emulator/deliveries (or POST …/clear)     forget the delivery attempts
GET      /_emulator/callbacks                        the callback options in force
POST     /_emulator/callbacks                        body = options to change (snake_case names)
=======  ==========================================  ==============================================
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._api import error_response
from ._callbacks import CallbackDispatcher
from ._errors import ApiFault, validation
from ._faults import FaultQueue, RateLimiter
from ._journal import Journal
from ._store import Store
from ._wire import Request, Response

FAULT_FIELDS = ("method", "path", "times", "status", "headers", "body", "delay", "action", "size")


@dataclass
class Control:
    """Serves ``/_emulator/…`` requests against the emulator's parts."""

    store: Store
    journal: Journal
    faults: FaultQueue
    limiter: RateLimiter
    base_url: Callable[[], str]
    user_id: str
    callbacks: CallbackDispatcher | None = None

    def reset(self) -> None:
        """Wipe resources, faults, rate-limit counters, the request log and callback state."""
        if self.callbacks is not None:
            self.callbacks.reset()
        self.store.reset()
        self.faults.clear()
        self.limiter.reset()
        self.journal.clear()

    def handle(self, request: Request) -> Response:
        try:
            return self._route(request, request.path.rstrip("/").split("/")[2:])
        except ApiFault as fault:
            return error_response(fault, request)
        except (ValueError, TypeError) as exc:
            return error_response(validation(str(exc)), request)

    def _route(self, request: Request, parts: list[str]) -> Response:
        method = request.method
        query = request.query
        if parts == ["health"]:
            return _ok({"status": "ok", "baseUrl": self.base_url(), "userId": self.user_id})
        if parts == ["reset"] and method == "POST":
            self.reset()
            return _ok({"status": "reset"})
        if parts == ["requests"] and method == "GET":
            entries = self.journal.select(
                _last(query, "method"),
                _last(query, "path"),
                _last(query, "prefix") or _last(query, "path_prefix"),
            )
            return _ok([entry.to_dict() for entry in entries])
        if (parts == ["requests"] and method == "DELETE") or (
            parts == ["requests", "clear"] and method in ("POST", "DELETE")
        ):
            self.journal.clear()
            return _ok({"status": "cleared"})
        if parts == ["faults"]:
            return self._faults(request)
        if parts == ["seed"] and method == "POST":
            body = _object(request)
            self.store.seed_bridges(
                int(body.get("bridges", 0)), str(body.get("state", "completed"))
            )
            return _ok({"bridges": len(self.store.bridge_order)})
        if parts == ["calls", "incoming"] and method == "POST":
            body = _object(request)
            from_, to = str(body.get("from", "+15550001111")), str(body.get("to", "+15550002222"))
            if self.callbacks is None:
                call_id = self.store.incoming_call(from_, to)
            else:
                auto_answer = body.get("autoAnswer")
                call_id = self.callbacks.incoming_call(
                    from_,
                    to,
                    body.get("callbackUrl"),
                    None if auto_answer is None else auto_answer in (True, "true"),
                )
            return Response.json(201, {"id": call_id})
        if parts[:1] in (["deliveries"], ["callbacks"]) and self.callbacks is not None:
            return self._callbacks(self.callbacks, request, parts)
        if len(parts) == 2 and parts[0] in ("calls", "bridges") and method == "GET":
            getter = self.store.call_dict if parts[0] == "calls" else self.store.bridge_dict
            return _ok(getter(parts[1]))
        if len(parts) == 3 and parts[0] == "calls" and method == "POST":
            return self._call_action(parts[1], parts[2], request)
        raise ApiFault(
            404, "not-found", "resource-not-found", f"No control endpoint {method} {request.path}"
        )

    def _callbacks(
        self, callbacks: CallbackDispatcher, request: Request, parts: list[str]
    ) -> Response:
        method, query = request.method, request.query
        if parts == ["deliveries"] and method == "GET":
            flags = {
                name: _last(query, name) in ("true", "1")
                for name in ("fallback", "ok")
                if _last(query, name) is not None
            }
            found = callbacks.deliveries(
                _last(query, "callId") or _last(query, "call_id"),
                _last(query, "eventType") or _last(query, "event_type"),
                **flags,
            )
            return _ok([delivery.to_dict() for delivery in found])
        if (parts == ["deliveries"] and method == "DELETE") or (
            parts == ["deliveries", "clear"] and method in ("POST", "DELETE")
        ):
            callbacks.clear()
            return _ok({"status": "cleared"})
        if parts == ["callbacks"] and method == "GET":
            return _ok(callbacks.options.to_dict())
        if parts == ["callbacks"] and method == "POST":
            return _ok(callbacks.configure(**_object(request)).to_dict())
        raise ApiFault(
            404, "not-found", "resource-not-found", f"No control endpoint {method} {request.path}"
        )

    def _faults(self, request: Request) -> Response:
        if request.method == "GET":
            return _ok(self.faults.pending())
        if request.method == "DELETE":
            self.faults.clear()
            return _ok({"status": "cleared"})
        body = _object(request)
        unknown = sorted(set(body) - set(FAULT_FIELDS))
        if unknown:
            raise validation(f"Unknown fault fields: {', '.join(unknown)}", unknown[0])
        return Response.json(201, {"id": self.faults.add(**body)})

    def _call_action(self, call_id: str, action: str, request: Request) -> Response:
        simple: dict[str, Callable[[str], None]] = {
            "answer": self.store.answer,
            "hangup": self.store.hangup,
            "no-answer": self.store.no_answer,
            "gather-timeout": self.store.expire_gather,
            "complete-recording": self.store.complete_recording,
        }
        if action in simple:
            simple[action](call_id)
        elif action == "digits":
            self.store.press_digits(call_id, str(_object(request).get("digits", "")))
        else:
            raise ApiFault(404, "not-found", "resource-not-found", f"No call action {action}")
        return _ok(self.store.call_dict(call_id))


def _ok(value: Any) -> Response:
    return Response.json(200, value)


def _last(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _object(request: Request) -> dict[str, Any]:
    if not request.body.strip():
        return {}
    value = json.loads(request.body)
    if not isinstance(value, dict):
        raise validation("The control request body must be a JSON object")
    return value
