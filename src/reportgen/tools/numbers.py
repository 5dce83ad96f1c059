"""The renumbering report: how paragraph and recommendation numbers moved between versions.

Editors paste it into the note to translators. Two versions of a session are
built (two files, or one file at two git revisions); their numbered
paragraphs are matched, by id where they have one and otherwise by text, and
every number that changed is listed, with the paragraphs inserted and
deleted, and each cross-reference that now prints something else.
"""

from __future__ import annotations

import difflib
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import build
from reportgen.errors import Diagnostic, Diagnostics, InputError, Location
from reportgen.pipeline.language import roman
from reportgen.pipeline.references import Citation
from reportgen.pipeline.tree import Document, Heading, Paragraph, plain_text

# Paragraphs this alike are taken for the same paragraph, edited.
SIMILAR = 0.6


@dataclass(frozen=True)
class Numbered:
    """A numbered thing of one version: its number, id and text."""

    number: int
    id: str
    text: str


@dataclass
class Moves:
    """How the numbers of one kind (paragraphs or recommendations) moved."""

    kind: str
    pairs: list[tuple[Numbered, Numbered]] = field(default_factory=list)
    inserted: list[Numbered] = field(default_factory=list)
    deleted: list[Numbered] = field(default_factory=list)

    @property
    def renumbered(self) -> list[tuple[Numbered, Numbered]]:
        return [(old, new) for old, new in self.pairs if old.number != new.number]


@dataclass
class Report:
    paragraphs: Moves
    recommendations: Moves
    citations: list[tuple[Citation, Citation]]
    annexes: Moves = field(default_factory=lambda: Moves("annex"))

    def render(self, show_all: bool = False) -> str:
        lines: list[str] = []
        for moves in (self.paragraphs, self.recommendations, self.annexes):
            if moves.kind == "annex" and not (moves.pairs or moves.inserted or moves.deleted):
                continue  # a report without annexes says nothing of them
            lines += _render_moves(moves, show_all)
        lines.append("References that now print a different number:")
        changed = [(o, n) for o, n in self.citations if o.printed != n.printed]
        for old, new in changed:
            where = f"{new.location}: " if new.location else ""
            lines.append(f"  {where}{new.source}: “{old.printed}” → “{new.printed}”")
        if not changed:
            lines.append("  none")
        return "\n".join(lines) + "\n"


def _render_moves(moves: Moves, show_all: bool) -> list[str]:
    word = moves.kind
    lines = [f"{_PLURALS.get(word, word + 's').capitalize()} (old → new):"]
    # Rows in the order of the new text; a deleted one stands where it was.
    new_number_of = {old.number: new.number for old, new in moves.pairs}
    rows: list[tuple[float, str]] = []
    shown = roman if word == "annex" else str  # annexes are I, II …
    for old, new in (moves.pairs if show_all else moves.renumbered):
        rows.append((new.number, f"  {word} {shown(old.number)} → {shown(new.number)}"))
    for new in moves.inserted:
        rows.append((new.number - 0.25, f"  {word} {shown(new.number)} inserted: "
                                        f"{_opening(new.text)}"))
    for old in moves.deleted:
        before = max((n for o, n in new_number_of.items() if o < old.number), default=0)
        rows.append((before + 0.5, f"  {word} {shown(old.number)} deleted: "
                                   f"{_opening(old.text)}"))
    lines += [row for _, row in sorted(rows)] or ["  no change"]
    unchanged = len(moves.pairs) - len(moves.renumbered)
    if not show_all and unchanged:
        lines.append(f"  ({unchanged} kept their numbers)")
    return lines


def _opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return "“" + " ".join(parts[:words]) + ("…”" if len(parts) > words else "”")


_PLURALS = {"annex": "annexes"}


def numbered(document: Document) -> tuple[list[Numbered], list[Numbered]]:
    """The paragraphs of the report's sequence and the recommendations of a document, in
    order (not the operative paragraphs of resolutions, nor an annex's own paragraphs,
    which are numbered within each)."""
    paragraphs: list[Numbered] = []
    recommendations: list[Numbered] = []
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == "annex":
            break
        if isinstance(block, Paragraph) and block.numbered and not block.sequence:
            paragraphs.append(Numbered(int(block.number.rstrip(".")), block.id or "",
                                       plain_text(block.text)))
        elif isinstance(block, Heading) and block.level == "recommendation":
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            text = plain_text(following.text) if isinstance(following, Paragraph) else ""
            recommendations.append(Numbered(block.number, block.id or "", text))
    return paragraphs, recommendations


def annexes(document: Document) -> list[Numbered]:
    """The annexes of a document, by number, id and title."""
    return [Numbered(block.number, block.id or "", plain_text(block.text))
            for block in document.blocks if isinstance(block, Heading) and block.level == "annex"]


