"""What type checkers see on the typed API: checked by mypy and pyright in CI (never run)."""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

from typing_extensions import assert_type

from catapult import AsyncSession, Bridge, Call, CallEvent, Gather, Pager, Recording, Session


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
