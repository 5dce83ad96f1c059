"""A failed, killed or interrupted build leaves the previous outputs as they were."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen import build
from reportgen.cli import main
from reportgen.errors import ExitCode

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"


def _digests(folder: Path) -> dict[str, str]:
    """The reports in a folder (not the build's own bookkeeping files), by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix in (".txt", ".docx", ".pdf")}


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A session built once into out/: the good outputs a failure must not touch."""
    session = tmp_path / "meeting" / "session.yaml"
    session.parent.mkdir()
    session.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    build.build([session], list(build.FORMATS), out)
    return session, out


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    return result.exit_code, result.stderr


def test_pdf_writer_failing_leaves_every_output(project: tuple[Path, Path]) -> None:
    session, out = project
    before = _digests(out)
    broken = session.parent / "templates" / "report.typ"
    broken.parent.mkdir()
    broken.write_text('#panic("the layout is broken")\n', encoding="utf-8")
    session.write_text(session.read_text(encoding="utf-8").replace("Ana Pereira", "Ana Silva"),
                       encoding="utf-8")
    code, err = _cli("build", str(session), "--out", str(out))
    assert code == ExitCode.TOOL_FAILED
    assert err.startswith("error: typst: could not lay out the PDF")
    assert "the layout is broken" in err
    assert _digests(out) == before


def test_pandoc_killed_leaves_every_output(project: tuple[Path, Path], tmp_path: Path) -> None:
    session, out = project
    before = _digests(out)
    killer = tmp_path / "pandoc"
    killer.write_text("#!/bin/sh\nkill -9 $$\n", encoding="utf-8")
    killer.chmod(0o755)
    session.write_text(session.read_text(encoding="utf-8").replace("Ana Pereira", "Ana Silva"),
                       encoding="utf-8")
    code, err = _cli("build", str(session), "--out", str(out),
                     env={"REPORTGEN_PANDOC": str(killer)})
    assert code == ExitCode.TOOL_FAILED
    assert err.splitlines()[0] == "error: pandoc: pandoc was stopped by signal 9 before it finished"
    assert _digests(out) == before


def test_missing_pandoc_is_one_clear_line(project: tuple[Path, Path]) -> None:
    session, out = project
    code, err = _cli("build", str(session), "--to", "docx", "--out", str(out),
                     env={"REPORTGEN_PANDOC": "/nonexistent/pandoc"})
    assert code == ExitCode.TOOL_FAILED
    assert err == ("error: pandoc: REPORTGEN_PANDOC names /nonexistent/pandoc, which does not "
                   "exist (correct it, or unset it to use the bundled pandoc)\n")


def test_pandoc_writing_nothing_is_one_clear_line(project: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    session, out = project
    before = _digests(out)
    silent = tmp_path / "pandoc"
    silent.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    silent.chmod(0o755)
    code, err = _cli("build", str(session), "--to", "docx", "--out", str(out), "--force",
                     env={"REPORTGEN_PANDOC": str(silent)})
    assert code == ExitCode.TOOL_FAILED
    assert err.splitlines()[0] == "error: pandoc: pandoc finished without writing the DOCX"
    assert _digests(out) == before


def test_no_temporary_folder_for_pandoc_is_one_clear_line(
        project: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session, out = project
    before = _digests(out)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    code, err = _cli("build", str(session), "--to", "docx", "--out", str(out), "--force")
    assert code == ExitCode.TOOL_FAILED
    assert err.splitlines()[0] == (
        f"error: pandoc: could not make a temporary folder for pandoc's files in "
        f"{tmp_path / 'gone'} (No such file or directory); set TMPDIR to a folder you can "
        "write to")
    assert _digests(out) == before


def test_missing_typst_is_one_clear_line(project: tuple[Path, Path]) -> None:
    session, out = project
    before = _digests(out)
    script = ("import sys; sys.modules['typst'] = None; "
              "from reportgen.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", script, "build", str(session), "--out",
                             str(out), "--force"], capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.returncode == ExitCode.TOOL_FAILED
    assert result.stderr.splitlines()[0] == (
        "error: typst: the typst compiler is not installed; install it with 'pip install "
        "typst' (or build without PDF: --to txt,docx)")
    assert "Traceback" not in result.stderr
    assert _digests(out) == before


def _complete(path: Path) -> bool:
    """A whole file of its kind: text to its last line, a readable zip, a PDF to %%EOF."""
    data = path.read_bytes()
    if path.suffix == ".json":  # the build's manifest
        return isinstance(json.loads(data), (dict, list))
    if path.suffix == ".txt":
        return data.endswith(b".\n") and data.startswith(b"United Nations")
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None and "word/document.xml" in archive.namelist()
    return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def test_a_killed_build_never_leaves_a_partial_file(tmp_path: Path) -> None:
    """Kill builds at random moments: every output stays whole, and nothing is left over."""
    source = (ROOT / "meetings" / "ctoc-cop-wg7-2017" / "session.yaml").read_text(encoding="utf-8")
    # Three hundred more paragraphs, so that each build lasts long enough to be killed.
    extra = "".join(f"  - Paragraph {n} added so that the build takes a while.\n"
                    for n in range(300))
    source = source.replace("\nrecommendations:\n", "\n" + extra + "\nrecommendations:\n", 1)
    session = tmp_path / "session.yaml"
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    chance = random.Random(7)
    killed = 0
    for attempt in range(8):
        # A new chair's name each time, so that every build has work to do.
        session.write_text(source.replace("Francesco Testa", f"Francesco Testa {attempt}"),
                           encoding="utf-8")
        # No pipes: worker processes of the killed build may outlive it for a moment.
        process = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(session),
                                    "--out", str(out)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.returncode in (0, -signal.SIGKILL)
        killed += process.returncode == -signal.SIGKILL
        outputs = [p for p in out.glob("*") if not p.name.startswith(".")] if out.exists() else []
        assert all(_complete(p) for p in outputs), [p.name for p in outputs if not _complete(p)]
    assert killed >= 1, "the builds finished before they could be killed"
    build.build([session], list(build.FORMATS), out)
    fresh = tmp_path / "fresh"
    build.build([session], list(build.FORMATS), fresh)
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".part")]
    assert not leftovers
    assert _digests(out) == _digests(fresh)
