"""Socket servers answering from a background thread: the emulator, and the apps tests serve."""

from __future__ import annotations

import socketserver
import threading
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Self

POLL_INTERVAL = 0.05
"""How often (s) a serving thread checks for :func:`stop_serving`: the longest a stop waits."""


def serve_in_background(server: socketserver.BaseServer, name: str) -> threading.Thread:
    """Start answering on ``server`` from a daemon thread called ``name``; returns the thread."""
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": POLL_INTERVAL},
        name=name,
        daemon=True,
    )
    thread.start()
    return thread


def stop_serving(
    server: socketserver.BaseServer, thread: threading.Thread | None, timeout: float
) -> None:
    """Stop answering, close the listening socket, and join ``thread`` (``timeout`` s at most)."""
    server.shutdown()
    server.server_close()
    if thread is not None:
        thread.join(timeout)


class Background:
    """Something that serves in the background: ``with`` starts it, and stops it at the end."""

    def start(self) -> Self:
        """Start serving; returns once requests are answered."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop serving (a no-op when not started)."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
