"""What type checkers see on the typed API: checked by mypy and pyright in CI (never run)."""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

from typing_extensions import assert_type

from catapult import Bridge, Call, CallEvent, Gather, Pager, Recording, Session


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
