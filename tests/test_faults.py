"""Every fault has a named exit code and one clear line, never an internal error.

Output and environment faults exit 6 (OUTPUT_FAILED), a tool whose output is not
what it should be 4 (TOOL_FAILED), a wrong setting or template folder 2; each
leaves the previous outputs byte-identical and no temporary file behind. The last
test produces every exit code the README's table documents.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen import build
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.pipeline.templates import builtin_dir

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"
TXT = "CTOC_COP_WG.9_2026_2.txt"
DOCX = "CTOC_COP_WG.9_2026_2.docx"
REPORTGEN = [sys.executable, "-m", "reportgen"]


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def _digests(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (temporary ones too) with its sha256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _errors(err: str) -> list[str]:
    """stderr without the warning the minimal session has (its lines and its excerpt)."""
    lines = err.splitlines()
    return [line for index, line in enumerate(lines)
            if not (" warning: " in line or line.startswith(" ")
                    or (index and " warning: " in lines[index - 1]))]


@pytest.fixture()
def session(tmp_path: Path) -> Path:
    path = tmp_path / "meeting" / "session.yaml"
    path.parent.mkdir()
    shutil.copy(MINIMAL, path)
    return path


def _edit(session: Path) -> None:
    """A change that rebuilds every output."""
    session.write_text(session.read_text(encoding="utf-8").replace("Ana Pereira", "Ana Silva"),
                       encoding="utf-8")


def _first_build(session: Path, out: Path) -> None:
    """The previous outputs a failed build must leave as they are."""
    code, err = _cli("build", str(session), "--out", str(out), "--to", "txt")
    assert code == ExitCode.OK, err


def _build_fails(session: Path, out: Path, *extra: str,
                 env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Build after an edit; the previous outputs must stay as they were."""
    before = _digests(out) if out.is_dir() else None
    _edit(session)
    code, err = _cli("build", str(session), "--out", str(out), *extra, env=env)
    if before is not None:
        assert _digests(out) == before
    return code, _errors(err)


# ------------------------------------------------------------------ the output folder


