"""The emulator as tests see it: request-log assertions and scripted far-end call flows."""

from __future__ import annotations

import difflib
import fnmatch
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, cast

from typing_extensions import Self

from .._errors import InvalidArgumentError
from ..emulator import CallbackDelivery, Emulator, EmulatorRequest
from ..emulator._options import INBOUND_FROM, INBOUND_TO
from ._apps import AppServer, WsgiApp
from ._asgi import AsgiApp
from ._waiting import describe_deliveries, describe_requests, poll, request_matches

if TYPE_CHECKING:
    from ..router import EventRouter

ExpectedRequest = str | tuple[str, str] | tuple[str, str, Any]
"""One expected request: ``"POST /bridges"``, ``("POST", "/bridges")`` or ``("POST", "/bridges",
{"callIds": [...]})``. Paths are relative to the user and may use ``*`` wildcards (``/calls/*``);
a body given is compared with ``==`` (``unittest.mock.ANY`` works inside it), a body left out is
not compared.
"""

_NO_BODY = object()
P = ParamSpec("P")


class CallScript:
    """The far end of one call, driven from a test: answer, hang up, press keys.

    Every action returns the script, so steps chain:
    ``catapult_emulator.inbound_call().answer().press("1234#")``. Actions raise
    :class:`~catapult.emulator.ApiFault` when the call is not in a state that allows them
    (e.g. answering a call that already ended).
    """

    def __init__(self, emulator: Emulator, call_id: str) -> None:
        self.emulator = emulator
        self.id = call_id
        """The call's id (``c-...``), as your app sees it."""

    def answer(self) -> Self:
        """The far end picks up (``started`` -> ``active``)."""
        return self._then(self.emulator.answer)

    def hangup(self) -> Self:
        """The far end hangs up; the call leaves its bridge."""
        return self._then(self.emulator.hangup)

    def no_answer(self) -> Self:
        """The call rings out unanswered (``timeout``, then ``completed``)."""
        return self._then(self.emulator.no_answer)

    def press(self, digits: str) -> Self:
        """The far end presses DTMF keys (``0-9``, ``A-D``, ``#``, ``*``) on the active call."""
        return self._then(self.emulator.press_digits, digits)

    def expire_gather(self) -> Self:
        """The open gather on the call ends with ``inter-digit-timeout``."""
        return self._then(self.emulator.expire_gather)

    def complete_recording(self) -> Self:
        """The call's open recording ends (as when its maximum duration is reached)."""
        return self._then(self.emulator.complete_recording)

    def _then(
        self, act: Callable[Concatenate[str, P], None], *args: P.args, **kwargs: P.kwargs
    ) -> Self:
        """Do ``act`` to this call (``act(id, ...)``); the script, for the next step."""
        act(self.id, *args, **kwargs)
        return self

    @property
    def snapshot(self) -> dict[str, Any]:
        """The call as ``GET /calls/{id}`` would answer now (camelCase JSON), unlogged."""
        return self.emulator.call_state(self.id)

    @property
    def state(self) -> str:
        """The call's current state: ``started``, ``active``, ``completed``, ..."""
        return str(self.snapshot["state"])

    def __repr__(self) -> str:
        return f"<CallScript {self.id}>"


