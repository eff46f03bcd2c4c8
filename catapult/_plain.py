"""Plain GETs sent on a pooled connection with ``http.client`` itself, around urllib3's layer.

``pool.urlopen`` spends about 80 µs of Python per request around ``http.client`` (timeout and
retry objects, its own request and response wrappers, header copies): as much as a whole
``get`` spends elsewhere. A GET with no body, no proxy and no compressed answer needs none of
it. So the connection is taken from the same urllib3 pool (its limits, TLS settings,
verification and dropped-connection check kept), the request is written and the answer read
with ``http.client``'s own methods, and the connection goes back to the pool.

urllib3's failures are kept too: connecting is urllib3's own ``connect`` (which raises its
connection errors); what ``http.client`` raises while sending or waiting for the answer is
turned into the ``ReadTimeoutError`` or ``ProtocolError`` urllib3 would have raised, so the
transport classifies failures one way. An answer with a ``Content-Encoding`` is handed to
urllib3's own response, which decodes it.

Used only while ``urlopen`` and ``http.client``'s ``request`` and ``getresponse`` are the
libraries' own (a mocking library such as pook patches them) and for connections of the SDK's
own class (not a recording library's stand-ins, such as vcrpy's); otherwise the request goes
through ``urlopen``, where they are.
"""

from __future__ import annotations

import errno
import http.client
import re
import ssl
from typing import Any

from urllib3 import BaseHTTPResponse, HTTPResponse
from urllib3._collections import HTTPHeaderDict
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError, SSLError

from ._deadline import OWN_CONNECTIONS, current_attempt

_FOLD = re.compile(r"(?:(?<![ \t])[ \t]+)?\r\n[ \t]+")
"""An obsolete line fold in a header value, which urllib3 turns into one space."""


class PlainAnswer:
    """An answer read with ``http.client``, with the few parts of urllib3's the transport uses."""

    __slots__ = ("_answer", "_pool", "connection", "headers", "status")

    def __init__(
        self, pool: HTTPConnectionPool, connection: Any, answer: http.client.HTTPResponse
    ) -> None:
        self._pool = pool
        self._answer = answer
        self.connection = connection
        self.status = answer.status
        self.headers = _headers(answer)

    def read(self, amt: int, decode_content: bool = True) -> bytes:
        """The body, at most ``amt`` bytes; raises on a body shorter than it declared. On any
        failure (an interrupt included) the connection is dropped, never pooled half-read."""
        answer = self._answer
        try:
            if answer.length is not None and answer.length <= amt:
                return answer.read()  # exactly the declared length, or IncompleteRead
            return answer.read(amt)
        except http.client.HTTPException as exc:  # IncompleteRead, a broken chunk
            self.close()
            raise ProtocolError("Response ended prematurely", exc) from None
        except BaseException:
            self.close()
            raise

    def release_conn(self) -> None:
        """Give the connection back to the pool (closed, unless the answer was read whole)."""
        connection, self.connection = self.connection, None
        if connection is None:
            return
        if not self._answer.isclosed() or self._answer.will_close:
            connection.close()
        self._pool._put_conn(connection)  # pyright: ignore[reportPrivateUsage]

    def close(self) -> None:
        """Drop the connection and give its pool slot back."""
        self._answer.close()
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()
            self._pool._put_conn(connection)  # pyright: ignore[reportPrivateUsage]


def plain_way_open() -> bool:
    """Whether nothing patched the calls the plain way makes or skips (checked per request:
    a mock can start at any time)."""
    return (
        is_original(
            HTTPConnectionPool.urlopen, "urllib3.connectionpool", "HTTPConnectionPool.urlopen"
        )
        and is_original(http.client.HTTPConnection.request, "http.client", "HTTPConnection.request")
        and is_original(
            http.client.HTTPConnection.getresponse, "http.client", "HTTPConnection.getresponse"
        )
    )


