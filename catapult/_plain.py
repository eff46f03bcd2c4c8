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

Used only for connections of the SDK's own class: anything a recording library installed
(vcrpy's stand-ins) is sent through ``urlopen``, which it patches.
"""

from __future__ import annotations

import http.client
import ssl
from typing import Any

from urllib3 import BaseHTTPResponse, HTTPResponse
from urllib3._collections import HTTPHeaderDict
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import HTTPError, ProtocolError, ReadTimeoutError, SSLError

from ._deadline import OWN_CONNECTIONS, current_attempt


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
        self.headers = HTTPHeaderDict(answer.msg.items())

    def read(self, amt: int, decode_content: bool = True) -> bytes:
        """The body, at most ``amt`` bytes; raises on a body shorter than it declared."""
        answer = self._answer
        try:
            if answer.length is not None and answer.length <= amt:
                return answer.read()  # exactly the declared length, or IncompleteRead
            return answer.read(amt)
        except http.client.HTTPException as exc:  # IncompleteRead, a broken chunk
            raise ProtocolError("Response ended prematurely", exc) from None

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
        answer = _exchange(pool, connection, path, headers, timeout[1])
    except BaseException:
        connection.close()
        pool._put_conn(connection)  # pyright: ignore[reportPrivateUsage]
        raise
    if "Content-Encoding" in answer.msg:
        return HTTPResponse(
            body=answer,
            headers=HTTPHeaderDict(answer.msg.items()),
            status=answer.status,
            preload_content=False,
            decode_content=True,
            original_response=answer,
            pool=pool,
            connection=connection,
            request_method="GET",
        )
    return PlainAnswer(pool, connection, answer)


def _exchange(
    pool: HTTPConnectionPool, connection: Any, path: str, headers: Any, read_timeout: float
) -> http.client.HTTPResponse:
    """Connect if need be, write the request and read the answer's head, failing as urllib3
    would (its ``urlopen`` turns the same exceptions into these)."""
    try:
        pool._validate_conn(connection)  # pyright: ignore[reportPrivateUsage]
        http.client.HTTPConnection.request(connection, "GET", path, headers=headers)
        connection.sock.settimeout(read_timeout)
        return http.client.HTTPConnection.getresponse(connection)
    except ssl.SSLError as exc:
        raise SSLError(exc) from exc
    except TimeoutError as exc:
        raise ReadTimeoutError(pool, path, f"Read timed out. ({read_timeout} s)") from exc
    except (OSError, http.client.HTTPException) as exc:
        if _is_urllib3_error(exc):
            raise
        raise ProtocolError("Connection aborted.", exc) from exc


def _is_urllib3_error(exc: BaseException) -> bool:
    return isinstance(exc, HTTPError)
