"""The JSON typst reads is made of each block's text, kept by the block's content
(``writers.pdf._kept_block``, keyed by ``tree.block_key``): it is byte for byte
``json.dumps(typst_data(...), ensure_ascii=False)``, and what is kept never shows an
old text, number or label."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE
from reportgen.errors import Diagnostics
from reportgen.pipeline import tree
from reportgen.pipeline.prepare import prepare
from reportgen.pipeline.tree import Document, Heading, ListItem, Paragraph, Table, Text
from reportgen.util.kept import Kept
from reportgen.writers import pdf
from test_project_build import _gensession  # benchmarks/gensession.py, as a module


def _documents(path: Path) -> list[tuple[Document, Path]]:
    prepared = prepare(path, Diagnostics())
    assert prepared is not None
    template = prepared.templates.find(pdf.TEMPLATE).resolve()
    return [(document, template) for document in prepared.documents]


def _given_to_typst(monkeypatch: pytest.MonkeyPatch, document: Document,
                    template: Path) -> str:
    """The document text ``render_pdf`` hands typst (typst itself not run)."""
    given: list[str] = []

    def compile_call(_call: Any, _template: Path, options: dict[str, Any]) -> Any:
        given.append(options["sys_inputs"]["document"])
        return b"%PDF-1.7", []

    monkeypatch.setattr(pdf, "_interruptible", compile_call)
    pdf.render_pdf(document, template, [pdf.bundled_font_dir()])
    (text,) = given
    return text


@pytest.fixture
def generated(tmp_path: Path) -> Iterator[Path]:
    session = tmp_path / "generated" / "session.yaml"
    session.parent.mkdir()
    session.write_text(_gensession().generate(350), encoding="utf-8")
    yield session


def test_the_text_typst_reads_is_json_dumps_of_typst_data(
        monkeypatch: pytest.MonkeyPatch, generated: Path) -> None:
    latin = pdf._covered(tuple(pdf.font_faces([pdf.bundled_font_dir()])))
    for session in (EXAMPLE, generated):
        for document, template in _documents(session):
            expected = json.dumps(pdf.typst_data(document, template), ensure_ascii=False)
            for _ in range(2):  # made, then from the texts kept
                assert _given_to_typst(monkeypatch, document, template) == expected
            tree_text = json.dumps(tree.to_json(document), ensure_ascii=False)
            parts = pdf.tree_json(document)
            assert parts.text() == tree_text
            assert pdf.document_digest(document) == parts.digest()
            for have in (latin, frozenset(c for c in latin if c > 0x7F)):
                assert parts.characters(have) == pdf._characters(tree_text, have)


def test_an_edit_and_a_renumbering_show_in_the_text_kept_blocks_give(
        monkeypatch: pytest.MonkeyPatch, generated: Path) -> None:
    document, template = _documents(generated)[0]
    pdf.tree_json(document).text()  # every block's text kept
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph) and b.number]
    edited, renumbered = paragraphs[5], paragraphs[9]
    first = next(n for n in edited.text if isinstance(n, Text))
    first.value = f"{first.value} an edit"
    renumbered.number = "999."
    heading = next(b for b in document.blocks if isinstance(b, Heading) and b.label)
    heading.label = "XLII."
    text = _given_to_typst(monkeypatch, document, template)
    assert text == json.dumps(pdf.typst_data(document, template), ensure_ascii=False)
    assert f"{json.dumps(first.value, ensure_ascii=False)[:-1]}" in text
    assert '"number": "999."' in text and '"label": "XLII."' in text


def _block_text(block: tree.Block) -> str:
    return pdf._kept_block(block).text


def _samples() -> list[tree.Block]:
    inlines: list[tree.Inline] = [Text("a"), tree.Emph([Text("b"), tree.Strong([Text("c")])]),
                                  tree.Note([Text("d")])]
    return [
        Heading("section", list(inlines), label="A.", original="[Original: French]"),
        Paragraph(list(inlines), number="1.",
                  items=[ListItem([Text("e")], depth=1, label="(a)")]),
        Table(header=[[Text("h")]], rows=[[[Text("r")], [tree.Emph([Text("s")])]]],
              widths=[0.5, 0.5], align=["left", "right"], title=[Text("t")],
              source=[Text("u")], label="Table 1"),
    ]


def _changes(value: Any) -> list[Any]:
    """Other values of a field's kind, and for a list each one with one part changed."""
    if isinstance(value, str):
        return [value + "x", ""]
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, (int, float)):
        return [value + 1, float(value) + 0.25, True]
    if isinstance(value, list):
        changed = [value[:-1], [*value, copy.deepcopy(value[-1])]] if value else [[Text("n")]]
        for index, item in enumerate(value):
            for other in _changes(item):
                changed.append([*value[:index], other, *value[index + 1:]])
        return changed
    if dataclasses.is_dataclass(value):
        return [dataclasses.replace(value, **{f.name: other})
                for f in dataclasses.fields(value)
                for other in _changes(getattr(value, f.name))]
    return []


