"""The reference pages name everything they promise to: every Session option, environment
variable, error class, event field, emulator option and callback option."""

from __future__ import annotations

import dataclasses
import inspect
import re
from itertools import repeat
from pathlib import Path

import catapult
from catapult import events
from catapult._fielddoc import field_docstrings
from catapult._options import Settings
from catapult._session import Session
from catapult.emulator import CallbackOptions
from catapult.emulator.__main__ import parse_args

DOCS = Path(__file__).resolve().parent.parent / "docs"


def table_names(page: str) -> set[str]:
    """The backticked names in the first column of a page's tables."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^\| `([^`]+)`", text, flags=re.M)}


def test_every_session_option_is_in_the_configuration_table() -> None:
    options = set(inspect.signature(Session.__init__).parameters) - {"self", "settings"}
    options |= set(Settings.__annotations__)  # the keyword settings, **Unpack[Settings]
    assert "timeout" in options
    assert options <= table_names("configuration.md")


def test_every_environment_variable_read_by_the_package_is_documented() -> None:
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in Path(catapult.__file__).parent.rglob("*.py")
    )
    variables = set(re.findall(r"\b(CATAPULT_[A-Z_]+)\b", source))
    variables |= set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", source))
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert variables and {name for name in variables if f"`{name}`" not in page} == set()


def test_every_error_class_is_in_the_errors_table() -> None:
    classes = {
        name
        for name in catapult.__all__
        if isinstance(getattr(catapult, name), type)
        and issubclass(getattr(catapult, name), BaseException)
    }
    classes.add("EventParseError")
    assert len(classes) >= 18 and classes <= table_names("errors.md")


def test_the_events_table_lists_exactly_the_fields_of_each_event() -> None:
    text = (DOCS / "events.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+Event)` \| [^|]+ \| ([^|]+) \|$", text, flags=re.M))
    event_classes = [
        cls
        for cls in map(getattr, repeat(events), events.__all__)
        if isinstance(cls, type) and issubclass(cls, events.VoiceEvent) and cls.wire_type
    ]
    assert len(event_classes) == 15  # the conference events are re-exported
    for cls in [*event_classes, events.UnknownEvent]:
        documented = set(re.findall(r"`(\w+)`", rows[cls.__name__]))
        assert documented == set(cls.model_fields) - {"event_type"}, cls.__name__


def test_every_emulator_command_line_option_is_documented() -> None:
    defaults = vars(parse_args([]))
    documented = {name.split()[0] for name in table_names("emulator.md")}
    assert {"--" + name.replace("_", "-") for name in defaults} <= documented


def test_every_callback_option_is_documented() -> None:
    fields = {field.name for field in dataclasses.fields(CallbackOptions)}
    assert len(fields) >= 10 and fields <= table_names("emulator.md")


def test_every_event_and_resource_field_has_a_docstring() -> None:
    classes = [c for c in vars(events).values() if getattr(c, "__module__", "") == events.__name__]
    models = [c for c in classes if isinstance(c, type) and issubclass(c, events.BaseModel)]
    models += [catapult.Bridge, catapult.Call, catapult.Gather, catapult.Recording]
    models += [catapult.Transcription, catapult.CallEvent]
    assert len(models) >= 19
    for cls in models:
        docs = field_docstrings(cls)
        missing = [name for name in cls.model_fields if not docs.get(name)]
        assert missing == [], (cls.__name__, missing)


def test_help_shows_the_field_docs() -> None:
    import pydoc

    text = pydoc.render_doc(events.GatherEvent, renderer=pydoc.plaintext)
    assert "digits: The digits collected" in text
    assert "orig_to (wire name ``origTo``): The last number" in (events.Diversion.__doc__ or "")
    bridge = pydoc.render_doc(catapult.Bridge, renderer=pydoc.plaintext)
    assert "bridge_audio (wire name ``bridgeAudio``): Whether the two-way audio path" in bridge


def test_fields_are_documented_with_attribute_docstrings_not_comments() -> None:
    # ``#:`` comments are invisible to help(), IDE hovers and pydantic; a string literal under
    # the field is not.
    package = Path(catapult.__file__).parent
    files = [package / "events.py", package / "router.py", package / "_errors.py"]
    files += [*(package / "emulator").glob("*.py"), *(package / "testing").glob("*.py")]
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith("#:")
    ]
    assert found == []


def test_field_docs_are_built_on_demand_not_at_import() -> None:
    import subprocess
    import sys

    code = (
        "import catapult, catapult.events, catapult._fielddoc as f\n"
        "catapult.Bridge, catapult.Call\n"
        "assert f._cache == {}, f._cache\n"
        "assert 'Fields:' in catapult.Call.__doc__ and list(f._cache) == [catapult.Call]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
