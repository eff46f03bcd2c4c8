"""Thread-safe in-memory state of one emulated account: bridges, calls and their state machines.

Every public method takes the one lock, so 8+ client threads can share a store. Lookups that
fail raise :class:`ApiFault` with the documented 4xx code; the HTTP layer renders it.

Choices where the v1 behaviour is open (docs/wire/bridges.md#states, docs/wire/calls.md#states):

* Bridge state is recomputed after every change: ``completed`` once the member list becomes
  empty after having held calls (hangups or ``callIds: []``; ``[]`` completes even a bridge that
  never held calls); otherwise ``hold`` while ``bridgeAudio`` is false; ``active`` when two
  members are active (``activatedTime`` set the first time); a bridge that was active once stays
  ``active`` when a member leaves; else ``created``.
* A hanging-up call leaves its bridge; the other member keeps its call up (no source says the
  partner is hung up). A live call's ``bridgeId`` is its current bridge; a finished call keeps
  the bridge it was in; a call removed by an update loses it. ``/bridges/{id}/calls`` lists the
  calls whose ``bridgeId`` (as ``GET /calls/{id}`` shows it) is that bridge: its members, and
  the calls that ended in it; not a call removed from it.
* A finished call offered as a bridge member is refused with 400 ``bridge-invalid-operation``.
* Answering (``state: active``) is allowed on ringing inbound calls only (and is a no-op on an
  active call); ``rejected`` on ringing inbound calls only; ``completed`` from any live state,
  including ringing (``started``).
* Transfer: the original call becomes ``transferring`` and is linked to the new outbound leg
  (from = ``transferCallerId``, else our number on the original call); when either leg ends, the
  other ends too. The update's ``callbackUrl`` goes to the new leg; the transfer fields are
  stored on the original call. New legs are auto-answered like any outbound call.
* Audio, DTMF and gathers need an ``active`` call (audio also ``transferring``); finished calls
  answer 403 ``call-invalid-state`` to every change, including ones that would be no-ops.
* Recording spans open when recording is enabled (at create or update), whatever the call
  state, and close when it is disabled or the call ends.
* Stopping a gather via the API completes it with reason ``cancelled`` (cs's enum); stopping a
  completed gather is a no-op. No timers run: ``callTimeout`` and ``interDigitTimeout`` only fire
  through :meth:`Store.no_answer` and :meth:`Store.expire_gather`.
* Calls echo their create options with the documented defaults filled in (``callTimeout`` 60,
  ``callbackHttpMethod`` POST, ``callbackTimeout`` 10000,
  ``recordingFileFormat`` wav, ``recordingMaxDuration`` 3600). ``chargeableDuration`` appears
  when a call ends: whole minutes of answered time (at least 60), 0 if never answered.
* An update's ``callbackUrl`` without a transfer replaces the call's own ``callbackUrl``.
* Conferences are in :mod:`._conference_store`; ``GET /calls?conferenceId=`` lists the calls
  created with that id (not paged); ``?bridgeId=`` of an unknown bridge is 404
  ``bridge-not-found``.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from . import _media as media
from ._conference_store import ConferenceMachine
from ._errors import (
    bridge_invalid_operation,
    bridge_invalid_state,
    bridge_overflow,
    duplicate_gather,
    event_not_found,
    gather_not_found,
    number_access_denied,
    recording_conflict,
    require,
    validation,
)
from ._records import BridgeRecord, CallRecord
from ._validate import DIGITS
from ._wire import iso_ms, new_id, new_ids

SEEDABLE_BRIDGE_STATES = ("created", "completed")


def parse_instant(text: str) -> datetime:
    """An ISO 8601 date or date-time (``Z`` or an offset; none means UTC), as aware UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _within(start: str, since: datetime | None, until: datetime | None) -> bool:
    if since is None and until is None:
        return True
    instant = parse_instant(start)
    return (since is None or instant >= since) and (until is None or instant <= until)


