"""Code cites only pages a reader of this repository can open, and every cited section exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    path
    for folder in ("catapult", "tests", "examples", "benchmarks")
    for path in (ROOT / folder).rglob("*.py")
    # not virtual environments (benchmarks/.venv-old holds the old client and its dependencies)
    if not any(part.startswith(".venv") for part in path.relative_to(ROOT).parts)
)
CITATION = re.compile(r"\b(docs/[\w/.-]+\.md)(?:#([\w-]+))?")


def slug(heading: str) -> str:
    """The anchor MkDocs gives a heading (its default ``toc`` slugify)."""
    text = re.sub(r"[^\w\s-]", "", heading.replace("`", "")).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(page: Path) -> set[str]:
    lines = page.read_text(encoding="utf-8").splitlines()
    return {slug(line.lstrip("#")) for line in lines if re.match(r"#{1,6} ", line)}


def test_every_cited_page_and_section_exists() -> None:
    cited = 0
    for source in SOURCES:
        for match in CITATION.finditer(source.read_text(encoding="utf-8")):
            page, anchor = ROOT / match.group(1), match.group(2)
            where = f"{source.relative_to(ROOT)} cites {match.group(0)}"
            assert page.is_file(), where
            assert anchor is None or anchor in anchors(page), where
            cited += 1
    assert cited >= 20


def test_no_citation_of_documents_outside_the_repository() -> None:
    outside = re.compile(r"§|catapult-v1-|API notes|callbacks notes|reliability notes")
    found = [
        f"{source.relative_to(ROOT)}:{number}"
        for source in SOURCES
        if source != Path(__file__).resolve()
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert found == []


def test_every_relative_link_of_the_readme_exists() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [link for link in links if "://" not in link]
    assert len(local) >= 10
    assert [link for link in local if not (ROOT / link).exists()] == []
