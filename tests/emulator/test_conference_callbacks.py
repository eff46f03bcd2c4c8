"""Conference callback events delivered by the emulator.

See docs/wire/conferences.md#callback-events.
"""

from __future__ import annotations

from catapult.emulator import Emulator
from catapult.events import parse_event

from .conftest import ApiClient
from .test_callbacks import CallbackApp, app  # noqa: F401  (the app fixture)


def _location_id(response: object) -> str:
    return str(response.headers["Location"]).rsplit("/", 1)[-1]  # type: ignore[attr-defined]


def _conference_calling(api: ApiClient, app: CallbackApp) -> str:  # noqa: F811
    """A new conference whose events go to ``app`` at ``/conf``; its id."""
    return _location_id(
        api.post("/conferences", {"from": "+15550001000", "callbackUrl": app.url("/conf")})
    )


def test_conference_events_in_order(emu: Emulator, api: ApiClient, app: CallbackApp) -> None:  # noqa: F811
    conf = _conference_calling(api, app)
    call_id = api.call(conferenceId=conf)
    member = _location_id(api.post(f"/conferences/{conf}/members", {"callId": call_id}))
    assert api.post(f"/conferences/{conf}/members/{member}", {"mute": True}).ok
    assert api.post(f"/conferences/{conf}/audio", {"sentence": "Hi"}).ok
    assert api.post(f"/conferences/{conf}/audio", {"fileUrl": ""}).ok
    assert api.post(f"/conferences/{conf}", {"state": "completed"}).ok
    deliveries = emu.wait_for_deliveries(7, timeout=30, call_id=conf)
    events = [d.event for d in deliveries]
    assert [(e["eventType"], e.get("status") or e.get("state")) for e in events] == [
        ("conference", "created"),
        ("conference-member", "active"),
        ("conference-member", "active"),
        ("conference-speak", "started"),
        ("conference-speak", "done"),  # the stop body finds nothing playing: no event
        ("conference-member", "completed"),
        ("conference", "completed"),
    ]
    assert events[2]["mute"] is True and events[1]["activeMembers"] == 1
    assert events[5]["activeMembers"] == 0 and events[1]["callId"] == call_id
    assert "completedTime" in events[6] and events[0]["conferenceUri"].endswith(conf)
    assert [e["eventType"] for e in app.events("/conf")] == [e["eventType"] for e in events]


def test_no_callback_url_no_events(emu: Emulator, api: ApiClient, app: CallbackApp) -> None:  # noqa: F811
    silent = _location_id(api.post("/conferences", {"from": "+15550001000"}))
    heard = _location_id(
        api.post("/conferences", {"from": "+15550001000", "callbackUrl": app.url()})
    )
    for conf in (silent, heard):
        assert api.post(f"/conferences/{conf}", {"state": "completed"}).ok
    assert len(emu.wait_for_deliveries(2, timeout=30, call_id=heard)) == 2
    assert emu.deliveries(call_id=silent) == []


def test_conference_events_carry_the_conference_or_audio_tag(
    emu: Emulator,
    api: ApiClient,
    app: CallbackApp,  # noqa: F811
) -> None:
    body = {"from": "+15550001000", "callbackUrl": app.url("/conf"), "tag": "my-tag"}
    conf = _location_id(api.post("/conferences", body))
    call_id = api.call(conferenceId=conf)
    member = _location_id(api.post(f"/conferences/{conf}/members", {"callId": call_id}))
    assert api.post(f"/conferences/{conf}/audio", {"sentence": "Hi", "tag": "speak-tag"}).ok
    assert api.post(f"/conferences/{conf}/audio", {"sentence": ""}).ok  # stops "Hi"
    assert api.post(f"/conferences/{conf}/audio", {"fileUrl": "https://x/a.mp3"}).ok
    assert api.post(f"/conferences/{conf}", {"tag": "new-tag"}).ok
    assert api.post(f"/conferences/{conf}/members/{member}", {"state": "completed"}).ok
    events = [d.event for d in emu.wait_for_deliveries(8, timeout=30, call_id=conf)]
    assert [(e["eventType"], e.get("status") or e.get("state"), e.get("tag")) for e in events] == [
        ("conference", "created", "my-tag"),
        ("conference-member", "active", "my-tag"),
        ("conference-speak", "started", "speak-tag"),
        ("conference-speak", "done", "speak-tag"),
        ("conference-playback", "started", "my-tag"),
        ("conference-playback", "done", "my-tag"),
        ("conference-member", "completed", "new-tag"),
        ("conference", "completed", "new-tag"),
    ]
    parsed = [parse_event(event) for event in app.events("/conf")]
    assert [event.tag for event in parsed] == [e["tag"] for e in events]  # type: ignore[attr-defined]


def test_conference_events_without_a_tag_have_none(
    emu: Emulator,
    api: ApiClient,
    app: CallbackApp,  # noqa: F811
) -> None:
    conf = _conference_calling(api, app)
    assert api.post(f"/conferences/{conf}/audio", {"sentence": "Hi"}).ok
    events = [d.event for d in emu.wait_for_deliveries(3, timeout=30, call_id=conf)]
    assert [e["eventType"] for e in events] == ["conference", *["conference-speak"] * 2]
    assert all("tag" not in event for event in events)  # absent, not null


def test_conference_audio_ends_with_done_as_call_audio_does(
    emu: Emulator,
    api: ApiClient,
    app: CallbackApp,  # noqa: F811
) -> None:
    conf = _conference_calling(api, app)
    audio = f"/conferences/{conf}/audio"
    assert api.post(audio, {"sentence": "Hi", "tag": "once"}).ok  # started, done at once
    assert api.post(audio, {"fileUrl": "https://x/m.mp3", "loopEnabled": True, "tag": "a"}).ok
    assert api.post(audio, {"fileUrl": ""}).ok  # stops the loop: its done
    assert api.post(audio, {"sentence": "Wait", "loopEnabled": "true", "tag": "b"}).ok
    assert api.post(audio, {"fileUrl": "https://x/n.mp3", "tag": "c"}).ok  # replaces "b"
    assert api.post(audio, {"fileUrl": "https://x/m.mp3", "loopEnabled": True, "tag": "d"}).ok
    assert api.post(f"/conferences/{conf}", {"state": "completed"}).ok  # ends "d"
    events = [d.event for d in emu.wait_for_deliveries(12, timeout=30, call_id=conf)]
    kinds = {"conference": "", "conference-speak": "speak", "conference-playback": "playback"}
    assert [(kinds[e["eventType"]], e["status"], e.get("tag")) for e in events] == [
        ("", "created", None),
        ("speak", "started", "once"),
        ("speak", "done", "once"),
        ("playback", "started", "a"),
        ("playback", "done", "a"),
        ("speak", "started", "b"),
        ("speak", "done", "b"),
        ("playback", "started", "c"),
        ("playback", "done", "c"),
        ("playback", "started", "d"),
        ("playback", "done", "d"),
        ("", "completed", None),
    ]
    parsed = [parse_event(event) for event in app.events("/conf")]
    assert [getattr(event, "status", None) for event in parsed] == [e["status"] for e in events]
