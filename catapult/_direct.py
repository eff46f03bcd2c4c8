"""Sending through the mounted adapter's urllib3 pool directly, when nothing stands in between.

``HTTPAdapter.send`` spends a good part of a small request's CPU around urllib3: building the
pool key and looking the pool up, re-checking certificates, wrapping the answer in a
``requests.Response`` and copying its headers and cookies. Here the adapter is asked once per
origin for its pool (:meth:`HTTPAdapter.get_connection_with_tls_context`, so requests' own TLS,
``verify`` and proxy choices are kept), and each request goes to ``pool.urlopen`` with the bytes
requests prepared (URL, params and body still encoded by requests); a GET without a proxy goes
to ``http.client`` on one of the pool's connections instead (:mod:`._plain`). The pools are the
transport's watched pools, so deadlines, the bounded pool wait and the watchdog apply as before.

The direct path steps aside, and the request goes through ``requests`` as usual, whenever the
transport does not own the session (an injected ``requests.Session``) or anything replaced a
point a mocking library patches: ``Session.send``, ``Session.get_adapter`` (requests-mock) or
``HTTPAdapter.send`` (responses). A mock is never sent around.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, cast

import requests
from requests.adapters import HTTPAdapter
from requests.models import RequestEncodingMixin
from urllib3 import BaseHTTPResponse, Timeout
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.util.retry import Retry

from ._deadline import current_attempt
from ._plain import PlainAnswer, is_original, plain_get, plain_way_open

_NO_RETRIES = Retry.from_int(False, redirect=False)
"""What ``retries=False, redirect=False`` becomes inside ``urlopen``, built once: urllib3
builds a new one per call otherwise. Retry objects are never changed (``increment`` returns a
new one), so one serves every request."""


class DirectResponse:
    """The few parts of a ``requests.Response`` the transport reads, over a urllib3 answer."""

    __slots__ = ("headers", "raw", "status_code", "url")

    def __init__(self, raw: BaseHTTPResponse | PlainAnswer, url: str) -> None:
        self.raw = raw
        self.status_code = raw.status
        self.headers = raw.headers
        self.url = url

    def close(self) -> None:
        """Drop the connection and give its pool slot back (as ``requests.Response.close``)."""
        self.raw.close()
        self.raw.release_conn()


def read_size(response: object, limit: int) -> int:
    """How many bytes to ask for when reading a body of at most ``limit`` bytes.

    ``limit + 1`` tells a body over the limit apart, but then urllib3 reads twice: the body,
    then once more to find its end. A direct answer that declares its length (and is not
    compressed, so the length is that of what is read) is read in one call of that size;
    ``http.client`` never returns more than the declared length anyway. Answers through
    requests (mocks included) keep the general read.
    """
    if isinstance(response, DirectResponse) and "Content-Encoding" not in response.headers:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and 0 < int(declared) <= limit:
            return int(declared)
    return limit + 1


class DirectSender:
    """Sends prepared requests through ``adapter``'s pools while nothing patched the way."""

    def __init__(
        self,
        http: requests.Session,
        adapter: HTTPAdapter,
        verify: bool | str,
        proxies: dict[str, str],
    ) -> None:
        self._http = http
        self._adapter = adapter
        self._verify = verify
        self._proxies = proxies
        # (origin, its pool), replaced as one object: threads share the sender.
        self._cached: tuple[str, HTTPConnectionPool] | None = None
        # The last (connect, read) pair and its urllib3 Timeout, which urllib3 only copies.
        self._last_timeout: tuple[tuple[float, float], Timeout] | None = None

    def usable(self, url: str) -> bool:
        """Whether requests would send ``url`` through our adapter, unpatched (checked per
        request: a mock can start at any time)."""
        return (
            is_original(self._http.send, "requests.sessions", "Session.send")
            and is_original(self._http.get_adapter, "requests.sessions", "Session.get_adapter")
            and is_original(self._adapter.send, "requests.adapters", "HTTPAdapter.send")
            and self._http.get_adapter(url) is self._adapter
        )

    def send(self, prepared: requests.PreparedRequest, timeout: tuple[float, float]) -> Any:
        """Send ``prepared``; the answer's body is left unread (``preload_content=False``)."""
        url = prepared.url or ""
        pool = self._pool_for(prepared, url)
        body = prepared.body
        if prepared.method == "GET" and body is None and not self._proxies and plain_way_open():
            attempt = current_attempt()
            pool_timeout = attempt.remaining() if attempt is not None else None
            answer = plain_get(pool, _path(prepared), prepared.headers, timeout, pool_timeout)
            if answer is not None:
                return DirectResponse(answer, url)
        target = self._adapter.request_url(prepared, self._proxies) if self._proxies else None
        raw = pool.urlopen(
            prepared.method or "GET",
            target or _path(prepared),
            body=body,
            headers=prepared.headers,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
            decode_content=False,
            retries=_NO_RETRIES,
            timeout=self._timeout(timeout),
            chunked=not (body is None or "Content-Length" in prepared.headers),
        )
        return DirectResponse(raw, url)

    def _timeout(self, seconds: tuple[float, float]) -> Timeout:
        """The urllib3 ``Timeout`` for (connect, read) seconds; the same pair (most requests
        of a session) reuses the last one instead of validating a new one."""
        last = self._last_timeout
        if last is not None and last[0] == seconds:
            return last[1]
        timeout = Timeout(connect=seconds[0], read=seconds[1])
        self._last_timeout = (seconds, timeout)
        return timeout

    def close(self) -> None:
        """Close the pool asked for (urllib3's pool manager only forgets its pools on close,
        leaving their connections to be closed when the pool is garbage: this one is still
        referenced here)."""
        cached, self._cached = self._cached, None
        if cached is not None:
            cached[1].close()

    def _pool_for(self, prepared: requests.PreparedRequest, url: str) -> HTTPConnectionPool:
        """The adapter's pool for this URL's origin, asked for once (again if it was closed)."""
        end = url.find("/", url.find("//") + 2)
        origin = url if end < 0 else url[:end]
        cached = self._cached
        if cached is not None and cached[0] == origin and cached[1].pool is not None:
            return cached[1]
        found = self._adapter.get_connection_with_tls_context(
            prepared, self._verify, self._proxies, None
        )
        pool = cast(HTTPConnectionPool, found)
        self._adapter.cert_verify(pool, url, self._verify, None)  # type: ignore[no-untyped-call]
        self._cached = (origin, pool)
        return pool


