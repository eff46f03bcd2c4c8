"""The Catapult v1 endpoints: a route table from path templates to small handlers.

Paths are relative to ``/v1/users/{userId}``. Handlers validate with :mod:`._validate`, act
through the :class:`Store` and build the documented answers: creates ``201`` + relative
``Location`` and no body; updates ``200`` and no body; paged lists with a ``Link`` header.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from . import _validate as check
from ._conference_routes import ROUTES as CONFERENCE_ROUTES
from ._errors import validation
from ._faults import RateLimiter
from ._store import Store, parse_instant
from ._wire import Response


@dataclass
class Ctx:
    """What a handler needs: path parameters, query, parsed body and the services."""

    params: dict[str, str]
    query: dict[str, list[str]]
    body: Any
    store: Store
    limiter: RateLimiter
    location_root: str
    """Relative form ``/v1/users/{userId}`` used in ``Location`` headers."""

    def arg(self, name: str) -> str | None:
        """The last value of a query parameter, if given."""
        values = self.query.get(name)
        return values[-1] if values else None


Handler = Callable[[Ctx], Response]


def _created(ctx: Ctx, path: str) -> Response:
    return Response.empty(201, f"{ctx.location_root}/{path}")


def _array(items: list[bytes], headers: list[tuple[str, str]] | None = None) -> Response:
    return Response.raw_json(b"[" + b",".join(items) + b"]", headers)


def _links(url: str, page: int, size: int, total: int, extra: list[tuple[str, str]]) -> str:
    """Build the ``Link`` header: first, previous (page > 0), next (more items), last."""
    last = max(0, math.ceil(total / size) - 1)

    def link(number: int, rel: str) -> str:
        query = urlencode([("page", str(number)), ("size", str(size)), *extra])
        return f'<{url}?{query}>; rel="{rel}"'

    parts = [link(0, "first")]
    if page > 0:
        parts.append(link(min(page - 1, last), "previous"))
    if (page + 1) * size < total:
        parts.append(link(page + 1, "next"))
    parts.append(link(last, "last"))
    return ",".join(parts)


# ------------------------------------------------------------------------ bridges


def list_bridges(ctx: Ctx) -> Response:
    page, size = check.paging(ctx.query)
    items, total = ctx.store.bridge_page(page, size)
    link = _links(f"{ctx.store.root}/bridges", page, size, total, [])
    return _array(items, [("Link", link)])


def create_bridge(ctx: Ctx) -> Response:
    call_ids, bridge_audio = check.bridge_body(ctx.body)
    return _created(ctx, f"bridges/{ctx.store.create_bridge(call_ids, bridge_audio)}")


def get_bridge(ctx: Ctx) -> Response:
    return Response.raw_json(ctx.store.bridge_wire(ctx.params["bridgeId"]))


def update_bridge(ctx: Ctx) -> Response:
    call_ids, bridge_audio = check.bridge_body(ctx.body)
    ctx.store.update_bridge(ctx.params["bridgeId"], call_ids, bridge_audio)
    return Response.empty()


def bridge_calls(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.bridge_calls(ctx.params["bridgeId"]))


def bridge_audio(ctx: Ctx) -> Response:
    ctx.store.bridge_audio(ctx.params["bridgeId"], check.audio(ctx.body))
    return Response.empty()


def list_recordings(ctx: Ctx) -> Response:
    page, size = check.paging(ctx.query)
    items, total = ctx.store.all_recordings(page, size)
    link = _links(f"{ctx.store.root}/recordings", page, size, total, [])
    return Response.json(200, items, [("Link", link)])


# ------------------------------------------------------------------------ calls


def list_calls(ctx: Ctx) -> Response:
    bridge_id = ctx.arg("bridgeId")
    if bridge_id is not None:  # documented as not paged
        return Response.json(200, ctx.store.bridge_calls(bridge_id))
    conference_id = ctx.arg("conferenceId")
    if conference_id is not None:  # documented as not paged
        return Response.json(200, ctx.store.conference_calls(conference_id))
    page, size = check.paging(ctx.query)
    order = ctx.arg("sortOrder") or "desc"
    if order not in ("asc", "desc"):
        raise validation("sortOrder must be asc or desc", "sortOrder", order)
    from_, to = ctx.arg("from"), ctx.arg("to")
    window = (_instant(ctx, "fromDateTime"), _instant(ctx, "toDateTime"))
    items, total = ctx.store.call_page(page, size, from_, to, order == "desc", window)
    kept = ("from", "to", "fromDateTime", "toDateTime", "sortOrder")
    extra = [(name, value) for name in kept if (value := ctx.arg(name)) is not None]
    link = _links(f"{ctx.store.root}/calls", page, size, total, extra)
    return _array(items, [("Link", link)])


def _instant(ctx: Ctx, name: str) -> datetime | None:
    text = ctx.arg(name)
    if text is None:
        return None
    try:
        return parse_instant(text)
    except ValueError:
        raise validation(f"{name} must be an ISO 8601 date or date-time", name, text) from None


def create_call(ctx: Ctx) -> Response:
    fields = check.call_create(ctx.body)
    ctx.store.check_number(fields["from"])
    ctx.limiter.admit_call()
    return _created(ctx, f"calls/{ctx.store.create_call(fields)}")


def get_call(ctx: Ctx) -> Response:
    return Response.raw_json(ctx.store.call_wire(ctx.params["callId"]))


def update_call(ctx: Ctx) -> Response:
    new_call = ctx.store.update_call(ctx.params["callId"], check.call_update(ctx.body))
    if new_call is not None:  # a transfer answers 201 with the new leg's id
        return _created(ctx, f"calls/{new_call}")
    return Response.empty()


def call_audio(ctx: Ctx) -> Response:
    ctx.store.call_audio(ctx.params["callId"], check.audio(ctx.body, ("volume",)))
    return Response.empty()


def call_dtmf(ctx: Ctx) -> Response:
    ctx.store.send_dtmf(ctx.params["callId"], check.dtmf(ctx.body))
    return Response.empty()


def call_events(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.events(ctx.params["callId"]))


def call_event(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.event(ctx.params["callId"], ctx.params["eventId"]))


def call_recordings(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.recordings(ctx.params["callId"]))


def call_transcriptions(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.transcriptions(ctx.params["callId"]))


def create_gather(ctx: Ctx) -> Response:
    call_id = ctx.params["callId"]
    gather_id = ctx.store.create_gather(call_id, check.gather_create(ctx.body))
    return _created(ctx, f"calls/{call_id}/gather/{gather_id}")


def get_gather(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.gather(ctx.params["callId"], ctx.params["gatherId"]))


def stop_gather(ctx: Ctx) -> Response:
    check.gather_update(ctx.body)
    ctx.store.stop_gather(ctx.params["callId"], ctx.params["gatherId"])
    return Response.empty()


ROUTES: list[tuple[tuple[str, ...], dict[str, Handler]]] = [
    (("bridges",), {"GET": list_bridges, "POST": create_bridge}),
    (("bridges", "{bridgeId}"), {"GET": get_bridge, "POST": update_bridge}),
    (("bridges", "{bridgeId}", "calls"), {"GET": bridge_calls}),
    (("bridges", "{bridgeId}", "audio"), {"POST": bridge_audio}),
    (("calls",), {"GET": list_calls, "POST": create_call}),
    (("calls", "{callId}"), {"GET": get_call, "POST": update_call}),
    (("calls", "{callId}", "audio"), {"POST": call_audio}),
    (("calls", "{callId}", "dtmf"), {"POST": call_dtmf}),
    (("calls", "{callId}", "events"), {"GET": call_events}),
    (("calls", "{callId}", "events", "{eventId}"), {"GET": call_event}),
    (("calls", "{callId}", "recordings"), {"GET": call_recordings}),
    (("calls", "{callId}", "transcriptions"), {"GET": call_transcriptions}),
    (("calls", "{callId}", "gather"), {"POST": create_gather}),
    (("calls", "{callId}", "gather", "{gatherId}"), {"GET": get_gather, "POST": stop_gather}),
    (("recordings",), {"GET": list_recordings}),
    *CONFERENCE_ROUTES,
]


def resolve(segments: list[str]) -> tuple[dict[str, Handler], dict[str, str]] | None:
    """Find the handlers for decoded path segments, with the path parameters they bind."""
    for template, handlers in ROUTES:
        if len(template) != len(segments):
            continue
        params: dict[str, str] = {}
        for pattern, segment in zip(template, segments, strict=True):
            if pattern.startswith("{"):
                if not segment:
                    break
                params[pattern[1:-1]] = segment
            elif pattern != segment:
                break
        else:
            return handlers, params
    return None
