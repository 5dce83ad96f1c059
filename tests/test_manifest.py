"""build/manifest.json: what CI publishes and checks."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, STEM, require_tool
from reportgen import build
from reportgen.outputs.manifest import MANIFEST_FILE, pdf_pages

SYMBOLS = ["CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/L.1", "CTOC/COP/WG.7/2017/L.1/Add.1",
           "CTOC/COP/WG.7/2017/L.1/Add.2"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("manifest")
    result = build.build([EXAMPLE], list(build.FORMATS), out, build.Options(root=ROOT))
    assert result.manifest == out / MANIFEST_FILE
    return out, json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))


def test_one_entry_per_output_in_build_order(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    _, manifest = built
    assert manifest["generator"].startswith("reportgen ")
    rows = [(o["symbol"], o["format"]) for o in manifest["outputs"]]
    assert rows == [(symbol, fmt) for symbol in SYMBOLS for fmt in build.FORMATS]
    assert build.FORMATS == ("txt", "docx", "pdf", "html")
    first = manifest["outputs"][:3]
    assert [o["path"] for o in first] == [f"{STEM}.txt", f"{STEM}.docx", f"{STEM}.pdf"]
    assert {o["language"] for o in manifest["outputs"]} == {"en"}


def test_hashes_sizes_and_pages_are_those_of_the_files(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    out, manifest = built
    pdfinfo = require_tool("pdfinfo")
    for entry in manifest["outputs"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
        if entry["format"] == "pdf":
            info = subprocess.run([pdfinfo, str(out / entry["path"])], capture_output=True,
                                  text=True, check=True).stdout
            pages = next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:"))
            assert entry["pages"] == int(pages) > 0
        else:
            assert entry["pages"] is None  # Word lays a DOCX out; a TXT has no pages


def test_sources_name_the_session_and_every_template_relative_to_the_project(
        built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    _, manifest = built
    by_format = {o["format"]: o for o in manifest["outputs"] if o["symbol"] == SYMBOLS[0]}
    session = "meetings/ctoc-cop-wg7-2017/session.yaml"
    for entry in by_format.values():
        assert entry["session"] == session
        assert entry["sources"][0] == session
        assert "templates/report.j2" in entry["sources"]
        assert "templates/sentences/meeting-opened.j2" in entry["sources"]
        assert "templates/languages/en.toml" in entry["sources"]  # the words it printed
        assert all(not s.startswith("/") for s in entry["sources"])
    assert "templates/reference-docx/word/styles.xml" in by_format["docx"]["sources"]
    assert "templates/report.typ" not in by_format["docx"]["sources"]
    pdf = by_format["pdf"]["sources"]
    assert "templates/report.typ" in pdf and "templates/assets/un-emblem.jpg" in pdf
    # The bundled fonts: src/reportgen/fonts/… in a checkout, reportgen:fonts/… installed.
    assert any(s.endswith("fonts/LiberationSerif-Regular.ttf") for s in pdf)
    assert not any("reference-docx" in s for s in by_format["txt"]["sources"] + pdf)


def test_a_no_op_build_leaves_the_manifest_as_it_was(built: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    out, manifest = built
    path = out / MANIFEST_FILE
    stamp = path.stat().st_mtime_ns
    result = build.build([EXAMPLE], list(build.FORMATS), out, build.Options(root=ROOT))
    assert result.written == []
    assert json.loads(path.read_text(encoding="utf-8")) == manifest
    assert path.stat().st_mtime_ns == stamp


def test_a_build_of_some_formats_lists_those(tmp_path: Path) -> None:
    build.build([EXAMPLE], ["docx"], tmp_path, build.Options(root=ROOT))
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert [o["format"] for o in manifest["outputs"]] == ["docx"] * 4


def test_page_count_of_a_pdf() -> None:
    one_page = (b"%PDF-1.4\n1 0 obj<</Type /Pages /Kids [2 0 R] /Count 1>>endobj\n"
                b"2 0 obj<</Type /Page /Parent 1 0 R>>endobj\n%%EOF")
    assert pdf_pages(one_page) == 1
    assert pdf_pages(b"%PDF-1.4\nnot a page tree") is None
    # The count before the type, page trees within the root, and no tree at all.
    assert pdf_pages(b"1 0 obj<</Count 7 /Kids [2 0 R] /Type /Pages>>endobj") == 7
    assert pdf_pages(b"<</Type /Pages /Count 9>> <</Type /Pages /Count 4>>") == 9
    assert pdf_pages(b"<</Type /Page>> <</Type /Page /Parent 1 0 R>>") == 2


def test_sources_are_named_below_each_root_as_given(tmp_path: Path) -> None:
    from reportgen import PACKAGE_DIR
    from reportgen.outputs.manifest import _Names
    from reportgen.pipeline.templates import builtin_dir

    builtin = builtin_dir().resolve()
    sources = [tmp_path / "a" / "session.yaml", builtin / "report.j2",
               PACKAGE_DIR / "fonts" / "ReportgenSerif-Regular.ttf", Path("/elsewhere/x.j2")]
    # The folders are found once per root: a second root names its own files, not the
    # first one's.
    assert _Names(tmp_path / "a").all(sources) == [
        "session.yaml", "reportgen:templates/report.j2",
        "reportgen:fonts/ReportgenSerif-Regular.ttf", "/elsewhere/x.j2"]
    assert _Names(tmp_path).all(sources)[0] == "a/session.yaml"
    assert _Names(tmp_path)(sources[1]) == "reportgen:templates/report.j2"
    # A project inside the package (a checkout's own meetings) names its files from the
    # project first.
    assert _Names(builtin.parent)(sources[1]) == "templates/report.j2"
