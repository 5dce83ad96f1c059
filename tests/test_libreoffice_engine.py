"""--pdf-engine libreoffice: PDFs that are LibreOffice's rendering of our own DOCX."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT, STEM, require_tool
from reportgen import build
from reportgen.errors import ToolError
from reportgen.writers import libreoffice

SYMBOLS = ["CTOC/COP/WG.7/2017/5", "CTOC/COP/WG.7/2017/L.1", "CTOC/COP/WG.7/2017/L.1/Add.1",
           "CTOC/COP/WG.7/2017/L.1/Add.2"]


@pytest.fixture()
def logged_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real soffice, behind a script that logs each start (its arguments, one line)."""
    real = require_tool("soffice")
    log = tmp_path / "soffice.log"
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(log))}\n'
                       f'exec {shlex.quote(real)} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    return log


def _text(pdf: Path) -> str:
    return subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_a_multi_document_set_is_converted_in_one_process(tmp_path: Path,
                                                          logged_soffice: Path) -> None:
    out = tmp_path / "out"
    result = build.build([EXAMPLE], ["docx", "pdf"], out,
                         build.Options(jobs=1, pdf_engine="libreoffice", root=ROOT))
    assert result.rebuilt == SYMBOLS
    starts = logged_soffice.read_text(encoding="utf-8").splitlines()
    assert len(starts) == 1, starts
    assert starts[0].count(".docx") == 4 and "-env:UserInstallation=file://" in starts[0]
    # Each PDF is the rendering of its DOCX: its symbol on page 1, its paragraphs.
    text = _text(out / f"{STEM}.pdf")
    assert "CTOC/COP/WG.7/2017/5" in text and "Distr.: General" in text
    assert "Draft report" in _text(out / "CTOC_COP_WG.7_2017_L.1.pdf")
    # The manifest gives the DOCX the page count LibreOffice laid it out in.
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    pages = {(o["symbol"], o["format"]): o["pages"] for o in manifest["outputs"]}
    assert pages[(SYMBOLS[0], "docx")] == pages[(SYMBOLS[0], "pdf")] > 1


def test_each_worker_has_its_own_soffice_and_profile_and_the_bytes_do_not_change(
        tmp_path: Path, logged_soffice: Path) -> None:
    docx = build.build([EXAMPLE], ["docx"], tmp_path / "docx", build.Options(root=ROOT))
    jobs = [libreoffice.Job(path.stem, path.read_bytes(), "2017-09-27")
            for path in docx.written]
    one = libreoffice.convert(jobs, workers=1)
    two = libreoffice.convert(jobs, workers=2)
    assert [len(b.names) for b in one.batches] == [4]
    assert sorted(len(b.names) for b in two.batches) == [2, 2]
    assert len({b.profile for b in two.batches}) == 2
    assert len(logged_soffice.read_text(encoding="utf-8").splitlines()) == 3
    # The clock, the batch and the profile leave no trace in the bytes.
    assert [hashlib.sha256(p).digest() for p in one.pdfs] == \
        [hashlib.sha256(p).digest() for p in two.pdfs]
    assert all(b"/CreationDate(D:20170927000000" in pdf for pdf in one.pdfs)


def test_a_missing_libreoffice_is_a_tool_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolError, match="LibreOffice .soffice. was not found"):
        build.build([EXAMPLE], ["pdf"], tmp_path / "out", build.Options(pdf_engine="libreoffice"))
    assert not (tmp_path / "out").exists()