class UrlPreparer:
    """``PreparedRequest.prepare_url`` without its parsing, for URLs under the API's root.

    requests parses and re-quotes every URL (about a tenth of a small GET's CPU). A URL made of
    the base URL and a tail of unreserved characters and slashes (what every resource path with
    ids quoted by :func:`~catapult._urls.quote_id` is), optionally followed by a query of
    unreserved characters, ``=`` and ``&`` (a list's ``Link: rel="next"`` URL, followed for
    every page), comes out of that unchanged but for the base, so the base is prepared once
    and the tail appended; params given with such a path (a list's first page) are encoded as
    requests encodes them (plain words and ints directly, anything else by requests' own
    ``_encode_params``) and appended. Anything else (a percent sign, a dot
    segment, a fragment, another origin, params next to a query) is prepared by requests as
    before.
    """

    __slots__ = ("_prepared_root", "_root")

    def __init__(self, base_url: str) -> None:
        self._root = base_url.rstrip("/") + "/"
        probe = requests.PreparedRequest()
        probe.prepare_url(self._root, None)  # pyright: ignore[reportUnknownMemberType]
        plain = "?" not in self._root and "#" not in self._root
        self._prepared_root = (probe.url or "") if plain else ""

    def prepare(
        self, prepared: requests.PreparedRequest, url: str, params: Mapping[str, Any] | None
    ) -> None:
        """Set ``prepared.url`` as ``prepared.prepare_url(url, params)`` would."""
        root = self._root
        if (
            self._prepared_root
            and url.startswith(root)
            and _PLAIN_TAIL.fullmatch(url, len(root))
            and "/." not in url[len(root) - 1 :]
        ):
            plain = self._prepared_root + url[len(root) :]
            if not params:
                prepared.url = plain
                return
            if "?" not in plain:
                # requests' own encoding of the params; its re-quoting of the whole URL leaves
                # what urlencode gives (unreserved characters, %XX, +, = and &) as it is
                query = _plain_query(params)
                if query is None:
                    query = _ENCODE_PARAMS(params)
                prepared.url = f"{plain}?{query}" if query else plain
                return
        prepared.prepare_url(url, params)  # pyright: ignore[reportUnknownMemberType]


_ENCODE_PARAMS: Callable[[Mapping[str, Any]], str] = vars(RequestEncodingMixin)["_encode_params"]
"""What ``prepare_url`` encodes params with (a static method of requests' own)."""

_WORD = re.compile(r"[A-Za-z0-9._~-]+")
"""A key or value ``urlencode`` leaves as it is."""


def _plain_query(params: Mapping[str, Any]) -> str | None:
    """``params`` encoded as requests would, when every key is a plain word and every value a
    plain word or an int (``size=1000``); None for anything else (lists, spaces, booleans)."""
    pairs: list[str] = []
    for key, value in params.items():
        if value is None:
            continue  # requests leaves it out
        text = str(value) if type(value) is int else value
        if not (type(key) is type(text) is str and _WORD.fullmatch(key) and _WORD.fullmatch(text)):
            return None  # exact str only: an enum member's formatting is its own
        pairs.append(f"{key}={text}")
    return "&".join(pairs)


_PLAIN_TAIL = re.compile(r"[A-Za-z0-9._~/-]*(?:\?[A-Za-z0-9._~=&-]+)?")
"""A path and a non-empty query whose characters requests' URL preparation leaves as they are
(an empty query would lose its ``?``)."""


def _path(prepared: requests.PreparedRequest) -> str:
    path = prepared.path_url
    return f"/{path.lstrip('/')}" if path.startswith("//") else path
