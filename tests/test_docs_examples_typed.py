"""Every example of README.md and docs/**/*.md passes ``mypy --strict``.

A user copies an example into a typed project; it must type-check there as it is. The examples
are those tests/test_docs_examples.py runs (same extraction, same conventions; a block marked
``<!-- example: skip -->`` is left out here too), written to a temporary directory:

- a block, with the blocks that ``continue`` it, is one module named after its place, such as
  ``docs_router_md_L48.py`` for the block opening on line 48 of docs/router.md;
- a file-set block's files go to a directory named the same way (``docs_testing_md_L38/``).

Every line sits at its line number in the Markdown file, so mypy's messages are shown as
``docs/router.md:52: error: ...``. One ``mypy --strict`` run (with the project's mypy settings
from pyproject.toml, pydantic plugin included) checks them all; file sets that share a module
name (two ``app.py``) need one run each. The cache lives in pytest's cache directory: a rerun
takes about 1 s, a cold run (the package and its dependencies analysed) about 4 s on an idle
machine.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from doc_examples import EXAMPLES, ROOT, Block, Example


def module_stem(block: Block) -> str:
    """``docs/guide/typed-api.md`` opening on line 9 -> ``docs_guide_typed_api_md_L9``."""
    place = re.sub(r"\W", "_", str(block.path.relative_to(ROOT)))
    return f"{place}_L{block.line}"


def place(lines: list[str], number: int, text: str) -> None:
    """Append text as line number ``number``, padding with blank lines."""
    lines.extend([""] * (number - 1 - len(lines)))
    lines.append(text)


def code_module(example: Example) -> str:
    lines: list[str] = []
    for block in example.blocks:
        for number, text in block.numbered_lines():
            place(lines, number, text)
    return "\n".join(lines) + "\n"


def file_set(example: Example) -> dict[str, str]:
    """A file-set example's files, each line at its line number in the Markdown file."""
    files: dict[str, str] = {}
    for block in example.blocks:
        for name, numbered in (block.file_lines() or {}).items():
            lines: list[str] = []
            for number, text in numbered:
                place(lines, number, text)
            files[name] = "\n".join(lines) + "\n"  # a later block's file replaces it, as when run
    return files


def write_examples(
    directory: Path, examples: list[Example]
) -> tuple[list[list[Path]], dict[str, str]]:
    """Write the examples; return the mypy runs' files and each file's Markdown name."""
    runs: list[list[Path]] = [[]]
    taken: list[set[str]] = [set()]
    doc_of: dict[str, str] = {}
    for example in examples:
        first = example.blocks[0]
        doc = str(first.path.relative_to(ROOT))
        if first.files is None:
            target = directory / f"{module_stem(first)}.py"
            target.write_text(code_module(example), encoding="utf-8")
            runs[0].append(target)
            doc_of[str(target)] = doc
            continue
        files = file_set(example)
        modules = {name.split("/")[0].removesuffix(".py") for name in files}
        slot = next((i for i, names in enumerate(taken) if not names & modules), len(taken))
        if slot == len(taken):
            runs.append([])
            taken.append(set())
        taken[slot] |= modules
        for name, text in files.items():
            target = directory / module_stem(first) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            runs[slot].append(target)
            doc_of[str(target)] = doc
    return runs, doc_of


def cache_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    cache = getattr(request.config, "cache", None)
    if cache is None:  # -p no:cacheprovider
        return tmp_path / "mypy-cache"
    return Path(cache.mkdir("mypy-docs-examples"))


def test_the_examples_pass_mypy_strict(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    runs, doc_of = write_examples(tmp_path, EXAMPLES)
    assert len(doc_of) >= 15, doc_of  # a broken extractor must not pass by checking nothing
    command = [sys.executable, "-m", "mypy", "--strict", "--config-file", "pyproject.toml"]
    # The package is imported as an installed one is: its own errors (checked by
    # `mypy --strict catapult`, against the newest dependencies) are not reported here.
    command += ["--follow-imports=silent", "--cache-dir", str(cache_dir(request, tmp_path))]
    for files in runs:
        result = subprocess.run(
            [*command, *map(str, files)],
            cwd=ROOT,  # where mypy finds the catapult package
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        output = result.stdout + result.stderr
        for path, doc in doc_of.items():
            output = output.replace(f"{path}:", f"{doc}:")
        if result.returncode != 0:
            pytest.fail(f"mypy --strict refuses doc examples:\n{output}", pytrace=False)


def test_lines_keep_their_markdown_line_numbers(tmp_path: Path) -> None:
    doc = ROOT / "notes" / "page.md"
    first = Block(doc, 3, "x = 1\n", None)
    then = Block(doc, 8, "y: str = x\n", "continue")
    runs, doc_of = write_examples(tmp_path, [Example([first, then])])
    assert runs == [[tmp_path / "notes_page_md_L3.py"]]
    assert doc_of == {str(tmp_path / "notes_page_md_L3.py"): "notes/page.md"}
    lines = runs[0][0].read_text(encoding="utf-8").splitlines()
    assert (lines.index("x = 1"), lines.index("y: str = x")) == (3, 8)  # lines 4 and 9


def test_file_sets_sharing_a_module_name_get_one_run_each(tmp_path: Path) -> None:
    doc = ROOT / "notes" / "page.md"
    one = Block(doc, 1, "# app.py\nA = 1\n# test_app.py\nfrom app import A\n", None)
    two = Block(doc, 10, "# app.py\nB = 2\n", None)
    code = Block(doc, 20, "z = 3\n", None)
    runs, _ = write_examples(tmp_path, [Example([one]), Example([two]), Example([code])])
    assert [sorted(path.relative_to(tmp_path).as_posix() for path in run) for run in runs] == [
        ["notes_page_md_L1/app.py", "notes_page_md_L1/test_app.py", "notes_page_md_L20.py"],
        ["notes_page_md_L10/app.py"],
    ]
    lines = (tmp_path / "notes_page_md_L1" / "test_app.py").read_text(encoding="utf-8")
    assert lines.splitlines().index("from app import A") == 4  # line 5: the fence is on 1
