"""The command line, run in-process: exit codes, messages, files written."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import EXAMPLE, STEM
from reportgen.cli import main
from reportgen.errors import ExitCode


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_the_chosen_formats(tmp_path: Path) -> None:
    code, out, err = _run("build", str(EXAMPLE), "--to", "txt,docx", "--out", str(tmp_path))
    assert code == ExitCode.OK, err
    # The final report, and the three parts of the draft report.
    stems = [STEM, "CTOC_COP_WG.7_2017_L.1", "CTOC_COP_WG.7_2017_L.1_Add.1",
             "CTOC_COP_WG.7_2017_L.1_Add.2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{stem}.{fmt}" for stem in stems for fmt in ("docx", "txt")]
        + ["manifest.json", ".reportgen-cache.json", ".reportgen-sessions"])
    assert out.splitlines()[-1].startswith("built 4 documents (0 unchanged) in ")
    assert out.splitlines()[-1].endswith(" s; 0 errors, 0 warnings")


def test_build_accepts_the_session_folder(tmp_path: Path) -> None:
    code, _, err = _run("build", str(EXAMPLE.parent), "--to", "txt", "--out", str(tmp_path))
    assert code == ExitCode.OK, err
    assert (tmp_path / f"{STEM}.txt").read_text(encoding="utf-8").startswith("United Nations")


def test_check_prints_only_its_summary() -> None:
    code, out, err = _run("check", str(EXAMPLE))
    assert code == ExitCode.OK
    assert out == "checked 1 session: 32 numbered paragraphs, 0 errors, 0 warnings\n"
    assert err == ""


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _run("build", str(EXAMPLE), "--to", "rtf", "--out", str(tmp_path))
    assert code == 2
    assert "choose from txt, docx, pdf, html" in err
    assert not list(tmp_path.iterdir())


def test_missing_file_is_a_located_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, _, err = _run("check", str(missing))
    assert code == ExitCode.INVALID_INPUT
    assert err.splitlines()[0] == (f"{missing}: error: no such file (give the path of a "
                                   "session.yaml file or of its folder)")


def test_invalid_session_writes_nothing_and_keeps_old_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run("build", str(EXAMPLE), "--to", "txt", "--out", str(out))[0] == 0
    before = (out / f"{STEM}.txt").read_bytes()
    broken = tmp_path / "session.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("attendance:", "atendance:"),
                      encoding="utf-8")
    code, _, err = _run("build", str(EXAMPLE), str(broken), "--to", "txt", "--out", str(out))
    assert code == ExitCode.INVALID_INPUT
    assert "unknown key 'atendance' (did you mean 'attendance'?)" in err
    assert err.splitlines()[-1] == "1 error; nothing was written"
    assert (out / f"{STEM}.txt").read_bytes() == before
    # As the first build left them: 4 documents, the manifest and the two caches.
    assert len(list(out.iterdir())) == 7


def test_help_speaks_to_rapporteurs() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    assert "reportgen check meetings/my-meeting" in out
    code, out, _ = _run("build", "--help")
    assert "--to" in out and "Formats to write" in out
