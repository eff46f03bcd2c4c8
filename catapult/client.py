"""``Client``: the flat methods of the original Catapult Python client, over the typed API.

Every method keeps the original name, signature and result (ids as strings, lazy generators for
lists, objects answering ``obj["state"]``), and ends in the same manager method the typed API
uses, so the two styles cannot drift apart. The original client's bugs are not kept: arguments
left as None are not sent (no ``null`` fields, no forced ``recordingEnabled: false``), audio
dicts are sent as audio rather than stuffed into ``fileUrl``, and errors are typed.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping, Sequence
from typing import Any, TypeVar, cast, overload
from urllib.parse import urlsplit

from typing_extensions import Unpack

from ._errors import ConfigurationError, InvalidArgumentError
from ._http import Response
from ._model import Resource
from ._options import Settings
from ._session import Session
from .resources import bridges as bridge_api
from .resources import call_params as call_api
from .resources._manager import (
    EMPTY,
    Arguments,
    Endpoint,
    Ids,
    create,
    created_id,
    pager,
    send,
)
from .resources.audio import Audio
from .resources.bridges import Bridge
from .resources.call_records import CallEvent, Gather, Recording, Transcription
from .resources.calls import Call

T = TypeVar("T")
R = TypeVar("R", bound=Resource)

DEFAULT_API_ENDPOINT = "https://api.catapult.inetwork.com"
"""The original client's default host; the version segment is added from ``api_version``."""


