"""Request validation: turn a JSON request body into checked Python values or raise 400.

Every body is checked against the same declaration and rules the SDK checks its arguments with
(:mod:`catapult._fields`, :mod:`catapult._rules`), so the two accept and refuse the same
values. Strictness is deliberate, to catch client bugs: unknown fields and JSON ``null`` values
are refused with ``validation-error``. Booleans accept the strings ``"true"``/``"false"`` and
integers digit strings (docs/wire/index.md#booleans).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from .. import _rules as rules
from .._fields import BodySpec, body_spec, from_wire, lenient
from ..resources import bridges as bridge_api
from ..resources import call_params as call_api
from ..resources._manager import Endpoint
from ._errors import ApiFault, callback_invalid_url, validation

Body = dict[str, Any]

DIGITS = re.compile(r"^[0-9A-D#*]*$")
"""Keys a caller may press (the far end's DTMF)."""


def _error(message: str, name: str | None = None, value: Any = None, rule: Any = None) -> ApiFault:
    if rule is rules.CALLBACK_URL and name is not None:
        return callback_invalid_url(name, value)
    if isinstance(rule, rules.Between):
        refusal = rule.refusal(lenient(rule, value))
        if refusal is not None:
            return ApiFault(
                refusal[0], "forbidden", refusal[1], message, [(name or "", str(value))]
            )
    return validation(message, name, value)


def check(spec: BodySpec | None, body: Any) -> Body:
    """Check ``body`` against a declaration; returns the given fields with native types."""
    assert spec is not None
    return from_wire(spec, body, _error)


def check_endpoint(endpoint: Endpoint, body: Any) -> Body:
    """Check ``body`` against an endpoint's declaration and its rules across fields."""
    fields = check(endpoint.spec, body)
    for rule in endpoint.needs:
        try:
            rule.check(fields)
        except rules.BodyRuleError as exc:
            value = body.get(exc.field)  # as sent (check() found a JSON object)
            raise validation(f"Field '{exc.field}' {exc}", exc.field, value) from None
    return fields


def _store_counts_members(spec: BodySpec) -> BodySpec:
    # More than two calls is the store's to refuse: 403 bridge-callIds-overflow, as the API.
    relaxed = dataclasses.replace(rules.BRIDGE_CALL_IDS, max_items=1000)
    fields = tuple(
        dataclasses.replace(f, rule=relaxed) if f.rule is rules.BRIDGE_CALL_IDS else f
        for f in spec.fields
    )
    return dataclasses.replace(spec, fields=fields)


_BRIDGE = _store_counts_members(body_spec(bridge_api.BridgeParams))


def bridge_body(body: Any) -> tuple[list[str] | None, bool | None]:
    """Validate a bridge create/update body; returns ``(callIds, bridgeAudio)``."""
    fields = check(_BRIDGE, body)
    return fields.get("callIds"), fields.get("bridgeAudio")


def audio(body: Any, extra: tuple[str, ...] = ()) -> Body:
    """Validate an Audio object (docs/wire/calls.md#audio): one of ``fileUrl``/``sentence``."""
    endpoint = call_api.AUDIO if "volume" in extra else bridge_api.AUDIO
    return check(endpoint.spec, body)


def call_create(body: Any) -> Body:
    """Validate a create-call body; returns the checked fields with native types."""
    return check(call_api.CREATE.spec, body)


def call_update(body: Any) -> Body:
    """Validate an update-call body (state changes, recording, transfer fields)."""
    return check_endpoint(call_api.UPDATE, body)


def gather_create(body: Any) -> Body:
    """Validate a gather body (docs/wire/calls.md#gather); ``terminatingDigits`` defaults."""
    fields = check(call_api.GATHER.spec, body)
    fields.setdefault("terminatingDigits", "#")
    return fields


def gather_update(body: Any) -> None:
    """The only gather update allowed is ``{"state": "completed"}``."""
    fields = check(call_api.UPDATE_GATHER.spec, body)
    if fields.get("state") != "completed":
        raise validation('Only {"state": "completed"} is allowed', "state", fields.get("state"))


def dtmf(body: Any) -> str:
    """Validate ``{"dtmfOut": "..."}``: a string of up to 92 DTMF characters."""
    fields = check(call_api.DTMF.spec, body)
    value: str = fields["dtmfOut"]
    return value


def paging(query: Mapping[str, list[str]]) -> tuple[int, int]:
    """Read ``page`` (0-based) and ``size`` (1..1000, default 25) from a query."""
    params = {name: query[name][-1] for name in ("page", "size") if name in query}
    page = _query_number(params, "page", rules.PAGE)
    size = _query_number(params, "size", rules.PAGE_SIZE)
    return (0 if page is None else page), (25 if size is None else size)


def _query_number(params: Mapping[str, str], name: str, rule: rules.Between) -> int | None:
    if name not in params:
        return None
    try:
        return rule.check(lenient(rule, params[name]))
    except rules.RuleError as exc:
        raise validation(f"Field '{name}' {exc}", name, params[name]) from None