@pytest.mark.parametrize("block", _samples(), ids=lambda b: type(b).__name__)
def test_every_change_to_a_block_s_json_changes_its_key(block: tree.Block) -> None:
    """Whatever field ``block_to_json`` reads, down to a footnote's text or a table's
    width (1 is not 1.0 in JSON), changes ``block_key`` when it changes the JSON."""
    seen = 0
    for other in _changes(block):
        if tree.block_to_json(other) != tree.block_to_json(block) or json.dumps(
                tree.block_to_json(other)) != json.dumps(tree.block_to_json(block)):
            assert tree.block_key(other) != tree.block_key(block), other
            assert _block_text(other) == json.dumps(tree.block_to_json(other),
                                                        ensure_ascii=False)
            seen += 1
    assert seen > 10


def test_numbers_equal_in_python_but_not_in_json_are_other_keys() -> None:
    table = Table(header=[], rows=[], widths=[1.0, 0.0], align=["left", "left"])
    as_ints = dataclasses.replace(table, widths=[1, 0])
    assert _block_text(table) != _block_text(as_ints)
    assert '"widths": [1, 0]' in _block_text(as_ints)
    item = Paragraph([Text("a")], items=[ListItem([Text("b")], depth=1)])
    as_bool = Paragraph([Text("a")], items=[ListItem([Text("b")], depth=True)])
    assert _block_text(item) != _block_text(as_bool)


def test_the_blocks_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "_KEPT_BLOCKS", Kept(limit=4))
    blocks = [Paragraph([Text(f"paragraph {n}")], number=f"{n}.") for n in range(10)]
    for _ in range(2):
        for block in blocks:
            assert _block_text(block) == json.dumps(tree.block_to_json(block),
                                                        ensure_ascii=False)
            assert len(pdf._KEPT_BLOCKS) <= 4


def test_the_pdf_s_document_digest_follows_its_json() -> None:
    masthead = tree.Masthead(symbol="A/1", distribution="General", date="1 May 2026",
                        original_language="English", organ="Organ", title="Title")
    document = Document(masthead, [Paragraph([Text("Words.")], number="1.")])
    digest = pdf.document_digest(document)
    document.blocks[0].id = "a-name"  # type: ignore[union-attr]  # not in the JSON
    assert pdf.document_digest(document) == digest
    document.blocks[0].text = [Text("Other words.")]
    changed = pdf.document_digest(document)
    assert changed != digest
    document.masthead.issued = "2026-05-01"  # the PDF's timestamp
    assert pdf.document_digest(document) != changed
    changed = pdf.document_digest(document)
    document.blocks.append(Paragraph([Text("More.")], number="2."))
    appended = pdf.document_digest(document)
    document.blocks.reverse()
    assert len({changed, appended, pdf.document_digest(document)}) == 3
    kept = pdf._kept_block(document.blocks[0])
    assert kept.digest == hashlib.sha256(kept.text.encode("utf-8")).digest()
