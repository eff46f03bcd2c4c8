"""``Client``: the flat methods of the original Catapult Python client, over the typed API.

Every method keeps the original name, signature and result (ids as strings, lazy generators for
lists, objects answering ``obj["state"]``), and ends in the same manager method the typed API
uses, so the two styles cannot drift apart. The original client's bugs are not kept: arguments
left as None are not sent (no ``null`` fields, no forced ``recordingEnabled: false``), audio
dicts are sent as audio rather than stuffed into ``fileUrl``, and errors are typed.
"""

from __future__ import annotations

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
        options.setdefault("base_url", f"{api_endpoint.rstrip('/')}/{api_version.strip('/')}")
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
