"""What the tests of the example sessions (tests/test_shape_*.py) share: each session
prepared and built to TXT once, its golden file, and ways to read its tree."""

from __future__ import annotations

from pathlib import Path

from conftest import GOLDEN
from reportgen import build
from reportgen.pipeline.tree import Block, Document, Heading, Paragraph, plain_text


def prepared(session: Path) -> list[Document]:
    """The session's documents (the final report, then any draft parts), checked clean."""
    found, diagnostics = build.check([session])
    assert not diagnostics.items
    return found[0].documents


def built_text(session: Path, stem: str, out: Path) -> str:
    """The session built to TXT in ``out``: the final report's text."""
    build.build([session], ["txt"], out)
    return (out / f"{stem}.txt").read_text(encoding="utf-8")


def assert_golden(produced: str, stem: str, update: bool) -> None:
    """The text equals tests/golden/<stem>.txt (rewritten first with --update-golden)."""
    golden = GOLDEN / f"{stem}.txt"
    if update:
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def numbered(blocks: list[Block], items: bool = False) -> dict[str, str]:
    """Each paragraph of the report's sequence by its number ("12." → its text), with its
    list items on lines of their own when ``items``."""
    return {b.number: "\n".join([plain_text(b.text)]
                                + ([f"{i.label} {plain_text(i.text)}" for i in b.items]
                                   if items else []))
            for b in blocks if isinstance(b, Paragraph) and b.numbered and not b.sequence}


def paragraph(blocks: list[Block], number: str) -> Paragraph:
    return next(b for b in blocks if isinstance(b, Paragraph) and b.number == number
                and not b.sequence)


def headings(blocks: list[Block]) -> list[str]:
    return [f"{b.label} {plain_text(b.text)}".strip() for b in blocks if isinstance(b, Heading)]


def assert_endings(texts: dict[str, str], endings: dict[str, str]) -> None:
    """Each paragraph named in ``endings`` ends with its text (a reference's printing)."""
    assert {key: texts[key][-len(end):] for key, end in endings.items()} == endings


def printed_as_heading(lines: list[str], text: str) -> bool:
    """Whether ``text`` stands whole on the lines of a rendered page, though it wrap over
    several of them (a long heading)."""
    for start, line in enumerate(lines):
        joined, end = line, start
        while text.startswith(joined) and len(joined) < len(text) and end + 1 < len(lines):
            end += 1
            joined += " " + lines[end]
        if joined == text:
            return True
    return False
