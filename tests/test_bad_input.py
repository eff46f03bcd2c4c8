"""Bad input never reaches the wire: every id, number, size, URL and session setting is checked
first, and fails with a catapult error (the emulator's request log proves nothing was sent)."""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catapult import (
    Audio,
    Bridge,
    Call,
    Client,
    ConfigurationError,
    GatherPrompt,
    InvalidArgumentError,
    Session,
)
from catapult import _rules as rules
from catapult.emulator import Emulator

USER, TOKEN, SECRET = "u-1", "t-token", "s-secret"

NOTHING_SENT = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
#: Plausible values for the other parameters, by name.
OTHER = {
    "to": "+15550002001",
    "dtmf_out": "1",
    "file_url": "a.mp3",
    "sentence": "hi",
    "state": "completed",
    "audio": {"sentence": "hi"},
    "digits": "1",
    "hold": True,
    "mute": True,
}
ID_PATTERN = re.compile(r"(?!\.\.?$)(?!.*\.\.)[A-Za-z0-9._~-]{1,128}")
bad_ids = st.one_of(
    st.none(),
    st.integers(),
    st.floats(),
    st.binary(max_size=8),
    st.lists(st.text(max_size=3), max_size=2),
    st.text(max_size=140).filter(lambda text: not ID_PATTERN.fullmatch(text)),
)


def _id_methods(target: object) -> list[tuple[str, Callable[..., Any], list[str]]]:
    """Public methods of ``target`` taking one or more ``*_id`` parameters."""
    found = []
    for name, method in inspect.getmembers(target, callable):
        if name.startswith("_"):
            continue
        try:
            parameters = inspect.signature(method).parameters
        except (TypeError, ValueError):
            continue
        # Path ids: required, or optional only beside the original ``id=`` spelling.
        ids = [
            p.name
            for p in parameters.values()
            if p.name.endswith("_id")
            and (p.default is inspect.Parameter.empty or "id" in parameters)
        ]
        if ids and ids[0] == next(iter(parameters)):
            found.append((name, method, ids))
    return found


def _call_with(method: Callable[..., Any], ids: list[str], bad: object, which: str) -> None:
    arguments = {name: (bad if name == which else "c-1") for name in ids}
    for name in inspect.signature(method).parameters:
        if name in OTHER and name not in arguments:
            arguments[name] = OTHER[name]
    result = method(**arguments)
    if hasattr(result, "__next__"):
        next(result)


def test_every_id_method_is_found(session: Session, client: Client) -> None:
    assert len(_id_methods(session.calls)) >= 15
    assert len(_id_methods(session.bridges)) >= 4
    assert len(_id_methods(client)) >= 25


@NOTHING_SENT
@given(bad=bad_ids)
def test_bad_ids_are_refused_by_every_manager_method(
    session: Session, emulator: Emulator, bad: object
) -> None:
    managers = (session.bridges, session.calls, session.conferences)
    for manager in (*managers, session.recordings, session.transcriptions):
        for _, method, ids in _id_methods(manager):
            for which in ids:
                with pytest.raises(InvalidArgumentError):
                    _call_with(method, ids, bad, which)
    assert emulator.requests() == []


@NOTHING_SENT
@given(bad=bad_ids)
def test_bad_ids_are_refused_by_every_client_method(
    client: Client, emulator: Emulator, bad: object
) -> None:
    for _, method, ids in _id_methods(client):
        for which in ids:
            with pytest.raises(InvalidArgumentError):
                _call_with(method, ids, bad, which)
    assert emulator.requests() == []


@pytest.mark.parametrize(
    "action",
    [
        lambda c: c.update_bridge(None, bridge_audio=False),
        lambda c: c.bridges.update(None, call_ids=["c-1", "c-2"]),
        lambda c: c.hangup_call(None),
        lambda c: c.play_audio_to_bridge(None, sentence="hi"),
        lambda c: c.get_bridge(None),
        lambda c: c.list_bridge_calls(None),
    ],
)
def test_a_none_id_never_targets_the_collection(
    client: Client, emulator: Emulator, action: Callable[[Client], object]
) -> None:
    with pytest.raises(InvalidArgumentError):
        action(client)
    assert emulator.requests() == []


