"""What type checkers see on the flat methods of ``Client``: checked by mypy and pyright in CI.

Never run. Calls written for the original client, positionally and by keyword, type-check
with precise results; calls it would not have accepted are reported.
"""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from typing_extensions import assert_type

from catapult import (
    Bridge,
    Call,
    Client,
    Conference,
    ConferenceMember,
    Recording,
    Transcription,
)

A, B = "+15550001000", "+15550002000"


def positional_calls(client: Client) -> None:
    """Every argument of the longest signatures given by position, in the original order."""
    assert_type(
        client.create_call(A, B, 30, "https://x/cb", 5000, "POST", "https://x/fb", None, None),
        str,
    )
    assert_type(client.update_call("c-1", "transferring", None, None, B, "private"), str | None)
    assert_type(client.update_conference("conf-1", None, True, False, "https://x/cb"), None)
    assert_type(client.create_conference_member("conf-1", "c-1", True, False, False), str)
    assert_type(client.play_audio_to_call("c-1", None, "Hi", "female", "en_US", "Kate"), None)
    assert_type(client.play_audio_to_conference_member("conf-1", "m-1", "https://x/a.mp3"), None)
    assert_type(client.speak_sentence_to_conference_member("conf-1", "m-1", "Hi", "male"), None)
    assert_type(client.build_sentence("Hi", "female", "en_US", "Kate", True), dict[str, Any])
    assert_type(client.transfer_call("c-1", B, "private", client.build_sentence("Hi")), str)


def keyword_calls(client: Client) -> None:
    """The same methods by keyword, and what their results are."""
    assert_type(client.create_call(from_=A, to=B, recording_enabled=True, tag="t"), str)
    assert_type(client.list_calls(bridge_id="brg-1", size=10), Generator[Call, None, None])
    assert_type(client.list_bridges(size=1000), Generator[Bridge, None, None])
    assert_type(client.get_bridge(bridge_id="brg-1"), Bridge)
    assert_type(client.update_bridge(bridge_id="brg-1", bridge_audio=False), None)
    assert_type(client.get_conference(conference_id="conf-1"), Conference)
    assert_type(client.get_conference_member("conf-1", member_id="m-1"), ConferenceMember)
    assert_type(client.play_audio_to_bridge(bridge_id="brg-1", sentence="Hi"), None)
    assert_type(client.toggle_call_recording(call_id="c-1"), bool)
    assert_type(client.list_recordings(size=5), Generator[Recording, None, None])
    assert_type(client.list_transcriptions("r-1", size=5), Generator[Transcription, None, None])


def refused_calls(client: Client) -> None:
    """Missing, unknown or mistyped arguments are reported, as before."""
    client.create_call(A)  # type: ignore[call-arg]
    client.hold_conference("conf-1")  # type: ignore[call-arg]
    client.update_bridge(bridge="brg-1")  # type: ignore[call-arg]
    client.play_audio_to_conference(call_id="c-1", sentence="Hi")  # type: ignore[call-arg]
    client.speak_sentence_to_conference_member("conf-1", "m-1")  # type: ignore[call-arg]
    client.create_call_gather("c-1", "5")  # type: ignore[arg-type]
    client.play_audio_to_call("c-1", 3)  # type: ignore[arg-type]
    client.list_bridges(size="10")  # type: ignore[arg-type]