def test_out_naming_a_file(session: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "build"
    blocker.write_bytes(b"someone's file")
    code, err = _build_fails(session, blocker, "--to", "txt")
    assert code == ExitCode.OUTPUT_FAILED
    assert err == [f"error: cannot create the output folder {blocker}: a file of that name is in "
                   "the way (delete or rename that file, or choose another folder with --out)"]
    assert blocker.read_bytes() == b"someone's file"


def test_out_below_a_file(session: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "build"
    blocker.write_bytes(b"someone's file")
    code, err = _build_fails(session, blocker / "drafts", "--to", "txt")
    assert code == ExitCode.OUTPUT_FAILED
    assert err == [f"error: cannot create the output folder {blocker / 'drafts'}: {blocker} is "
                   "a file, not a folder (choose another folder with --out)"]


def test_a_folder_where_an_output_goes(session: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _first_build(session, out)
    (out / DOCX).mkdir()
    code, err = _build_fails(session, out, "--to", "docx")
    assert code == ExitCode.OUTPUT_FAILED
    assert err == [f"error: cannot write {out / DOCX}: a folder of that name is in the way "
                   "(delete or rename that folder, or choose another folder with --out); "
                   "no output was changed"]


@pytest.fixture()
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A small file system of its own (1 MB), unmounted afterwards; root only."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)


def _read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)


def _full(disk: Path) -> None:
    with (disk / "filler").open("wb") as stream, pytest.raises(OSError):
        while True:
            stream.write(b"\0" * 65536)
            stream.flush()


@pytest.mark.parametrize("spoil, why", [
    (_read_only, "the file system is read-only (choose another folder with --out)"),
    (_full, "no space left on device (free some space or choose another folder with --out)"),
])
def test_a_read_only_or_full_disk(session: Path, tmpfs: Path,
                                  spoil: Callable[[Path], None], why: str) -> None:
    out = tmpfs / "out"
    _first_build(session, out)
    spoil(tmpfs)
    code, err = _build_fails(session, out, "--to", "txt")
    assert code == ExitCode.OUTPUT_FAILED
    assert err == [f"error: cannot write {out / TXT}: {why}; no output was changed"]


def test_standard_output_on_a_full_device() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run([*REPORTGEN, "check", str(MINIMAL)], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == ExitCode.OUTPUT_FAILED
    assert "Traceback" not in result.stderr
    assert _errors(result.stderr) == [
        "error: cannot write to the standard output: no space left on device (free some space "
        "or redirect it to a file or device with room)"]


def test_a_deleted_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    for command in (["check", str(MINIMAL)], ["build", str(MINIMAL), "--out", str(tmp_path)]):
        code, err = _cli(*command)
        assert code == ExitCode.OUTPUT_FAILED
        assert err == ("error: the current folder no longer exists (it was deleted or moved); "
                       "cd into an existing folder and run the command again\n")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ settings and tools


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "4354819200", "99999999999999999999"])
def test_a_wrong_source_date_epoch(session: Path, tmp_path: Path, value: str) -> None:
    out = tmp_path / "out"
    code, err = _build_fails(session, out, "--to", "txt", env={"SOURCE_DATE_EPOCH": value})
    assert code == ExitCode.INVALID_INPUT
    assert err == [f"error: SOURCE_DATE_EPOCH is '{value}'; it must be a whole number of seconds "
                   "since 1970-01-01 UTC, from 0 to 4354819199 (2107-12-31), such as the output "
                   "of 'date +%s' (or unset it)"]
    assert not out.exists()


def test_the_last_source_date_epoch_builds_a_docx(session: Path, tmp_path: Path) -> None:
    code, err = _cli("build", str(session), "--out", str(tmp_path / "out"), "--to", "docx",
                     env={"SOURCE_DATE_EPOCH": "4354819199"})
    assert code == ExitCode.OK, err


FAKE_PANDOC = f"""#!{sys.executable}
import sys, zipfile
target = next(a for a in sys.argv if a.startswith("--output=")).split("=", 1)[1]
if "{{kind}}" == "text":
    open(target, "wb").write(b"not a docx\\n")
else:
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
"""


@pytest.mark.parametrize("kind, problem", [
    ("text", "not a zip archive (it starts with b'not a docx\\n')"),
    ("zip", "the zip archive has no word/document.xml"),
])
def test_a_pandoc_that_exits_0_without_writing_a_docx(session: Path, tmp_path: Path,
                                                      kind: str, problem: str) -> None:
    out = tmp_path / "out"
    _first_build(session, out)
    fake = tmp_path / "pandoc"
    fake.write_text(FAKE_PANDOC.replace("{kind}", kind), encoding="utf-8")
    fake.chmod(0o755)
    before = _digests(out)
    _edit(session)
    code, err = _cli("build", str(session), "--out", str(out), "--to", "txt,docx",
                     env={"REPORTGEN_PANDOC": str(fake)})
    assert code == ExitCode.TOOL_FAILED
    assert err.splitlines()[:2] == [
        f"error: pandoc: pandoc exited without an error but what it wrote is not a DOCX: {problem}",
        f"  command: {fake} --from=json --to=docx --reference-doc="
        + err.split("--reference-doc=", 1)[1].split("\n", 1)[0]]
    assert _digests(out) == before


@pytest.mark.parametrize("formats", ["docx", "docx,pdf"])  # in this process; in workers
def test_an_incomplete_reference_docx_override(session: Path, tmp_path: Path,
                                               formats: str) -> None:
    override = session.parent / "templates" / "reference-docx"
    shutil.copytree(builtin_dir() / "reference-docx", override)
    for part in ("word/styles.xml", "word/header1.xml", "_rels/.rels", "word/footer2.xml"):
        (override / part).unlink()
    out = tmp_path / "out"
    _first_build(session, out)
    code, err = _build_fails(session, out, "--to", formats, "-j", "2")
    assert code == ExitCode.INVALID_INPUT
    assert err == [
        f"{override}: error: this reference document lacks 4 parts of the built-in one "
        "(_rels/.rels, word/footer2.xml, word/header1.xml and 1 more); a reference-docx folder "
        "replaces the built-in one whole: copy the missing parts from "
        f"{builtin_dir() / 'reference-docx'}, or delete this folder to use the built-in style",
        "1 error; nothing was written"]


# ------------------------------------------------------------------ the README's table


def _documented_codes() -> dict[int, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("###", 1)[0]
    return {int(code): name for code, name in re.findall(r"^\| *(\d+) *\| *(\w+) *\|", table,
                                                          re.M)}


def test_the_readme_lists_every_exit_code_by_its_name() -> None:
    assert _documented_codes() == {code.value: code.name for code in ExitCode}


def _interrupted(tmp_path: Path) -> int:
    """A build interrupted by SIGINT while pandoc runs (a fake one that waits)."""
    started = tmp_path / "pandoc-started"
    slow = tmp_path / "slow-pandoc"
    slow.write_text(f"#!/bin/sh\ntouch {started}\nexec sleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    process = subprocess.Popen([*REPORTGEN, "build", str(MINIMAL), "--to", "docx", "--out",
                                str(tmp_path / "out")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "REPORTGEN_PANDOC": str(slow)})
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=30)
    assert "Traceback" not in err
    assert err.splitlines()[-1] == "interrupted; no output was changed"
    return process.returncode