def _bridge_and_call(session: Session) -> tuple[Bridge, Call]:
    return Bridge(id="brg-1").bind(session), Call(id="c-1").bind(session)


@pytest.mark.parametrize(
    "action",
    [
        lambda b, c: b.speak(1),
        lambda b, c: b.speak("hi", gender="robot"),
        lambda b, c: b.play_audio("a.mp3", tag="t" * 257),
        lambda b, c: b.update(call_ids=["c-1", "c-1"]),
        lambda b, c: c.speak("hi", volume=9),
        lambda b, c: c.play_audio(None),
        lambda b, c: c.gather(max_digits=99),
        lambda b, c: c.transfer("+123"),
        lambda b, c: c.transfer("+15550002001", caller_id="someone"),
        lambda b, c: c.update(recording_max_duration=10**9),
        lambda b, c: c.send_dtmf(12),
        lambda b, c: c.update(bogus=1),
        lambda b, c: c.bridge_with(None),
        lambda b, c: c.bridge_with(5),
    ],
)
def test_model_methods_raise_invalid_argument_error(
    session: Session, emulator: Emulator, action: Callable[[Bridge, Call], object]
) -> None:
    bridge, call = _bridge_and_call(session)
    with pytest.raises(InvalidArgumentError):
        action(bridge, call)
    assert emulator.requests() == []


@NOTHING_SENT
@given(number=st.text(max_size=40).filter(lambda t: not re.fullmatch(r"\+[1-9]\d{6,14}", t)))
def test_numbers_that_are_not_e164_or_sip_are_refused(
    session: Session, emulator: Emulator, number: str
) -> None:
    if number.startswith("sip:"):
        return  # the SIP grammar is walked in test_rules
    with pytest.raises(InvalidArgumentError):
        session.calls.create(from_=number, to="+15550002001")
    with pytest.raises(InvalidArgumentError):
        session.calls.transfer_id("c-1", number)
    assert emulator.requests() == []


@NOTHING_SENT
@given(
    size=st.one_of(
        st.integers(max_value=0), st.integers(min_value=1001), st.floats(), st.booleans()
    )
)
def test_page_sizes_outside_the_api_range_are_refused(
    session: Session, emulator: Emulator, size: object
) -> None:
    with pytest.raises(InvalidArgumentError):
        session.bridges.list(size=size)  # type: ignore[arg-type]  # deliberately wrong
    assert emulator.requests() == []


@NOTHING_SENT
@given(
    url=st.one_of(
        st.text(max_size=30).filter(lambda t: t != "" and not t.startswith("http")),
        st.just("https://h/" + "a" * 2048),
        st.sampled_from(["ftp://h/x", "https://", "http://h:99999/", "https://a b/"]),
    )
)
def test_bad_callback_urls_are_refused(session: Session, emulator: Emulator, url: str) -> None:
    with pytest.raises(InvalidArgumentError):
        session.calls.create(from_="+15550001000", to="+15550002001", callback_url=url)
    assert emulator.requests() == []


@NOTHING_SENT
@given(
    tag=st.text(min_size=rules.TAG.max_len + 1, max_size=rules.TAG.max_len + 50),
    duration=st.integers(min_value=14401),
)
def test_over_long_tags_and_durations_are_refused(
    session: Session, emulator: Emulator, tag: str, duration: int
) -> None:
    with pytest.raises(InvalidArgumentError):
        session.calls.create(from_="+15550001000", to="+15550002001", tag=tag)
    with pytest.raises(InvalidArgumentError):
        session.calls.update("c-1", recording_max_duration=duration)
    assert emulator.requests() == []


