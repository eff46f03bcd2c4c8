"""The state machines behind :class:`._store.Store`: lookups, bridge membership and state,
call transitions, hang-ups and transfers (the rules are listed in :mod:`._store`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from . import _media as media
from ._errors import (
    bridge_bridged_call,
    bridge_not_found,
    bridge_overflow,
    call_invalid_state,
    call_not_found,
    invalid_call_member,
    require,
)
from ._records import BridgeRecord, CallRecord
from ._wire import iso_ms, new_id


class StateMachine:
    """Resources and the rules that move them between states (callers hold ``lock``)."""

    def __init__(self, root: str, auto_answer: bool = True) -> None:
        self.root = root
        """Absolute ``http://host:port/v1/users/{userId}`` prefix for URL fields."""
        self.auto_answer = auto_answer
        self.listener: Callable[..., None] | None = None
        """Given to every new call: told about each event-log entry (callback delivery)."""
        self.numbers: frozenset[str] | None = None
        """The account's numbers (None: any number may place calls)."""
        self.ringing: Callable[[str], None] | None = None
        """Told the id of each outbound call left ringing (the far end acts later)."""
        self.lock = threading.RLock()
        self.bridges: dict[str, BridgeRecord] = {}
        self.bridge_order: list[BridgeRecord] = []
        self.calls: dict[str, CallRecord] = {}
        self.call_order: list[CallRecord] = []

    def set_root(self, root: str) -> None:
        """Change the URL prefix (when the server binds) and drop every cached rendering."""
        with self.lock:
            self.root = root
            for bridge in self.bridge_order:
                bridge.changed()
            for call in self.call_order:
                call.changed()

    def reset(self) -> None:
        """Forget every bridge and call."""
        with self.lock:
            self.bridges, self.bridge_order = {}, []
            self.calls, self.call_order = {}, []

    def _bridge(self, bridge_id: str) -> BridgeRecord:
        return require(self.bridges.get(bridge_id), bridge_not_found, bridge_id)

    def _call(self, call_id: str) -> CallRecord:
        return require(self.calls.get(call_id), call_not_found, call_id)

    def _live_call(self, call_id: str) -> CallRecord:
        call = self._call(call_id)
        if call.terminal:
            raise call_invalid_state(call.id, call.state)
        return call

    def _call_in(self, call_id: str, states: tuple[str, ...]) -> CallRecord:
        call = self._call(call_id)
        if call.state not in states:
            raise call_invalid_state(call.id, call.state)
        return call

    def _register(self, call: CallRecord) -> None:
        call.listener = self.listener
        self.calls[call.id] = call
        self.call_order.append(call)
        media.log_event(call, "create")

    def _check_members(self, bridge: BridgeRecord, call_ids: list[str]) -> list[CallRecord]:
        if len(call_ids) > 2:
            raise bridge_overflow(bridge.id)
        members: list[CallRecord] = []
        for call_id in call_ids:
            call = self._call(call_id)
            if call.terminal:
                raise invalid_call_member(call.id, call.state)
            if call.bridge_id is not None and call.bridge_id != bridge.id:
                raise bridge_bridged_call(call.id, call.bridge_id)
            members.append(call)
        return members

    def _set_members(self, bridge: BridgeRecord, members: list[CallRecord]) -> None:
        wanted = [call.id for call in members]
        for call_id in bridge.call_ids:
            if call_id not in wanted:
                left = self.calls[call_id]
                left.bridge_id = None
                left.changed()
        for call in members:
            call.bridge_id = bridge.id
            call.changed()
            if call.id not in bridge.history:
                bridge.history.append(call.id)
        bridge.call_ids = wanted
        bridge.changed()

    def _settle(self, bridge: BridgeRecord, emptied: bool = False) -> None:
        """Recompute the bridge state from its members (rules in the module docstring)."""
        if bridge.state == "completed":
            return
        if not bridge.call_ids and (emptied or bridge.history):
            bridge.state = "completed"
            bridge.completed_time = iso_ms()
        elif not bridge.bridge_audio:
            bridge.state = "hold"
        elif sum(self.calls[c].state == "active" for c in bridge.call_ids) == 2:
            bridge.state = "active"
            bridge.activated_time = bridge.activated_time or iso_ms()
        else:
            bridge.state = "active" if bridge.activated_time else "created"
        bridge.changed()

    def _check_transition(self, call: CallRecord, state: str | None) -> None:
        ringing_inbound = call.state == "started" and call.direction == "in"
        allowed = {
            None: True,
            "active": call.state == "active" or ringing_inbound,
            "rejected": ringing_inbound,
            "completed": True,
            "transferring": call.state == "active",
        }
        if not allowed[state]:
            raise call_invalid_state(call.id, call.state)

    def _answer(self, call: CallRecord) -> None:
        call.mark_active()
        media.log_event(call, "answer")
        if call.bridge_id is not None:
            self._settle(self.bridges[call.bridge_id])

    def _end(self, call: CallRecord, state: str, cause: str) -> None:
        media.finish_gather(call, "hung-up")
        media.stop_recording(call, self.root)
        call.mark_ended(state)
        media.log_event(call, "hangup", cause)
        if call.bridge_id is not None:
            bridge = self.bridges[call.bridge_id]
            if call.id in bridge.call_ids:
                bridge.call_ids.remove(call.id)
                self._settle(bridge)
        peer_id, call.transfer_peer = call.transfer_peer, None
        if peer_id is not None:
            peer = self.calls[peer_id]
            peer.transfer_peer = None
            if not peer.terminal:
                self._end(peer, "completed", "NORMAL_CLEARING")

    def _set_recording(self, call: CallRecord, enabled: bool) -> None:
        call.recording_enabled = enabled
        if enabled:
            media.start_recording(call)
        else:
            media.stop_recording(call, self.root)

    def _transfer(self, call: CallRecord, fields: dict[str, Any]) -> str:
        ours = call.to if call.direction == "in" else call.from_
        leg = CallRecord(
            new_id("c"), "out", fields.get("transferCallerId", ours), fields["transferTo"], iso_ms()
        )
        if "callbackUrl" in fields:
            leg.options["callbackUrl"] = fields["callbackUrl"]
        self._register(leg)
        for name in (
            "transferTo",
            "transferCallerId",
            "whisperAudio",
            "diversionTreatment",
            "diversionReason",
        ):
            if name in fields:
                call.options[name] = fields[name]
        call.state = "transferring"
        call.transfer_peer, leg.transfer_peer = leg.id, call.id
        call.changed()
        media.log_event(call, "transfer", {"transferTo": leg.to, "callId": leg.id})
        self._far_end(leg)
        return leg.id

    def _far_end(self, call: CallRecord) -> None:
        """A new outbound call: answered at once, or left ringing for the ``ringing`` hook."""
        if self.auto_answer:
            self._answer(call)
        elif self.ringing is not None:
            self.ringing(call.id)
