"""A process that prepares session after session (``reportgen watch``) gives what a new
process gives: what it keeps between rebuilds (parsed paragraphs, the view's getters)
never shows in a report.
"""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from reportgen.errors import Diagnostics
from reportgen.pipeline import prose
from reportgen.pipeline.prepare import prepare
from reportgen.pipeline.tree import Emph, Ref, Text
from reportgen.writers.text import render_text

QUOTES = ("“", "”", "‘", "’")


@pytest.fixture()
def kept_parses() -> Iterator[None]:
    prose.keep_parses(True)
    try:
        yield
    finally:
        prose.keep_parses(False)


def test_a_kept_parse_gives_each_caller_nodes_of_its_own(kept_parses: None) -> None:
    """Callers change what they get (emphasis gets new children, references are
    located): the next caller of the same text gets the nodes as parsed."""
    plain = "States *noted* the \"progress\" made"
    referring = "As in [[para:carriers]] and *noted*^[A note.]"
    fresh = {text: _fresh_parse(text) for text in (plain, referring)}
    for text in (plain, referring):
        first = prose.parse(text, quotes=QUOTES)
        for node in first:
            if isinstance(node, Emph):
                node.children.append(Text(" changed"))
            if isinstance(node, Ref):
                node.targets.append("elsewhere")
        first.append(Text("added"))
        assert prose.parse(text, quotes=QUOTES) == fresh[text], text
    kept = prose._kept
    assert kept is not None
    assert isinstance(kept[(plain, True, QUOTES)], tuple)  # copied by hand
    assert isinstance(kept[(referring, True, QUOTES)], bytes)  # a reference: pickled


def _fresh_parse(text: str) -> list[object]:
    return list(prose._parse_inline(text, markdown=True, quotes=QUOTES))


def _edits(text: str, count: int) -> list[tuple[str, str]]:
    """``count`` versions of the session, each an edit of the one before: a line of
    prose lengthened (with emphasis or not), removed, or given another line's words."""
    rng = random.Random(17)
    lines = text.splitlines()
    prose_lines = [i for i, line in enumerate(lines) if line.startswith("      ")
                   and line.strip()[:1].isalpha() and ":" not in line]
    versions = []  # each with the words its edit added, if any
    for step in range(count):
        at = rng.choice(prose_lines)
        kind, added = step % 3, ""
        if kind == 0:
            added = f"step {step}"
            lines[at] += rng.choice([f" and *{added}*", f" ({added})"])
        elif kind == 1:
            other = rng.choice(prose_lines)
            lines[at] = lines[at][:len(lines[at]) - len(lines[at].lstrip())] + \
                lines[other].strip()
        else:
            lines[at] += " again"
        versions.append(("\n".join(lines) + "\n", added))
    return versions


# Prepares each given session file in a new process and prints, for each, what the first
# argument names of every document: its text, or its repr (the whole tree: what the
# build keys each output on).
_COLD = """
import json, sys
from pathlib import Path
from reportgen.errors import Diagnostics
from reportgen.pipeline.prepare import prepare
from reportgen.writers.text import render_text
show = render_text if sys.argv[1] == "text" else repr
shown = []
for name in sys.argv[2:]:
    prepared = prepare(Path(name), Diagnostics())
    shown.append([show(d) for d in prepared.documents])
print(json.dumps(shown))
"""


