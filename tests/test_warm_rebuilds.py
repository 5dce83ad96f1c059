"""A process that stays loaded (``reportgen watch``): what it keeps between rebuilds
never hides a change.

typst's warm root links the template's folders and copies the files beside the
template (``writers.pdf._mirror``); the images' numbers are written to JSON once per
content (``Numbers``); the missing-glyph check reads the document's JSON text; the
template set's files and hashes are kept while their statuses hold
(``outputs.cache.set_files``). Each is checked here against what changes under it: a
file of the template folder, an image, a character that an edit brings in, a template.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from conftest import EXAMPLE, ROOT, STEM
from reportgen import build
from reportgen.config import Settings
from reportgen.errors import ToolError
from reportgen.outputs import cache
from reportgen.pipeline.templates import TemplateSet, builtin_dir
from reportgen.tools.watch import Watcher, stay_warm
from reportgen.util import filememo
from reportgen.util.digests import sha256
from reportgen.writers import pdf

OLD = "aware of their responsibilities"


@pytest.fixture
def warm() -> Iterator[None]:
    stay_warm()
    try:
        yield
    finally:
        stay_warm(False)


def _text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _watched(project: Path) -> Watcher:
    """A watcher of ``project`` (PDF only) after its first build."""
    watcher = Watcher([project], Settings(formats=["pdf"], out=project / "build",
                                          root=project), ["pdf"])
    first = watcher.rebuild()
    assert not first.failed and first.warnings == [], first.problems + first.warnings
    return watcher


# ------------------------------------------------------- glyphs an edit brings in


def test_a_character_an_edit_brings_in_that_no_font_has_is_reported(
        tmp_path: Path, warm: None) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE.parent, project / "wg7")
    watcher = _watched(project)
    session = project / "wg7" / "session.yaml"
    _replace(session, OLD, f"{OLD} 中")
    edited = watcher.rebuild()
    assert edited.rebuilt == ["CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/L.1/Add.1"]
    # One warning for each document the edit reached (shown once per text), at the template.
    assert len(edited.warnings) == 1, edited.warnings
    where, message = edited.warnings[0].split(": warning: ")
    assert Path(where).resolve() == ROOT / "templates" / "report.typ"
    assert message.startswith("typst: font substituted: Liberation Serif / Reportgen Serif "
                              "has no glyph for '中' (U+4E2D); ")
    # Put back, the warning goes with it.
    _replace(session, f"{OLD} 中", OLD)
    fixed = watcher.rebuild()
    assert fixed.rebuilt and fixed.warnings == []


def test_the_characters_read_off_the_json_are_those_of_its_strings() -> None:
    """Escaped control characters, quotes, backslashes, a no-break space, a character
    outside the BMP and a lone surrogate: the same characters are found missing as by
    reading every string, with fonts that have ASCII and with fonts that do not. (The
    check reads the tree's JSON: the part of codes and images, not text, is not in it.)"""
    strings = ['a "quoted" \\ back\\slash', "bell\x07 tab\t del\x7f nbsp\u00a0",
               "\x1b escape, 中文, 😀, \udcff", "\\u0041 typed, not an escape"]
    data = {"masthead": {"title": strings[0]},
            "blocks": [{"text": [{"text": s}]} for s in strings[1:]]}
    text = json.dumps(data, ensure_ascii=False)
    faces = pdf.font_faces([pdf.bundled_font_dir()])
    latin = pdf._covered(tuple(faces))
    no_ascii = frozenset(c for c in latin if c > 0x7F)
    for have in (latin, no_ascii):
        walked = {c for s in strings for c in s if not c.isspace() and ord(c) not in have}
        read = {c for c in pdf._characters(text, have)
                if not c.isspace() and ord(c) not in have}
        assert read == walked
    assert {c for c in pdf._characters(text, latin)
            if not c.isspace() and ord(c) not in latin} == {
        "\x07", "\x7f", "\x1b", "中", "文", "😀", "\udcff"}


def test_the_json_of_data_with_image_numbers_is_that_of_json_dumps() -> None:
    data = {"masthead": {"title": "Title"}, "blocks": [],
            "pdf": {"barcode": "10110",
                    "images": {"emblem": {"format": "png", "data": pdf.Numbers(b"\x89PNG")}}}}
    assert pdf.document_json(data) == json.dumps(data, ensure_ascii=False)


# ---------------------------------------------------------------- the images


# A template written before the images could be given apart reads them in the document.
APART = ('#let images = if "images-file" in sys.inputs { json(sys.inputs.at("images-file")) }'
         ' else {\n  extra.at("images", default: (:))\n}\n')
IN_THE_DOCUMENT = """#let images = extra.at("images", default: (:))
"""


@pytest.mark.parametrize("apart", [True, False], ids=["images-file", "in-the-document"])
def test_an_image_changed_while_watching_is_drawn_and_matches_a_one_off_build(
        tmp_path: Path, warm: None, apart: bool) -> None:
    from PIL import Image

    project = tmp_path / "project"
    shutil.copytree(EXAMPLE.parent, project / "wg7")
    # The images are taken from beside the template: the project has its own.
    assets = project / "templates" / "assets"
    assets.mkdir(parents=True)
    template = (ROOT / "templates" / "report.typ").read_text(encoding="utf-8")
    assert APART in template
    (project / "templates" / "report.typ").write_text(
        template if apart else template.replace(APART, IN_THE_DOCUMENT), encoding="utf-8")
    emblem = assets / "un-emblem.jpg"
    shutil.copy(ROOT / "templates" / "assets" / "un-emblem.jpg", emblem)
    watcher = _watched(project)
    before = (project / "build" / f"{STEM}.pdf").read_bytes()
    picture = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(picture, "JPEG")
    emblem.write_bytes(picture.getvalue())
    changed = watcher.rebuild()
    assert "CTOC/COP/WG.7/2017/5" in changed.rebuilt
    after = (project / "build" / f"{STEM}.pdf").read_bytes()
    assert picture.getvalue() in after and picture.getvalue() not in before
    root = next(iter(pdf._warm.compilers.values()))[0] if pdf._warm else None
    assert root is not None and (root / "images.json").is_file() is apart
    assert ('"images": ' in (root / "document.json").read_text(encoding="utf-8")) is not apart
    stay_warm(False)
    build.build([project], ["pdf"], tmp_path / "cold")
    assert (tmp_path / "cold" / f"{STEM}.pdf").read_bytes() == after


# ------------------------------------------------------- the template's folder

TEMPLATE = """#let doc = if "document-file" in sys.inputs {
  json(sys.inputs.at("document-file"))
} else { json(bytes(sys.inputs.document)) }
#import "parts/words.typ": word
#set text(font: "Reportgen Serif")
#word #doc.masthead.symbol #read("beside.txt")
"""


def _template(folder: Path) -> Path:
    """A template that reads a file in a folder of its own and one beside it."""
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "words.typ").write_text("#let word = [first]\n", encoding="utf-8")
    (folder / "beside.txt").write_text("one", encoding="utf-8")
    template = folder / "report.typ"
    template.write_text(TEMPLATE, encoding="utf-8")
    return template