class Client(Session):
    """A :class:`Session` with the original client's flat methods.

    ``Client(user_id, api_token, api_secret)`` works as before, and so do the original
    ``api_endpoint`` (host) and ``api_version`` options, read back as attributes. Every
    :class:`Session` option (``timeout``, ``max_retries``, ``base_url`` ...) is accepted too,
    and ``client.bridges`` and ``client.calls`` give the typed API. A missing credential
    raises :class:`~catapult.ConfigurationError` (a ``ValueError``), as the original did.
    """

    def __init__(
        self,
        user_id: str | None = None,
        api_token: str | None = None,
        api_secret: str | None = None,
        *,
        api_endpoint: str = DEFAULT_API_ENDPOINT,
        api_version: str = "v1",
        **options: Unpack[Settings],
    ) -> None:
        if not (user_id and api_token and api_secret):
            raise ConfigurationError(
                "user_id, api_token and api_secret are required: "
                "Client('YOUR_USER_ID', 'YOUR_API_TOKEN', 'YOUR_API_SECRET')"
            )
        options.setdefault("base_url", f"{api_endpoint.rstrip('/')}/{api_version.strip('/')}")
        super().__init__(user_id, api_token, api_secret, **options)

    @property
    def api_endpoint(self) -> str:
        """The API's origin, ``base_url`` without its version segment."""
        return self.base_url[: len(self.base_url) - len(self.api_version)].rstrip("/")

    @property
    def api_version(self) -> str:
        """The version segment that ends ``base_url`` (``"v1"``), or ``""`` if there is none."""
        path = urlsplit(self.base_url).path.rstrip("/")
        return path.rsplit("/", 1)[-1]

    # -- bridges (the seed document) -----------------------------------------------------

    def list_bridges(self, size: int | None = None, **kwargs: Any) -> Generator[Bridge, None, None]:
        """Iterate the account's bridges lazily, ``size`` per page (1-1000)."""
        return self._list(Bridge, bridge_api.LIST, locals())

    def create_bridge(
        self, call_ids: Sequence[str] | None = None, bridge_audio: bool | None = None, **kwargs: Any
    ) -> str:
        """Create a bridge with one request and return its id."""
        return self._create(bridge_api.CREATE, locals())

    def get_bridge(self, bridge_id: str) -> Bridge:
        """Fetch a bridge; ``bridge["state"]`` and ``bridge.state`` both work."""
        return self.bridges.get(bridge_id)

    def update_bridge(
        self,
        bridge_id: str,
        call_ids: Sequence[str] | None = None,
        bridge_audio: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Update a bridge, sending only the arguments given (``call_ids`` is left as is)."""
        self._send(bridge_api.UPDATE, locals())

    def list_bridge_calls(self, bridge_id: str) -> Generator[Call, None, None]:
        """Iterate the calls that were in a bridge."""
        return _generator(self.bridges.calls(bridge_id))

    get_bridge_calls = list_bridge_calls
    """The name the seed document's own example uses."""

    def play_audio_to_bridge(
        self,
        bridge_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence to a bridge (exactly one of the two)."""
        self._send(bridge_api.AUDIO, _unfold_audio(locals()))

    @overload
    def play_audio_file_to_bridge(
        self, bridge_id: str, file_url: str, tag: str | None = None
    ) -> None: ...
    @overload
    def play_audio_file_to_bridge(
        self, *, id: str, file_url: str, tag: str | None = None
    ) -> None: ...
    def play_audio_file_to_bridge(
        self,
        bridge_id: str | None = None,
        file_url: str | None = None,
        tag: str | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """Play an audio file to a bridge (``id=`` is the original name of ``bridge_id``)."""
        self.play_audio_to_bridge(_one_id(bridge_id, id, "bridge_id"), file_url=file_url, tag=tag)

    @overload
    def speak_sentence_to_bridge(
        self,
        bridge_id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None: ...
    @overload
    def speak_sentence_to_bridge(
        self,
        *,
        id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None: ...
    def speak_sentence_to_bridge(
        self,
        bridge_id: str | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """Speak a sentence to a bridge (the API's default voice unless one is given).

        ``id=`` is accepted as the original client's name of ``bridge_id``.
        """
        self.play_audio_to_bridge(
            _one_id(bridge_id, id, "bridge_id"),
            sentence=sentence,
            gender=gender,
            voice=voice,
            locale=locale,
            tag=tag,
        )

    # -- calls (bandwidth-sdk 3.1.0) -----------------------------------------------------

    def list_calls(
        self,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        from_: str | None = None,
        to: str | None = None,
        size: int | None = None,
        sort_order: str | None = None,
        **kwargs: Any,
    ) -> Generator[Call, None, None]:
        """Iterate calls lazily, with optional filters."""
        return self._list(Call, call_api.LIST, locals())

    def create_call(
        self,
        from_: str,
        to: str,
        call_timeout: int | None = None,
        callback_url: str | None = None,
        callback_timeout: int | None = None,
        callback_http_method: str | None = None,
        fallback_url: str | None = None,
        bridge_id: str | None = None,
        conference_id: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        recording_max_duration: int | None = None,
        transcription_enabled: bool | None = None,
        tag: str | None = None,
        sip_headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> str:
        """Place an outbound call with one request and return its id."""
        return self._create(call_api.CREATE, locals())

    def get_call(self, call_id: str) -> Call:
        """Fetch a call; ``call["state"]`` and ``call.state`` both work."""
        return self.calls.get(call_id)

    def update_call(
        self,
        call_id: str,
        state: str | None = None,
        recording_enabled: bool | None = None,
        recording_file_format: str | None = None,
        transfer_to: str | None = None,
        transfer_caller_id: str | None = None,
        whisper_audio: Audio | Mapping[str, Any] | None = None,
        callback_url: str | None = None,
        **kwargs: Any,
    ) -> str | None:
        """Update a call, sending only the arguments given.

        Returns the id of the new call when the update was a transfer, else None.
        """
        ids, arguments, extra = _split(call_api.UPDATE, locals())
        response = send(self, call_api.UPDATE, ids, arguments, extra)
        return created_id(self, call_api.UPDATE, ids, response)

    def answer_call(self, call_id: str) -> None:
        """Answer an incoming call."""
        self.calls.update(call_id, state="active")

    def reject_call(self, call_id: str) -> None:
        """Reject an incoming call."""
        self.calls.update(call_id, state="rejected")

    def hangup_call(self, call_id: str) -> None:
        """Hang up a call."""
        self.calls.update(call_id, state="completed")

    def send_dtmf_to_call(self, call_id: str, dtmf_out: str | int, **kwargs: Any) -> None:
        """Send key presses (``0-9 A-D # *``, pauses ``, w W``, at most 92) on a call.

        ``dtmfOut`` is always sent as a string: an int (the original client's own test used
        ``12``) is converted; anything else that is not a valid DTMF string raises
        :class:`~catapult.InvalidArgumentError` before sending.
        """
        if isinstance(dtmf_out, int) and not isinstance(dtmf_out, bool):
            dtmf_out = str(dtmf_out)
        self._send(call_api.DTMF, locals())

    def list_call_recordings(self, call_id: str) -> Generator[Recording, None, None]:
        """Iterate the recordings of a call."""
        return _generator(self.calls.recordings(call_id))

    def list_call_transcriptions(self, call_id: str) -> Generator[Transcription, None, None]:
        """Iterate the transcriptions of a call's recordings."""
        return _generator(self.calls.transcriptions(call_id))

    def list_call_events(self, call_id: str) -> Generator[CallEvent, None, None]:
        """Iterate the events of a call."""
        return _generator(self.calls.events(call_id))

    def get_call_event(self, call_id: str, event_id: str) -> CallEvent:
        """Fetch one event of a call; ``event["name"]`` and ``event.name`` both work."""
        return self.calls.event(call_id, event_id)

    def create_call_gather(
        self,
        call_id: str,
        max_digits: int | None = None,
        inter_digit_timeout: int | None = None,
        terminating_digits: str | None = None,
        tag: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Start a DTMF gather on a call with one request and return its id.

        Numbers are sent as JSON numbers; ``prompt=`` (an audio dict, e.g. from
        :meth:`build_sentence`, which may add ``bargeable``) can be passed as a keyword.
        """
        return self._create(call_api.GATHER, locals())

    def get_call_gather(self, call_id: str, gather_id: str) -> Gather:
        """Fetch a gather of a call; ``gather["digits"]`` and ``gather.digits`` both work."""
        return self.calls.get_gather(call_id, gather_id)

    def update_call_gather(
        self, call_id: str, gather_id: str, state: str | None = None, **kwargs: Any
    ) -> None:
        """Update a gather; the only change allowed is ``state="completed"`` (stop it)."""
        self._send(call_api.UPDATE_GATHER, locals())

    def enable_call_recording(self, call_id: str) -> None:
        """Turn recording on (``{"recordingEnabled": true}``)."""
        self.calls.update(call_id, recording_enabled=True)

    def disable_call_recording(self, call_id: str) -> None:
        """Turn recording off (``{"recordingEnabled": false}``)."""
        self.calls.update(call_id, recording_enabled=False)

    def toggle_call_recording(self, call_id: str) -> bool:
        """Turn recording off if it is on, else on; returns the new setting.

        Two requests, as in the original client: a GET of the call, then the POST. The two are
        not atomic: a change made by someone else in between is overwritten.
        """
        enabled = not self.calls.get(call_id).recording_enabled
        self.calls.update(call_id, recording_enabled=enabled)
        return enabled

    def transfer_call(
        self,
        call_id: str,
        to: str,
        caller_id: str | None = None,
        whisper_audio: Audio | Mapping[str, Any] | None = None,
        callback_url: str | None = None,
        **kwargs: Any,
    ) -> str:
        """Transfer an active call with one request and return the new call's id.

        ``whisper_audio`` is an audio dict (:meth:`build_sentence`, :meth:`build_audio_playback`)
        or an :class:`Audio`; it is sent as ``whisperAudio``. ``callback_url`` gets the new
        call's events.
        """
        return self._create(call_api.TRANSFER, locals())

    def play_audio_to_call(
        self,
        call_id: str,
        file_url: str | Mapping[str, Any] | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> None:
        """Play a file or speak a sentence on a call.

        As documented for the original client, an audio dict from :meth:`build_sentence` or
        :meth:`build_audio_playback` may be passed as the second argument.
        """
        self._send(call_api.AUDIO, _unfold_audio(locals()))

    @overload
    def play_audio_file_to_call(
        self, call_id: str, file_url: str, tag: str | None = None
    ) -> None: ...
    @overload
    def play_audio_file_to_call(
        self, *, id: str, file_url: str, tag: str | None = None
    ) -> None: ...
    def play_audio_file_to_call(
        self,
        call_id: str | None = None,
        file_url: str | None = None,
        tag: str | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """Play an audio file on a call (``id=`` is the original name of ``call_id``)."""
        self.play_audio_to_call(_one_id(call_id, id, "call_id"), file_url=file_url, tag=tag)

    @overload
    def speak_sentence_to_call(
        self,
        call_id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None: ...
    @overload
    def speak_sentence_to_call(
        self,
        *,
        id: str,
        sentence: str,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
    ) -> None: ...
    def speak_sentence_to_call(
        self,
        call_id: str | None = None,
        sentence: str | None = None,
        gender: str | None = None,
        voice: str | None = None,
        locale: str | None = None,
        tag: str | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """Speak a sentence on a call.

        ``id=`` is accepted as the original client's name of ``call_id``.
        """
        self.play_audio_to_call(
            _one_id(call_id, id, "call_id"),
            sentence=sentence,
            gender=gender,
            voice=voice,
            locale=locale,
            tag=tag,
        )

    # -- audio value builders (bandwidth-sdk 3.1.0) -----------------------------------------

    def build_sentence(
        self,
        sentence: str,
        gender: str | None = None,
        locale: str | None = None,
        voice: str | None = None,
        loop_enabled: bool | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """An audio dict that speaks ``sentence``, for ``play_audio_to_*`` or ``whisper_audio``."""
        return _audio_body(locals())

    def build_audio_playback(
        self, file_url: str, loop_enabled: bool | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        """An audio dict that plays ``file_url``."""
        return _audio_body(locals())

    # -- forwarding into the declared endpoints -----------------------------------------------

    def _send(self, endpoint: Endpoint, given: dict[str, Any]) -> Response:
        """Send ``endpoint`` with a method's arguments (its ``locals()``), None meaning absent."""
        return send(self, endpoint, *_split(endpoint, given))

    def _create(self, endpoint: Endpoint, given: dict[str, Any]) -> str:
        return create(self, endpoint, *_split(endpoint, given))

    def _list(
        self, model: type[R], endpoint: Endpoint, given: dict[str, Any]
    ) -> Generator[R, None, None]:
        return _generator(pager(self, model, endpoint, *_split(endpoint, given)))


def _split(endpoint: Endpoint, given: dict[str, Any]) -> tuple[Ids, dict[str, Any], Arguments]:
    """A facade method's ``locals()`` as path ids, declared arguments and pass-through extras.

    The facade's parameter names are the declaration's (``call_id``, ``caller_id`` ...), so no
    field is listed twice.
    """
    arguments = {name: value for name, value in given.items() if name not in ("self", "kwargs")}
    ids = tuple(arguments.pop(name) for name in endpoint.id_names)
    return ids, arguments, given.get("kwargs") or EMPTY


def _generator(items: Iterator[T]) -> Generator[T, None, None]:
    """Wrap a pager in a generator: the original client documented ``types.GeneratorType``.

    The pager is built (and its arguments checked) before this is called, so bad input
    still fails at the call, not at the first ``next()``.
    """
    return (item for item in items)


def _one_id(value: str | None, old_name_value: str | None, name: str) -> str:
    """The id given as ``name`` or as ``id`` (the original client's name), exactly one of them."""
    if (value is None) == (old_name_value is None):
        raise InvalidArgumentError(f"give {name} (or id), exactly once")
    chosen = value if value is not None else old_name_value
    assert chosen is not None
    return chosen


def _unfold_audio(given: dict[str, Any]) -> dict[str, Any]:
    """An audio dict passed as ``file_url`` (as the original docs show) is the audio itself."""
    audio = given.get("file_url")
    if not isinstance(audio, Mapping):
        return given
    kwargs: dict[str, Any] = given.get("kwargs") or {}
    extra = {key: value for key, value in kwargs.items() if value is not None}
    return {**given, "file_url": None, "kwargs": {**cast("Mapping[str, Any]", audio), **extra}}


def _audio_body(given: dict[str, Any]) -> dict[str, Any]:
    """The checked wire body of an audio value built from a method's arguments."""
    _, arguments, extra = _split(call_api.AUDIO, {**given, "call_id": None})
    return call_api.AUDIO.payload(arguments, extra)
