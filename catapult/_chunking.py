"""A list page read as chunks of models, each validated when the loop reaches it.

Chunks of about :data:`~catapult._decode.CHUNK` items keep the garbage collector's cost near
zero (see :mod:`._decode`). Where to cut a page is first guessed, then checked:

* **Guessed cuts.** A compact page (``[{...},{...}]``, as the API sends it) separates its
  items with ``},{``. A chunk is cut at the first such separator after about ``CHUNK`` items'
  worth of bytes (the shorter of the first two items, then the last chunk's bytes per item),
  found with ``bytes.find``: a page is never read byte by byte in Python or in msgspec, which
  costs about ten times more for a page of 1,000.
* **Checked by validation.** ``},{`` also occurs inside strings and inside an item's nested
  list of objects. A chunk cut there is never valid JSON: it ends inside an unclosed string or
  object. So a chunk that validates ends where an item ends (by induction from the page's
  opening ``[``: the next chunk then starts where an item starts), and a wrong guess is refused
  by validation itself.
* **The exact way** reads the rest of the page item by item (msgspec's split, see
  :func:`~catapult._decode.split_items`) when a guessed chunk does not validate (a wrong cut,
  or an invalid item, which the exact way then reports by its index in the page), when a page
  has no compact separator (``}, {``), or when no separator comes where one should.

**The page-size bound.** A page of more than :data:`~catapult._limits.MAX_PAGE_SIZE` items is
refused (its items would cost memory the byte cap does not bound). Guessed chunks are counted
as they are validated, so such a page raises when the loop reaches the chunk holding the item
past the bound, after the earlier chunks were yielded (``pager.pages()`` raises before
yielding the page); a
guessed chunk is at most :data:`MAX_CHUNK_BYTES` and a half long, so memory stays bounded on
the way.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, TypeVar

from ._decode import (
    CHUNK,
    bind_chunk,
    carries_extras,
    from_json_or_none,
    page_chunks,
    parse_list,
    split_items,
)
from ._errors import ResponseDecodeError
from ._limits import MAX_PAGE_SIZE
from ._model import Resource
from ._policy import Response
from ._urls import redact_url

if TYPE_CHECKING:
    from ._async_session import AsyncSession
    from ._session import Session

R = TypeVar("R", bound=Resource)

SEPARATOR = b"},{"
"""What separates two items of a compact page (and may also occur inside an item)."""

MAX_CHUNK_BYTES = 64 * 1024
"""The most bytes a guessed chunk aims at, whatever its items' size; a chunk ends at the first
separator after its aim, and no further than half its aim past it."""


def read_page(
    model: type[R], response: Response, session: Session | AsyncSession
) -> Iterator[list[R]]:
    """A page's items in validated, bound chunks, each validated only when it is reached."""
    content = response.content
    done = [0]  # items yielded so far, kept by the guessed way for the exact one
    resume = yield from _guessed_chunks(model, response, session, done)
    if resume is None:
        return
    rest = content if resume == 0 else b"[" + content[resume:]
    yield from _exact_chunks(model, rest, response, session, done[0])


def _guessed_chunks(
    model: type[R], response: Response, session: Session | AsyncSession, done: list[int]
) -> Generator[list[R], None, int | None]:
    """Chunks cut at guessed separators (see the module doc); returns None when the page is
    read, or where the exact way must take over (0: from the page's start, else the offset of
    an item's first byte)."""
    content = response.content
    view = memoryview(content)
    first = content.find(SEPARATOR, 1)
    if not content.startswith(b"[") or first < 0:
        return 0
    second = content.find(SEPARATOR, first + 2)
    # about an item's length: the shorter of the first two, so one large item first does not
    # aim the first chunk at many small ones
    width = first if second < 0 else min(first, second - first - 1)
    start, carried_extras = 1, False
    while True:
        aim = min(CHUNK * width, MAX_CHUNK_BYTES)
        if len(content) - start <= aim + aim // 2:
            cut, body = -1, b"".join((b"[", view[start:]))  # the last chunk, with the "]"
        else:
            cut = content.find(SEPARATOR, start + aim, start + aim + aim // 2 + len(SEPARATOR))
            if cut < 0:
                return start  # no separator where one should be
            body = b"".join((b"[", view[start : cut + 1], b"]"))
        chunk = from_json_or_none(model, body, carried_extras)
        if chunk is None:
            return start  # a wrong cut, or an invalid item: the exact way tells which
        done[0] += len(chunk)
        if done[0] > MAX_PAGE_SIZE:
            raise page_error(response.url, f"more than {MAX_PAGE_SIZE} items on one page")
        bind_chunk(chunk, response, session)
        if chunk:
            yield chunk
            width = max(1, len(body) // len(chunk))
            carried_extras = carries_extras(chunk)
        if cut < 0:
            return None
        start = cut + 2


def _exact_chunks(
    model: type[R], content: bytes, response: Response, session: Session | AsyncSession, done: int
) -> Iterator[list[R]]:
    """``content`` (the page, or ``[`` and its rest) split item by item, ``done`` items in."""
    limit = MAX_PAGE_SIZE - done
    items = split_items(content, MAX_PAGE_SIZE)  # one splitter whatever ``done`` is
    if items is None:  # not a plain JSON array: validate it whole (the error says why)
        check_page_size(content, response.url, limit)
        yield parse_list(model, content, response, session, offset=done)
    elif len(items) > limit:
        raise page_error(response.url, f"more than {MAX_PAGE_SIZE} items on one page")
    else:
        yield from page_chunks(model, items, response, session, offset=done)


def check_page_size(content: bytes, url: str, limit: int = MAX_PAGE_SIZE) -> None:
    """Refuse ``content`` if it holds more than ``limit`` items, cheaply.

    Memory is bounded by items, not only bytes: millions of tiny items fit in the byte cap yet
    would cost gigabytes as models (or as validation errors). An array of more than ``limit``
    items has at least ``limit`` commas, so a body with fewer passes at once; otherwise its
    commas outside strings and nested values are counted, stopping as soon as there are too
    many. Counting reads tokens, not values: no depth of nesting can stop it.
    """
    if content.count(b",") < limit:
        return
    depth = commas = 0
    for token in _TOKENS.finditer(content):
        kind = token.group()[:1]
        if kind in b"[{":
            depth += 1
        elif kind in b"]}":
            depth -= 1
        elif kind == b"," and depth == 1:
            commas += 1
            if commas >= limit:
                raise page_error(url, f"more than {MAX_PAGE_SIZE} items on one page")


_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[][{},]')
"""A JSON string (skipped whole, escapes included), a bracket or a comma."""


def page_error(response_url: str, why: str) -> ResponseDecodeError:
    """The error refusing a list whose page or ``Link`` cannot be taken."""
    return ResponseDecodeError(
        f"refusing the list: {why}", method="GET", url=redact_url(response_url), status_code=200
    )
