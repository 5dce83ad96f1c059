"""Project builds: reportgen.toml, every session below a folder, progress and summary."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, ROOT, STEM
from reportgen import build, config
from reportgen.cli import main
from reportgen.errors import Diagnostics, ExitCode, InputError

MINIMAL = ROOT / "tests" / "roots" / "minimal" / "session.yaml"
UNSORTED = "'Austria' comes before 'Brazil'"  # the warning the minimal session gives


def _gensession() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gensession",
                                                  ROOT / "benchmarks" / "gensession.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """meetings/ with three generated sessions (one with a draft) and a reportgen.toml."""
    sessions = _gensession().write_set(tmp_path / "meetings", 3, 20)
    assert [p.parent.name for p in sessions] == ["session-01", "session-02", "session-03"]
    (tmp_path / "reportgen.toml").write_text(
        '[build]\nformats = ["txt", "docx"]\nout = "published"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "meetings")  # the output folder follows the file, not this
    return tmp_path


def test_generated_sessions_are_valid_and_have_the_size_asked_for() -> None:
    gensession = _gensession()
    for size, draft in ((35, False), (120, True)):
        diagnostics = Diagnostics()
        prepared = build.prepare(Path(f"generated-{size}.yaml"), diagnostics,
                                 gensession.generate(size, index=4, draft=draft))
        assert prepared is not None, [str(d) for d in diagnostics.items]
        assert diagnostics.items == []
        assert prepared.numbers.paragraph_count == size
        assert len(prepared.documents) == (3 if draft else 1)


def test_a_project_build_follows_its_configuration(project: Path) -> None:
    code, out, err = _run("build", str(project / "meetings"))
    assert code == ExitCode.OK, err
    published = project / "published"
    names = sorted(p.name for p in published.iterdir())
    assert names == sorted([".reportgen-cache.json", ".reportgen-sessions", "manifest.json",
                            "BENCH_WG.1_2000_20.docx", "BENCH_WG.1_2000_20.txt",
                            "BENCH_WG.2_2001_20.docx", "BENCH_WG.2_2001_20.txt",
                            "BENCH_WG.3_2002_20.docx", "BENCH_WG.3_2002_20.txt"])
    lines = out.splitlines()
    # Not a terminal: one line per document, as each is done, then the summary.
    progress = lines[:-1]
    assert [line[:5] for line in progress] == ["[1/3]", "[2/3]", "[3/3]"]
    assert sorted(re.sub(r"^\[\d/3\] | \d+\.\d s$", "", line) for line in progress) == [
        f"BENCH/WG.{n}/{1999 + n}/20 (txt, docx)" for n in (1, 2, 3)]
    assert re.fullmatch(r"built 3 documents \(0 unchanged\) in \d+\.\d s; 0 errors, 0 warnings",
                        lines[-1])
    # Flags override the file; a no-op build is quiet but for its summary.
    code, out, _ = _run("build", str(project / "meetings"), "--to", "txt")
    assert code == 0 and out.startswith("built 3 documents (3 unchanged) in ")
    assert len(out.splitlines()) == 1


def test_progress_lines_name_each_document(project: Path) -> None:
    code, out, _ = _run("build", str(project / "meetings"), "--to", "txt", "-j", "1")
    assert code == 0
    assert len(out.splitlines()) == 4
    assert all(re.fullmatch(r"\[\d/3\] BENCH/WG\.\d/\d{4}/20 \(txt\) \d+\.\d s", line)
               for line in out.splitlines()[:3])
    code, out, _ = _run("build", str(project / "meetings"), "--to", "txt", "--quiet")
    assert (code, out) == (0, "")
    code, out, _ = _run("build", str(project / "meetings"), "--to", "txt", "--verbose",
                        "--force", "-j", "1")
    assert sum(line.startswith("wrote ") for line in out.splitlines()) == 3
    code, out, _ = _run("build", str(project / "meetings"), "--to", "txt", "--verbose")
    assert [line for line in out.splitlines() if line.startswith("unchanged ")] == [
        "unchanged BENCH/WG.1/2000/20", "unchanged BENCH/WG.2/2001/20",
        "unchanged BENCH/WG.3/2002/20"]


def test_strict_lists_every_warning_then_fails_writing_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "meetings"
    for name, symbol in (("a", "2"), ("b", "3")):
        (folder / name).mkdir(parents=True)
        (folder / name / "session.yaml").write_text(
            MINIMAL.read_text(encoding="utf-8").replace("WG.9/2026/2", f"WG.9/2026/{symbol}"),
            encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = _run("build", str(folder), "--to", "txt", "--out", str(out), "--strict")
    assert code == ExitCode.WARNINGS_AS_ERRORS
    assert err.count(UNSORTED) == 2
    assert err.splitlines()[-1] == "2 warnings and --strict; nothing was written"
    assert "built " not in stdout
    assert not out.exists()
    # Without --strict the same build succeeds and still lists the warnings.
    code, stdout, err = _run("build", str(folder), "--to", "txt", "--out", str(out))
    assert code == 0 and err.count(UNSORTED) == 2
    assert stdout.splitlines()[-1].endswith("0 errors, 2 warnings")
    # `check` honours --strict too, and reportgen.toml's strict = true.
    assert _run("check", str(folder), "--strict")[0] == ExitCode.WARNINGS_AS_ERRORS
    (tmp_path / "reportgen.toml").write_text("[build]\nstrict = true\n", encoding="utf-8")
    assert _run("check", str(folder))[0] == ExitCode.WARNINGS_AS_ERRORS
    assert _run("check", str(folder), "--no-strict")[0] == 0


def test_two_documents_with_one_symbol_are_an_error_naming_both(tmp_path: Path) -> None:
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "session.yaml").write_text(MINIMAL.read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    code, _, err = _run("build", str(tmp_path), "--to", "txt", "--out", str(tmp_path / "out"))
    assert code == ExitCode.INVALID_INPUT
    first, second = tmp_path / "first" / "session.yaml", tmp_path / "second" / "session.yaml"
    assert err.splitlines()[0] == (
        f"{second}:2:11: error: the symbol 'CTOC/COP/WG.9/2026/2' is also that of a document "
        f"of {first}:2:11; each document needs its own symbol (its files are named after it)")
    assert not (tmp_path / "out").exists()


def test_a_session_named_twice_is_built_once(tmp_path: Path) -> None:
    result = build.build([EXAMPLE.parent, EXAMPLE], ["txt"], tmp_path)
    assert result.sessions == 1 and len(result.written) == 4


def test_configuration_mistakes_are_located_with_a_suggestion(tmp_path: Path) -> None:
    file = tmp_path / "reportgen.toml"
    file.write_text('# settings\n[build]\nfromats = ["txt"]\npdf_engine = "libreofice"\n'
                    'jobs = -1\n\n[biuld]\nout = "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as raised:
        config.load([tmp_path])
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{file}:7:1: error: unknown table [biuld] (did you mean [build]?)",
        f"{file}:3:1: error: unknown key 'fromats' in [build] (did you mean 'formats'?)",
        f"{file}:4:1: error: pdf_engine: expected one of 'typst', 'libreoffice'; found "
        "\"libreofice\" (did you mean 'libreoffice'?)",
        f"{file}:5:1: error: jobs: expected a whole number, 0 for one per CPU; found -1"]
    file.write_text("[build]\nformats = [\"txt\"\n", encoding="utf-8")
    code, _, err = _run("check", str(EXAMPLE), "--config", str(file))
    assert code == ExitCode.INVALID_INPUT
    assert err.startswith(f"{file}:2:") and "invalid TOML" in err


def test_configuration_is_found_above_the_sessions_and_flags_override_it(tmp_path: Path) -> None:
    (tmp_path / "meetings" / "x").mkdir(parents=True)
    (tmp_path / "reportgen.toml").write_text(
        '[build]\nformats = ["pdf"]\nout = "site"\npdf_engine = "libreoffice"\njobs = 3\n'
        "strict = true\n", encoding="utf-8")
    settings = config.load([tmp_path / "meetings" / "x"])
    assert settings.file == tmp_path / "reportgen.toml"
    assert (settings.formats, settings.out, settings.pdf_engine, settings.jobs,
            settings.strict) == (["pdf"], tmp_path / "site", "libreoffice", 3, True)
    assert settings.root == tmp_path.resolve()
    settings = config.load([tmp_path / "meetings"], formats=["txt"], out=Path("o"), jobs=None,
                           strict=False)
    assert (settings.formats, settings.out, settings.jobs, settings.strict) == (
        ["txt"], Path("o"), 3, False)
    # This repository's own file is valid, and jobs = 0 means one per CPU.
    assert config.load([ROOT / "meetings"]).jobs == config.cpu_count()


def test_style_diff_command_runs_the_maintainer_tool(tmp_path: Path) -> None:
    build.build([EXAMPLE], ["docx"], tmp_path)
    docx = str(tmp_path / f"{STEM}.docx")
    code, out, _ = _run("style-diff", docx, docx, "--no-explain", "--only-diff",
                        "--styles", "SingleTxt")
    assert code == 0
    assert out.splitlines()[-1] == "0 differences, 0 explained, 0 unexplained"
    code, _, err = _run("style-diff", docx, str(tmp_path / "missing.docx"))
    assert code == 2 and err.count("\n") == 1


def test_the_library_default_is_serial_and_the_cli_default_one_job_per_cpu() -> None:
    assert build.Options().jobs == 1
    assert config.load([EXAMPLE]).jobs == config.cpu_count() >= 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_build_leaves_no_worker_behind(tmp_path: Path) -> None:
    _gensession().write_set(tmp_path / "meetings", 2, 350)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "reportgen", "build",
                                str(tmp_path / "meetings"), "--out", str(tmp_path / "out"),
                                "-j", "2"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    workers: list[int] = []
    while not workers and process.poll() is None and time.monotonic() < deadline:
        workers = _children(process.pid)
        time.sleep(0.02)
    if not workers:
        process.wait()
        pytest.skip("the build finished before its workers could be seen")
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "reportgen" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
    assert alive == []


def _elsewhere(tmp_path: Path) -> tuple[Path, Path]:
    """A project with the minimal session, and a folder outside it holding a file."""
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "meetings" / "m").mkdir(parents=True)
    (project / "meetings" / "m" / "session.yaml").write_text(
        MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    elsewhere.mkdir()
    (elsewhere / "manifest.json").write_text("someone else's", encoding="utf-8")
    return project, elsewhere


def test_a_project_cannot_send_its_outputs_out_of_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, elsewhere = _elsewhere(tmp_path)
    (project / "reportgen.toml").write_text('[build]\nout = "../elsewhere"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    code, _, err = _run("build", "meetings")
    assert code == ExitCode.INVALID_INPUT
    assert err == ('reportgen.toml:2:1: error: out: "../elsewhere" leads outside the project, '
                   f"to {elsewhere}; a project's output folder is inside it (name another "
                   "folder yourself with --out)\n1 error; nothing was written\n")
    assert (elsewhere / "manifest.json").read_text(encoding="utf-8") == "someone else's"


def test_a_build_folder_linked_out_of_the_project_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, elsewhere = _elsewhere(tmp_path)
    (project / "build").symlink_to(elsewhere)
    monkeypatch.chdir(project)
    code, _, err = _run("build", "meetings", "--to", "txt")
    assert code == ExitCode.INVALID_INPUT
    assert err == (f"build: error: this output folder is a link to {elsewhere}, outside the "
                   "current folder: remove the link, or name the output folder yourself with "
                   "--out\n1 error; nothing was written\n")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["manifest.json"]
    # The user's own --out may name any folder.
    assert _run("build", "meetings", "--to", "txt", "--out", str(elsewhere))[0] == 0
