"""The control API under ``/_emulator/``: the HTTP mirror of the :class:`Emulator` methods.

No credentials are needed and its requests never enter the request log. JSON in, JSON out;
errors use the Catapult error body. :data:`ENDPOINTS` declares every endpoint once: the
router, ``GET /_emulator/`` (the index) and docs/emulator-control-api.md all come from it.

It refuses what a web page could send it from another site (:meth:`Control.guard`): requests
whose ``Host`` is not the emulator's own address (unless it listens on every interface), any
``Origin`` other than the emulator's own, ``Sec-Fetch-Site`` other than ``same-origin`` or
``none`` (403 ``control-forbidden``), and a ``POST`` without ``Content-Type: application/json``
(415), which no cross-site form or simple request can send (browsers ask first before a
cross-site ``DELETE``, and the emulator never says yes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from ._api import error_response, parse_json
from ._callback_options import select_deliveries
from ._callbacks import CallbackDispatcher
from ._errors import ApiFault, resource_not_found, unsupported_media_type, validation
from ._faults import FAULT_FIELDS, FaultQueue, FaultSpec, RateLimiter
from ._journal import Journal
from ._options import INBOUND_FROM, INBOUND_TO, Inbound
from ._settings_types import check_keys
from ._store import Store
from ._wire import JSON_TYPE, Request, Response

CALL_ACTIONS = {
    "answer": "answer",
    "hangup": "hangup",
    "no-answer": "no_answer",
    "digits": "press_digits",
    "gather-timeout": "expire_gather",
    "complete-recording": "complete_recording",
}
"""The far end's actions on a call (``POST /_emulator/calls/{id}/{action}``) and the
:class:`Store` methods that do them, as ``Emulator.answer()``… do (``digits`` takes
``{"digits": "12#"}``)."""
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
_ANY_INTERFACE = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True)
class Endpoint:
    """One control endpoint: ``path`` is relative to ``/_emulator``; ``{name}`` is one segment."""

    method: str
    path: str
    handler: str
    """The :class:`Control` method that serves it."""
    doc: str
    """What it does, its query or body, and its answer (Markdown)."""

    def match(self, method: str, parts: list[str]) -> dict[str, str] | None:
        pattern = [part for part in self.path.split("/") if part]
        if method != self.method or len(pattern) != len(parts):
            return None
        params: dict[str, str] = {}
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith("{"):
                params[want.strip("{}")] = got
            elif want != got:
                return None
        return params


def _clearing(path: str, handler: str, doc: str) -> tuple[Endpoint, Endpoint]:
    """``DELETE path`` and its alias ``POST path/clear``, for clients that cannot send DELETE."""
    return Endpoint("DELETE", path, handler, doc), Endpoint("POST", f"{path}/clear", handler, doc)


_STORED = {"calls": "call_dict", "bridges": "bridge_dict", "conferences": "conference_dict"}
"""The collections ``GET /_emulator/{collection}/{id}`` shows, and the :class:`Store` methods
that give their stored JSON."""

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", "/", "index", "This list of endpoints, as JSON."),
    Endpoint("GET", "/health", "health", '`{"status": "ok", "baseUrl", "userId"}`.'),
    Endpoint(
        "POST",
        "/reset",
        "reset_all",
        "Wait for requests already sent, then wipe resources, faults, rate-limit counters, "
        "the request log and callback state.",
    ),
    Endpoint(
        "GET",
        "/requests",
        "requests",
        "The request log, oldest first; query `method`, `path`, `prefix` filter it.",
    ),
    *_clearing("/requests", "clear_requests", "Clear the request log."),
    Endpoint("GET", "/faults", "list_faults", "The pending fault rules."),
    Endpoint(
        "POST",
        "/faults",
        "add_fault",
        "Add a fault rule; body: `inject_fault` arguments ("
        + ", ".join(f"`{name}`" for name in FAULT_FIELDS)
        + '). 201 `{"id"}`.',
    ),
    Endpoint("DELETE", "/faults", "clear_faults", "Drop every fault rule."),
    Endpoint(
        "POST",
        "/seed",
        "seed",
        '`{"bridges": N, "state"?}` adds N call-less bridges, `completed` (default) or `created` '
        '(N at most `max_seed`, 100,000 by default). `{"bridges": total}`.',
    ),
    Endpoint(
        "POST",
        "/calls/incoming",
        "incoming_call",
        'An inbound call arrives: `{"from"?, "to"?, "callbackUrl"?, "autoAnswer"?}`. 201 `{"id"}`.',
    ),
    *(
        Endpoint("GET", f"/{kind}/{{id}}", "stored", f"The stored JSON of one {kind[:-1]}.")
        for kind in _STORED
    ),
    Endpoint(
        "POST",
        "/calls/{id}/{action}",
        "call_action",
        "The far end acts: "
        + ", ".join(f"`{action}`" for action in CALL_ACTIONS)
        + ' (`digits` takes `{"digits": "12#"}`). The call\'s JSON.',
    ),
    Endpoint(
        "GET",
        "/deliveries",
        "deliveries",
        "Callback delivery attempts; query `callId`, `eventType`, `fallback`, `ok` "
        "(`true`/`false`) filter them.",
    ),
    *_clearing("/deliveries", "clear_deliveries", "Forget the delivery attempts."),
    Endpoint("GET", "/callbacks", "callback_options", "The callback options in force."),
    Endpoint(
        "POST",
        "/callbacks",
        "configure_callbacks",
        "Change callback options (body: `CallbackOptions` fields, snake_case) until the next "
        "reset; answers the options in force.",
    ),
)


def endpoint_table() -> str:
    """The Markdown table of :data:`ENDPOINTS` (docs/emulator-control-api.md holds it)."""
    rows = ["| Method | Path | What it does |", "|---|---|---|"]
    for endpoint in ENDPOINTS:
        path = "/_emulator" + endpoint.path
        rows.append(f"| `{endpoint.method}` | `{path}` | {endpoint.doc} |")
    return "\n".join(rows) + "\n"


@dataclass
class _Call:
    """One control request being served: the request, path parameters and its body."""

    request: Request
    params: dict[str, str]
    read_body: Callable[[], bytes]

    def arg(self, *names: str) -> str | None:
        """The last value of the first query parameter present among ``names``."""
        for name in names:
            values = self.request.query.get(name)
            if values:
                return values[-1]
        return None

    def body(self) -> dict[str, Any]:
        raw = self.read_body()
        if not raw.strip():
            return {}
        value = parse_json(raw)
        if not isinstance(value, dict):
            raise validation("The control request body must be a JSON object")
        return cast("dict[str, Any]", value)


@dataclass
class Control:
    """Serves ``/_emulator/…`` requests against the emulator's parts."""

    store: Store
    journal: Journal
    faults: FaultQueue
    limiter: RateLimiter
    callbacks: CallbackDispatcher
    base_url: Callable[[], str]
    user_id: str
    host: str
    """The address the emulator binds (``Host`` is checked against it)."""
    max_seed: int
    quiesce: Callable[[], object]
    """Waits until every request already sent has been answered."""

    def handle(self, request: Request, read_body: Callable[[], bytes]) -> Response:
        try:
            self.guard(request)
            parts = [part for part in request.path.split("/")[2:] if part]
            for endpoint in ENDPOINTS:
                params = endpoint.match(request.method, parts)
                if params is not None:
                    serve: Callable[[_Call], Response] = getattr(self, endpoint.handler)
                    return serve(_Call(request, params, read_body))
            raise resource_not_found(
                f"No control endpoint {request.method} {request.path}; GET /_emulator/ lists them"
            )
        except ApiFault as fault:
            return error_response(fault, request)
        except (ValueError, TypeError) as exc:
            return error_response(validation(str(exc)), request)

    def guard(self, request: Request) -> None:
        """Refuse what a browser could send from another site (see the module docstring)."""
        host = request.header("Host")
        if host is not None and not self._known_host(host):
            raise _forbidden(f"Host {host} is not this emulator")
        origin = request.header("Origin")
        if origin is not None and (host is None or origin.lower() != f"http://{host}".lower()):
            raise _forbidden(f"Cross-origin control requests are refused (Origin {origin})")
        if request.header("Sec-Fetch-Site") not in (None, "same-origin", "none"):
            raise _forbidden("Cross-site control requests are refused")
        if request.method == "POST" and request.media_type != JSON_TYPE:
            raise unsupported_media_type(
                f"Control POST requests must be sent as Content-Type: {JSON_TYPE}"
            )

    def _known_host(self, host: str) -> bool:
        if self.host in _ANY_INTERFACE:
            return True
        name = urlsplit(f"//{host}").hostname or ""
        return name in _LOOPBACK or name == self.host.strip("[]").lower()

    # ----------------------------------------------------------------- shared with Emulator

    def reset(self) -> None:
        """Let requests already sent finish, then wipe every part of the emulator's state."""
        self.faults.clear()
        self.faults.interrupt()
        self.quiesce()
        self.callbacks.reset()
        self.store.reset()
        self.faults.clear()
        self.limiter.reset()
        self.journal.clear()

    def seed_bridges(self, count: int, state: str) -> None:
        """Add ``count`` call-less bridges, at most ``max_seed`` at once."""
        if isinstance(count, bool) or not isinstance(count, int):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise validation("bridges must be a whole number", "bridges", count)
        if not 0 <= count <= self.max_seed:
            raise validation(f"bridges must be 0..{self.max_seed}", "bridges", count)
        self.store.seed_bridges(count, state)

    # ----------------------------------------------------------------- endpoints

    def reset_all(self, call: _Call) -> Response:
        self.reset()
        return _ok({"status": "reset"})

    def index(self, call: _Call) -> Response:
        return _ok(
            [{"method": e.method, "path": f"/_emulator{e.path}", "doc": e.doc} for e in ENDPOINTS]
        )

    def health(self, call: _Call) -> Response:
        return _ok({"status": "ok", "baseUrl": self.base_url(), "userId": self.user_id})

    def requests(self, call: _Call) -> Response:
        found = self.journal.select(
            call.arg("method"), call.arg("path"), call.arg("prefix", "path_prefix")
        )
        return _ok([entry.to_dict() for entry in found])

    def clear_requests(self, call: _Call) -> Response:
        self.journal.clear()
        return _ok({"status": "cleared"})

    def list_faults(self, call: _Call) -> Response:
        return _ok(self.faults.pending())

    def add_fault(self, call: _Call) -> Response:
        body = call.body()
        check_keys(body, FAULT_FIELDS, "fault field(s)")
        return Response.json(201, {"id": self.faults.add(FaultSpec(**body))})

    def clear_faults(self, call: _Call) -> Response:
        self.faults.clear()
        return _ok({"status": "cleared"})

    def seed(self, call: _Call) -> Response:
        body = call.body()
        check_keys(body, ("bridges", "state"), "seed field(s)")
        self.seed_bridges(body.get("bridges", 0), str(body.get("state", "completed")))
        return _ok({"bridges": len(self.store.bridge_order)})

    def incoming_call(self, call: _Call) -> Response:
        body = call.body()
        check_keys(body, INBOUND_FIELDS, "inbound call field(s)")
        inbound = Inbound(
            body.get("from", INBOUND_FROM),
            body.get("to", INBOUND_TO),
            body.get("callbackUrl"),
            _flag(body.get("autoAnswer"), "autoAnswer"),
        )
        call_id = self.callbacks.incoming_call(inbound)
        return Response.json(201, {"id": call_id})

    def stored(self, call: _Call) -> Response:
        collection = call.request.path.split("/")[2]  # /_emulator/{collection}/{id}
        show: Callable[[str], dict[str, Any]] = getattr(self.store, _STORED[collection])
        return _ok(show(call.params["id"]))

    def call_action(self, call: _Call) -> Response:
        call_id, action = call.params["id"], call.params["action"]
        method = CALL_ACTIONS.get(action)
        if method is None:
            raise resource_not_found(
                f"No call action {action}; use one of {', '.join(CALL_ACTIONS)}"
            )
        act: Callable[..., None] = getattr(self.store, method)
        act(call_id, *([str(call.body().get("digits", ""))] if action == "digits" else []))
        return _ok(self.store.call_dict(call_id))

    def deliveries(self, call: _Call) -> Response:
        flags = {
            name: _flag(call.arg(name), name)
            for name in ("fallback", "ok")
            if call.arg(name) is not None
        }
        found = select_deliveries(
            self.callbacks.records(),
            call.arg("callId", "call_id"),
            call.arg("eventType", "event_type"),
            **flags,
        )
        return _ok([delivery.to_dict() for delivery in found])

    def clear_deliveries(self, call: _Call) -> Response:
        self.callbacks.clear()
        return _ok({"status": "cleared"})

    def callback_options(self, call: _Call) -> Response:
        return _ok(self.callbacks.options.to_dict())

    def configure_callbacks(self, call: _Call) -> Response:
        return _ok(self.callbacks.configure(**call.body()).to_dict())


_FLAG_TEXT = {"true": True, "1": True, "false": False, "0": False}
"""How a flag is spelled in a query, or as a string in a JSON body."""


INBOUND_FIELDS = ("from", "to", "callbackUrl", "autoAnswer")
"""What ``POST /_emulator/calls/incoming`` takes (docs/emulator-control-api.md)."""


def _flag(value: object, name: str) -> bool | None:
    """A JSON or query flag: true/false (``"true"``/``"false"``, ``"1"``/``"0"``), or None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value in _FLAG_TEXT:
        return _FLAG_TEXT[value]
    raise ValueError(f"{name} must be true or false, got {value!r}")


def _ok(value: Any) -> Response:
    return Response.json(200, value)


def _forbidden(message: str) -> ApiFault:
    return ApiFault(403, "forbidden", "control-forbidden", message)