def _compiled(template: Path) -> str:
    document = build.check([EXAMPLE])[0][0].document
    data, warnings = pdf.render_pdf(document, template, [pdf.bundled_font_dir()])
    assert warnings == []
    return " ".join(_text(data).split())


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("links", [True, False], ids=["linked", "copied"])
def test_a_warm_compile_reads_the_template_folder_as_it_is_now(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool) -> None:
    """Every change below the template's folder shows at the next compile, whether its
    folders are linked or (where links cannot be made) copied, and the template's
    folder is never written to."""
    if not links:
        def refused(*_args: object, **_kwargs: object) -> None:
            raise OSError("symbolic links are not allowed here")
        monkeypatch.setattr(os, "symlink", refused)
    template = _template(tmp_path / "templates")
    pdf.keep_compilers_warm()
    try:
        assert _compiled(template) == "first CTOC/COP/WG.7/2017/5 one"
        (tmp_path / "templates" / "parts" / "words.typ").write_text(
            "#let word = [second]\n", encoding="utf-8")
        (tmp_path / "templates" / "beside.txt").write_text("two", encoding="utf-8")
        filememo.forget()
        assert _compiled(template) == "second CTOC/COP/WG.7/2017/5 two"
        root = next(iter(pdf._warm.compilers.values()))[0] if pdf._warm else None
        assert root is not None and (root / "parts").is_symlink() is links
        # A folder gone from the template's is gone from typst's root too.
        kept = _files(tmp_path / "templates")
        shutil.rmtree(tmp_path / "templates" / "parts")
        with pytest.raises(ToolError) as failed:
            _compiled(template)
        assert "parts/words.typ" in failed.value.stderr
        (tmp_path / "templates" / "parts").mkdir()
        (tmp_path / "templates" / "parts" / "words.typ").write_bytes(
            kept["parts/words.typ"])
        assert _compiled(template) == "second CTOC/COP/WG.7/2017/5 two"
        assert _files(tmp_path / "templates") == kept
    finally:
        pdf.keep_compilers_warm(False)


