"""The draft report: the session's chapters spread over L.1 and its addenda.

During a meeting the secretariat issues the draft report in Limited documents:
``…/L.1`` and ``…/L.1/Add.1``, ``Add.2`` …, each carrying some chapters, as the
session's ``draft`` says. Each part is its own document, so its paragraphs are
numbered from 1, as in the parts the UN issues; chapters keep the numbers they
have in the whole report (the parts are chapters of one report, and the
consolidated final report keeps that order), and so do recommendations, which
resolutions cite by number.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from reportgen.errors import Diagnostics
from reportgen.pipeline import barcodes, model, symbols
from reportgen.pipeline.language import Language
from reportgen.pipeline.tree import Block, Document, Heading, Masthead, plain_text


def check_chapters(session: model.Session, document: Document,
                   diagnostics: Diagnostics) -> None:
    """Every chapter of the report is in exactly one part, and nothing else is named."""
    draft = session.draft
    if draft is None:
        return
    headings = [b for b in document.blocks
                if isinstance(b, Heading) and b.level in ("chapter", "annex")]
    for heading in headings:
        if not heading.id:
            what, where = ("annex", "annexes") if heading.level == "annex" \
                else ("chapter", "chapters")
            diagnostics.error(draft.at("parts"), f"the {what} '{plain_text(heading.text)}' "
                              f"has no id, so no part of the draft can carry it: give it an "
                              f"'id' in '{where}'")
    chapters = [b.id for b in headings if b.id]
    for part in draft.parts:
        listed = [chapters.index(c) for c in part.chapters if c in chapters]
        if listed != sorted(listed):
            diagnostics.error(part.at("chapters"), "the chapters of a part are printed in the "
                              "report's order: list them so ("
                              + ", ".join(chapters[i] for i in sorted(listed)) + ")")
    placed: dict[str, model.DraftPart] = {}
    for part in draft.parts:
        for chapter in part.chapters:
            if chapter not in chapters:
                diagnostics.error(part.at("chapters"),
                                  f"no chapter or annex has the id '{chapter}' (those of "
                                  f"this report are: {', '.join(chapters)})")
            elif chapter in placed:
                diagnostics.error(part.at("chapters"),
                                  f"chapter '{chapter}' is already in another part "
                                  f"(at {placed[chapter].loc}); put it in one part only")
            placed.setdefault(chapter, part)
    missing = [c for c in chapters if c not in placed]
    if missing:
        diagnostics.error(draft.at("parts"), "these chapters or annexes are in no part of "
                                             "the draft: "
                                             + ", ".join(missing))


def part_symbols(draft: model.Draft) -> list[str]:
    """L.1 for the first part, then L.1/Add.1, L.1/Add.2 …"""
    return [draft.symbol] + [symbols.addendum(draft.symbol, n)
                             for n in range(1, len(draft.parts))]


def split(session: model.Session, final: Document, *, words: Language) -> list[Document]:
    """The draft parts, cut from the numbered final document.

    Chapter and recommendation numbers are carried over from ``final`` (the
    numbering stage recorded them on the headings); numbering each part then
    numbers its paragraphs from 1. ``words`` are the document's language: the
    parts' titles and distribution.
    """
    draft = session.draft
    if draft is None:
        return []
    by_chapter = _blocks_by_chapter(final)
    parts = []
    for index, (part, symbol) in enumerate(zip(draft.parts, part_symbols(draft), strict=True)):
        blocks: list[Block] = []
        for chapter in part.chapters:
            blocks += copy.deepcopy(by_chapter.get(chapter, []))
        parts.append(Document(masthead=_masthead(session, final.masthead, symbol, part,
                                                 words, addendum=index > 0), blocks=blocks))
    return parts


def _blocks_by_chapter(document: Document) -> dict[str, list[Block]]:
    groups: dict[str, list[Block]] = {}
    current: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level in ("chapter", "annex"):
            current = groups.setdefault(block.id or "", [])
        current.append(block)
    return groups


def _masthead(session: model.Session, final: Masthead, symbol: str, part: model.DraftPart,
              words: Language, addendum: bool) -> Masthead:
    """The masthead of one part: Limited, its own symbol, date and job number."""
    meeting = session.meeting
    draft = session.draft
    assert draft is not None
    return replace(
        final,
        symbol=symbol,
        distribution=words.distribution.limited,
        distribution_line=words.distribution_line(words.distribution.limited),
        date=words.masthead_date(draft.date),
        issued=draft.date.isoformat(),
        title=words.draft.title,
        subtitle=words.draft.addendum if addendum else "",
        # The draft keeps the body and session line that the final report drops.
        body_line=meeting.body + "\n" + words.draft.session.format(
            venue=meeting.venue, dates=words.dates_in_brief(meeting.start, meeting.end)),
        job_number=part.job_number,
        barcode_digits=barcodes.barcode_digits(part.job_number) if part.job_number else "",
        release_stamps=[draft.date.strftime("%d%m%y")],
        qr_url=barcodes.undocs_url(symbol),
    )
