"""How the DOCX writer runs pandoc: the bundled binary with a smaller starting heap, which
changes no byte of the DOCX; any other pandoc exactly as it is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLE
from reportgen.errors import Diagnostics
from reportgen.pipeline.prepare import prepare
from reportgen.writers import docx

SOURCE, TARGET, REFERENCE = Path("in.json"), Path("out.docx"), Path("reference.docx")


def _bundled() -> Path:
    bundled = docx._bundled_pandoc()
    assert bundled is not None, "pypandoc-binary's pandoc is installed with reportgen"
    return bundled


def test_the_bundled_pandoc_is_given_its_runtime_options(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    monkeypatch.delenv("REPORTGEN_PANDOC", raising=False)
    assert docx.pandoc_command(SOURCE, TARGET, REFERENCE) == [
        str(_bundled()), "+RTS", "-H8m", "-O64m", "-RTS", "--from=json", "--to=docx",
        "--reference-doc=reference.docx", "--output=out.docx", "in.json"]


def test_another_pandoc_is_run_without_runtime_options(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    # The same binary by another name: a site's own build might refuse the options.
    other = tmp_path / "pandoc"
    other.symlink_to(_bundled())
    monkeypatch.setenv("REPORTGEN_PANDOC", str(other))
    assert docx.pandoc_command(SOURCE, TARGET, REFERENCE) == [
        str(other), "--from=json", "--to=docx", "--reference-doc=reference.docx",
        "--output=out.docx", "in.json"]


def test_the_bundled_pandoc_accepts_the_options() -> None:
    ran = subprocess.run([str(_bundled()), *docx.BUNDLED_RUNTIME_OPTIONS, "--version"],
                         capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("pandoc ")


def test_the_runtime_options_change_no_byte_of_the_docx(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.delenv("REPORTGEN_PANDOC", raising=False)
    prepared = prepare(EXAMPLE, Diagnostics())
    assert prepared is not None
    document, reference = prepared.documents[0], prepared.templates.find(docx.REFERENCE)
    tuned = docx.render_docx(document, reference)
    monkeypatch.setattr(docx, "BUNDLED_RUNTIME_OPTIONS", ())
    assert docx.pandoc_command(SOURCE, TARGET, REFERENCE)[1] == "--from=json"
    assert docx.render_docx(document, reference) == tuned
