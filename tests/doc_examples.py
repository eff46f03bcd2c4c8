"""The fenced python blocks of README.md and docs/**/*.md, grouped into examples.

Shared by tests/test_docs_examples.py (which runs them) and tests/test_docs_examples_typed.py
(which type-checks them); the conventions are written up in the first one's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
MARKER = re.compile(r"^<!--\s*example:\s*(continue|skip)\s*-->$")
FILE_LINE = re.compile(r"^# ([\w/]+\.py)$")


@dataclass
class Block:
    path: Path
    line: int
    code: str
    marker: str | None

    def numbered_lines(self) -> list[tuple[int, str]]:
        """The block's lines, each with its line number in the Markdown file."""
        return [(self.line + 1 + index, text) for index, text in enumerate(self.code.splitlines())]

    def file_lines(self) -> dict[str, list[tuple[int, str]]] | None:
        """The numbered lines of each file of a file-set block, else None."""
        lines = self.numbered_lines()
        if not lines or not FILE_LINE.match(lines[0][1]):
            return None
        files: dict[str, list[tuple[int, str]]] = {}
        current: list[tuple[int, str]] = []
        for number, text in lines:
            match = FILE_LINE.match(text)
            if match:
                current = files.setdefault(match.group(1), [])
            else:
                current.append((number, text))
        return files

    @property
    def files(self) -> dict[str, str] | None:
        """The files of a file-set block, else None."""
        files = self.file_lines()
        if files is None:
            return None
        return {name: "\n".join(text for _, text in body) + "\n" for name, body in files.items()}


@dataclass
class Example:
    """A block and the blocks that continue it."""

    blocks: list[Block] = field(default_factory=list)

    @property
    def id(self) -> str:
        first = self.blocks[0]
        return f"{first.path.relative_to(ROOT)}:{first.line}"


def python_blocks(path: Path) -> Iterator[Block]:
    """The fenced python blocks of a Markdown file, with the marker comment before each."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        text = lines[index]
        if text.startswith("```"):
            language = text[3:].strip()
            end = index + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            if language == "python":
                before = lines[index - 1].strip() if index > 0 else ""
                match = MARKER.match(before)
                code = "\n".join(lines[index + 1 : end]) + "\n"
                yield Block(path, index + 1, code, match.group(1) if match else None)
            index = end + 1
        else:
            index += 1


def collect_examples() -> list[Example]:
    examples: list[Example] = []
    for path in DOC_FILES:
        for block in python_blocks(path):
            if block.marker == "skip":
                continue
            if block.marker == "continue":
                assert examples and examples[-1].blocks[0].path == path, (
                    f"{path}:{block.line}: 'continue' needs a block before it in the same file"
                )
                examples[-1].blocks.append(block)
            else:
                examples.append(Example([block]))
    return examples


EXAMPLES = collect_examples()


def write_files(example: Example, directory: Path) -> None:
    """Write the files of a file-set example (and of the blocks continuing it) to directory."""
    for block in example.blocks:
        files = block.files
        assert files is not None, f"{block.path}:{block.line}: code cannot continue files"
        for name, text in files.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
