"""One rule set: the SDK (before sending) and the emulator (when receiving) accept and refuse
exactly the same values, field by field, for every declared endpoint body."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest

from catapult import InvalidArgumentError
from catapult import _rules as rules
from catapult._fields import FieldSpec, lenient
from catapult.emulator import _validate
from catapult.emulator._errors import ApiFault
from catapult.resources import bridges as bridge_api
from catapult.resources import call_params as call_api
from catapult.resources import conference_params as conf_api
from catapult.resources._manager import Endpoint

E164 = "+15551230001"

#: Each POST endpoint, the smallest valid arguments (SDK names) and the emulator's check.
ENDPOINTS: dict[str, tuple[Endpoint, dict[str, Any], Any]] = {
    "bridge create": (bridge_api.CREATE, {}, _validate.bridge_body),
    "bridge update": (bridge_api.UPDATE, {}, _validate.bridge_body),
    "bridge audio": (bridge_api.AUDIO, {"sentence": "hi"}, _validate.audio),
    "call create": (call_api.CREATE, {"from_": E164, "to": E164}, _validate.call_create),
    "call update": (call_api.UPDATE, {}, _validate.call_update),
    "transfer": (call_api.TRANSFER, {"to": E164}, _validate.call_update),
    "call audio": (call_api.AUDIO, {"sentence": "hi"}, lambda b: _validate.audio(b, ("volume",))),
    "dtmf": (call_api.DTMF, {"dtmf_out": "1"}, _validate.dtmf),
    "gather": (call_api.GATHER, {}, _validate.gather_create),
    "gather update": (call_api.UPDATE_GATHER, {"state": "completed"}, _validate.gather_update),
    **{
        f"conference {label}": (endpoint, base, partial(_validate.check, endpoint.spec))
        for label, endpoint, base in (
            ("create", conf_api.CREATE, {"from_": E164}),
            ("update", conf_api.UPDATE, {}),
            ("audio", conf_api.AUDIO, {"sentence": "hi"}),
            ("add member", conf_api.ADD_MEMBER, {"call_id": "c-1"}),
            ("update member", conf_api.UPDATE_MEMBER, {}),
            ("member audio", conf_api.MEMBER_AUDIO, {"file_url": "a.mp3"}),
        )
    },
}
#: Fields an update only takes with a transfer (a cross-field rule of the emulator; the
#: "transfer" endpoint sends them with the state that allows them).
TRANSFER_ONLY = {"transfer_to", "transfer_caller_id", "whisper_audio", "diversion_treatment"}
TRANSFER_ONLY |= {"diversion_reason"}
AUDIO_SAMPLES: list[object] = [
    {"sentence": "x"},
    {"fileUrl": "a.mp3"},
    {},
    {"sentence": "x", "fileUrl": "a.mp3"},
    {"sentence": 1},
    {"sentence": "x", "bogus": 1},
    {"sentence": "x", "volume": 9},
    {"sentence": "x", "volume": 2},
    {"sentence": "x", "bargeable": False},
    {"sentence": "x", "bargeable": True},
    {"sentence": "x", "gender": "Female"},
    "x",
    [],
]


def _cases() -> Iterator[tuple[str, str, object]]:
    for label, (endpoint, _base, _) in ENDPOINTS.items():
        assert endpoint.spec is not None
        for field in endpoint.spec.fields:
            if label == "call update" and field.name in TRANSFER_ONLY:
                continue
            for value in _samples(field):
                yield label, field.name, value


def _samples(field: FieldSpec) -> list[object]:
    if field.nested is not None:
        return AUDIO_SAMPLES
    assert field.rule is not None
    return [value for value in field.rule.samples() if value is not None]


def _sdk_accepts(endpoint: Endpoint, arguments: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return endpoint.payload(arguments)
    except InvalidArgumentError:
        return None


def _emulator_accepts(check: Any, body: dict[str, Any]) -> bool:
    try:
        check(body)
    except ApiFault:
        return False
    # More than two calls in a bridge is refused by the store, with 403 overflow.
    return len(body.get("callIds", [])) <= rules.BRIDGE_CALL_IDS.max_items


CASES = list(_cases())


@pytest.mark.parametrize(("label", "name", "value"), CASES, ids=repr)
def test_sdk_and_emulator_agree(label: str, name: str, value: object) -> None:
    endpoint, base, check = ENDPOINTS[label]
    spec = endpoint.spec
    assert spec is not None
    arguments = {k: v for k, v in base.items() if k not in spec.one_of or name not in spec.one_of}
    arguments[name] = value
    sent = _sdk_accepts(endpoint, arguments)
    if sent is not None:  # what the SDK sends, the emulator takes
        assert _emulator_accepts(check, sent)
    else:  # what the SDK refuses, the emulator refuses when it comes as it is
        body = {**endpoint.fixed, **{_wire(spec.field(k)): v for k, v in arguments.items()}}
        field = spec.field(name)
        read = lenient(field.rule, value) if field and field.rule else value
        if read is value:
            assert not _emulator_accepts(check, body)
        else:  # "5" or "true", which the API reads as 5 or true and the SDK never sends
            as_read = _sdk_accepts(endpoint, {**arguments, name: read})
            assert _emulator_accepts(check, body) == (as_read is not None)


def _wire(field: FieldSpec | None) -> str:
    assert field is not None
    return field.wire


def test_the_cases_cover_every_rule() -> None:
    declared = {
        field.rule
        for endpoint, _, _ in ENDPOINTS.values()
        for field in (endpoint.spec.fields if endpoint.spec else ())
    }
    declared |= {f.rule for f in call_api.AUDIO.spec.fields} if call_api.AUDIO.spec else set()
    declared |= {rules.BARGEABLE, rules.PAGE, rules.PAGE_SIZE, rules.SORT_ORDER, rules.TEXT}
    assert set(rules.every_rule()) <= declared
    assert len(CASES) > 500
    across = {rule for endpoint, _, _ in ENDPOINTS.values() for rule in endpoint.needs}
    assert set(rules.every_body_rule()) == across
    assert "call update" in {label for label, *_ in ACROSS_CASES}


#: A valid value of each field that a rule across fields names.
SAMPLES: dict[str, Any] = {
    "transferTo": E164,
    "transferCallerId": "private",
    "whisperAudio": {"sentence": "Hello"},
    "diversionTreatment": "propagate",
    "diversionReason": "unavailable",
}


def _across_cases() -> Iterator[tuple[str, rules.BodyRule, Any, dict[str, Any], bool]]:
    """Each endpoint with rules across fields, a rule, the deciding field's value, the other
    fields given, and whether the body keeps the rule."""
    for label, (endpoint, _, _) in ENDPOINTS.items():
        for rule in endpoint.needs:
            for value in (rule.value, "completed", None):
                if isinstance(rule, rules.Needs):
                    for given in (True, False):
                        extra = {rule.needed: SAMPLES[rule.needed]} if given else {}
                        yield label, rule, value, extra, given or value != rule.value
                    continue
                for name in (None, *rule.fields):
                    extra = {} if name is None else {name: SAMPLES[name]}
                    if value == rule.value:  # what the endpoint's other rules need then
                        extra |= {
                            other.needed: SAMPLES[other.needed]
                            for other in endpoint.needs
                            if isinstance(other, rules.Needs) and other.value == value
                        }
                    yield label, rule, value, extra, name is None or value == rule.value


ACROSS_CASES = list(_across_cases())


@pytest.mark.parametrize(("label", "rule", "value", "extra", "ok"), ACROSS_CASES, ids=repr)
def test_rules_across_fields_agree(
    label: str, rule: rules.BodyRule, value: Any, extra: dict[str, Any], ok: bool
) -> None:
    endpoint, base, _ = ENDPOINTS[label]
    spec = endpoint.spec
    assert spec is not None
    body = {**endpoint.fixed, **{_wire(spec.field(k)): v for k, v in base.items()}, **extra}
    if value is not None:
        body[rule.field] = value
    arguments = {_name(spec.field(k)): v for k, v in body.items() if k not in endpoint.fixed}
    sent = _sdk_accepts(endpoint, arguments)
    emulated = _emulator_accepts(partial(_validate.check_endpoint, endpoint), body)
    # The endpoint's other rules (walked by their own cases) may refuse the body too.
    ok = ok and all(_keeps(other, body) for other in endpoint.needs if other != rule)
    assert emulated == ok
    # An update with nothing in it is the API's to take, and the SDK's to refuse unsent.
    assert (sent is not None) == (ok and not (endpoint.changes and not body))
    if sent is not None:
        assert sent == body


def _keeps(rule: rules.BodyRule, body: dict[str, Any]) -> bool:
    try:
        rule.check(body)
    except rules.BodyRuleError:
        return False
    return True


def _name(field: FieldSpec | None) -> str:
    assert field is not None
    return field.name


@pytest.mark.parametrize(
    "number",
    ["+123", "123", "15551234567", "+0123456789", "sip:a@b@c", "sips:a@b.c", "sip:@b", "+1 555"],
)
def test_numbers_the_api_refuses_are_refused_on_both_sides(number: str) -> None:
    with pytest.raises(InvalidArgumentError, match=r"E\.164"):
        call_api.CREATE.payload({"from_": number, "to": E164})
    with pytest.raises(ApiFault):
        _validate.call_create({"from": number, "to": E164})


@pytest.mark.parametrize("number", ["+15551234567", "+4930123456", "sip:alice@example.com:5060"])
def test_e164_numbers_and_sip_uris_pass_both_sides(number: str) -> None:
    assert call_api.CREATE.payload({"from_": number, "to": number})["from"] == number
    assert _validate.call_create({"from": number, "to": number})["to"] == number


def test_terminal_states_are_one_fact() -> None:
    from catapult.emulator._records import TERMINAL_CALL_STATES as emulated
    from catapult.resources.calls import TERMINAL_CALL_STATES

    assert set(emulated) == {str(s) for s in TERMINAL_CALL_STATES} == rules.TERMINAL_CALL_STATES
