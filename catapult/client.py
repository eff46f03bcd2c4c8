"""``Client``: the flat methods of the original Catapult Python client, over the typed API.

Every method keeps the original name, signature and result (ids as strings, lazy generators for
lists, objects answering ``obj["state"]``), and ends in the same manager method the typed API
uses, so the two styles cannot drift apart. The original client's bugs are not kept: arguments
left as None are not sent (no ``null`` fields, no forced ``recordingEnabled: false``), audio
dicts are sent as audio rather than stuffed into ``fileUrl``, and errors are typed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from typing_extensions import Unpack

from ._credentials import Credentials
from ._errors import ConfigurationError
from ._facade_bridges import BridgeMethods
from ._facade_calls import CallMethods
from ._facade_conferences import ConferenceMethods
from ._options import Settings

DEFAULT_API_ENDPOINT = "https://api.catapult.inetwork.com"
"""The original client's default host; the version segment is added from ``api_version``."""


class Client(BridgeMethods, CallMethods, ConferenceMethods):
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
        credentials = Credentials(api_token, api_secret)
        del api_token, api_secret  # a traceback's locals show no secret (see Credentials)
        if not (user_id and credentials.given):
            raise ConfigurationError(
                "user_id, api_token and api_secret are required: "
                "Client('YOUR_USER_ID', 'YOUR_API_TOKEN', 'YOUR_API_SECRET')"
            )
        if "base_url" not in options:
            options["base_url"] = _base_url_of(api_endpoint, api_version)
        super().__init__(user_id, *credentials.basic(), **options)

    @property
    def api_endpoint(self) -> str:
        """The API's origin, ``base_url`` without its version segment."""
        return self.base_url[: len(self.base_url) - len(self.api_version)].rstrip("/")

    @property
    def api_version(self) -> str:
        """The version segment that ends ``base_url`` (``"v1"``), or ``""`` if there is none."""
        path = urlsplit(self.base_url).path.rstrip("/")
        return path.rsplit("/", 1)[-1]


_VERSION = re.compile(r"v[0-9]+(?:\.[0-9]+)*")
"""An API version segment: ``v1`` (``v2``, ``v1.1``)."""


def _base_url_of(api_endpoint: object, api_version: object) -> str:
    """The base URL the original options name; refuses a version that is no version segment
    and an endpoint that already ends with the version (``.../v1/v1`` answers only 404s)."""
    if not isinstance(api_version, str) or not _VERSION.fullmatch(api_version.strip("/")):
        raise ConfigurationError("api_version must be a version segment such as 'v1'")
    if not isinstance(api_endpoint, str):
        raise ConfigurationError(
            f"api_endpoint must be a string, got {type(api_endpoint).__name__}"
        )
    version = api_version.strip("/")
    endpoint = api_endpoint.rstrip("/")
    if endpoint.endswith("/" + version):
        raise ConfigurationError(
            f"api_endpoint already ends with /{version}: give the origin without it "
            f"(the version comes from api_version), or the whole URL as base_url"
        )
    return f"{endpoint}/{version}"
