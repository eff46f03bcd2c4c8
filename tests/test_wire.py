"""The exact requests the SDK sends (docs/wire/bridges.md, docs/wire/calls.md), pinned to vectors.

Each case runs an SDK call against the emulator and compares method, path and JSON body with
the vector (ids replaced by the emulator's real ones).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from catapult import Audio, Client
from catapult.emulator import Emulator


@dataclass
class World:
    """Two active calls and an active bridge joining them, as the vectors assume."""

    api: Client
    c1: str
    c2: str
    bridge: str


@pytest.fixture
def world(client: Client, emulator: Emulator) -> World:
    c1 = client.create_call(from_="+15550001000", to="+15550002001")
    c2 = client.create_call(from_="+15550001000", to="+15550002002")
    bridge = client.create_bridge(call_ids=[c1, c2])
    emulator.clear_requests()
    return World(client, c1, c2, bridge)


Action = Callable[[World], Any]

BRIDGE_VECTORS: list[tuple[str, Action, str, str, dict[str, Any]]] = [
    # py3 test_bridge.py (new-SDK form: no nulls)
    (
        "py3 create",
        lambda w: (
            w.api.update_bridge(w.bridge, call_ids=[]),
            w.api.create_bridge(call_ids=[w.c1], bridge_audio=False),
        ),
        "POST",
        "/bridges",
        {"callIds": ["{c1}"], "bridgeAudio": False},
    ),
    (
        "py3 update",
        lambda w: w.api.update_bridge(w.bridge, bridge_audio=False),
        "POST",
        "/bridges/{bridge}",
        {"bridgeAudio": False},
    ),
    (
        "py3 audio",
        lambda w: w.api.play_audio_to_bridge(w.bridge, file_url="url"),
        "POST",
        "/bridges/{bridge}/audio",
        {"fileUrl": "url"},
    ),
    # node bridge-test.js
    (
        "node bridge create",
        lambda w: (
            w.api.update_bridge(w.bridge, call_ids=[]),
            w.api.create_bridge(call_ids=[w.c1], bridge_audio=True),
        ),
        "POST",
        "/bridges",
        {"bridgeAudio": True, "callIds": ["{c1}"]},
    ),
    (
        "node speak",
        lambda w: w.api.bridges.get(w.bridge).speak("Hello world"),
        "POST",
        "/bridges/{bridge}/audio",
        {"sentence": "Hello world"},
    ),
    (
        "node stop speaking",
        lambda w: w.api.bridges.get(w.bridge).stop_speaking(),
        "POST",
        "/bridges/{bridge}/audio",
        {"sentence": ""},
    ),
    (
        "node play",
        lambda w: w.api.bridges.get(w.bridge).play_audio("http://somewhere/something.mp3"),
        "POST",
        "/bridges/{bridge}/audio",
        {"fileUrl": "http://somewhere/something.mp3"},
    ),
    (
        "node speak with tag",
        lambda w: w.api.bridges.get(w.bridge).speak("Hello world", tag="tag"),
        "POST",
        "/bridges/{bridge}/audio",
        {"sentence": "Hello world", "tag": "tag"},
    ),
    (
        "node play with tag",
        lambda w: w.api.bridges.get(w.bridge).play_audio(
            "http://somewhere/something.mp3", tag="tag"
        ),
        "POST",
        "/bridges/{bridge}/audio",
        {"fileUrl": "http://somewhere/something.mp3", "tag": "tag"},
    ),
    (
        "node stop playing",
        lambda w: w.api.bridges.get(w.bridge).stop_audio(),
        "POST",
        "/bridges/{bridge}/audio",
        {"fileUrl": ""},
    ),
    (
        "node update",
        lambda w: w.api.bridges.get(w.bridge).update(bridge_audio=True, call_ids=[w.c1]),
        "POST",
        "/bridges/{bridge}",
        {"bridgeAudio": True, "callIds": ["{c1}"]},
    ),
    # go bridges_test.go
    (
        "go create",
        lambda w: (
            w.api.bridges.create_id(call_ids=[w.c1, w.c2], bridge_audio=True)
            if w.api.update_bridge(w.bridge, call_ids=[]) is None
            else None
        ),
        "POST",
        "/bridges",
        {"bridgeAudio": True, "callIds": ["{c1}", "{c2}"]},
    ),
    (
        "go update",
        lambda w: w.api.update_bridge(w.bridge, call_ids=[w.c1, w.c2]),
        "POST",
        "/bridges/{bridge}",
        {"callIds": ["{c1}", "{c2}"]},
    ),
    (
        "go audio",
        lambda w: w.api.bridges.play_audio(w.bridge, Audio.file("file.mp3")),
        "POST",
        "/bridges/{bridge}/audio",
        {"fileUrl": "file.mp3"},
    ),
    # py1 test_models.py
    (
        "py1 play looped",
        lambda w: w.api.bridges.get(w.bridge).play_audio(
            "Hello.mp3", loop_enabled=True, tag="custom_tag"
        ),
        "POST",
        "/bridges/{bridge}/audio",
        {"loopEnabled": True, "tag": "custom_tag", "fileUrl": "Hello.mp3"},
    ),
    (
        "py1 speak",
        lambda w: w.api.bridges.get(w.bridge).speak(
            "Hello", voice="Jorge", gender="female", loop_enabled=True
        ),
        "POST",
        "/bridges/{bridge}/audio",
        {"voice": "Jorge", "sentence": "Hello", "gender": "female", "loopEnabled": True},
    ),
    (
        "py1 call into bridge",
        lambda w: (
            w.api.update_bridge(w.bridge, call_ids=[w.c1]),  # leaves room for one more call
            w.api.create_call(
                from_="+1919000001", to="+1919000002", call_timeout=30, bridge_id=w.bridge
            ),
        ),
        "POST",
        "/calls",
        {"to": "+1919000002", "from": "+1919000001", "callTimeout": 30, "bridgeId": "{bridge}"},
    ),
]

CALL_VECTORS: list[tuple[str, Action, str, str, dict[str, Any]]] = [
    (
        "node create",
        lambda w: w.api.calls.create(from_="+12345678901", to="+12345678902"),
        "POST",
        "/calls",
        {"from": "+12345678901", "to": "+12345678902"},
    ),
    (
        "node hangup",
        lambda w: w.api.hangup_call(w.c1),
        "POST",
        "/calls/{c1}",
        {"state": "completed"},
    ),
    (
        "node transfer",
        lambda w: w.api.update_call(
            w.c1, state="transferring", transfer_to="+1234567891", transfer_caller_id="private"
        ),
        "POST",
        "/calls/{c1}",
        {"transferTo": "+1234567891", "transferCallerId": "private", "state": "transferring"},
    ),
    (
        "node speak",
        lambda w: w.api.calls.get(w.c1).speak("Hello world"),
        "POST",
        "/calls/{c1}/audio",
        {"sentence": "Hello world"},
    ),
    (
        "node play",
        lambda w: w.api.play_audio_to_call(w.c1, file_url="http://somewhere/something.mp3"),
        "POST",
        "/calls/{c1}/audio",
        {"fileUrl": "http://somewhere/something.mp3"},
    ),
    (
        "node stop",
        lambda w: w.api.calls.get(w.c1).stop_audio(),
        "POST",
        "/calls/{c1}/audio",
        {"fileUrl": ""},
    ),
    (
        "node recording on",
        lambda w: w.api.update_call(w.c1, recording_enabled=True),
        "POST",
        "/calls/{c1}",
        {"recordingEnabled": True},
    ),
    (
        "node recording off",
        lambda w: w.api.update_call(w.c1, recording_enabled=False),
        "POST",
        "/calls/{c1}",
        {"recordingEnabled": False},
    ),
    (
        "cs create",
        lambda w: w.api.create_call(from_="+1234567890", to="+1234567981"),
        "POST",
        "/calls",
        {"from": "+1234567890", "to": "+1234567981"},
    ),
    (
        "rb create with sip headers",
        lambda w: w.api.create_call(
            from_="+15550001000", to="+15550002003", sip_headers={"X-Header-1": "header_1"}
        ),
        "POST",
        "/calls",
        {"from": "+15550001000", "to": "+15550002003", "sipHeaders": {"X-Header-1": "header_1"}},
    ),
    (
        "py1 transfer with whisper",
        lambda w: w.api.update_call(
            w.c1,
            state="transferring",
            transfer_to="+1919000008",
            whisper_audio=w.api.build_sentence("Hello {number}, thanks for calling"),
        ),
        "POST",
        "/calls/{c1}",
        {
            "transferTo": "+1919000008",
            "state": "transferring",
            "whisperAudio": {"sentence": "Hello {number}, thanks for calling"},
        },
    ),
]


def _fill(value: Any, world: World) -> Any:
    if isinstance(value, str):
        return value.format(c1=world.c1, c2=world.c2, bridge=world.bridge, number="{number}")
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("name", "action", "method", "path", "body"),
    BRIDGE_VECTORS + CALL_VECTORS,
    ids=[v[0] for v in BRIDGE_VECTORS + CALL_VECTORS],
)
def test_wire_vector(
    world: World,
    emulator: Emulator,
    name: str,
    action: Action,
    method: str,
    path: str,
    body: dict[str, Any],
) -> None:
    action(world)
    sent = [r for r in emulator.requests() if r.method == "POST"]
    last = sent[-1]
    assert (last.method, last.path) == (method, _fill(path, world))
    assert last.json == _fill(body, world)
    assert last.headers.get("Content-Type", "").startswith("application/json")
