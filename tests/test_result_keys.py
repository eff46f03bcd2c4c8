"""Results of the flat ``Client`` answer ``result["snake_name"]`` for every declared field, as
the old client's dicts did: conferences, members, recordings and transcriptions, read from the
emulator with every field filled in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args, get_type_hints

import pytest
from pydantic.alias_generators import to_snake

from catapult import Client, Conference, ConferenceMember, Recording, Transcription
from catapult._model import Resource
from catapult.testing import EmulatorFixture

WALKED = (Conference, ConferenceMember, Recording, Transcription)


def _ok(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b""]


@pytest.fixture
def results(
    catapult_emulator: EmulatorFixture, catapult_client: Client
) -> dict[str, list[Resource]]:
    """Every conference and recording getter's result, each with all its fields sent."""
    api = catapult_client
    url = catapult_emulator.serve_app(_ok, incoming=False).url("/conf")
    conf = api.create_conference(
        "+15550001000",
        callback_url=url,
        callback_timeout=2000,
        callback_http_method="POST",
        fallback_url=url,
        tag="my-tag",
        profile="interpret_digits",
    )
    call = api.create_call(from_="+15550001000", to="+15550002001", conference_id=conf)
    member = api.create_conference_member(conf, call_id=call, join_tone=True, leaving_tone=True)
    api.calls.get(call).enable_recording().disable_recording()
    rec = next(api.list_call_recordings(call)).id
    transcription = api.create_transcription(rec)
    api.remove_conference_member(conf, member)  # the last member: the conference completes
    return {
        "get_conference": [api.get_conference(conf)],
        "get_conference_member": [api.get_conference_member(conf, member)],
        "list_conference_members": list(api.list_conference_members(conf)),
        "get_recording": [api.get_recording(rec)],
        "list_recordings": list(api.list_recordings()),
        "list_call_recordings": list(api.list_call_recordings(call)),
        "get_transcription": [api.get_transcription(rec, transcription)],
        "list_transcriptions": list(api.list_transcriptions(rec)),
        "list_call_transcriptions": list(api.list_call_transcriptions(call)),
    }


def _returns_a_walked_model(method: Any) -> bool:
    returned = get_type_hints(method).get("return")
    return any(kind in WALKED for kind in (returned, *get_args(returned)))


def test_every_getter_of_these_models_is_walked(results: dict[str, list[Resource]]) -> None:
    getters = {
        name
        for name in dir(Client)
        if name.startswith(("get_", "list_")) and _returns_a_walked_model(getattr(Client, name))
    }
    assert getters == set(results)
    assert all(items for items in results.values())


def test_every_declared_field_answers_its_key(results: dict[str, list[Resource]]) -> None:
    for getter, items in results.items():
        for item in items:
            fields = type(item).model_fields
            assert set(fields) <= item.model_fields_set, f"{getter}: a field was not sent"
            as_dict = item.to_dict(reveal_secrets=True)
            for name, info in fields.items():
                key = to_snake(info.alias or name)  # the old client's key ("media", "from")
                value = getattr(item, name)
                assert key in item and name in item, f"{getter}: {key}"
                assert item[key] == value and item[name] == value and as_dict[key] == value
            for key in type(item)._derived_keys:
                assert item[key] == getattr(item, key) == as_dict[key] is not None, key
            with pytest.raises(KeyError):
                item["no_such_field"]


def test_derived_keys_of_the_old_client(results: dict[str, list[Resource]]) -> None:
    (recording,) = results["get_recording"]
    assert isinstance(recording, Recording) and recording.media_url is not None
    assert recording["media_name"] == recording.media_url.rsplit("/", 1)[-1]
    assert recording["call_id"] == recording["call"].rsplit("/", 1)[-1]
    (member,) = results["get_conference_member"]
    assert member["call_id"] == member["call"].rsplit("/", 1)[-1]
    assert "media_name" not in member and "call_id" not in ConferenceMember(id="m")
