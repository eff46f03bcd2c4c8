"""What ``import catapult`` and a first ``Session`` load: nothing a caller did not ask for.

Each check runs in a fresh interpreter and reads ``sys.modules``, so a module-level import
added anywhere on the way (the emulator, httpx, the events or router, the pytest kit) fails
here instead of silently making every program's start slower.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import typing

import pytest

import catapult

NEVER_AT_IMPORT = (
    "catapult.emulator",
    "catapult.events",
    "catapult.events_conference",
    "catapult.router",
    "catapult.testing",
    "catapult._async_session",
    "catapult._async_http",
    "catapult.resources.conferences",
    "catapult.resources.recordings",
    "httpx",
    "pytest",
)
"""Modules (and their submodules) that neither ``import catapult`` nor a sync ``Session``
nor a first parse may load."""

FIRST_USE_SKIPS = (
    "catapult.resources.calls",
    "catapult.resources.call_params",
    "catapult.resources.call_records",
    "catapult.resources.audio",
    "catapult._fields",
    "catapult._rules",
)
"""Modules a session that has parsed one bridge has no use for yet: the calls manager and the
call models wait for ``session.calls`` (or a bridge's ``calls()``); the request bodies'
declarations and rules (and the Audio body) for the first request that sends one."""


def _loaded_after(statements: str) -> list[str]:
    script = textwrap.dedent(
        f"""
        import json, sys
        {statements}
        print(json.dumps(sorted(sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def _offenders(loaded: list[str]) -> list[str]:
    return [m for m in loaded if any(m == p or m.startswith(p + ".") for p in NEVER_AT_IMPORT)]


def test_import_catapult_loads_only_the_exceptions() -> None:
    loaded = _loaded_after("import catapult")
    assert "catapult._errors" in loaded
    assert _offenders(loaded) == []
    # requests and pydantic wait for the first name that needs them
    assert [m for m in ("requests", "pydantic", "catapult._session") if m in loaded] == []


def test_a_session_and_a_first_parse_load_no_optional_part() -> None:
    loaded = _loaded_after(
        """
        import catapult
        session = catapult.Session("u-1", "t", "s", base_url="http://127.0.0.1:9/v1")
        catapult.Bridge.model_validate_json(b'{"id": "brg-1", "bridgeAudio": "true"}')
        session.bridges
        import typing
        typing.get_type_hints(catapult.Bridge)  # resolves without the call models
        """
    )
    assert "catapult._session" in loaded and "catapult.resources.bridges" in loaded
    assert _offenders(loaded) == []
    assert [m for m in FIRST_USE_SKIPS if m in loaded] == []


def test_managers_used_later_are_built_once_on_first_access() -> None:
    loaded = _loaded_after(
        """
        import catapult
        session = catapult.Session("u-1", "t", "s", base_url="http://127.0.0.1:9/v1")
        assert session.calls is session.calls and session.calls.session is session
        bridge = catapult.Bridge(id="brg-1").bind(session)
        assert catapult.Bridge.calls.model is catapult.Call
        assert "/bridges/brg-1/calls" in repr(bridge.calls())
        assert session.conferences is session.conferences
        assert session.recordings is session.recordings
        assert session.transcriptions.session is session
        """
    )
    assert "catapult.resources.conferences" in loaded
    assert "catapult.resources.recordings" in loaded
    assert "catapult.resources.calls" in loaded


def test_a_get_by_id_imports_no_checks() -> None:
    read_only = _loaded_after(
        """
        import catapult, responses
        session = catapult.Session("u-1", "t", "s", base_url="https://api.example/v1")
        with responses.RequestsMock() as mock:
            url = "https://api.example/v1/users/u-1/bridges/brg-1"
            mock.get(url, json={"id": "brg-1", "bridgeAudio": True})
            assert session.bridges.get("brg-1").bridge_audio is True
        """
    )
    assert [m for m in FIRST_USE_SKIPS if m in read_only] == []


def test_the_first_request_imports_the_checks_a_first_parse_skipped() -> None:
    loaded = _loaded_after(
        """
        import catapult, pytest
        session = catapult.Session("u-1", "t", "s", base_url="http://127.0.0.1:9/v1")
        with pytest.raises(catapult.InvalidArgumentError, match="call_ids"):
            session.bridges.create(call_ids=["c-1", "c-2", "c-3"])
        with pytest.raises(catapult.InvalidArgumentError, match="sentence"):
            session.bridges.play_audio("brg-1", {"sentence": "x" * 1001})
        """
    )
    assert "catapult._rules" in loaded and "catapult.resources.audio" in loaded


@pytest.mark.parametrize("name", sorted(catapult.__all__))
def test_every_public_name_resolves_and_is_listed(name: str) -> None:
    assert getattr(catapult, name) is not None
    assert name in dir(catapult)


def test_the_type_hints_of_every_public_model_resolve() -> None:
    from pydantic import BaseModel

    models = [getattr(catapult, name) for name in catapult.__all__]
    models = [m for m in models if isinstance(m, type) and issubclass(m, BaseModel)]
    assert catapult.Bridge in models and catapult.Call in models
    for model in models:
        assert typing.get_type_hints(model), model


def test_the_params_typed_dicts_resolve_for_type_hints_and_pydantic() -> None:
    # Their rules are imported lazily: the annotations must still resolve at run time.
    import importlib
    import pkgutil

    from pydantic import TypeAdapter
    from typing_extensions import is_typeddict

    import catapult.resources

    found = {}
    for info in pkgutil.iter_modules(catapult.resources.__path__):
        module = importlib.import_module(f"catapult.resources.{info.name}")
        for name, value in vars(module).items():
            if is_typeddict(value) and value.__module__ == module.__name__:
                found[name] = typing.get_type_hints(value, include_extras=True)
                TypeAdapter(value)  # a web framework reading them as a body type
    assert {"BridgeParams", "BridgeListParams", "CallListParams"} <= set(found)
    from catapult.resources.bridges import BridgeParams

    assert TypeAdapter(BridgeParams).validate_python({"call_ids": ["c-1"]}) == {"call_ids": ["c-1"]}


def test_dir_lists_the_public_names_and_not_what_the_package_imports_for_itself() -> None:
    import catapult.testing

    for module in (catapult, catapult.testing):
        public = [name for name in dir(module) if not name.startswith("_")]
        assert public == sorted(name for name in module.__all__ if not name.startswith("_"))
        assert set(module.__all__) <= set(dir(module))
    assert "Any" not in dir(catapult.testing) and "lazy_dir" not in dir(catapult.testing)