# ------------------------------------------------------- the template set's hashes


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files written by the test count as old enough to be kept (see filememo)."""
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0)
    filememo.forget()
    cache._kept_sets.clear()
    yield
    filememo.forget()
    cache._kept_sets.clear()


def _hashes(templates: TemplateSet) -> dict[str, str]:
    return cache.InputHasher().template_files(templates)  # a new build's hasher


@pytest.mark.usefixtures("settled")
def test_the_kept_hashes_of_a_template_set_follow_every_change(tmp_path: Path) -> None:
    own = tmp_path / "templates"
    (own / "sentences").mkdir(parents=True)
    sentence = own / "sentences" / "meeting-opened.j2"
    sentence.write_text("one", encoding="utf-8")
    templates = TemplateSet((own, builtin_dir()))
    first = _hashes(templates)
    assert _hashes(templates) is first  # kept: nothing changed
    label = "project:sentences/meeting-opened.j2"
    assert first[label] == sha256(b"one")
    # The same size, its time of change put back: its status still differs.
    stamp = os.stat(sentence)
    sentence.write_text("two", encoding="utf-8")
    os.utime(sentence, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert _hashes(templates)[label] == sha256(b"two")
    # A file added, then removed: listed, then gone.
    (own / "extra.j2").write_text("x", encoding="utf-8")
    assert "project:extra.j2" in _hashes(templates)
    (own / "extra.j2").unlink()
    assert "project:extra.j2" not in _hashes(templates)
    # Removed from the project, the built-in file of the same name counts instead.
    sentence.unlink()
    hashes = _hashes(templates)
    assert label not in hashes and "builtin:sentences/meeting-opened.j2" in hashes
    assert cache.InputHasher().composing_files(templates) == [
        p for p in cache.set_files(templates, filememo.digest).files
        if p.name.endswith(".j2") or p.parent.name == "languages"]


def test_a_set_with_a_file_changed_in_the_last_seconds_is_hashed_again_next_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    report = own / "report.j2"
    report.write_text("one", encoding="utf-8")
    filememo.forget()
    cache._kept_sets.clear()
    templates = TemplateSet((own, builtin_dir()))
    first = cache.set_files(templates, filememo.digest)
    assert first.digests["project:report.j2"] == sha256(b"one")
    # Its status is not trusted yet: nothing of the file, nor of the set, is kept.
    assert first.statuses[first.files.index(report)] is None
    assert cache.set_files(templates, filememo.digest) is not first
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0)  # now old enough
    second = cache.set_files(templates, filememo.digest)
    assert cache.set_files(templates, filememo.digest) is second
    # The statuses kept are those the digests were taken with: the files' as they are.
    assert second.statuses == [filememo.status(path) for path in second.files]
    filememo.forget()
    cache._kept_sets.clear()


@pytest.mark.usefixtures("settled")
def test_a_sentence_edited_between_two_builds_of_one_process_changes_the_report(
        tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE.parent, project / "wg7")
    sentences = project / "templates" / "sentences"
    sentences.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "sentences" / "meeting-opened.j2", sentences)
    out = project / "build"
    build.build([project], ["txt"], out)
    report = out / f"{STEM}.txt"
    assert "was opened by" in report.read_text(encoding="utf-8")
    sentence = sentences / "meeting-opened.j2"
    sentence.write_text(sentence.read_text(encoding="utf-8").replace(
        "was opened by", "was declared open by"), encoding="utf-8")
    second = build.build([project], ["txt"], out)
    assert "CTOC/COP/WG.7/2017/5" in second.rebuilt
    assert "was declared open by" in report.read_text(encoding="utf-8")
