"""The validation gaps of issue 11: each is a located input error (exit 2) with its fix.

Names typed in decomposed Unicode, text with nothing visible, numbers beyond any
sensible range, ids outside the documented grammar, a draft dated after its report,
lone surrogates, and a thousand broken references on one line (capped, the line
quoted as a window around the column).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.errors import ExitCode
from test_terminal import MINIMAL, MINIMAL_WARNING, STATES_LINE, VALID_KEYS, in_tmp

# The autouse fixture, imported to apply here too: each test runs in its own folder.
__all__ = ["in_tmp"]
PARAGRAPH = '- Several speakers described "national marking systems".'
DRAFT = """
draft:
  symbol: CTOC/COP/WG.9/2026/L.1
  date: {date}
  parts:
    - chapters: [deliberations, organization, adoption-of-the-report]
"""
UNSORTED = "m/session.yaml" + MINIMAL_WARNING.splitlines(keepends=True)[0]


def write_session(*replacements: tuple[str, str], extra: str = "") -> None:
    """m/session.yaml: the minimal session with each (old, new) replaced, ``extra`` added."""
    text = MINIMAL
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    Path("m").mkdir(exist_ok=True)
    Path("m/session.yaml").write_text(text + extra, encoding="utf-8")


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _refused(expected: str, errors: int = 1) -> None:
    """``check`` is refused with exactly ``expected`` (then the count) on stderr."""
    code, out, err = run_cli("check", "m")
    assert code == ExitCode.INVALID_INPUT
    assert out == ""
    plural = "s" if errors > 1 else ""
    assert err == f"{expected}{errors} error{plural}; nothing was written\n"


def _accepted() -> str:
    """``check`` passes; what it printed on stderr (the minimal session's warning)."""
    code, out, err = run_cli("check", "m")
    assert code == ExitCode.OK, err
    assert out.startswith("checked 1 session: ")
    return err


def _located(line: int, column: int, message: str, source: str) -> str:
    """A message as ``check`` prints it: located, with the line and a caret."""
    number = str(line)
    return (f"m/session.yaml:{line}:{column}: error: {message}\n {number} | {source}\n"
            f" {' ' * len(number)} | {' ' * (column - 1)}^\n")


# ---------------------------------------------------------------- State names


def test_state_names_typed_decomposed_are_accepted_and_printed_composed() -> None:
    # "Côte" as "Co" + COMBINING CIRCUMFLEX, "Türkiye" as "Tu" + COMBINING DIAERESIS:
    # they look the same as the UN list's names, and are the same names.
    write_session((STATES_LINE, STATES_LINE.replace("Côte", "Co\u0302te")),
             ("country: Portugal", "country: Tu\u0308rkiye"))
    quoted = " 41 |   " + STATES_LINE.replace("Côte", "Co\u0302te") + "\n"
    assert _accepted() == UNSORTED + quoted + "    |                            ^\n"
    code, _, err = run_cli("build", "m", "--to", "txt", "--out", "out", "-q")
    assert code == ExitCode.OK, err
    text = Path("out/CTOC_COP_WG.9_2026_2.txt").read_text(encoding="utf-8")
    assert "Ana Pereira (Türkiye)" in text
    assert "Côte d’Ivoire" in text
    assert "\u0302" not in text and "\u0308" not in text


# --------------------------------------------------------- nothing visible


@pytest.mark.parametrize(("typed", "only"), [
    (r"\u200b", "U+200B ZERO WIDTH SPACE"),
    (r"\u2060\u00a0", "U+2060 WORD JOINER and U+00A0 NO-BREAK SPACE"),
    (r"\u00ad", "U+00AD SOFT HYPHEN"),
    (r"\u200e \u200f", "U+200E LEFT-TO-RIGHT MARK and U+200F RIGHT-TO-LEFT MARK"),
    (r"\ufeff\u3164", "U+FEFF ZERO WIDTH NO-BREAK SPACE and U+3164 HANGUL FILLER"),
    (r"\u200b\u200c\u200d\u2060\u0301",
     "U+200B ZERO WIDTH SPACE, U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH JOINER "
     "and 2 more"),
])
def test_prose_with_no_visible_character_is_an_error_at_its_line(typed: str,
                                                                  only: str) -> None:
    write_session((PARAGRAPH, f'- "{typed}"'))
    _refused(_located(38, 9, f"entry 1 of 'paragraphs' has no visible character, only {only} "
                             "(write its text, or delete the line)", f'      - "{typed}"'))


def test_text_fields_with_no_visible_character_are_errors_too() -> None:
    write_session((PARAGRAPH, '- text: "\\u2060"'), ("venue: Vienna", 'venue: "\\u200b"'))
    _refused(_located(12, 10, "'venue' has no visible character, only U+200B ZERO WIDTH "
                              "SPACE (write its text)", '  venue: "\\u200b"')
             + _located(38, 15, "'text' has no visible character, only U+2060 WORD JOINER "
                                "(write its text)", '      - text: "\\u2060"'), errors=2)


def test_only_a_no_break_space_is_empty_and_one_visible_character_is_enough() -> None:
    write_session((PARAGRAPH, '- "\\u00a0"'))
    _refused(_located(38, 9, "entry 1 of 'paragraphs' is empty (write its text, or delete "
                             "the line)", '      - "\\u00a0"'))
    write_session((PARAGRAPH, '- "\\u200b.\\u200b"'))
    _accepted()


# ------------------------------------------------------------ whole numbers


@pytest.mark.parametrize(("old", "new", "where", "what", "shown"), [
    ("number: 11", "number: 0", (11, 11), "'number'", "the number 0"),
    ("number: 11", "number: 1000", (11, 11), "'number'", "the number 1000"),
    ("meetings_held: 4", "meetings_held: 100000000000", (15, 18), "'meetings_held'",
     "the number 100000000000"),
    ("{meeting: 1,", "{meeting: 1000,", (24, 22), "'meeting'", "the number 1000"),
    ("meetings: [2]", "meetings: [2, 1000]", (35, 19), "entry 2 of 'meetings'",
     "the number 1000"),
])
def test_whole_numbers_are_from_1_to_999(old: str, new: str, where: tuple[int, int],
                                         what: str, shown: str) -> None:
    write_session((old, new))
    source = next(line for line in MINIMAL.replace(old, new).splitlines() if new in line)
    _refused(_located(*where, f"{what} should be a whole number from 1 to 999, not {shown}",
                      source))


def test_a_400_digit_number_is_located_at_the_session_line() -> None:
    # It used to reach the template that spells it, and be blamed on that template.
    write_session(("number: 11", "number: " + "9" * 400))
    _refused(_located(11, 11, "'number' should be a whole number from 1 to 999, not a "
                              "number of 400 digits (999999999999…)",
                      "  number: " + "9" * 150 + "…"))


@pytest.mark.parametrize(("old", "new", "where", "what"), [
    ("date: 2026-06-20", "date: 9999-12-31", (3, 9), "'date'"),
    ("start: 2026-06-02", "start: 1900-01-01", (13, 10), "'start'"),
])
def test_dates_are_from_the_un_founding_to_2099(old: str, new: str, where: tuple[int, int],
                                                what: str) -> None:
    # A year far ahead used to reach pandoc, which failed stamping the DOCX with it.
    write_session((old, new))
    _refused(_located(*where, f"{what} should be a date from 1945-10-24 to 2099-12-31, not "
                              f"{new.split()[-1]}", f"  {new}"))


# ---------------------------------------------------------------------- ids

GRAMMAR = "may hold only the letters A–Z and a–z, digits, '-', '_' and '.', not"


@pytest.mark.parametrize(("typed", "problem"), [
    ("a/b", f"{GRAMMAR} '/'"),
    ("'a b'", f"{GRAMMAR} a space"),
    ("café", f"{GRAMMAR} 'é'"),
    ("x..y", "has two dots in a row"),
    ("..", "has two dots in a row"),
    (".hidden", "starts with '.'; start it with a letter or a digit"),
    ("-x", "starts with '-'; start it with a letter or a digit"),
])
def test_ids_follow_the_documented_grammar(typed: str, problem: str) -> None:
    write_session((PARAGRAPH, f"- id: {typed}\n        text: Several speakers."))
    shown = typed.strip("'")
    _refused(_located(38, 13, f"the id '{shown}' {problem}; write it like "
                              "'commercial-carriers'", f"      - id: {typed}"))


def test_agenda_keys_follow_the_grammar_and_good_ids_pass() -> None:
    write_session(("key: marking", "key: mark/ing"), ("item: marking", "item: mark/ing"))
    _refused(_located(28, 12, f"the key 'mark/ing' {GRAMMAR} '/'; write it like "
                              "'other-matters'", "    - key: mark/ing"))
    write_session((PARAGRAPH, "- id: Item-3.a_2\n        text: Several speakers, as in "
                         "[[para:Item-3.a_2]]."))
    _accepted()


# --------------------------------------------------------------- draft date


@pytest.mark.parametrize(("date", "message"), [
    ("2026-06-21", "the draft is dated 2026-06-21, after the report it leads to "
                   "(2026-06-20, 'document.date'); give a date from 2026-06-02 to 2026-06-20"),
    ("2026-06-01", "the draft is dated 2026-06-01, before the meeting starts (2026-06-02)"),
])
def test_a_draft_is_dated_from_the_meetings_start_to_the_reports_date(date: str,
                                                                       message: str) -> None:
    write_session(extra=DRAFT.format(date=date))
    _refused(_located(48, 9, message, f"  date: {date}"))
    for good in ("2026-06-02", "2026-06-20"):
        write_session(extra=DRAFT.format(date=good))
        _accepted()


# ------------------------------------------------------- lone surrogates


def test_a_lone_surrogate_is_a_located_error_in_check_and_build() -> None:
    # A double-quoted "\udc80" is half a character: it used to fail when written.
    write_session(("venue: Vienna", 'venue: "Vi\\udc80enna"'))
    expected = _located(12, 10, "'venue' contains U+DC80, half of a character that cannot "
                                "stand alone (a lone surrogate); delete the escape \\udc80 "
                                "or type the whole character", '  venue: "Vi\\udc80enna"')
    _refused(expected)
    code, out, err = run_cli("build", "m", "--out", "out")
    assert code == ExitCode.INVALID_INPUT
    assert (out, err) == ("", expected + "1 error; nothing was written\n")
    assert not Path("out").exists()


def test_a_lone_surrogate_in_a_key_or_a_name_is_refused() -> None:
    write_session(("organ:", '"\\ud800": 1\norgan:'),
             (STATES_LINE, 'states_parties: ["\\udfff"]'))
    _refused(_located(6, 1, f"unknown key '\\ud800' (valid keys here: {VALID_KEYS})",
                      '"\\ud800": 1')
             + _located(42, 20, "entry 1 of 'states_parties' contains U+DFFF, half of a "
                                "character that cannot stand alone (a lone surrogate); delete "
                                "the escape \\udfff or type the whole character",
                        '  states_parties: ["\\udfff"]'), errors=2)


def test_control_characters_are_refused_in_short_forms_too() -> None:
    # A paragraph or a name written as a bare string skipped the check before.
    write_session((PARAGRAPH, '- "Several \\e[2J speakers"'),
             (STATES_LINE, 'states_parties: ["Bra\\e[31mzil", Austria]'))
    _refused(_located(38, 9, "entry 1 of 'paragraphs' contains the control character U+001B "
                             "(delete it)", '      - "Several \\e[2J speakers"')
             + _located(41, 20, "entry 1 of 'states_parties' contains the control character "
                                "U+001B (delete it)",
                        '  states_parties: ["Bra\\e[31mzil", Austria]'), errors=2)


# ------------------------------------------- many messages on one long line

GONE = "nothing has the id '{0}' in [[para:{0}]] (was it deleted or renamed?)"


def test_a_thousand_broken_references_on_one_line_are_capped() -> None:
    references = " ".join(f"[[para:x{n}]]" for n in range(1000))
    write_session((PARAGRAPH, f'- "{references}"'))
    line = f'      - "{references}"'
    window = line[:160] + "…"
    _refused("".join(_located(38, column, GONE.format(f"x{n}"), window)
                     for n, column in enumerate((10, 22, 34)))
             + "… and 997 more on this line\n", errors=1000)


def test_the_cap_counts_each_kind_of_message_apart() -> None:
    ids = " ".join(f"[[para:{n}]]" for n in "abcd")
    kinds = " ".join(f"[[bogus:{n}]]" for n in "efgh")
    write_session((PARAGRAPH, f'- "{ids} {kinds}"'))
    line = f'      - "{ids} {kinds}"'
    bogus = ("unknown kind of reference 'bogus' in [[bogus:{0}]] (write one of: paragraph, "
             "para, recommendation, chapter, section, item, document, resolution, decision, "
             "draft-resolution, draft-decision, officer, annex, table)")
    shown = ([_located(38, line.index(f"[[para:{n}]]") + 1, GONE.format(n), line)
              for n in "abc"]
             + [_located(38, line.index(f"[[bogus:{n}]]") + 1, bogus.format(n), line)
                for n in "efg"])
    _refused("".join(shown) + "… and 2 more on this line\n", errors=8)


def test_a_long_line_is_quoted_as_a_window_around_the_column() -> None:
    before, after = "word " * 400, " word" * 400
    write_session((PARAGRAPH, f"- {before}[[para:gone]]{after}"))
    line = f"      - {before}[[para:gone]]{after}"
    column = line.index("[[") + 1
    source = "…" + line[column - 81:column + 79] + "…"
    message = GONE.format("gone")
    code, _, err = run_cli("check", "m")
    assert code == ExitCode.INVALID_INPUT
    assert err == (f"m/session.yaml:38:{column}: error: {message}\n"
                   f" 38 | {source}\n"
                   f"    | {' ' * 81}^\n"
                   "1 error; nothing was written\n")
    assert source[81:94] == "[[para:gone]]"
