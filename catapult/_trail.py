"""What the pages of a list read so far allow the next ``Link: rel="next"`` to be.

A server that sends the pager in circles (a link back to a page already read), or on and on
through empty pages (each with a link to yet another URL), would keep a loop waiting for its
next item forever: each request is bounded in time, the list would not be. Both are refused
with :class:`~catapult.ResponseDecodeError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._chunking import page_error

MAX_EMPTY_PAGES = 10
"""Empty pages in a row that may each link to a next one; the next such page is refused."""


@dataclass
class Trail:
    """The URLs of the pages read, and how many pages in a row were empty."""

    seen: set[str] = field(default_factory=set[str])
    empty_run: int = 0

    def check(self, url: str, content: bytes, following: str) -> None:
        """Record the page read at ``url`` (its body ``content``), which links to
        ``following``; refuse that link when it leads in circles or on through empty pages."""
        self.seen.add(url)
        if following in self.seen:
            raise page_error(following, "its Link next points to a page already read")
        self.empty_run = self.empty_run + 1 if _empty(content) else 0
        if self.empty_run > MAX_EMPTY_PAGES:
            raise page_error(following, f"{self.empty_run} empty pages in a row link to a next one")


def _empty(content: bytes) -> bool:
    """Whether a page's body is an empty JSON array (white space allowed)."""
    return len(content) < 64 and content.translate(None, b" \t\r\n") == b"[]"
