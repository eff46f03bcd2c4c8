"""What type checkers see of the testing kit's app fixtures (checked by mypy and pyright in CI,
never run)."""

# pyright: reportUnnecessaryTypeIgnoreComment=true

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from catapult.router import EventRouter
from catapult.testing import AppFixture, AppServer


def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    return [b""]


def serving(catapult_app: AppFixture, router: EventRouter) -> None:
    assert_type(catapult_app(router.wsgi_app, "/callbacks"), AppServer)
    assert_type(catapult_app(router.asgi_app, "/callbacks", incoming=False), AppServer)
    assert_type(catapult_app(router), AppServer)
    assert_type(catapult_app(wsgi, "/"), AppServer)
    catapult_app(42, "/callbacks")  # type: ignore[arg-type]
    catapult_app(router, 7)  # type: ignore[arg-type]
