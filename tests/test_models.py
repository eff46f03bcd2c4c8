"""Bridge and Call parse raw API JSON: typed, tolerant where the API was loose, strict on ids."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from catapult import (
    Bridge,
    BridgeState,
    Call,
    CallDirection,
    CallState,
    CatapultError,
    InvalidArgumentError,
    Session,
)

# py3 test_bridge.py: string boolean, ms timestamps (docs/wire/index.md#booleans)
BRIDGE_JSON = (
    b'{"id":"bridgeId","state":"completed","bridgeAudio":"true",'
    b'"calls":"https://api.catapult.inetwork.com/v1/users/u-1/bridges/bridgeId/calls",'
    b'"createdTime":"2013-04-22T13:55:30.279Z","activatedTime":"2013-04-22T13:55:30.280Z",'
    b'"completedTime":"2013-04-22T13:59:30.122Z"}'
)
# py1 test_models.py call with a bridge URL, plus node's sipHeaders
CALL_JSON = (
    b'{"id":"c-call-id","direction":"out","from":"+1919000001","to":"+1919000002",'
    b'"bridge":"http://foo.bar/users/userId/bridges/brg-2hs6wh32lh5ygs7dn2s2x1d",'
    b'"recordingEnabled":false,"callbackUrl":"","state":"active",'
    b'"startTime":"2013-02-08T13:15:47.587Z","endTime":"2013-02-08T13:15:57.347Z",'
    b'"activeTime":"2013-02-08T13:15:52.347Z","chargeableDuration":60,'
    b'"events":"https://x/calls/c-call-id/events",'
    b'"sipHeaders":{"X-Header-1":"value-1","X-Custom-Header":"v"}}'
)


def test_bridge_fields_are_typed() -> None:
    bridge = Bridge.model_validate_json(BRIDGE_JSON)
    assert bridge.id == "bridgeId"
    assert bridge.state is BridgeState.COMPLETED
    assert bridge.bridge_audio is True
    assert bridge.calls_url is not None and bridge.calls_url.endswith("/bridgeId/calls")
    assert bridge.created_time == datetime(2013, 4, 22, 13, 55, 30, 279000, tzinfo=timezone.utc)
    assert bridge.completed_time is not None and bridge.completed_time.tzinfo is not None


def test_model_validate_accepts_raw_camel_case_dicts() -> None:
    bridge = Bridge.model_validate({"id": "b", "bridgeAudio": "false", "callIds": ["c-1", "c-2"]})
    assert bridge.bridge_audio is False
    assert bridge.call_ids == ["c-1", "c-2"]


def test_call_fields_are_typed_and_sip_header_keys_untouched() -> None:
    call = Call.model_validate_json(CALL_JSON)
    assert call.from_ == "+1919000001"
    assert call.direction is CallDirection.OUT
    assert call.state is CallState.ACTIVE
    assert call.recording_enabled is False
    assert call.chargeable_duration == 60
    assert call.bridge_url is not None and call.bridge_url.endswith("brg-2hs6wh32lh5ygs7dn2s2x1d")
    assert call.sip_headers == {"X-Header-1": "value-1", "X-Custom-Header": "v"}
    assert call.events_url == "https://x/calls/c-call-id/events"


def test_unknown_states_are_accepted_and_compare_as_text() -> None:
    call = Call.model_validate({"id": "c-1", "state": "parked"})
    assert call.state == "parked"
    assert call.state is not None and not call.state.is_known
    assert str(call.state) == "parked"
    assert CallState.ACTIVE.is_known


def test_unknown_fields_are_kept() -> None:
    bridge = Bridge.model_validate({"id": "b", "futureField": {"a": 1}})
    assert bridge.model_extra == {"futureField": {"a": 1}}
    assert bridge["future_field"] == {"a": 1}


def test_epoch_millisecond_timestamps_are_accepted() -> None:
    bridge = Bridge.model_validate({"id": "b", "createdTime": 1419032854964})
    assert bridge.created_time == datetime(2014, 12, 19, 23, 47, 34, 964000, tzinfo=timezone.utc)


def test_naive_timestamps_are_taken_as_utc() -> None:
    bridge = Bridge.model_validate({"id": "b", "createdTime": "2014-12-19T19:13:20"})
    assert bridge.created_time is not None and bridge.created_time.tzinfo is not None


def test_missing_id_is_an_error() -> None:
    with pytest.raises(ValidationError):
        Bridge.model_validate({"state": "created"})


def test_wrong_types_are_an_error() -> None:
    with pytest.raises(ValidationError):
        Call.model_validate({"id": "c-1", "chargeableDuration": "a minute"})
    with pytest.raises(ValidationError):
        Bridge.model_validate({"id": "b", "callIds": "c-1"})


def test_seed_style_keys() -> None:
    bridge = Bridge.model_validate_json(BRIDGE_JSON)
    assert bridge["state"] == "completed"
    assert bridge["bridge_audio"] is True
    assert bridge["calls"] == bridge.calls_url
    assert bridge["id"] == "bridgeId"
    assert bridge["created_time"] == bridge.created_time
    call = Call.model_validate_json(CALL_JSON)
    assert call["from"] == "+1919000001"
    assert call["bridge"] == call.bridge_url
    assert call["recording_enabled"] is False


def test_keys_the_api_did_not_send_are_missing_like_a_dict() -> None:
    bridge = Bridge.model_validate({"id": "b", "state": "created"})
    assert "completed_time" not in bridge
    with pytest.raises(KeyError):
        bridge["completed_time"]
    assert bridge.get("completed_time", "n/a") == "n/a"


def test_to_dict_uses_the_seed_keys() -> None:
    call = Call.model_validate({"id": "c-1", "from": "+1", "bridgeId": "brg-1", "bridge": "u"})
    assert call.to_dict() == {"id": "c-1", "from": "+1", "bridge_id": "brg-1", "bridge": "u"}
    assert call["bridge_id"] == "brg-1"
    assert call.keys() == ["id", "from", "bridge_id", "bridge"]


def test_unbound_model_explains_how_to_bind() -> None:
    bridge = Bridge.model_validate({"id": "b"})
    with pytest.raises(CatapultError, match="bind"):
        bridge.refresh()


@pytest.mark.parametrize("wrong", ["nope", None, object()])
def test_bind_takes_only_a_session(wrong: object) -> None:
    bridge = Bridge.model_validate({"id": "b"})
    with pytest.raises(InvalidArgumentError, match="bind\\(\\) takes a Session or an AsyncSession"):
        bridge.bind(wrong)  # type: ignore[arg-type]
    with pytest.raises(CatapultError, match="not bound"):
        bridge.refresh()  # the refused value was not kept


def test_pickled_model_does_not_carry_its_session() -> None:
    bridge = Bridge.model_validate({"id": "b"}).bind(Session("u-1", "t", "s"))
    clone = pickle.loads(pickle.dumps(bridge))
    assert clone == bridge
    with pytest.raises(CatapultError):
        _ = clone.session
