"""The .docx's zip archive (writers/docx_zip): what zipfile reads back, the same bytes
for the same parts, and a changed stretch never taken from what was kept."""

from __future__ import annotations

import io
import zipfile

from reportgen.util.kept import Kept
from reportgen.writers import docx_zip


def _paragraphs(count: int, changed: int = -1) -> bytes:
    return b"<w:body>" + b"".join(
        b"<w:p><w:r><w:t>%s %d</w:t></w:r></w:p>" % (b"new" if i == changed else b"old", i)
        for i in range(count)) + b"<w:sectPr/></w:body>"


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_archive_reads_back_content_types_first_and_the_rest_sorted() -> None:
    parts = {"word/document.xml": _paragraphs(300), "[Content_Types].xml": b"<Types/>",
             "_rels/.rels": b"", "word/media/qr.png": bytes(range(256)) * 40}
    data = docx_zip.archive(parts)
    assert list(_read(data)) == ["[Content_Types].xml", "_rels/.rels", "word/document.xml",
                                 "word/media/qr.png"]
    assert _read(data) == parts
    assert docx_zip.archive(dict(reversed(parts.items()))) == data


def test_stretches_cut_at_paragraph_ends_and_join_to_the_part() -> None:
    for count in (0, 1, docx_zip.PARAGRAPHS_A_STRETCH - 1, docx_zip.PARAGRAPHS_A_STRETCH,
                  docx_zip.PARAGRAPHS_A_STRETCH * 3 + 1):
        part = _paragraphs(count)
        stretches = docx_zip._stretches(part)
        assert b"".join(stretches) == part
        assert all(stretch.endswith(b"</w:p>") for stretch in stretches[:-1])


def test_an_edited_paragraph_is_read_back_new_and_the_old_one_again_old() -> None:
    """The kept compressed stretches are those of the bytes: every edit shows."""
    size = docx_zip.PARAGRAPHS_A_STRETCH * 5
    for changed in (-1, 3, size // 2, size - 1, -1):
        part = _paragraphs(size, changed)
        assert _read(docx_zip.archive({"word/document.xml": part}))["word/document.xml"] == part


def test_the_kept_values_are_bounded_the_least_recently_used_forgotten_first() -> None:
    kept: Kept[str] = Kept(limit=2)
    kept.keep("a", "A")
    kept.keep("b", "B")
    assert kept.find("a") == "A"  # now the most recently used
    kept.keep("c", "C")
    assert (kept.find("a"), kept.find("b"), kept.find("c"), len(kept)) == ("A", None, "C", 2)