def plain_get(
    pool: HTTPConnectionPool,
    path: str,
    headers: Any,
    timeout: tuple[float, float],
    pool_timeout: float | None,
) -> PlainAnswer | BaseHTTPResponse | None:
    """Send a GET on one of ``pool``'s connections; None if the connection is not the SDK's
    own class (nothing was sent: the caller sends through ``urlopen``)."""
    connection: Any = pool._get_conn(timeout=pool_timeout)  # pyright: ignore[reportPrivateUsage]
    if type(connection) not in OWN_CONNECTIONS:
        pool._put_conn(connection)  # pyright: ignore[reportPrivateUsage]
        return None
    try:
        connection.timeout = timeout[0]
        attempt = current_attempt()
        if attempt is not None:
            attempt.attach(connection)
        answer = _exchange(pool, connection, path, headers, timeout)
        if "Content-Encoding" in answer.msg or _unusual_length(answer):
            return _urllib3_answer(pool, connection, answer)  # decodes, or refuses the head
        return PlainAnswer(pool, connection, answer)
    except BaseException:
        connection.close()
        pool._put_conn(connection)  # pyright: ignore[reportPrivateUsage]
        raise


def _exchange(
    pool: HTTPConnectionPool,
    connection: Any,
    path: str,
    headers: Any,
    timeout: tuple[float, float],
) -> http.client.HTTPResponse:
    """Connect if need be, write the request and read the answer's head, failing as urllib3's
    ``urlopen`` fails on the same exceptions."""
    try:
        if connection.sock is not None:  # a kept-alive connection: the last read's timeout
            connection.sock.settimeout(timeout[0])
        pool._validate_conn(connection)  # pyright: ignore[reportPrivateUsage]
        _send(connection, path, headers)
        if connection.sock is not None:
            connection.sock.settimeout(timeout[1])
        return http.client.HTTPConnection.getresponse(connection)
    except ssl.SSLError as exc:
        raise SSLError(exc) from exc
    except HTTPError:
        raise  # urllib3's own (connecting)
    except (TimeoutError, OSError) as exc:
        if isinstance(exc, TimeoutError) or exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
            raise ReadTimeoutError(pool, path, f"Read timed out. ({timeout[1]} s)") from exc
        raise ProtocolError("Connection aborted.", exc) from exc
    except http.client.HTTPException as exc:
        raise ProtocolError("Connection aborted.", exc) from exc


def _send(connection: Any, path: str, headers: Any) -> None:
    """Write the request. A server may answer and close before reading it all: as urllib3
    does, a broken pipe or a reset here is left for the answer's read to tell."""
    try:
        http.client.HTTPConnection.request(connection, "GET", path, headers=headers)
    except BrokenPipeError:
        pass
    except OSError as exc:
        if exc.errno not in (errno.EPROTOTYPE, errno.ECONNRESET):
            raise


def _headers(answer: http.client.HTTPResponse) -> HTTPHeaderDict:
    """The answer's headers as urllib3 gives them (repeated names joined, folds unfolded)."""
    items = answer.msg.items()
    if any("\r\n" in value for _, value in items):
        items = [(name, _FOLD.sub(" ", value)) for name, value in items]
    return HTTPHeaderDict(items)


def _unusual_length(answer: http.client.HTTPResponse) -> bool:
    """Whether ``Content-Length`` is given more than once or as a list (which urllib3
    refuses, and ``http.client`` would read as its first value)."""
    lengths = answer.msg.get_all("Content-Length") or ()
    return len(lengths) > 1 or any("," in length for length in lengths)


def _urllib3_answer(
    pool: HTTPConnectionPool, connection: Any, answer: http.client.HTTPResponse
) -> HTTPResponse:
    return HTTPResponse(
        body=answer,
        headers=_headers(answer),
        status=answer.status,
        preload_content=False,
        decode_content=True,
        original_response=answer,
        pool=pool,
        connection=connection,
        request_method="GET",
    )


def is_original(function: Any, module: str, qualname: str) -> bool:
    """Whether a function (or a bound method's) is the library's own, not a mock's or an
    override."""
    func = getattr(function, "__func__", function)
    return (
        getattr(func, "__module__", None) == module
        and getattr(func, "__qualname__", None) == qualname
        and not hasattr(func, "__wrapped__")  # a functools.wraps replacement copies the names
    )