def _warm_and_cold(tmp_path: Path, versions: list[str],
                   shown: str) -> tuple[list[list[str]], list[list[str]]]:
    """Each version of a session prepared in turn by this process (as watch does), and
    by a new process: what each shows of every document (``shown``: "text" or "repr")."""
    show = render_text if shown == "text" else repr
    paths, warm = [], []
    for index, text in enumerate(versions):
        path = tmp_path / f"edit-{index}" / "session.yaml"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        prepared = prepare(path, Diagnostics())
        assert prepared is not None
        warm.append([show(document) for document in prepared.documents])
    cold = subprocess.run([sys.executable, "-c", _COLD, shown, *map(str, paths)], check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout
    return warm, json.loads(cold)


def test_a_warm_process_after_edits_gives_a_new_process_text(kept_parses: None,
                                                             tmp_path: Path) -> None:
    """Nine edits of the example, each prepared by this process (parses kept) as
    watch does, give every document's text as a new process prepares it."""
    versions = _edits(EXAMPLE.read_text(encoding="utf-8"), 9)
    warm, cold = _warm_and_cold(tmp_path, [text for text, _ in versions], "text")
    assert warm == cold
    for (_, added), texts in zip(versions, warm, strict=True):  # each edit shows
        assert added in "".join(texts)
    assert len({json.dumps(texts) for texts in warm}) == len(versions)


def _dataclass_repr(value: object) -> str:
    """A dataclass's repr, as the dataclasses module writes it, worked out here."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(f"{f.name}={_dataclass_repr(getattr(value, f.name))}"
                          for f in dataclasses.fields(value) if f.repr)
        return f"{type(value).__qualname__}({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(map(_dataclass_repr, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_dataclass_repr(v)}" for k, v in value.items()) + "}"
    return repr(value)


def test_a_document_prints_as_its_dataclasses_do() -> None:
    """The build keys each output on the repr of its document: printed without the
    dataclasses' guard against a node that holds itself, it is still the same text, so
    the keys of outputs built before stay valid."""
    prepared = prepare(EXAMPLE, Diagnostics())
    assert prepared is not None
    for document in prepared.documents:
        assert repr(document) == _dataclass_repr(document)
    assert "Paragraph(" in repr(prepared.document)  # (the whole report: every node)
    ref = Ref(kind="para", targets=["carriers"], source="[[para:carriers]]")
    assert repr(Emph([Text("a"), ref])) == _dataclass_repr(Emph([Text("a"), ref]))


def _text_of(path: Path) -> str:
    prepared = prepare(path, Diagnostics())
    assert prepared is not None
    return render_text(prepared.document)


def test_what_a_kept_parse_shows_follows_edits_elsewhere(kept_parses: None,
                                                         tmp_path: Path) -> None:
    """A paragraph whose text did not change (its parse kept) still shows the new number
    of the paragraph it cites when a paragraph is inserted before that one, and the
    quotation marks of a language file added, then edited, while the process runs."""
    session = tmp_path / "irg" / "session.yaml"
    session.parent.mkdir()
    original = (ROOT / "meetings" / "cac-cosp-irg-2015" / "session.yaml").read_text(
        encoding="utf-8")
    session.write_text(original, encoding="utf-8")
    cited = "the mandate of the Group set out in para. {} and"
    assert cited.format(1) in _text_of(session)
    session.write_text(original.replace(
        "introduction:\n", "introduction:\n  - A paragraph added before the mandate.\n"),
        encoding="utf-8")
    assert cited.format(2) in _text_of(session)

    seed = tmp_path / "wg7" / "session.yaml"
    seed.parent.mkdir()
    seed.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert "entitled “Strengthening" in _text_of(seed)
    languages = tmp_path / "templates" / "languages"
    languages.mkdir(parents=True)
    english = (ROOT / "templates" / "languages" / "en.toml").read_text(encoding="utf-8")
    own = languages / "en.toml"
    own.write_text(english.replace('quotes = ["“", "”", "‘", "’"]',
                                   'quotes = ["«", "»", "‹", "›"]'), encoding="utf-8")
    assert "entitled «Strengthening" in _text_of(seed)
    own.write_text(english.replace('quotes = ["“", "”", "‘", "’"]',
                                   'quotes = ["„", "“", "‚", "‘"]'), encoding="utf-8")
    assert "entitled „Strengthening" in _text_of(seed)


@pytest.mark.parametrize("which", ["example", "generated"])
def test_a_warm_prepare_after_edits_gives_a_new_process_document(
        kept_parses: None, tmp_path: Path, which: str) -> None:
    """Edits of the example and of a generated session, each prepared in turn by one
    process that keeps what it can between prepares, give documents equal, node for node,
    to those a new process prepares from each version; an edit that adds a paragraph
    before others shows in their numbers."""
    if which == "example":
        original = EXAMPLE.read_text(encoding="utf-8")
    else:
        from test_project_build import _gensession

        original = _gensession().generate(120)
    versions = [text for text, _ in _edits(original, 6)]
    versions.append(versions[-1].replace("\n      - ", "\n      - A paragraph put first.\n"
                                                      "      - ", 1))
    assert versions[-1] != versions[-2]
    warm, cold = _warm_and_cold(tmp_path, versions, "repr")
    assert warm == cold
    assert len(set(map(json.dumps, warm))) == len(versions)
    assert "A paragraph put first." in warm[-1][0] and "put first" not in warm[-2][0]


def test_preparing_gives_the_cycle_collector_its_pace_back(tmp_path: Path) -> None:
    """prepare runs the collector seldom while it works, and restores its thresholds
    after, whether the session prepares cleanly or not."""
    import gc

    before = gc.get_threshold()
    assert prepare(EXAMPLE, Diagnostics()) is not None
    assert gc.get_threshold() == before
    broken = tmp_path / "session.yaml"
    broken.write_text("document: [\n", encoding="utf-8")
    diagnostics = Diagnostics()
    assert prepare(broken, diagnostics) is None and diagnostics.errors
    assert gc.get_threshold() == before
