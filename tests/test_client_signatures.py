"""``Client`` keeps every bandwidth-sdk 3.1.0 method with its parameters' names and order.

Code written for the original client calls these methods positionally and by keyword, so the
names and their order are the compatibility promise. The table below is the original
client's, parameter by parameter (``?``: optional, ``**kwargs``: extra body or query keys). The
helpers the original added with a decorator named their first parameter ``id``; here it is
named after its target (``bridge_id`` ...), and ``id=`` is still accepted (see
``test_client_parity.py``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
from typing_extensions import get_overloads

from catapult import Client

ORIGINAL = {
    # bridges (the seed document)
    "list_bridges": "size? **kwargs",
    "create_bridge": "call_ids? bridge_audio? **kwargs",
    "get_bridge": "bridge_id",
    "update_bridge": "bridge_id call_ids? bridge_audio? **kwargs",
    "list_bridge_calls": "bridge_id",
    "play_audio_to_bridge": "bridge_id file_url? sentence? gender? locale? voice? loop_enabled? "
    "**kwargs",
    "speak_sentence_to_bridge": "bridge_id sentence gender? voice? locale? tag?",
    "play_audio_file_to_bridge": "bridge_id file_url tag?",
    # calls
    "list_calls": "bridge_id? conference_id? from_? to? size? sort_order? **kwargs",
    "create_call": "from_ to call_timeout? callback_url? callback_timeout? callback_http_method? "
    "fallback_url? bridge_id? conference_id? recording_enabled? recording_file_format? "
    "recording_max_duration? transcription_enabled? tag? sip_headers? **kwargs",
    "get_call": "call_id",
    "update_call": "call_id state? recording_enabled? recording_file_format? transfer_to? "
    "transfer_caller_id? whisper_audio? callback_url? **kwargs",
    "answer_call": "call_id",
    "reject_call": "call_id",
    "hangup_call": "call_id",
    "send_dtmf_to_call": "call_id dtmf_out **kwargs",
    "list_call_recordings": "call_id",
    "list_call_transcriptions": "call_id",
    "list_call_events": "call_id",
    "get_call_event": "call_id event_id",
    "create_call_gather": "call_id max_digits? inter_digit_timeout? terminating_digits? tag? "
    "**kwargs",
    "get_call_gather": "call_id gather_id",
    "update_call_gather": "call_id gather_id state? **kwargs",
    "enable_call_recording": "call_id",
    "disable_call_recording": "call_id",
    "toggle_call_recording": "call_id",
    "transfer_call": "call_id to caller_id? whisper_audio? callback_url? **kwargs",
    "play_audio_to_call": "call_id file_url? sentence? gender? locale? voice? loop_enabled? "
    "**kwargs",
    "speak_sentence_to_call": "call_id sentence gender? voice? locale? tag?",
    "play_audio_file_to_call": "call_id file_url tag?",
    "build_sentence": "sentence gender? locale? voice? loop_enabled? **kwargs",
    "build_audio_playback": "file_url loop_enabled? **kwargs",
    # conferences and members
    "create_conference": "from_ callback_url? callback_timeout? callback_http_method? "
    "fallback_url? tag? **kwargs",
    "get_conference": "conference_id",
    "update_conference": "conference_id state? mute? hold? callback_url? callback_timeout? "
    "callback_http_method? fallback_url? tag? **kwargs",
    "play_audio_to_conference": "conference_id file_url? sentence? gender? locale? voice? "
    "loop_enabled? **kwargs",
    "speak_sentence_to_conference": "conference_id sentence gender? voice? locale? tag?",
    "play_audio_file_to_conference": "conference_id file_url tag?",
    "terminate_conference": "conference_id",
    "hold_conference": "conference_id hold",
    "mute_conference": "conference_id mute",
    "list_conference_members": "conference_id",
    "create_conference_member": "conference_id call_id? join_tone? leaving_tone? mute? hold? "
    "**kwargs",
    "get_conference_member": "conference_id member_id",
    "update_conference_member": "conference_id member_id join_tone? leaving_tone? mute? hold? "
    "**kwargs",
    "play_audio_to_conference_member": "conference_id member_id file_url? sentence? gender? "
    "locale? voice? loop_enabled? **kwargs",
    "speak_sentence_to_conference_member": "conference_id member_id sentence gender? voice? "
    "locale? tag?",
    "play_audio_file_to_conference_member": "conference_id member_id file_url tag?",
    "remove_conference_member": "conference_id member_id",
    "hold_conference_member": "conference_id member_id hold",
    "mute_conference_member": "conference_id member_id mute",
    # recordings and transcriptions
    "list_recordings": "size? **kwargs",
    "get_recording": "recording_id",
    "list_transcriptions": "recording_id size? **kwargs",
    "create_transcription": "recording_id",
    "get_transcription": "recording_id transcription_id",
}


def _declared(method: Callable[..., Any]) -> inspect.Signature:
    """What a type checker sees first: the positional overload where there are overloads."""
    overloads = get_overloads(method)
    return inspect.signature(overloads[0] if overloads else method)


def _spelled(signature: inspect.Signature) -> str:
    words = []
    for parameter in list(signature.parameters.values())[1:]:  # without self
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            words.append(f"**{parameter.name}")
        else:
            assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, parameter
            optional = parameter.default is not inspect.Parameter.empty
            words.append(parameter.name + "?" * optional)
    return " ".join(words)


def test_the_table_has_the_original_clients_56_methods() -> None:
    assert len(ORIGINAL) == 56


@pytest.mark.parametrize("name", ORIGINAL)
def test_each_method_keeps_the_original_parameters_in_order(name: str) -> None:
    assert _spelled(_declared(getattr(Client, name))) == ORIGINAL[name]


@pytest.mark.parametrize("name", ORIGINAL)
def test_each_method_is_documented(name: str) -> None:
    assert (getattr(Client, name).__doc__ or "").strip()
