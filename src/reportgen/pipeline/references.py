"""Cross-references: "[[para:carriers]]" in prose becomes "para. 11", always the right number.

A reference names what it points at by id; the number it prints is looked up
after numbering, so it follows every insertion, deletion and move. A reference
to an id that no longer exists fails the build: it never prints a stale number.

Syntax (docs/session-format.md, "Cross-references"):

    [[paragraph:ID]]        paragraph 14        [[para:ID]]       para. 14
    [[paragraphs:A,B,C]]    paragraphs 14–16    [[paras:A,C]]     paras. 14 and 16
    [[recommendation:ID]]   recommendation 11   [[chapter:ID]]    chapter III
    [[section:ID]]          section IV.D        [[item:KEY]]      agenda item 3
    [[document:ID]]         CTOC/COP/WG.7/2017/1
    [[resolution:ID]]       resolution 28/1     [[decision:ID]]   decision 28/101
    [[draft-resolution:ID]] draft resolution II [[draft-decision:ID]] draft decision I
    [[officer:ID]]          the officer's name, as the election lists it
    [[annex:ID]]            annex II            [[table:ID]]      table 1
    [[ID]]                  the target decides: "paragraph 14", "agenda item 3" …

A capital letter (``[[Paragraph:ID]]``) prints "Paragraph 14" for the start
of a sentence.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from reportgen.errors import Diagnostics, Location
from reportgen.pipeline import model
from reportgen.pipeline.language import Language
from reportgen.pipeline.numbering import Numbers, Target
from reportgen.pipeline.tree import (
    Document,
    Emph,
    Heading,
    Inline,
    Note,
    Paragraph,
    Ref,
    Strong,
    Table,
    Text,
)

# The kind as typed → the family of targets it must point at. What each kind
# prints is the language's ([references] of its language file).
KINDS: dict[str, str] = {
    "paragraph": "paragraph",
    "para": "paragraph",
    "recommendation": "recommendation",
    "chapter": "chapter",
    "section": "section",
    "item": "item",
    "document": "document",
    "resolution": "resolution",
    "decision": "decision",
    "draft-resolution": "draft-resolution",
    "draft-decision": "draft-decision",
    "officer": "officer",
    "annex": "annex",
    "table": "table",
}
PLURALS = {"paragraphs": "paragraph", "paras": "para", "recommendations": "recommendation",
           "chapters": "chapter", "sections": "section", "items": "item",
           "documents": "document", "para.": "para", "paras.": "para",
           "resolutions": "resolution", "decisions": "decision",
           "draft-resolutions": "draft-resolution", "draft-decisions": "draft-decision",
           "officers": "officer", "annexes": "annex", "tables": "table"}
# The kind a bare [[ID]] takes, by the family of its target.
DEFAULT_KIND = {family: family for family in set(KINDS.values())}


def add_session_targets(numbers: Numbers, session: model.Session) -> None:
    """Agenda items (by key) and listed documents (by id) can be cited too."""
    for order, (key, (number, _item)) in enumerate(session.agenda_items().items(), start=1):
        numbers.add(key, Target("item", number, order))
    for order, entry in enumerate(session.documentation, start=1):
        numbers.add(entry.id, Target("document", entry.symbol, order))
    for order, officer in enumerate(session.officers.people if session.officers else [],
                                    start=1):
        numbers.add(officer.id, Target("officer", officer.name, order))


@dataclass(frozen=True)
class Citation:
    """A reference as typed, where it was typed, and what it printed in this build."""

    source: str
    location: Location | None
    printed: str


def resolve(document: Document, numbers: Numbers, diagnostics: Diagnostics,
            part: str = "", *, words: Language) -> list[Citation]:
    """Replace every Ref in the document with the text it prints, or report it.

    In a draft part (``part`` is its symbol), a reference to something in
    another part adds where it is: "paragraph 3 of document …/L.1/Add.1".
    Returns what each reference printed, in document order (for the
    renumbering report). ``words`` are the document's language.
    """
    resolver = _Resolver(numbers, diagnostics, part, words)
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == "annex":
            resolver.annex = words.cited_figure(block.number)
        if isinstance(block, Table):
            block.header = [resolver.inlines(cell) for cell in block.header]
            block.rows = [[resolver.inlines(cell) for cell in row] for row in block.rows]
            block.source = resolver.inlines(block.source)
            continue
        block.text = resolver.inlines(block.text)
        if isinstance(block, Paragraph):
            for item in block.items:
                item.text = resolver.inlines(item.text)
    return resolver.citations


class _Resolver:
    def __init__(self, numbers: Numbers, diagnostics: Diagnostics, part: str,
                 words: Language):
        self.numbers = numbers
        self.words = words
        self.diagnostics = diagnostics
        self.part = part
        self.citations: list[Citation] = []
        self.annex = ""  # "II" while resolving the blocks of annex II

    def inlines(self, nodes: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Ref):
                printed = self.cite(node)
                location = node.location if isinstance(node.location, Location) else None
                self.citations.append(Citation(node.source, location, printed))
                node = Text(printed)
            elif isinstance(node, (Emph, Strong, Note)):
                node.children = self.inlines(node.children)
            if out and isinstance(node, Text) and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].value + node.value)
            else:
                out.append(node)
        return out

    def cite(self, ref: Ref) -> str:
        """The text a reference prints; on error, the reference as typed."""
        kind = PLURALS.get(ref.kind, ref.kind)
        if kind and kind not in KINDS:
            close = difflib.get_close_matches(kind, list(KINDS), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"write one of: {', '.join(KINDS)}"
            self.error(ref, f"unknown kind of reference '{ref.kind}' in {ref.source} ({hint})")
            return ref.source
        targets = [self.target(ref, node_id, kind) for node_id in ref.targets]
        found = [t for t in targets if t is not None]
        if len(found) < len(targets):
            return ref.source
        families = {t.family for t in found}
        annexes = {t.annex for t in found}
        places = {t.part for t in found}
        # One reference prints one noun, in one annex, of one document of the draft.
        for values, problem in (
                (families, f"mixes {' and '.join(sorted(families))}s"),
                (annexes, "cites places in different annexes, or in an annex and the report"),
                (places, "cites parts of different documents of the draft")):
            if len(values) > 1:
                self.error(ref, f"{ref.source} {problem}; write one reference for each")
                return ref.source
        text = self.words.cite(kind or DEFAULT_KIND[found[0].family], _labels(found, self.words),
                               several=len(found) > 1, capital=ref.capital)
        annex, elsewhere = annexes.pop(), places.pop()
        if annex and annex != self.annex:
            text = self.words.references.in_annex.format(reference=text, annex=annex)
        if elsewhere and elsewhere != self.part:
            return self.words.references.elsewhere.format(reference=text, symbol=elsewhere)
        if not annex and self.annex and found[0].family in ("paragraph", "section"):
            # From an annex, the report's own paragraph 2 is not the annex's paragraph 2.
            text = self.words.references.in_report.format(reference=text)
        return text

    def target(self, ref: Ref, node_id: str, kind: str) -> Target | None:
        candidates = self.numbers.targets.get(node_id, [])
        if kind:
            family = KINDS[kind]
            matching = [t for t in candidates if t.family == family]
            if not matching and candidates:
                found = candidates[0].family
                self.error(ref, f"'{node_id}' in {ref.source} is {_article(found)} {found}, not "
                                f"{_article(family)} {family} (write [[{found}:{node_id}]])")
                return None
            candidates = matching
        if not candidates:
            family = KINDS[kind] if kind else ""
            self.error(ref, f"nothing has the id '{node_id}' in {ref.source}"
                            f"{self.suggestion(node_id, family)} (was it deleted or renamed?)")
            return None
        if len(candidates) > 1:
            choices = " or ".join(f"[[{t.family}:{node_id}]]" for t in candidates)
            self.error(ref, f"'{node_id}' in {ref.source} is ambiguous: it names "
                            f"{_describe(candidates)}; write {choices}")
            return None
        return candidates[0]

    def suggestion(self, node_id: str, family: str) -> str:
        known = [i for i, targets in self.numbers.targets.items()
                 if not family or any(t.family == family for t in targets)]
        close = difflib.get_close_matches(node_id, known, n=1)
        return f" (did you mean '{close[0]}'?)" if close else ""

    def error(self, ref: Ref, message: str) -> None:
        location = ref.location if isinstance(ref.location, Location) else Location(None)
        self.diagnostics.error(location, message)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _describe(targets: Iterable[Target]) -> str:
    return " and ".join(f"{t.family} {t.label}" for t in targets)


def _labels(targets: list[Target], words: Language) -> str:
    """"14", "14 and 16", "14–16", "3–5 and 7": ranges collapse, the rest is a series."""
    numeric = all(t.family in ("paragraph", "recommendation", "table") for t in targets)
    if not numeric:
        return words.join_series(t.label for t in sorted(targets, key=lambda t: t.order))
    numbers = sorted({t.order for t in targets})
    parts: list[str] = []
    run: list[int] = []
    for number in numbers + [-1]:
        if run and number == run[-1] + 1:
            run.append(number)
            continue
        if len(run) >= 3:
            parts.append(words.references.range.format(first=run[0], last=run[-1]))
        else:
            parts.extend(str(n) for n in run)
        run = [number]
    return words.join_series(parts)
