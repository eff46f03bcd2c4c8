"""The :class:`Emulator`: a local, stateful Catapult v1 server for one user, plus test hooks."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ParamSpec

from ._api import Api
from ._background import Background, serve_in_background, stop_serving
from ._callback_options import (
    CallbackDelivery,
    CallbackOptions,
    callback_options_from,
    select_deliveries,
)
from ._callbacks import CallbackDispatcher
from ._control import Control
from ._faults import FaultQueue, FaultSpec, RateLimiter, rate_limits_from
from ._journal import EmulatorRequest, Journal
from ._options import (
    INBOUND_FROM,
    INBOUND_TO,
    EmulatorOptions,
    Inbound,
    check_numbers,
    run_with,
    takes,
)
from ._pipeline import Pipeline
from ._ringing import Ringer
from ._server import EmulatorHTTPServer
from ._store import Store

if TYPE_CHECKING:
    from typing_extensions import Self

P = ParamSpec("P")

RESET_WAIT = 10.0
"""The longest :meth:`Emulator.reset` waits for requests already sent to be answered, in s."""


class Emulator(Background):
    """A Catapult v1 bridges-and-calls server on a local port, with a Python control surface.

    ``start()`` returns once the socket listens; ``stop()`` closes the listener and every open
    connection. The ``answer``/``hangup``/``press_digits``… methods play the far end of calls.
    Methods that act on resources raise :class:`ApiFault` (e.g. 404 ``call-not-found``).

    Calls with a callback URL get their events delivered (see :mod:`._callbacks`): outbound
    calls at their ``callbackUrl``, inbound calls at ``incoming_call_url`` (or the URL given
    to :meth:`incoming_call`); ``callbacks`` sets the other :class:`CallbackOptions`.

    Takes the fields of :class:`EmulatorOptions` as keyword arguments (``Emulator(port=8080,
    auto_answer=False)``); :attr:`options` holds them.
    """

    @takes(EmulatorOptions)
    def __init__(self, options: EmulatorOptions) -> None:
        self.options = options
        """The settings this emulator was built with (the keyword arguments it was given)."""
        self.host: str = options.host
        self.user_id: str = options.user_id
        self.api_token: str = options.api_token
        self.api_secret: str = options.api_secret
        self._server: EmulatorHTTPServer | None = None
        self._thread: threading.Thread | None = None
        ring_at_once = options.ring_time == 0 and options.far_end == "answer"
        self._store = Store("", options.auto_answer and ring_at_once)
        self._journal = Journal()
        self._faults = FaultQueue()
        self._limiter = RateLimiter(rate_limits_from(options.rate_limits))
        callbacks = callback_options_from(options.callbacks)
        if options.incoming_call_url is not None:
            callbacks = dataclasses.replace(callbacks, incoming_call_url=options.incoming_call_url)
        if callbacks.auto_answer_incoming is None:  # the profile decides
            realistic = options.profile == "realistic"
            callbacks = dataclasses.replace(callbacks, auto_answer_incoming=realistic)
        self._callbacks = CallbackDispatcher(self._store, callbacks)
        self._ringer = Ringer(
            self._store, self._callbacks.batch, options.ring_time or 0.0, options.far_end
        )
        if options.auto_answer and not ring_at_once:
            self._store.ringing = self._ringer.ring
        self.set_numbers(options.numbers)
        self._control = Control(
            store=self._store,
            journal=self._journal,
            faults=self._faults,
            limiter=self._limiter,
            callbacks=self._callbacks,
            base_url=lambda: self.base_url,
            user_id=options.user_id,
            host=options.host,
            max_seed=options.max_seed,
            quiesce=self._quiesce,
        )
        api = Api(
            self._store, self._limiter, options.user_id, options.api_token, options.api_secret
        )
        self._pipeline = Pipeline(api, self._control, self._journal, self._faults, options.max_body)

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> Self:
        """Bind and serve in a background thread; returns when the socket is listening."""
        if self._server is not None:
            raise RuntimeError("the emulator is already running")
        server = EmulatorHTTPServer((self.host, self.options.port), self._pipeline)
        server.batch = self._callbacks.batch
        self._server = server
        self._store.set_root(f"{self.base_url}/users/{self.user_id}")
        self._thread = serve_in_background(server, "catapult-emulator")
        return self

    def stop(self) -> None:
        """Stop serving, close the listener and all connections, and join the threads.

        Queued callbacks are dropped and deliveries in flight are aborted.
        """
        server, self._server = self._server, None
        if server is None:
            return
        self._faults.interrupt()
        self._ringer.cancel()
        stop_serving(server, self._thread, 2.0)
        server.close_connections()
        self._callbacks.stop()

    @property
    def port(self) -> int:
        """The bound port (known once started)."""
        if self._server is None:
            raise RuntimeError("the emulator is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """``http://host:port/v1``: what an SDK session takes as its base URL."""
        return f"{self.url}/v1"

    # ----------------------------------------------------------------- test hooks

    def requests(
        self, method: str | None = None, path: str | None = None, path_prefix: str | None = None
    ) -> list[EmulatorRequest]:
        """API requests in arrival order; ``path`` matches the path relative to the user."""
        return self._journal.select(method, path, path_prefix)

    def clear_requests(self) -> None:
        self._journal.clear()

    def reset(self) -> None:
        """Wipe every resource, fault, rate-limit counter and the request log.

        First waits (up to :data:`RESET_WAIT` seconds) until every request already sent has
        been answered, cutting ``delay`` faults short, so nothing sent before the reset can
        act after it. Also drops queued callbacks, aborts those in flight, forgets recorded
        deliveries and restores the callback options given at construction.
        """
        self._ringer.cancel()
        self._control.reset()
        self.set_numbers(self.options.numbers)

    def set_numbers(self, numbers: Iterable[str] | None) -> None:
        """Set the account's numbers until the next :meth:`reset` (None: any number).

        ``POST /calls`` from a number not among them is refused with 401
        ``number-access-denied``, as the API does.
        """
        self._store.numbers = (
            None if numbers is None else frozenset(check_numbers(numbers, "numbers"))
        )

    @property
    def numbers(self) -> frozenset[str] | None:
        """The account's numbers in force (None: any number may place calls)."""
        return self._store.numbers

    def _quiesce(self) -> None:
        server = self._server
        if server is not None:
            server.quiesce(RESET_WAIT)

    @takes(FaultSpec)
    def inject_fault(self, spec: FaultSpec) -> str:
        """Make the next ``times`` matching API requests misbehave; returns the fault id.

        Takes the fields of :class:`FaultSpec` (``inject_fault("GET", "/bridges/*",
        status=503)``), which says what each does.
        """
        return self._faults.add(spec)

    def clear_faults(self) -> None:
        self._faults.clear()

    def seed_bridges(self, count: int, state: str = "completed") -> None:
        """Bulk-create ``count`` bridges without calls (``completed`` or ``created``).

        ``count`` is at most the ``max_seed`` option (100,000 by default).
        """
        self._control.seed_bridges(count, state)

    # ----------------------------------------------------------------- callbacks

    @property
    def callback_options(self) -> CallbackOptions:
        """The callback options in force."""
        return self._callbacks.options

    def configure_callbacks(self, **changes: Any) -> CallbackOptions:
        """Change :class:`CallbackOptions` fields until the next :meth:`reset`.

        E.g. ``emu.configure_callbacks(incoming_call_url=url, auto_answer_incoming=True)``.
        """
        return self._callbacks.configure(**changes)

    def deliveries(
        self,
        call_id: str | None = None,
        event_type: str | None = None,
        *,
        fallback: bool | None = None,
        ok: bool | None = None,
    ) -> list[CallbackDelivery]:
        """Callback delivery attempts so far, in event order (``sequence``), optionally filtered."""
        records = self._callbacks.records()
        return select_deliveries(records, call_id, event_type, fallback, ok)

    def wait_for_deliveries(
        self, count: int, timeout: float = 5.0, **filters: Any
    ) -> list[CallbackDelivery]:
        """Wait until ``count`` attempts match the :meth:`deliveries` ``filters``; return them.

        Raises TimeoutError (listing what was delivered) when they do not come in time.
        """
        return self._callbacks.wait_for_deliveries(count, timeout, **filters)

    def wait_for_callbacks(self, timeout: float = 5.0) -> None:
        """Wait until no callback is queued or being delivered; raises TimeoutError."""
        self._callbacks.wait_idle(timeout)

    def clear_deliveries(self) -> None:
        """Forget the recorded delivery attempts."""
        self._callbacks.clear()

    # ----------------------------------------------------------------- the far end

    def incoming_call(
        self,
        from_: str = INBOUND_FROM,
        to: str = INBOUND_TO,
        callback_url: str | None = None,
        auto_answer: bool | None = None,
    ) -> str:
        """A new inbound call; returns its id.

        Its events go to ``callback_url``, else the ``incoming_call_url`` option (nowhere when
        neither is set). It rings (``started``; ``incomingcall`` only) unless ``auto_answer``
        (default: the ``auto_answer_incoming`` option) answers it at once (then ``answer``).
        """
        return self._callbacks.incoming_call(Inbound(from_, to, callback_url, auto_answer))

    def answer(self, call_id: str) -> None:
        """The far end answers a ringing call (``started`` → ``active``)."""
        self._far_end(self._store.answer, call_id)

    def hangup(self, call_id: str) -> None:
        """The far end hangs up; the call leaves its bridge."""
        self._far_end(self._store.hangup, call_id)

    def no_answer(self, call_id: str) -> None:
        """A ringing call times out unanswered (``timeout`` event, then ``completed``)."""
        self._far_end(self._store.no_answer, call_id)

    def press_digits(self, call_id: str, digits: str) -> None:
        """The far end presses keys on an active call (feeds an open gather)."""
        self._far_end(self._store.press_digits, call_id, digits)

    def expire_gather(self, call_id: str) -> None:
        """The open gather on a call ends with ``inter-digit-timeout``."""
        self._far_end(self._store.expire_gather, call_id)

    def complete_recording(self, call_id: str) -> None:
        """Close the call's open recording span (as when ``recordingMaxDuration`` is reached)."""
        self._far_end(self._store.complete_recording, call_id)

    def _far_end(self, act: Callable[P, None], *args: P.args, **kwargs: P.kwargs) -> None:
        """Act for the far end; the callbacks it raises go out once it is done, in order."""
        with self._callbacks.batch():
            act(*args, **kwargs)

    def call_state(self, call_id: str) -> dict[str, Any]:
        """The stored JSON of a call, as ``GET /calls/{id}`` would answer it."""
        return self._store.call_dict(call_id)

    def bridge_state(self, bridge_id: str) -> dict[str, Any]:
        """The stored JSON of a bridge, as ``GET /bridges/{id}`` would answer it."""
        return self._store.bridge_dict(bridge_id)

    def conference_state(self, conference_id: str) -> dict[str, Any]:
        """The stored JSON of a conference, as ``GET /conferences/{id}`` would answer it."""
        return self._store.conference_dict(conference_id)


running = run_with(Emulator)
"""Run an :class:`Emulator` for the duration of a ``with`` block; takes its keyword arguments."""
