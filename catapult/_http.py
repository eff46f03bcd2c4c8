"""The only module that touches ``requests``: send, retry, read, decode errors, log.

One :class:`Transport` per session holds one pooled ``requests.Session`` (its own, or one the
caller injects). It is built once and never mutated afterwards, so a single transport can be
shared by many threads; the connection pool blocks (rather than opening throw-away sockets) when
more threads than ``pool_maxsize`` send at once.

Requests go straight to the adapter's urllib3 pool (``_direct.py``) while nothing patched the
points HTTP mocking libraries patch; otherwise through the mounted adapter's ``send`` (looked up
per request; ``responses`` patches ``HTTPAdapter.send``), or the session's own ``send`` whenever
that is not requests' original (``requests-mock`` patches ``Session.send``, a caller may
override it). Nothing is sent around them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
import requests.utils
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import EmptyPoolError, HTTPError, ProtocolError
from urllib3.util.retry import Retry

from ._credentials import Credentials
from ._deadline import WATCHDOG, Attempt, WatchedAdapter, set_current_attempt
from ._direct import DirectSender, UrlPreparer, read_size
from ._failures import SendFailure, deadline_passed, from_read, from_requests
from ._options import Options
from ._plain import is_original
from ._policy import Exchange, RetryPlanner, log_attempt, too_large
from ._policy import Response as Response
from ._transport_setup import BasicAuth, default_user_agent, resolve_verify


class Transport(RetryPlanner):
    """Sends requests with auth, timeouts, retries and size limits; raises typed errors."""

    def __init__(self, credentials: Credentials, options: Options) -> None:
        super().__init__(options, credentials.scrubber())
        self._auth = BasicAuth(*credentials.basic())
        #: Set by :meth:`close`: wakes the retry waits under way (see :meth:`_wait`).
        self._closing = threading.Event()
        #: Whether ``_http`` is ours to close (an injected session belongs to the caller).
        self._owns_http = options.http_session is None
        self._http = options.http_session or self._build_session(options.pool_maxsize)
        # requests re-reads proxy and CA settings from the environment on every request, a
        # large share of its per-call CPU. Read them once here; they are still honoured.
        trust_env = options.trust_env
        self._proxies = requests.utils.get_environ_proxies(options.base_url) if trust_env else {}
        self._verify = resolve_verify(options.verify, trust_env)
        # What Session.request would merge into every request, merged once: the session's
        # headers (requests' defaults, or an injected session's), ours over them, and our
        # auth. See _prepare.
        self._headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(
            {name: value for name, value in self._http.headers.items() if isinstance(value, str)}
        )
        self._headers["User-Agent"] = default_user_agent(options.user_agent)
        self._headers["Accept"] = "application/json"
        self._urls = UrlPreparer(options.base_url)
        self._direct: DirectSender | None = None
        adapter = self._http.adapters.get("https://")  # what is mounted, whatever mocks do
        if self._owns_http and isinstance(adapter, HTTPAdapter):  # not an injected session
            self._direct = DirectSender(self._http, adapter, self._verify, self._proxies)

    @staticmethod
    def _build_session(pool_maxsize: int) -> requests.Session:
        http = requests.Session()
        http.trust_env = False  # environment read once in __init__; no ~/.netrc lookups
        http.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # the API is stateless
        # Retries happen in request() below, where POST safety and Catapult's headers are known.
        adapter = WatchedAdapter(
            pool_connections=4,
            pool_maxsize=pool_maxsize,
            pool_block=True,
            max_retries=Retry(0, read=False, redirect=False),
        )
        http.mount("https://", adapter)
        http.mount("http://", adapter)
        return http

    def close(self) -> None:
        """Close pooled connections (not an injected session's); every request after (or
        waiting for a retry) raises SessionClosedError. Closing twice is harmless."""
        self._closing.set()
        if self._mark_closed() and self._owns_http:
            if self._direct is not None:
                self._direct.close()
            self._http.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Response:
        """Send one logical request, retrying as the policy allows; return a 2xx answer.

        Each attempt ends within its connect + read timeouts of wall-clock time, however slowly
        the server sends. With ``total_timeout`` set, nothing goes past the call's deadline:
        attempts are cut short and a retry that would not fit raises instead.
        """
        exchange = self._begin(method, url, json, params)
        while True:
            settled = self._settle(exchange, self._attempt(exchange))
            if isinstance(settled, Response):
                return settled
            if settled > 0:
                self._wait(settled)

    def _wait(self, seconds: float) -> None:
        """Sleep before a retry; with the default ``time.sleep``, :meth:`close` ends the wait
        (the next attempt then refuses to start). An injected ``sleep`` is called as given."""
        if self._sleep is time.sleep:
            self._closing.wait(seconds)
        else:
            self._sleep(seconds)

    def _attempt(self, exchange: Exchange) -> Response | SendFailure:
        """One attempt under the watchdog: the answer, or why there is none."""
        watch = Attempt(self._next_attempt(exchange))
        WATCHDOG.watch(watch)
        set_current_attempt(watch)
        try:
            return self._send_once(exchange, watch)
        except SendFailure as failure:
            return failure
        except BaseException as error:  # a refused answer, an interrupt: logged, not retried
            log_attempt(exchange, error)
            raise
        finally:
            watch.finish()
            set_current_attempt(None)

    def _send_once(self, exchange: Exchange, watch: Attempt) -> Response:
        method, url = exchange.method, exchange.url
        left = watch.remaining()
        try:
            timeout = (min(self.timeout[0], left), min(self.timeout[1], left))
            raw = self._send(self._prepare(exchange), timeout)
        except (requests.RequestException, HTTPError) as exc:  # HTTPError: urllib3's
            failure = from_requests(exc, method, url)
            if watch.expired and not isinstance(exc, EmptyPoolError):
                failure = deadline_passed(method, url)
            raise failure from None  # never chained to urllib3's errors (see _failures)
        connection = getattr(raw.raw, "connection", None)
        if connection is not None:  # already attached, unless the adapter is not ours
            watch.attach(connection)
        try:
            content = self._read_body(raw, method)
        except (ProtocolError, HTTPError, OSError) as exc:
            watch.finish()
            raw.close()
            failure = from_read(exc, method, url)
            raise (deadline_passed(method, url) if watch.expired else failure) from None
        watch.finish()  # before the connection goes back to the pool
        if watch.expired:  # a close-delimited body cut short by the watchdog
            raw.close()
            raise deadline_passed(method, url)
        # Hand the connection back to the pool now that the body is read. (A stand-in
        # response, such as a vcrpy replay under vcrpy 8, may have no pool to go back to.)
        release = getattr(raw.raw, "release_conn", None)
        if release is not None:
            release()
        return Response(method, url, raw.status_code, raw.headers, content, self._scrub)

    def _send(self, prepared: requests.PreparedRequest, timeout: tuple[float, float]) -> Any:
        """Send through the mounted adapter, or through ``Session.send`` if that was replaced.

        The adapter skips ``Session.send``'s hooks, cookie and redirect machinery (nothing
        here uses them), and the direct path skips the adapter's own wrapping too. A replaced
        ``send`` (a mocking library, a caller's subclass) is honoured, so a mock is never
        bypassed.
        """
        direct = self._direct
        if direct is not None and direct.usable(prepared.url or ""):
            return direct.send(prepared, timeout)
        options: dict[str, Any] = {
            "stream": True,
            "timeout": timeout,
            "verify": self._verify,
            "proxies": self._proxies,
        }
        if not _is_requests_send(self._http.send):
            return self._http.send(prepared, allow_redirects=False, **options)
        return self._http.get_adapter(prepared.url or "").send(prepared, **options)

    def _prepare(self, exchange: Exchange) -> requests.PreparedRequest:
        """Build the request ``Session.request`` would build, without its per-call merging.

        ``Session.request`` merges session and call settings, scans the environment and runs
        redirect and cookie machinery on every call: about a third of a small GET's CPU. None
        of it changes anything here: headers and auth are fixed at construction, proxies and
        CA bundle are resolved once, redirects are not followed and the API sets no cookies
        (the session's cookie policy refused them anyway). URL, params and body encoding are
        requests' own, so the bytes sent are the same.
        """
        prepared = requests.PreparedRequest()
        prepared.prepare_method(exchange.method)  # pyright: ignore[reportUnknownMemberType]
        self._urls.prepare(prepared, exchange.url, exchange.params)
        prepared.headers = self._headers.copy()
        prepared.prepare_body(None, None, exchange.json)  # pyright: ignore[reportUnknownMemberType]
        return self._auth(prepared)

    def _read_body(self, raw: requests.Response, method: str) -> bytes:
        refused = self._declared_too_large(raw.headers, method, raw.url, raw.status_code)
        if refused is not None:
            raw.close()
            raise refused
        limit = self.max_response_bytes
        # One read of the whole body: cheaper than requests' 10 KiB chunks, and bounded.
        content: bytes = raw.raw.read(read_size(raw, limit), decode_content=True)
        if len(content) > limit:
            raw.close()
            raise too_large(limit, method, raw.url, raw.status_code)
        return content


def _is_requests_send(send: Any) -> bool:
    """Whether a session's bound ``send`` is requests' own, not a mock's or an override."""
    return is_original(send, "requests.sessions", "Session.send")
