"""Benchmark: `reportgen compare` of two versions against one DOCX build of the new one.

Two versions of a generated 350-paragraph session (``gensession.py``): the second
has a paragraph inserted, one deleted and words changed in three others, so that
every later number moves. Each side is the ``reportgen`` command in a new process,
measured alternately; medians and their ratio are printed. Target (issue 16):
compare under twice the time of one DOCX build of that session.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gensession  # noqa: E402
from bench_build import reportgen, side_by_side  # noqa: E402

TARGET = 2.0


def amended(text: str) -> str:
    """The session with a paragraph inserted and one deleted early on, and words changed."""
    second = [m.start() for m in re.finditer(r"^      - >-\n", text, re.M)][2]
    text = text[:second] + "      - >-\n        A paragraph the editors inserted.\n" \
        + text[second:]
    third, fourth = [m.start() for m in re.finditer(r"^      - >-\n", text, re.M)][4:6]
    text = text[:third] + text[fourth:]
    for word in ("the", "of", "and"):
        text = re.sub(rf"\b{word}\b", word.upper(), text, count=1)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--paragraphs", type=int, default=350)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-compare-") as tmp:
        work = Path(tmp)
        old, new = work / "old" / "session.yaml", work / "new" / "session.yaml"
        text = gensession.generate(options.paragraphs)
        for path, content in ((old, text), (new, amended(text))):
            path.parent.mkdir()
            path.write_text(content, encoding="utf-8")
        ours, theirs = side_by_side(
            lambda: reportgen("compare", str(old), str(new), "-o", str(work / "c.docx")),
            lambda: reportgen("build", str(new), "--to", "docx", "--force", "-q",
                              "--out", str(work / "build")),
            options.repeat)
    ratio = ours / theirs
    print(f"{options.paragraphs} paragraphs, medians of {options.repeat}:")
    print(f"  reportgen compare OLD NEW (DOCX)   {ours:6.2f} s")
    print(f"  reportgen build NEW --to docx      {theirs:6.2f} s")
    verdict = "met" if ratio < TARGET else "NOT met"
    print(f"  ratio {ratio:.2f} (target < {TARGET:.1f}: {verdict})")


if __name__ == "__main__":
    main()
