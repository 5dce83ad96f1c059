"""Accepting and rejecting every tracked change of a DOCX, as Word's "Accept All" and
"Reject All" do, and the paragraphs of a DOCX (style and text) to compare the results."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def part(docx: bytes, name: str = "word/document.xml") -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return ET.fromstring(archive.read(name))


def resolve(root: ET.Element, accept: bool) -> ET.Element:
    """``root`` with every revision accepted (``accept``) or rejected, in place."""
    keep, drop = ("ins", "del") if accept else ("del", "ins")
    _drop_and_unwrap(root, q(drop), q(keep))
    if not accept:
        for text in root.iter(q("delText")):
            text.tag = q("t")
    _resolve_rows(root, keep, drop)
    _resolve_paragraph_marks(root, keep, drop)
    return root


def _drop_and_unwrap(root: ET.Element, dropped: str, kept: str) -> None:
    """Run-level revisions: the dropped ones removed, the kept ones unwrapped (paragraph
    marks and rows, which sit in w:rPr and w:trPr, are left for later)."""
    for parent in list(root.iter()):
        if parent.tag in (q("rPr"), q("trPr")):
            continue
        children = list(parent)
        new_children = []
        for child in children:
            if child.tag == dropped:
                continue
            if child.tag == kept:
                new_children += list(child)
            else:
                new_children.append(child)
        if new_children != children:
            for child in children:
                parent.remove(child)
            parent.extend(new_children)


def _resolve_rows(root: ET.Element, keep: str, drop: str) -> None:
    for table in list(root.iter(q("tbl"))):
        for row in table.findall(q("tr")):
            properties = row.find(q("trPr"))
            if properties is None:
                continue
            if properties.find(q(drop)) is not None:
                table.remove(row)
            for mark in properties.findall(q(keep)):
                properties.remove(mark)
    for parent in list(root.iter()):
        for table in parent.findall(q("tbl")):
            if table.find(q("tr")) is None:
                parent.remove(table)


def _resolve_paragraph_marks(root: ET.Element, keep: str, drop: str) -> None:
    """A paragraph whose mark is dropped joins the next one; kept marks are cleared."""
    for parent in list(root.iter()):
        paragraphs = parent.findall(q("p"))
        for paragraph in paragraphs:
            marks = paragraph.find(f"{q('pPr')}/{q('rPr')}")
            if marks is None:
                continue
            for mark in marks.findall(q(keep)):
                marks.remove(mark)
            if marks.find(q(drop)) is None:
                continue
            children = list(parent)
            following = children[children.index(paragraph) + 1:]
            successor = next((c for c in following if c.tag == q("p")), None)
            content = [c for c in paragraph if c.tag != q("pPr")]
            if successor is not None:
                at = 1 if successor.find(q("pPr")) is not None else 0
                for offset, child in enumerate(content):
                    successor.insert(at + offset, child)
            parent.remove(paragraph)


def paragraphs(root: ET.Element) -> list[tuple[str, str]]:
    """Each paragraph of the body, tables included, as (style, text with tabs)."""
    out = []
    for paragraph in root.iter(q("p")):
        style = paragraph.find(f"{q('pPr')}/{q('pStyle')}")
        out.append((style.get(q("val"), "") if style is not None else "", _text(paragraph)))
    return out


def _text(paragraph: ET.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag in (q("t"), q("delText")):
            parts.append(node.text or "")
        elif node.tag == q("tab") and node.get(q("val")) is None:
            parts.append("\t")
    return "".join(parts)


def revision_count(root: ET.Element) -> int:
    return sum(1 for node in root.iter() if node.tag in (q("ins"), q("del")))
