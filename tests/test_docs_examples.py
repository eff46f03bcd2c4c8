"""Every ```python block of README.md and docs/**/*.md runs, against an emulator.

The conventions (written up in docs/contributing.md):

- a block runs in a fresh namespace, with an emulator running and ``CATAPULT_USER_ID``,
  ``CATAPULT_API_TOKEN``, ``CATAPULT_API_SECRET`` and ``CATAPULT_BASE_URL`` pointing at it;
- a block whose first line is ``# name.py`` is a set of files (each ``# name.py`` line starts
  one); they are written to a fresh directory and pytest runs there when one is a test file,
  first recording cassettes against the emulator, then replaying them with ``CI=true``;
- ``<!-- example: continue -->`` right before a block runs it after the previous block, in the
  same namespace or directory;
- ``<!-- example: skip -->`` right before a block leaves it out.

The blocks are extracted by tests/doc_examples.py; tests/test_docs_examples_typed.py checks
the same examples with ``mypy --strict``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from doc_examples import EXAMPLES, ROOT, Example, write_files

from catapult.emulator import running


def test_the_docs_have_examples() -> None:
    # A broken extractor must not pass by finding nothing.
    per_file = {example.blocks[0].path.name for example in EXAMPLES}
    assert {"README.md", "getting-started.md", "events.md", "router.md"} <= per_file
    assert len(EXAMPLES) >= 15


@pytest.fixture
def emulator_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    with running() as emu:
        env = {
            "CATAPULT_USER_ID": emu.user_id,
            "CATAPULT_API_TOKEN": emu.api_token,
            "CATAPULT_API_SECRET": emu.api_secret,
            "CATAPULT_BASE_URL": emu.base_url,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        yield env


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.id)
def test_example_runs(example: Example, emulator_env: dict[str, str], tmp_path: Path) -> None:
    if example.blocks[0].files is not None:
        run_files(example, tmp_path)
        return
    namespace: dict[str, object] = {"__name__": "__docs_example__"}
    for block in example.blocks:
        assert block.files is None, f"{block.path}:{block.line}: files cannot continue code"
        filename = f"{block.path.relative_to(ROOT)}:{block.line}"
        # Line numbers in tracebacks match the Markdown file.
        code = "\n" * block.line + block.code
        exec(compile(code, filename, "exec"), namespace)


def run_files(example: Example, directory: Path) -> None:
    write_files(example, directory)
    tests = sorted(directory.rglob("test_*.py"))
    if not tests:
        for module in sorted(directory.rglob("*.py")):
            compile(module.read_text(encoding="utf-8"), str(module), "exec")
        return
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"]
    # First run: record any cassettes against the emulator; second: replay them, as CI does.
    for extra_args, extra_env in ((["--record-mode=once"], {}), ([], {"CI": "true"})):
        result = subprocess.run(
            [*command, *extra_args, str(directory)],
            cwd=directory,
            env={**env, **extra_env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"{example.id}:\n{result.stdout}\n{result.stderr}"
        assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout
