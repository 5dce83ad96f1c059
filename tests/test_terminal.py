"""Messages are inert: user text reaches a terminal with what it would obey escaped.

A session file, a folder name or a tool's stderr can hold escape sequences
(``\\x1b]0;title\\x07`` retitles the window) and bidirectional overrides (``\\u202e``
reverses what follows). Whatever the source, reportgen prints them as escapes, and
the caret under a quoted line stays under the character it points at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen.cli import main
from reportgen.errors import ExitCode

MINIMAL = (ROOT / "tests" / "roots" / "minimal" / "session.yaml").read_text(encoding="utf-8")
STATES_LINE = "states_parties: [Brazil, Austria, Côte d’Ivoire, Costa Rica]"
# What `check` prints for the minimal session, after its own path.
MINIMAL_WARNING = (
    ":41:28: warning: 'Austria' comes before 'Brazil' in English alphabetical order; "
    "attendance.states_parties is printed sorted [attendance.unsorted]\n"
    " 41 |   states_parties: [Brazil, Austria, Côte d’Ivoire, Costa Rica]\n"
    "    |                            ^\n")
VALID_KEYS = ("document, organ, meeting, instrument, agenda, adoption, chapters, introduction, "
                "recommendations, conclusions, action, deliberations, other_matters, opening, "
                "officers, statements, attendance, documentation, provisional_agenda, annexes, "
                "draft")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own folder, so that messages name short relative paths
    (test_validation.py uses it too)."""
    monkeypatch.chdir(tmp_path)


def _session(folder: Path, old: str = "", new: str = "") -> Path:
    """The minimal session in ``folder``, with ``old`` replaced by ``new``."""
    assert old in MINIMAL
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "session.yaml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    return path


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _check_fails(target: str, expected: str) -> None:
    """``reportgen check target`` is refused with exactly ``expected`` on stderr."""
    code, out, err = _cli("check", target)
    assert code == ExitCode.INVALID_INPUT
    assert (out, err) == ("", expected)
    _assert_inert(err)


def _assert_inert(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


@pytest.mark.parametrize(("typed", "shown"), [
    (r'"\e]0;title\a"', r"'\x1b]0;title\x07'"),
    (r'"ab\u202ecd"', r"'ab\u202ecd'"),
    (r'"attendance\u200b"', r"'attendance\u200b' (did you mean 'attendance'?)"),
])
def test_a_key_is_shown_escaped(typed: str, shown: str) -> None:
    _session(Path("m"), "organ:", f"{typed}: 1\norgan:")
    hint = "" if "did you mean" in shown else f" (valid keys here: {VALID_KEYS})"
    _check_fails("m", f"m/session.yaml:6:1: error: unknown key {shown}{hint}\n"
                      f" 6 | {typed}: 1\n"
                      "   | ^\n"
                      "1 error; nothing was written\n")


def test_a_line_break_in_a_key_cannot_pose_as_a_message_of_its_own() -> None:
    typed = r'"x\nm/session.yaml:1:1: warning: all is well"'
    _session(Path("m"), "organ:", f"{typed}: 1\norgan:")
    _check_fails("m", "m/session.yaml:6:1: error: unknown key "
                      r"'x\nm/session.yaml:1:1: warning: all is well'"
                      f" (valid keys here: {VALID_KEYS})\n"
                      f" 6 | {typed}: 1\n"
                      "   | ^\n"
                      "1 error; nothing was written\n")


def test_values_and_the_quoted_line_are_escaped_with_the_caret_in_place() -> None:
    # A raw override in the file, and a wide name before the last one: each caret
    # stands under the first character of its name as a terminal shows the line.
    _session(Path("m"), STATES_LINE, "states_parties: [Bra\u202ezil, 日本, Atlantis]")
    line = " 41 |   states_parties: [Bra\\u202ezil, 日本, Atlantis]\n"
    unknown = "is not the name of a State in the UN list"
    _check_fails("m", (
        f"m/session.yaml:41:20: error: 'Bra\\u202ezil' {unknown} (did you mean 'Brazil'?)\n"
        f"{line}"
        "    |                    ^\n"
        f"m/session.yaml:41:29: error: '日本' {unknown} (write the English short name, "
        "as in UNTERM)\n"
        f"{line}"
        "    |                                  ^\n"
        f"m/session.yaml:41:33: error: 'Atlantis' {unknown} (write the English short name, "
        "as in UNTERM)\n"
        f"{line}"
        "    |                                        ^\n"
        "3 errors; nothing was written\n"))


@pytest.mark.parametrize(("folder", "old", "new", "expected"), [
    # A raw escape in the file: the quoted line shows it escaped, the caret under it.
    ("m", "venue: Vienna", "venue: Vie\x1b[2Jnna",
     "m/session.yaml:12:13: error: the control character U+001B cannot stand in a session "
     "file (delete it)\n"
     " 12 |   venue: Vie\\x1b[2Jnna\n"
     "    |             ^\n"),
    # A session folder named with an escape sequence and an override.
    ("\x1b]0;owned\x07m\u202e", "organ:", "organs: 1\norgan:",
     "\\x1b]0;owned\\x07m\\u202e/session.yaml:6:1: error: unknown key 'organs' "
     "(did you mean 'organ'?)\n"
     " 6 | organs: 1\n"
     "   | ^\n"),
])
def test_the_file_and_its_name_are_shown_escaped(folder: str, old: str, new: str,
                                                 expected: str) -> None:
    _session(Path(folder), old, new)
    _check_fails(".", expected + "1 error; nothing was written\n")


def test_a_file_name_that_is_not_utf8_is_shown_escaped() -> None:
    # Undecodable bytes in a name reach Python as lone surrogates, which no terminal
    # encoding can write: they are shown as escapes.
    _check_fails(os.fsdecode(b"caf\xe9.yaml"),
                 "caf\\udce9.yaml: error: no such file (give the path of a session.yaml "
                 "file or of its folder)\n"
                 "1 error; nothing was written\n")


def test_a_tools_stderr_is_shown_escaped() -> None:
    _session(Path("m"))
    pandoc = Path("pandoc").resolve()
    pandoc.write_text("#!/bin/sh\nprintf 'bad \\033]0;owned\\007 \\342\\200\\256end\\n' >&2\n"
                      "exit 3\n", encoding="utf-8")
    pandoc.chmod(0o755)
    code, out, err = _cli("build", "m", "--to", "docx", "--out", "out",
                          env={"REPORTGEN_PANDOC": str(pandoc)})
    lines = err.splitlines()
    assert code == ExitCode.TOOL_FAILED
    assert lines[0] == "error: pandoc: pandoc failed with exit code 3"
    assert lines[1].startswith(f"  command: {pandoc} ")
    assert lines[2:] == ["  bad \\x1b]0;owned\\x07 \\u202eend"]
    assert not Path("out").exists() or not any(Path("out").glob("*.docx"))
    _assert_inert(out, err)


def test_progress_lines_and_the_summary_are_escaped() -> None:
    # A symbol may carry an override in its bracketed part; a folder name anything.
    _session(Path("m"), "symbol: CTOC/COP/WG.9/2026/2",
             'symbol: "CTOC/COP/WG.9/2026/2 (\\u202eSect. 3)"')
    code, out, err = _cli("build", "m", "--to", "txt", "-v", "--out", "\x1b[31mout")
    lines = out.splitlines()
    assert code == ExitCode.OK, err
    assert re.fullmatch(r"\[1/1\] CTOC/COP/WG\.9/2026/2 \(\\u202eSect\. 3\) \(txt\) \d+\.\d s",
                        lines[0])
    assert lines[1] == "wrote \\x1b[31mout/CTOC_COP_WG.9_2026_2_Sect._3.txt"
    assert re.fullmatch(r"built 1 document \(0 unchanged\) in \d+\.\d s; 0 errors, 1 warning",
                        lines[2])
    assert len(lines) == 3
    assert err == "m/session.yaml" + MINIMAL_WARNING
    _assert_inert(out, err)


def test_the_progress_bar_shows_a_symbol_escaped_and_not_as_markup(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # The bar (rich, on stderr) as a terminal shows it; "[red]" in a symbol stays text.
    from reportgen import build
    from reportgen.outputs import plan, progress

    _session(Path("m"), "symbol: CTOC/COP/WG.9/2026/2",
             'symbol: "CTOC/COP/WG.9/2026/2 ([red]\\u202eSect. 3)"')
    prepared, _ = build.check([Path("m")])
    [document] = plan.plan(prepared, ["txt"], Path("out"))
    monkeypatch.setenv("FORCE_COLOR", "1")
    bar = progress.Bar(verbose=True)
    bar.planned(1, [], outputs=1)
    bar.started()
    bar.output(document, "txt")
    bar.document(document, ["txt"], 0.25)
    bar.finished()
    err = capsys.readouterr().err
    assert "CTOC/COP/WG.9/2026/2 ([red]\\u202eSect. 3) (txt)" in err
    assert "[1/1] CTOC/COP/WG.9/2026/2 ([red]\\u202eSect. 3) (txt) 0.2 s" in err
    assert "\u202e" not in err