BAD_SETTINGS: list[dict[str, Any]] = [
    {"pool_maxsize": 0},
    {"pool_maxsize": "16"},
    {"timeout": (5, math.inf)},
    {"timeout": math.nan},
    {"timeout": (1, 2, 3)},
    {"timeout": -1},
    {"max_retries": "2"},
    {"max_retries": -1},
    {"max_retries": True},
    {"total_timeout": "2"},
    {"total_timeout": math.nan},
    {"total_timeout": 0},
    {"max_retry_wait": math.inf},
    {"base_url": 123},
    {"base_url": "https://h:99999/v1"},
    {"base_url": " https://api.example.com/v1"},
    {"base_url": "https://api.example.com/v1\n"},
    {"user_agent": "a\r\nX-Evil: 1"},
    {"verify": 1},
    {"max_response_bytes": 0},
    {"sleep": 3},
    {"http_session": object()},
    {"no_such_setting": 1},
]


@pytest.mark.parametrize("bad", BAD_SETTINGS, ids=repr)
def test_bad_session_settings_fail_at_construction(bad: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        Session(USER, TOKEN, SECRET, **bad)
    with pytest.raises(ConfigurationError):
        Client(USER, TOKEN, SECRET, **bad)


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(["pool_maxsize", "max_retries", "max_response_bytes"]),
    value=st.one_of(st.integers(max_value=-1), st.text(), st.floats(), st.none()),
)
def test_any_bad_count_is_a_configuration_error(name: str, value: object) -> None:
    with pytest.raises(ConfigurationError):
        Session(USER, TOKEN, SECRET, **{name: value})  # type: ignore[misc]


@settings(max_examples=100, deadline=None)
@given(
    value=st.one_of(
        st.floats(max_value=0),
        st.sampled_from([math.inf, math.nan, -math.inf]),
        st.text(),
        st.booleans(),
    )
)
def test_any_bad_duration_is_a_configuration_error(value: object) -> None:
    for name in ("timeout", "total_timeout"):
        with pytest.raises(ConfigurationError):
            Session(USER, TOKEN, SECRET, **{name: value})  # type: ignore[misc]


def test_good_settings_are_kept(emulator: Emulator) -> None:
    session = Session(USER, TOKEN, SECRET, base_url=emulator.base_url, timeout=3, pool_maxsize=2)
    assert session.options.timeout == (3.0, 3.0)
    assert session.options.pool_maxsize == 2
    assert session.transport.timeout == (3.0, 3.0)
    session.close()


def test_a_pager_starts_again_on_each_iteration(session: Session, emulator: Emulator) -> None:
    for _ in range(3):
        session.bridges.create()
    pager = session.bridges.list(size=2)
    first = [bridge.id for bridge in pager]
    second = [bridge.id for bridge in pager]
    assert len(first) == 3
    assert first == second
    assert next(pager).id == first[0]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Audio.speak("hi", gender="robot"), "gender must be one of male, female"),
        (lambda: Audio.file("a.mp3", colour=1), "unexpected argument 'colour'"),
        (lambda: Audio(), "give exactly one of file_url or sentence"),
        (lambda: Audio(sentence=5), "sentence must be a string"),
        (lambda: GatherPrompt(sentence="x", bargeable=False), "bargeable cannot be false"),
    ],
)
def test_a_refused_audio_value_raises_invalid_argument_error(
    build: Callable[[], object], message: str
) -> None:
    # The same error as the same arguments sent as a dict (call.speak(..., gender="robot")).
    with pytest.raises(InvalidArgumentError, match=re.escape(message)) as caught:
        build()
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize("bad", [5, None, "hello.wav", ["a.mp3"]], ids=repr)
def test_audio_that_is_no_audio_or_dict_is_refused_before_sending(
    session: Session, emulator: Emulator, bad: object
) -> None:
    bridge = session.bridges.create()
    conference = session.conferences.create(from_="+15550001000")
    sends: list[Callable[[], object]] = [
        lambda: session.bridges.play_audio(bridge.id, bad),  # type: ignore[arg-type]
        lambda: session.conferences.play_audio(conference.id, bad),  # type: ignore[arg-type]
        lambda: session.calls.play_audio("c-1", bad),  # type: ignore[arg-type]
    ]
    for send in sends:
        with pytest.raises(InvalidArgumentError, match="audio must be an Audio or a dict"):
            send()
    assert [r.path for r in emulator.requests() if r.path.endswith("/audio")] == []
