"""A handler class served on loopback, over TLS with the self-signed certificate in tests/tls
(for 127.0.0.1) or over plain HTTP."""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TLS = Path(__file__).resolve().parent / "tls"
"""The certificate (``cert.pem``) and key (``key.pem``) of 127.0.0.1."""


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler], *, tls: bool = True) -> Iterator[str]:
    """Serve ``handler`` until the block ends; yields the origin (``https://127.0.0.1:<port>``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(TLS / "cert.pem", TLS / "key.pem")
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if tls else 'http'}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