def _broken_pipe() -> int:
    """``reportgen check`` writing into a pipe whose reader has gone."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run([*REPORTGEN, "check", str(MINIMAL)], stdout=writer,
                                stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(writer)
    assert "Traceback" not in result.stderr
    return result.returncode


def _bug(monkeypatch: pytest.MonkeyPatch) -> int:
    def broken(*_args: object) -> None:
        raise ZeroDivisionError("a bug")

    with monkeypatch.context() as patch:
        patch.setattr(build, "check", broken)
        result = CliRunner().invoke(main, ["check", str(MINIMAL)])
    saved = re.fullmatch(r"internal error: ZeroDivisionError: a bug \(traceback saved to "
                         r"(\S+); please report it\)\n", result.stderr)
    assert saved, result.stderr
    assert "Traceback (most recent call last)" in Path(saved[1]).read_text(encoding="utf-8")
    Path(saved[1]).unlink()
    return result.exit_code


def test_every_documented_exit_code_can_be_produced(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    produced = {
        ExitCode.OK: lambda: _cli("check", str(MINIMAL))[0],
        ExitCode.ERROR: lambda: _bug(monkeypatch),
        ExitCode.INVALID_INPUT: lambda: _cli("check", str(tmp_path / "none.yaml"))[0],
        ExitCode.TOOL_FAILED: lambda: _cli("build", str(MINIMAL), "--to", "docx", "--out",
                                           str(tmp_path / "out"),
                                           env={"REPORTGEN_PANDOC": str(tmp_path / "none")})[0],
        ExitCode.WARNINGS_AS_ERRORS: lambda: _cli("check", "--strict", str(MINIMAL))[0],
        ExitCode.OUTPUT_FAILED: lambda: _cli("build", str(MINIMAL), "--to", "txt", "--out",
                                             str(blocker))[0],
        ExitCode.INTERRUPTED: lambda: _interrupted(tmp_path),
        ExitCode.BROKEN_PIPE: _broken_pipe,
    }
    assert set(produced) == set(_documented_codes())
    for code, produce in produced.items():
        assert produce() == code, code.name


def test_a_reader_that_leaves_while_errors_are_listed(tmp_path: Path) -> None:
    """``reportgen check … 2>&1 | head -1`` on a session with many errors: the pipe
    closes while the list is printed, and the command still ends as a closed pipe."""
    session = tmp_path / "session.yaml"
    lines = MINIMAL.read_text(encoding="utf-8").splitlines()
    unknown = [f"unknown_{number}: x" for number in range(3000)]
    session.write_text("\n".join(lines + unknown) + "\n", encoding="utf-8")
    reader, writer = os.pipe()
    process = subprocess.Popen([*REPORTGEN, "check", str(session)], stdout=writer,
                               stderr=writer)
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        first = stream.readline()
    code = process.wait(timeout=60)
    assert first.startswith(str(session).encode() + b":")
    assert code == ExitCode.BROKEN_PIPE
