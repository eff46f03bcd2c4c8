"""What type checkers see on the typed API: checked by mypy and pyright in CI (never run)."""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import assert_type

from catapult import (
    AsyncSession,
    Audio,
    Bridge,
    Call,
    CallEvent,
    Client,
    Gather,
    Pager,
    Recording,
    Session,
)
from catapult.events import AnswerEvent, HangupEvent, TimeoutEvent, VoiceEvent
from catapult.router import EventRouter


def signatures(session: Session, call: Call) -> None:
    assert_type(session.calls.create(from_="+15550001000", to="+15550002000", tag="t"), Call)
    assert_type(session.bridges.create(call_ids=["c-1"], bridge_audio=True), Bridge)
    assert_type(session.calls.events("c-1"), Pager[CallEvent])
    assert_type(call.recordings(), Pager[Recording])
    assert_type(call.transfer("+15550002000", caller_id="private"), Call)
    assert_type(call.gather(max_digits=3, prompt={"sentence": "hi"}), Gather)
    assert_type(session.bridges.list(size=10), Pager[Bridge])
    session.calls.create(from_="+15550001000", to="+1", call_timeout="x")  # type: ignore[arg-type]
    session.calls.create(to="+15550002000")  # type: ignore[call-arg]


async def async_signatures(session: AsyncSession, call: Call, bridge: Bridge) -> None:
    assert_type(await session.calls.create(from_="+15550001000", to="+15550002000"), Call)
    assert_type(await session.bridges.create(call_ids=["c-1"], bridge_audio=True), Bridge)
    assert_type(await bridge.update_async(bridge_audio=False), Bridge)
    assert_type(await call.hangup_async(), Call)
    assert_type(await call.transfer_async("+15550002000", caller_id="private"), Call)
    assert_type(await call.gather_async(max_digits=3), Gather)
    assert_type(session.bridges.list(size=10), Pager[Bridge])
    assert_type([c async for c in bridge.calls()], list[Call])
    await session.calls.create(from_="+15550001000", to="+1", call_timeout="x")  # type: ignore[arg-type]
    await bridge.update_async(bridge_audio="no")  # type: ignore[arg-type]


def old_helpers(client: Client) -> None:
    """The original helpers: the positional form, their own id names and ``id=``."""
    assert_type(client.speak_sentence_to_bridge("brg-1", "Hi", "female", "Kate"), None)
    client.speak_sentence_to_bridge(bridge_id="brg-1", sentence="Hi", tag="t")
    client.speak_sentence_to_bridge(id="brg-1", sentence="Hi", voice="Kate", locale="en_US")
    client.play_audio_file_to_call("c-1", "https://x/a.mp3", "t")
    client.play_audio_file_to_call(call_id="c-1", file_url="https://x/a.mp3")
    client.play_audio_file_to_bridge(id="brg-1", file_url="https://x/a.mp3", tag=None)
    client.speak_sentence_to_conference("conf-1", "Hi", gender="male")
    client.play_audio_file_to_conference(conference_id="conf-1", file_url="https://x/a.mp3")
    client.speak_sentence_to_call(id="c-1", sentence="Hi", tag="t")
    client.speak_sentence_to_bridge(call_id="c-1", sentence="Hi")  # type: ignore[call-overload]
    client.speak_sentence_to_call(id="c-1")  # type: ignore[call-overload]
    client.speak_sentence_to_call("c-1", id="c-1", sentence="Hi")  # type: ignore[call-overload]
    client.play_audio_file_to_bridge("brg-1", file_url=3)  # type: ignore[call-overload]
    client.play_audio_file_to_conference(id="conf-1", file_url="u", volume=2)  # type: ignore[call-overload]
    client.speak_sentence_to_conference(id="conf-1", sentence=None)  # type: ignore[call-overload]


def audio_values() -> None:
    """``Audio.speak`` and ``Audio.file`` take the options of ``Bridge.speak``, ``play_audio``."""
    assert_type(Audio.speak("Hi", gender="female", voice="Kate", loop_enabled=True), Audio)
    assert_type(Audio.file("https://x/a.mp3", tag="t"), Audio)
    Audio.speak("Hi", gender="robot")  # type: ignore[arg-type]
    Audio.file("https://x/a.mp3", gender="male")  # type: ignore[call-arg]


def router_registration(router: EventRouter, event: VoiceEvent) -> None:
    """A class gives its handler that class; names take the handler as annotated (a type
    checker cannot read the class from a string); only names take ``allow_unknown``; a handler
    keeps its own type through ``on`` and ``fallback``."""
    assert_type(
        router.on(AnswerEvent),
        Callable[[Callable[[AnswerEvent], Any]], Callable[[AnswerEvent], Any]],
    )

    def other(event: VoiceEvent) -> str:
        return str(event.event_type)

    def answers_only(event: AnswerEvent) -> None: ...

    def ends(event: HangupEvent | TimeoutEvent) -> int:
        return 0

    assert_type(router.on("answer")(answers_only)(AnswerEvent()), None)
    assert_type(router.on("hangup", "timeout")(ends)(TimeoutEvent()), int)
    assert_type(router.on("new-type", allow_unknown=True)(other)(event), str)
    assert_type(router.fallback(other)(event), str)
    router.fallback(answers_only)  # type: ignore[type-var]  # it may get any event
    router.on(AnswerEvent, allow_unknown=True)  # type: ignore[call-overload]
    router.on(42)  # type: ignore[call-overload]
    router.on("answer", AnswerEvent)  # type: ignore[call-overload]