def match(kind: str, old: list[Numbered], new: list[Numbered]) -> Moves:
    """Pair old and new items: by id, then by identical text, then by similar text in order."""
    moves = Moves(kind)
    new_by_id = {item.id: item for item in new if item.id}
    paired_new: set[int] = set()
    rest_old: list[Numbered] = []
    for item in old:
        twin = new_by_id.get(item.id) if item.id else None
        if twin is not None:
            moves.pairs.append((item, twin))
            paired_new.add(twin.number)
        else:
            rest_old.append(item)
    rest_new = [item for item in new if item.number not in paired_new]
    _match_by_text(moves, rest_old, rest_new)
    moves.pairs.sort(key=lambda pair: pair[1].number)
    return moves


def _match_by_text(moves: Moves, old: list[Numbered], new: list[Numbered]) -> None:
    # Identical text first, wherever it went (a moved paragraph).
    by_text: dict[str, list[Numbered]] = {}
    for item in new:
        by_text.setdefault(item.text, []).append(item)
    left_old = []
    for item in old:
        same = by_text.get(item.text)
        if same:
            moves.pairs.append((item, same.pop(0)))
        else:
            left_old.append(item)
    left_new = [item for items in by_text.values() for item in items]
    left_new.sort(key=lambda item: item.number)
    # Then edited paragraphs, aligned in order.
    matcher = difflib.SequenceMatcher(a=[i.text for i in left_old], b=[i.text for i in left_new],
                                      autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        olds, news = left_old[a0:a1], left_new[b0:b1]
        if tag == "replace":
            _pair_similar(moves, olds, news)
        else:
            moves.deleted += olds if tag == "delete" else []
            moves.inserted += news if tag == "insert" else []
            if tag == "equal":
                moves.pairs += list(zip(olds, news, strict=True))


def _pair_similar(moves: Moves, olds: list[Numbered], news: list[Numbered]) -> None:
    """Within a changed stretch, pair each old paragraph with its most similar new one."""
    free = list(news)
    for item in olds:
        scored = [(difflib.SequenceMatcher(a=item.text, b=n.text).ratio(), n) for n in free]
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best is not None and best[0] >= SIMILAR:
            moves.pairs.append((item, best[1]))
            free.remove(best[1])
        else:
            moves.deleted.append(item)
    moves.inserted += free


def match_citations(old: list[Citation], new: list[Citation]) -> list[tuple[Citation, Citation]]:
    """Pair each reference with the same one in the other version (same text, same rank)."""
    seen: Counter[str] = Counter()
    old_by_key: dict[tuple[str, int], Citation] = {}
    for citation in old:
        old_by_key[(citation.source, seen[citation.source])] = citation
        seen[citation.source] += 1
    seen.clear()
    pairs = []
    for citation in new:
        key = (citation.source, seen[citation.source])
        seen[citation.source] += 1
        if key in old_by_key:
            pairs.append((old_by_key[key], citation))
    return pairs


def compare(old: build.Prepared, new: build.Prepared) -> Report:
    old_paragraphs, old_recommendations = numbered(old.document)
    new_paragraphs, new_recommendations = numbered(new.document)
    return Report(paragraphs=match("paragraph", old_paragraphs, new_paragraphs),
                  recommendations=match("recommendation", old_recommendations,
                                        new_recommendations),
                  annexes=match("annex", annexes(old.document), annexes(new.document)),
                  citations=match_citations(old.citations, new.citations))


def load_version(spec: str) -> build.Prepared:
    """A session named as ``PATH`` or ``PATH@REV`` (the file as it was at git revision REV)."""
    path_text, _, revision = spec.partition("@")
    path = Path(path_text)
    if path.is_dir():
        path = path / build.SESSION_FILE
    text = _git_show(path, revision) if revision else None
    diagnostics = Diagnostics()
    prepared = build.prepare(path, diagnostics, text)
    diagnostics.raise_if_errors()
    assert prepared is not None
    return prepared


def _git_show(path: Path, revision: str) -> str:
    folder = path.resolve().parent
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder,
                             capture_output=True, text=True, check=True).stdout.strip()
        relative = path.resolve().relative_to(top).as_posix()
        shown = subprocess.run(["git", "show", f"{revision}:{relative}"], cwd=folder,
                               capture_output=True, check=True).stdout
        # Session files are UTF-8 whatever the machine's locale (a byte-order mark too).
        return shown.decode("utf-8-sig")
    except (OSError, subprocess.CalledProcessError, ValueError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise InputError([Diagnostic(Location(path), f"cannot read this file at git revision "
                                                     f"'{revision}': {detail.strip()}")]) from None
