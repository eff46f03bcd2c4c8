"""The conference, member, recording and transcription endpoints of the emulator.

Bodies are checked with the SDK's own declarations (:mod:`catapult.resources.conference_params`)
through :func:`._validate.check`; answers as in docs/wire/conferences.md and
docs/wire/recordings.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..resources import conference_params as api
from . import _validate as check
from ._wire import Response

if TYPE_CHECKING:
    from ._routes import Ctx, Handler


def _conf(ctx: Ctx) -> str:
    return ctx.params["conferenceId"]


def create_conference(ctx: Ctx) -> Response:
    conference_id = ctx.store.create_conference(check.check(api.CREATE.spec, ctx.body))
    return Response.empty(201, f"{ctx.location_root}/conferences/{conference_id}")


def get_conference(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.conference_dict(_conf(ctx)))


def update_conference(ctx: Ctx) -> Response:
    ctx.store.update_conference(_conf(ctx), check.check(api.UPDATE.spec, ctx.body))
    return Response.empty()


def conference_audio(ctx: Ctx) -> Response:
    ctx.store.conference_audio(_conf(ctx), check.check(api.AUDIO.spec, ctx.body))
    return Response.empty()


def add_member(ctx: Ctx) -> Response:
    member_id = ctx.store.add_member(_conf(ctx), check.check(api.ADD_MEMBER.spec, ctx.body))
    return Response.empty(201, f"{ctx.location_root}/conferences/{_conf(ctx)}/members/{member_id}")


def members(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.members(_conf(ctx)))


def get_member(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.member_dict(_conf(ctx), ctx.params["memberId"]))


def update_member(ctx: Ctx) -> Response:
    fields = check.check(api.UPDATE_MEMBER.spec, ctx.body)
    ctx.store.update_member(_conf(ctx), ctx.params["memberId"], fields)
    return Response.empty()


def member_audio(ctx: Ctx) -> Response:
    audio = check.check(api.MEMBER_AUDIO.spec, ctx.body)
    ctx.store.member_audio(_conf(ctx), ctx.params["memberId"], audio)
    return Response.empty()


def get_recording(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.recording(ctx.params["recordingId"]))


def transcribe(ctx: Ctx) -> Response:
    recording_id = ctx.params["recordingId"]
    new = ctx.store.transcribe(recording_id)
    return Response.empty(
        201, f"{ctx.location_root}/recordings/{recording_id}/transcriptions/{new}"
    )


def transcriptions(ctx: Ctx) -> Response:
    return Response.json(200, ctx.store.recording_transcriptions(ctx.params["recordingId"]))


def get_transcription(ctx: Ctx) -> Response:
    ids = ctx.params["recordingId"], ctx.params["transcriptionId"]
    return Response.json(200, ctx.store.transcription(*ids))


_C = ("conferences", "{conferenceId}")
_M = (*_C, "members", "{memberId}")
_R = ("recordings", "{recordingId}")

ROUTES: list[tuple[tuple[str, ...], dict[str, Handler]]] = [
    (("conferences",), {"POST": create_conference}),
    (_C, {"GET": get_conference, "POST": update_conference}),
    ((*_C, "audio"), {"POST": conference_audio}),
    ((*_C, "members"), {"GET": members, "POST": add_member}),
    (_M, {"GET": get_member, "POST": update_member}),
    ((*_M, "audio"), {"POST": member_audio}),
    (_R, {"GET": get_recording}),
    ((*_R, "transcriptions"), {"GET": transcriptions, "POST": transcribe}),
    ((*_R, "transcriptions", "{transcriptionId}"), {"GET": get_transcription}),
]
