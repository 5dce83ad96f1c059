"""A build writes its outputs as one set: the folder holds the whole old set or the
whole new one, manifest.json always describes the files beside it, and Ctrl-C or
SIGTERM leave no temporary file and a message true to what happened."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen import build
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.outputs.cache import CACHE_FILE
from reportgen.outputs.manifest import MANIFEST_FILE
from reportgen.util import atomic

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"
SYMBOL = "CTOC/COP/WG.9/2026/2"
ADVICE = "delete or rename that folder, or choose another folder with --out"


def _files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (the caches too), by its path inside it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _project(tmp_path: Path, names: tuple[str, ...]) -> tuple[list[Path], Path]:
    """Sessions of one document each, built once into out/ (TXT, DOCX, PDF)."""
    text = MINIMAL.read_text(encoding="utf-8")
    sessions = []
    for number, name in enumerate(names, start=2):
        session = tmp_path / "meetings" / name / "session.yaml"
        session.parent.mkdir(parents=True)
        session.write_text(text.replace(SYMBOL, f"CTOC/COP/WG.9/2026/{number}"),
                           encoding="utf-8")
        sessions.append(session)
    out = tmp_path / "out"
    build.build([tmp_path / "meetings"], list(build.DEFAULT_FORMATS), out)
    return sessions, out


def _edit_all(sessions: list[Path]) -> None:
    """A change to every session, so that every output of the next build differs."""
    for session in sessions:
        text = session.read_text(encoding="utf-8")
        assert "Ana Pereira" in text
        session.write_text(text.replace("Ana Pereira", "Ana Silva"), encoding="utf-8")


def _build(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(tmp_path / "meetings"),
                                       "--out", str(tmp_path / "out"), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def _blocked(out: Path, name: str) -> dict[str, bytes]:
    """Put a folder where the build writes ``name``; the files the folder held before."""
    (out / name).unlink()
    (out / name).mkdir()
    return _files(out)


def test_an_output_that_is_a_folder_puts_back_those_already_renamed(tmp_path: Path) -> None:
    sessions, out = _project(tmp_path, ("alpha",))
    _edit_all(sessions)
    before = _blocked(out, "CTOC_COP_WG.9_2026_2.pdf")  # the third of three
    code, err = _build(tmp_path)
    assert code == ExitCode.OUTPUT_FAILED
    assert err == (f"error: cannot write {out / 'CTOC_COP_WG.9_2026_2.pdf'}: a folder of "
                   f"that name is in the way ({ADVICE}); no output was changed\n")
    assert _files(out) == before  # the TXT and DOCX renamed before it are the old ones
    assert (out / "CTOC_COP_WG.9_2026_2.pdf").is_dir()


def test_a_rename_failing_part_way_leaves_the_whole_old_set(tmp_path: Path) -> None:
    sessions, out = _project(tmp_path, ("alpha", "beta", "gamma"))
    _edit_all(sessions)
    before = _blocked(out, "CTOC_COP_WG.9_2026_3.txt")  # the third of six
    code, err = _build(tmp_path, "--to", "txt,docx")
    assert code == ExitCode.OUTPUT_FAILED
    assert err == (f"error: cannot write {out / 'CTOC_COP_WG.9_2026_3.txt'}: a folder of "
                   f"that name is in the way ({ADVICE}); no output was changed\n")
    assert _files(out) == before


@pytest.mark.parametrize("name", [MANIFEST_FILE, CACHE_FILE])
def test_a_blocked_manifest_or_record_leaves_the_whole_old_set(tmp_path: Path,
                                                               name: str) -> None:
    sessions, out = _project(tmp_path, ("alpha",))
    _edit_all(sessions)
    before = _blocked(out, name)
    code, err = _build(tmp_path)
    assert code == ExitCode.OUTPUT_FAILED
    assert err == (f"error: cannot write {out / name}: a folder of that name is in the way "
                   f"({ADVICE}); no output was changed\n")
    assert _files(out) == before


def test_stale_outputs_stay_until_the_new_set_is_in(tmp_path: Path) -> None:
    sessions, out = _project(tmp_path, ("alpha", "beta"))
    shutil.rmtree(sessions[1].parent)  # beta's outputs are now stale
    _edit_all(sessions[:1])
    before = _blocked(out, "CTOC_COP_WG.9_2026_2.docx")
    code, _ = _build(tmp_path)
    assert code == ExitCode.OUTPUT_FAILED
    assert _files(out) == before  # beta's outputs too
    (out / "CTOC_COP_WG.9_2026_2.docx").rmdir()
    assert _build(tmp_path)[0] == ExitCode.OK
    assert sorted(p.name for p in out.glob("CTOC*")) == [
        "CTOC_COP_WG.9_2026_2.docx", "CTOC_COP_WG.9_2026_2.pdf", "CTOC_COP_WG.9_2026_2.txt"]
    _describes_its_folder(out)


def test_a_full_disk_while_preparing_leaves_no_temporary_file(tmp_path: Path) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root, to mount a small file system (CI runs as root)")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (a container without the right)")
    try:
        session = tmp_path / "meetings" / "alpha" / "session.yaml"
        session.parent.mkdir(parents=True)
        session.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
        out = disk / "out"
        build.build([session], ["txt"], out)
        before = _files(out)
        # The disk filled up to its last 16 kB, then a build of all three formats.
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (disk / "filler").write_bytes(b"\0" * (free - 16384))
        _edit_all([session])
        result = CliRunner().invoke(main, ["build", str(session), "--out", str(out)])
        assert result.exit_code == ExitCode.OUTPUT_FAILED, result.output
        assert result.stderr.startswith(f"error: cannot write {out}/CTOC_COP_WG.9_2026_2.")
        assert result.stderr.endswith(": no space left on device (free some space or choose "
                                      "another folder with --out); no output was changed\n")
        assert "Traceback" not in result.output
        assert _files(out) == before
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# ------------------------------------------------------------------ interruptions


def _interrupt_while_renaming(monkeypatch: pytest.MonkeyPatch, at: int,
                              send: Callable[[], None]) -> None:
    """Send a real signal to this process while the ``at``-th file is renamed into place."""
    place = atomic._place
    count = 0

    def placing(file: atomic._File) -> None:
        nonlocal count
        count += 1
        if count == at:
            send()
        place(file)

    monkeypatch.setattr(atomic, "_place", placing)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interruption_during_the_commit_waits_until_the_set_is_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    sessions, out = _project(tmp_path, ("alpha",))
    _edit_all(sessions)
    _interrupt_while_renaming(monkeypatch, 2, lambda: os.kill(os.getpid(), signum))
    code, err = _build(tmp_path, "--to", "txt")
    assert code == ExitCode.INTERRUPTED
    assert err == ("interrupted after the new outputs were all written "
                   "(manifest.json lists them)\n")
    assert "Ana Silva" in (out / "CTOC_COP_WG.9_2026_2.txt").read_text(encoding="utf-8")
    _describes_its_folder(out)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # as it was before the command


def test_an_interruption_before_the_commit_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sessions, out = _project(tmp_path, ("alpha",))
    _edit_all(sessions)
    before = _files(out)
    real_add = atomic.OutputSet.add

    def add(files: atomic.OutputSet, target: Path, data: bytes) -> None:
        real_add(files, target, data)
        if len(files.files) == 2:  # two files prepared: their temporary files exist
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(atomic.OutputSet, "add", add)
    code, err = _build(tmp_path)
    assert code == ExitCode.INTERRUPTED
    assert err == "interrupted; no output was changed\n"
    assert _files(out) == before


def _describes_its_folder(out: Path) -> None:
    """Each output manifest.json lists is beside it, with the hash it gives."""
    listed = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))["outputs"]
    for entry in listed:
        data = (out / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def _long_session(folder: Path) -> str:
    source = (ROOT / "meetings" / "ctoc-cop-wg7-2017" / "session.yaml").read_text(
        encoding="utf-8")
    extra = "".join(f"  - Paragraph {n} added so that the build takes a while.\n"
                    for n in range(300))
    return source.replace("\nrecommendations:\n", "\n" + extra + "\nrecommendations:\n", 1)


def test_ctrl_c_and_sigterm_at_any_moment_leave_a_whole_set_and_no_temporary_file(
        tmp_path: Path) -> None:
    """Real builds (workers, pandoc, typst), stopped at moments spread over their run:
    Ctrl-C to the whole process group as a terminal sends it, SIGTERM to the build
    alone as a CI time-out does. Each time the folder holds a whole set, the one the
    message names, and the private temporary folder is empty."""
    source = _long_session(tmp_path)
    session, out, tmp = tmp_path / "session.yaml", tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(tmp),
           "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "reportgen", "build", str(session), "--out", str(out),
               "--to", "txt,docx,pdf", "-q", "-j", "2"]
    session.write_text(source, encoding="utf-8")
    subprocess.run(command, env=env, check=True, capture_output=True)
    # The moments are fractions of a build with warm caches, as the ones stopped below
    # are (a first build also fills the user cache, and takes longer).
    session.write_text(source.replace("Francesco Testa", "Francesco Testa warm"),
                       encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    outcomes = set()
    for attempt, fraction in enumerate((0.0, 0.0, 0.8, 0.95)):
        old = _files(out)
        # A new chair's name each time, so that every build has work to do.
        session.write_text(source.replace("Francesco Testa", f"Francesco Testa {attempt}"),
                           encoding="utf-8")
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        if fraction:
            time.sleep(seconds * fraction)
        else:  # while a writer works: its temporary folder is there
            _wait_until_busy(tmp, process)
        if attempt % 2:
            process.send_signal(signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=60)
        outcomes.add((process.returncode, err))
        assert "Traceback" not in err, err
        assert (process.returncode, err) in {
            (ExitCode.OK, ""),
            (ExitCode.INTERRUPTED, "interrupted; no output was changed\n"),
            (ExitCode.INTERRUPTED, "interrupted after the new outputs were all written "
                                   "(manifest.json lists them)\n")}, (attempt, err)
        _describes_its_folder(out)
        unchanged = err == "interrupted; no output was changed\n"
        assert (_files(out) == old) == unchanged, attempt
        assert not [p.name for p in out.iterdir() if p.name.endswith((".part", ".old"))]
        _wait_until_empty(tmp)
    assert (ExitCode.INTERRUPTED, "interrupted; no output was changed\n") in outcomes


def _wait_until_busy(folder: Path, process: subprocess.Popen[str]) -> None:
    """Until a writer of the build has made its temporary folder (pandoc's, typst's)."""
    deadline = time.monotonic() + 30
    while not any(folder.iterdir()) and process.poll() is None:
        assert time.monotonic() < deadline, "the build made no temporary folder"
        time.sleep(0.01)


def _wait_until_empty(folder: Path) -> None:
    """The temporary folder is empty once the build's last worker has ended (a worker
    removing its files may outlive the build by a moment)."""
    for _ in range(50):
        if not any(folder.iterdir()):
            return
        time.sleep(0.1)
    assert sorted(p.name for p in folder.iterdir()) == []


LOOPING_TYPST = "#let n = 0\n#for i in range(100000) { for j in range(100000) { n = n + 1 } }\n#n\n"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_stops_a_typst_template_that_loops(tmp_path: Path, workers: str) -> None:
    """typst never returns from such a template: the build still stops at once, with its
    message, and removes typst's temporary folders (also from its workers)."""
    project, tmp = tmp_path / "project", tmp_path / "tmp"
    (project / "templates").mkdir(parents=True)
    tmp.mkdir()
    (project / "templates" / "report.typ").write_text(LOOPING_TYPST, encoding="utf-8")
    text = MINIMAL.read_text(encoding="utf-8")
    for number in range(int(workers)):
        (project / f"s{number}").mkdir()
        (project / f"s{number}" / "session.yaml").write_text(
            text.replace(SYMBOL, f"CTOC/COP/WG.9/2026/{number + 2}"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(tmp),
           "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "build", ".", "--to", "pdf",
                                "-j", workers], cwd=project, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(2)
        assert process.poll() is None, process.communicate()[1]
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (process.returncode, err) == (ExitCode.INTERRUPTED,
                                         "interrupted; no output was changed\n")
    _wait_until_empty(tmp)


def test_the_workers_temporary_folder_goes_however_rendering_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a stopped worker left in the build's folder is removed with the folder."""
    from reportgen.util import scratch

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(KeyboardInterrupt), scratch.scratch_folder() as folder:
        assert scratch.for_workers() == folder and Path(folder).parent == tmp_path
        (Path(folder) / "reportgen-pandoc-left" / "document.json").mkdir(parents=True)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    assert scratch.for_workers() == str(tmp_path)


def test_ctrl_c_that_python_cannot_raise_where_it_arrives_is_raised_at_the_next_step() -> None:
    """A KeyboardInterrupt raised where Python cannot raise it (here a __del__; in a
    build, the callback that frees an import's lock) is not lost with a traceback: the
    command stops as for any Ctrl-C."""
    script = """
import time
from reportgen import cli

class Gone:
    def __del__(self):
        raise KeyboardInterrupt

try:
    with cli._interruptible():
        Gone()
        time.sleep(5)
    print("not interrupted")
except KeyboardInterrupt:
    print("interrupted")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=60)
    assert (result.stdout, result.stderr) == ("interrupted\n", "")