class EmulatorFixture(Emulator):
    """The emulator the ``catapult_emulator`` fixtures give a test.

    Everything :class:`~catapult.emulator.Emulator` offers (``requests()``, ``inject_fault()``,
    ``answer()``...), plus :meth:`assert_requests`, :meth:`bodies` and :class:`CallScript`
    helpers for the far end of calls.
    """

    def serve_app(
        self, app: WsgiApp | AsgiApp | EventRouter, path: str = "/", *, incoming: bool = True
    ) -> AppServer:
        """Serve ``app`` on loopback until this emulator stops (or :meth:`stop_apps`); return it.

        ``app`` is a WSGI callable, an ASGI app or an :class:`~catapult.router.EventRouter`
        (served as its ``wsgi_app``). With ``incoming`` (the default) inbound calls' events go
        to ``path`` on it (the ``incoming_call_url`` option). Its exceptions, and the handler
        failures its router logs, show in failure messages (:meth:`app_errors`).
        """
        if not isinstance(path, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidArgumentError(f"path must be a str, not {type(path).__name__}")
        server = AppServer(app).start()
        self.__dict__.setdefault("_apps", []).append(server)
        if incoming:
            self.configure_callbacks(incoming_call_url=server.url(path))
        return server

    def app_errors(self) -> list[str]:
        """Tracebacks of the exceptions raised by the apps :meth:`serve_app` serves, and of the
        handler failures their ``EventRouter`` logged (``catapult.router``), oldest first."""
        return [error for server in self.__dict__.get("_apps", []) for error in server.errors]

    def stop(self) -> None:
        """Stop the apps it served (waiting for the requests they answer), then the emulator."""
        try:
            self.stop_apps()
        finally:
            super().stop()

    def stop_apps(self) -> None:
        """Stop the apps :meth:`serve_app` serves (their recorded errors go with them).

        Each stops accepting requests, then the requests it is answering are waited for (up
        to 10 s each; see :meth:`AppServer.stop`, whose :class:`TimeoutError` this raises once
        every app is stopped).
        """
        apps: list[AppServer] = self.__dict__.pop("_apps", [])
        stuck: list[str] = []
        for server in apps:
            try:
                server.stop()
            except TimeoutError as exc:
                stuck.append(str(exc))
        if stuck:
            raise TimeoutError("\n".join(stuck))

    def inbound_call(
        self,
        from_: str = INBOUND_FROM,
        to: str = INBOUND_TO,
        *,
        callback_url: str | None = None,
        auto_answer: bool | None = None,
    ) -> CallScript:
        """Make a call to one of your numbers arrive.

        Its events go to ``callback_url``, else the ``incoming_call_url`` option (the app
        served by ``catapult_app``). It rings (``started``) until answered, unless
        ``auto_answer`` (default: the ``auto_answer_incoming`` option) answers it at once.
        """
        return CallScript(self, self.incoming_call(from_, to, callback_url, auto_answer))

    def environ(self) -> dict[str, str]:
        """``CATAPULT_*`` variables that point ``Session.from_env()`` at this emulator."""
        return {
            "CATAPULT_USER_ID": self.user_id,
            "CATAPULT_API_TOKEN": self.api_token,
            "CATAPULT_API_SECRET": self.api_secret,
            "CATAPULT_BASE_URL": self.base_url,
        }

    def wait_for_request(
        self, method: str, path: str, body: Any = None, *, timeout: float = 5.0
    ) -> EmulatorRequest:
        """Wait until the app sent a matching API request; return the first one.

        ``path`` is relative to the user and may use ``*``; ``body`` (optional) must be
        contained in the request's JSON (dicts compare by subset: ``{"to": "+15551234567"}``
        matches a call created to that number). Fails listing every request sent, every
        callback delivered and the app's errors.
        """
        __tracebackhide__ = True
        return self.wait_for_requests(method, path, body, count=1, timeout=timeout)[0]

    def wait_for_requests(
        self, method: str, path: str, body: Any = None, *, count: int, timeout: float = 5.0
    ) -> list[EmulatorRequest]:
        """Wait until the app sent ``count`` matching API requests (or more); return them all.

        Matches as :meth:`wait_for_request` does, e.g. ``wait_for_requests("POST",
        f"/calls/{call.id}/gather", count=2)``: the app asked twice. Fails as it does.
        """
        __tracebackhide__ = True
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise InvalidArgumentError(f"count must be a positive int, not {count!r}")

        def look() -> list[EmulatorRequest] | None:
            found = [e for e in self.requests() if request_matches(e, method, path, body)]
            return found if len(found) >= count else None

        found = poll(look, timeout)
        if found is None:
            wanted = f"{method.upper()} {path}" + ("" if body is None else f" with {body!r}")
            if count > 1:
                sent = sum(request_matches(e, method, path, body) for e in self.requests())
                wanted += f" {count} times (only {sent})"
            raise AssertionError(
                f"the app did not send {wanted} within {timeout} s; it sent:\n"
                + describe_requests(self.requests())
                + "\ncallbacks delivered:\n"
                + describe_deliveries(self.deliveries(), self.app_errors())
            )
        return found

    def assert_delivered(
        self,
        event_type: str,
        *,
        call_id: str | None = None,
        status: int = 200,
        timeout: float = 5.0,
    ) -> CallbackDelivery:
        """Wait for a ``event_type`` callback to be delivered; assert the app answered ``status``.

        E.g. ``assert_delivered("gather", call_id=call.id)``: the app got the gather event and
        answered 200. Returns the delivery; fails listing every delivery and the app's errors.
        """
        __tracebackhide__ = True
        _check_event_type(event_type)
        found = poll(lambda: next(iter(self.deliveries(call_id, event_type)), None), timeout)
        if found is None or found.status != status:
            what = "was not delivered" if found is None else f"was answered {found.status}"
            where = "" if call_id is None else f" for call {call_id}"
            raise AssertionError(
                f"the {event_type!r} callback{where} {what} (expected {status}) within "
                f"{timeout} s; deliveries:\n"
                + describe_deliveries(self.deliveries(), self.app_errors())
            )
        return found

    def call(self, call_id: str) -> CallScript:
        """Script the far end of an existing call, e.g. one your app placed."""
        self.call_state(call_id)  # raises ApiFault(404) for an unknown id, here, not later
        return CallScript(self, call_id)

    def bodies(
        self, method: str | None = None, path: str | None = None, path_prefix: str | None = None
    ) -> list[Any]:
        """The JSON bodies of the matching requests, in the order they were sent."""
        return [entry.json for entry in self.requests(method, path, path_prefix)]

    def assert_requests(
        self,
        expected: Sequence[ExpectedRequest],
        *,
        method: str | None = None,
        path_prefix: str | None = None,
    ) -> None:
        """Assert the app sent exactly ``expected``, in order; show a diff when it did not.

        ``method`` and ``path_prefix`` first narrow the log (e.g. ``method="POST"`` ignores
        every read). See :data:`ExpectedRequest` for the forms an expectation may take.
        """
        __tracebackhide__ = True
        assert_requests(self.requests(method, None, path_prefix), expected)


def _check_event_type(event_type: str) -> None:
    """Refuse at once an ``eventType`` no callback has, rather than wait for it in vain."""
    from .._event_parse import EVENT_CLASSES, closest_event_types

    if event_type not in EVENT_CLASSES:
        raise InvalidArgumentError(
            f"no callback has eventType {event_type!r} ({closest_event_types(event_type)}?)"
        )


def assert_requests(sent: Iterable[EmulatorRequest], expected: Sequence[ExpectedRequest]) -> None:
    """Assert ``sent`` (an emulator's request log) matches ``expected`` item by item.

    Raises AssertionError with a unified diff of expected and sent requests, one per line.
    """
    __tracebackhide__ = True
    given = cast("object", expected)  # typed callers aside, a lone string or a set may come
    if isinstance(given, str | bytes) or not isinstance(given, Sequence):
        raise TypeError(
            f"expected must be a list of requests, not {type(expected).__name__} "
            '(write ["POST /bridges"] for one)'
        )
    actual = list(sent)
    wanted = [_normalise(item) for item in expected]
    expected_lines: list[str] = []
    sent_lines: list[str] = []
    matched = len(actual) == len(wanted)
    for index in range(max(len(actual), len(wanted))):
        want = wanted[index] if index < len(wanted) else None
        got = actual[index] if index < len(actual) else None
        if want is not None:
            expected_lines.append(_render(*want))
        if got is None:
            continue
        if want is not None and _matches(got, *want):
            sent_lines.append(expected_lines[-1])
            continue
        matched = False
        with_body = want is None or want[2] is not _NO_BODY
        sent_lines.append(_render(got.method, got.path, got.json if with_body else _NO_BODY))
    if matched:
        return
    diff = difflib.unified_diff(expected_lines, sent_lines, "expected", "sent", lineterm="", n=99)
    raise AssertionError(
        f"the app sent {len(actual)} request(s), {len(wanted)} expected:\n" + "\n".join(diff)
    )


def _normalise(item: ExpectedRequest) -> tuple[str, str, Any]:
    given = cast("object", item)  # typed callers aside, anything may come
    if isinstance(given, str):
        method, _, path = given.strip().partition(" ")
        return method.upper(), path.strip(), _NO_BODY
    if isinstance(given, tuple | list):
        parts = cast("Sequence[Any]", given)
        if len(parts) in (2, 3) and all(isinstance(part, str) for part in parts[:2]):
            body = parts[2] if len(parts) == 3 else _NO_BODY
            return parts[0].upper(), parts[1], body
    raise TypeError(f"expected request {item!r} is not (method, path) or (method, path, body)")


def _matches(entry: EmulatorRequest, method: str, path: str, body: Any) -> bool:
    if entry.method != method:
        return False
    if entry.path != path and not ("*" in path and fnmatch.fnmatchcase(entry.path, path)):
        return False
    return body is _NO_BODY or bool(entry.json == body)


def _render(method: str, path: str, body: Any) -> str:
    if body is _NO_BODY:
        return f"{method} {path}"
    try:
        text = json.dumps(body, sort_keys=True)
    except TypeError:
        text = repr(body)
    return f"{method} {path} {text}"