class Store(ConferenceMachine):
    """All resources of one user, under one re-entrant lock."""

    # ----------------------------------------------------------------- bridges

    def create_bridge(self, call_ids: list[str] | None, bridge_audio: bool | None) -> str:
        with self.lock:
            bridge = BridgeRecord(
                new_id("brg"), iso_ms(), True if bridge_audio is None else bridge_audio
            )
            members = self._check_members(bridge, call_ids or [])
            self.bridges[bridge.id] = bridge
            self.bridge_order.append(bridge)
            self._set_members(bridge, members)
            self._settle(bridge)
            return bridge.id

    def update_bridge(
        self, bridge_id: str, call_ids: list[str] | None, bridge_audio: bool | None
    ) -> None:
        with self.lock:
            bridge = self._bridge(bridge_id)
            if bridge.state == "completed":
                raise bridge_invalid_state(bridge.id, bridge.state)
            if call_ids is not None:
                self._set_members(bridge, self._check_members(bridge, call_ids))
            if bridge_audio is not None:
                bridge.bridge_audio = bridge_audio
            self._settle(bridge, emptied=call_ids == [])

    def bridge_wire(self, bridge_id: str) -> bytes:
        with self.lock:
            return self._bridge(bridge_id).wire(self.root)

    def bridge_page(self, page: int, size: int) -> tuple[list[bytes], int]:
        """One page of bridges in creation order, as cached JSON, plus the total count."""
        with self.lock:
            chosen = self.bridge_order[page * size : (page + 1) * size]
            return [bridge.wire(self.root) for bridge in chosen], len(self.bridge_order)

    def bridge_calls(self, bridge_id: str) -> list[dict[str, Any]]:
        with self.lock:
            bridge = self._bridge(bridge_id)  # one truth: the calls whose bridgeId is this one
            calls = [self.calls[cid] for cid in bridge.history]
            return [c.to_dict(self.root) for c in calls if c.bridge_id == bridge.id]

    def bridge_audio(self, bridge_id: str, audio: dict[str, Any]) -> None:
        with self.lock:
            bridge = self._bridge(bridge_id)
            if bridge.state == "completed":
                raise bridge_invalid_state(bridge.id, bridge.state)
            active = [
                self.calls[cid] for cid in bridge.call_ids if self.calls[cid].state == "active"
            ]
            if not active:
                raise bridge_invalid_operation(bridge.id)
            for call in active:
                media.log_audio(call, audio, bridge.id)

    def seed_bridges(self, count: int, state: str = "completed") -> None:
        """Bulk-create ``count`` call-less bridges in ``state`` (``created`` or ``completed``)."""
        if state not in SEEDABLE_BRIDGE_STATES:
            raise validation(
                f"Seeded bridges must be {' or '.join(SEEDABLE_BRIDGE_STATES)}", "state", state
            )
        now = time.time()
        stamp = iso_ms(now)
        done = stamp if state == "completed" else None
        fresh = [
            BridgeRecord(bridge_id, stamp, state=state, completed_time=done)
            for bridge_id in new_ids("brg", count)
        ]
        with self.lock:
            self.bridge_order.extend(fresh)
            self.bridges.update((bridge.id, bridge) for bridge in fresh)

    # ----------------------------------------------------------------- calls

    def check_number(self, number: str) -> None:
        """Refuse (401 ``number-access-denied``) a ``from`` that is not the account's."""
        with self.lock:
            if self.numbers is not None and number not in self.numbers:
                raise number_access_denied(number)

    def create_call(self, fields: dict[str, Any], direction: str = "out") -> str:
        """Place a call from a validated create body; joins ``bridgeId`` when given."""
        with self.lock:
            bridge = None
            if "bridgeId" in fields:
                bridge = self._bridge(fields["bridgeId"])
                if bridge.state == "completed":
                    raise bridge_invalid_state(bridge.id, bridge.state)
                if len(bridge.call_ids) >= 2:
                    raise bridge_overflow(bridge.id)
            call = CallRecord(new_id("c"), direction, fields["from"], fields["to"], iso_ms())
            for name, value in fields.items():
                if name not in (
                    "from",
                    "to",
                    "bridgeId",
                    "recordingEnabled",
                    "transcriptionEnabled",
                ):
                    call.options[name] = value
            call.transcription_enabled = bool(fields.get("transcriptionEnabled", False))
            self._register(call)
            if fields.get("recordingEnabled"):
                call.recording_enabled = True
                media.start_recording(call)
            if bridge is not None:
                self._set_members(bridge, [*(self.calls[c] for c in bridge.call_ids), call])
            if direction == "out":
                self._far_end(call)
            if bridge is not None and call.state != "active":
                self._settle(bridge)
            return call.id

    def incoming_call(
        self, from_: str, to: str, options: dict[str, Any] | None = None, answer: bool = False
    ) -> str:
        """A call from the network to one of our numbers; it rings (``started``).

        ``options`` are stored on the call (the application's callback settings); ``answer``
        answers it at once, as an application with ``autoAnswer`` did.
        """
        with self.lock:
            fields = {**(options or {}), "from": from_, "to": to}
            call_id = self.create_call(fields, direction="in")
            if answer:
                self._answer(self.calls[call_id])
            return call_id

    def call_wire(self, call_id: str) -> bytes:
        with self.lock:
            return self._call(call_id).wire(self.root)

    def call_dict(self, call_id: str) -> dict[str, Any]:
        with self.lock:
            return self._call(call_id).to_dict(self.root)

    def bridge_dict(self, bridge_id: str) -> dict[str, Any]:
        with self.lock:
            return self._bridge(bridge_id).to_dict(self.root)

    def call_page(
        self,
        page: int,
        size: int,
        from_: str | None,
        to: str | None,
        descending: bool,
        window: tuple[datetime | None, datetime | None] = (None, None),
    ) -> tuple[list[bytes], int]:
        """One page of calls sorted by ``startTime`` (creation order), plus the match count.

        ``window``: ``fromDateTime`` and ``toDateTime``, both inclusive, on ``startTime``.
        """
        since, until = window
        with self.lock:
            calls = self.call_order
            if from_ is not None or to is not None or since is not None or until is not None:
                calls = [
                    c
                    for c in calls
                    if (from_ is None or c.from_ == from_)
                    and (to is None or c.to == to)
                    and _within(c.start_time, since, until)
                ]
            total = len(calls)
            if descending:
                end = max(0, total - page * size)
                chosen = calls[max(0, end - size) : end][::-1]
            else:
                chosen = calls[page * size : (page + 1) * size]
            return [call.wire(self.root) for call in chosen], total

    def update_call(self, call_id: str, fields: dict[str, Any]) -> str | None:
        """Apply a validated update; returns the new call's id for a transfer."""
        with self.lock:
            call = self._live_call(call_id)
            state = fields.get("state")
            self._check_transition(call, state)
            if (
                "recordingMaxDuration" in fields
                and call.recording_started is not None
                and fields["recordingMaxDuration"] != call.options["recordingMaxDuration"]
            ):
                raise recording_conflict(call.id)
            for name in ("recordingFileFormat", "recordingMaxDuration", "tag"):
                if name in fields:
                    call.options[name] = fields[name]
            if "callbackUrl" in fields and state != "transferring":
                call.options["callbackUrl"] = fields["callbackUrl"]
            if "recordingEnabled" in fields:
                self._set_recording(call, fields["recordingEnabled"])
            call.changed()
            if state == "active" and call.state == "started":
                self._answer(call)
            elif state == "rejected":
                self._end(call, "rejected", "CALL_REJECTED")
            elif state == "completed":
                self._end(call, "completed", "NORMAL_CLEARING")
            elif state == "transferring":
                return self._transfer(call, fields)
            return None

    def call_audio(self, call_id: str, audio: dict[str, Any]) -> None:
        with self.lock:
            call = self._call_in(call_id, ("active", "transferring"))
            media.log_audio(call, audio)

    def send_dtmf(self, call_id: str, digits: str) -> None:
        with self.lock:
            call = self._call_in(call_id, ("active",))
            media.log_event(call, "dtmf", {"dtmfOut": digits})

    def events(self, call_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._call(call_id).events)

    def event(self, call_id: str, event_id: str) -> dict[str, Any]:
        with self.lock:
            for event in self._call(call_id).events:
                if event["id"] == event_id:
                    return event
            raise event_not_found(call_id, event_id)

    def recordings(self, call_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._call(call_id).recordings)

    def transcriptions(self, call_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self._call(call_id).transcriptions)

    def create_gather(self, call_id: str, spec: dict[str, Any]) -> str:
        with self.lock:
            call = self._call_in(call_id, ("active",))
            if call.open_gather is not None:
                raise duplicate_gather(call.id)
            return media.open_gather(call, spec).id

    def gather(self, call_id: str, gather_id: str) -> dict[str, Any]:
        with self.lock:
            call = self._call(call_id)
            gather = require(call.gathers.get(gather_id), gather_not_found, call_id, gather_id)
            return gather.to_dict(f"{self.root}/calls/{call.id}")

    def stop_gather(self, call_id: str, gather_id: str) -> None:
        with self.lock:
            call = self._live_call(call_id)
            gather = require(call.gathers.get(gather_id), gather_not_found, call_id, gather_id)
            if call.open_gather is gather:
                media.finish_gather(call, "cancelled")

    # ----------------------------------------------------------------- the far end

    def answer(self, call_id: str) -> None:
        """The far end picks up a ringing call."""
        with self.lock:
            self._answer(self._call_in(call_id, ("started",)))

    def hangup(self, call_id: str) -> None:
        """The far end hangs up (``ORIGINATOR_CANCEL`` when an inbound call still rang)."""
        with self.lock:
            call = self._live_call(call_id)
            cancelled = call.direction == "in" and call.state == "started"
            self._end(call, "completed", "ORIGINATOR_CANCEL" if cancelled else "NORMAL_CLEARING")

    def no_answer(self, call_id: str) -> None:
        """A ringing call reaches its ``callTimeout``: ``timeout`` then hangup ``NO_ANSWER``."""
        with self.lock:
            call = self._call_in(call_id, ("started",))
            media.log_event(call, "timeout")
            self._end(call, "completed", "NO_ANSWER")

    def press_digits(self, call_id: str, digits: str) -> None:
        """The far end presses keys: one ``dtmf`` event per digit, feeding an open gather (a
        conference member's ``#`` is the conference's: see ``conference_takes``)."""
        if not digits or not DIGITS.match(digits):
            raise validation("digits must match [0-9A-D#*]+", "digits", digits)
        with self.lock:
            call = self._call_in(call_id, ("active",))
            for digit in digits:
                if not self.conference_takes(call, digit):
                    media.press_digit(call, digit)

    def expire_gather(self, call_id: str) -> None:
        """The open gather hits its ``interDigitTimeout``."""
        with self.lock:
            call = self._call(call_id)
            if call.open_gather is None:
                raise validation(f"The call {call_id} has no active gather", "callId", call_id)
            media.finish_gather(call, "inter-digit-timeout")

    def complete_recording(self, call_id: str) -> None:
        """Close the open recording span (e.g. ``recordingMaxDuration`` reached)."""
        with self.lock:
            call = self._live_call(call_id)
            self._set_recording(call, False)
            call.changed()
