"""Every word the report prints lives in the language files, not in Python.

The built-in words are ``templates/languages/en.toml``; a project's own
``templates/languages/en.toml`` overrides single entries. These tests read the
source of ``src/`` for report words in string constants, build with an override
and check that only the overridden word changes, and check the messages of a
bad override and of an unknown language.
"""

from __future__ import annotations

import ast
import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import rootcases
from reportgen.cli import main
from reportgen.errors import ExitCode, InputError
from reportgen.pipeline import language_files
from reportgen.pipeline.templates import TemplateSet, builtin_dir

SRC = Path(__file__).resolve().parent.parent / "src" / "reportgen"

# Words and conventions the report prints: none may stand in a string constant of src/.
REPORT_WORDS = [
    r"\b[Rr]ecommendations?\b", r"\b[Pp]aragraphs?\b", r"\b[Pp]aras?\.", r"Draft report",
    r"\bAddendum\b", r"\bDistr\.", r"\bOriginal:", r"United Nations", r"Please recycle",
    r"\b(January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b",
    r"\b[Aa]genda items?\b", r"\b[Cc]hapters?\b", r"\b[Ss]ections?\b",
    r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b",
    r"\b\d+(st|nd|rd|th)\b", r"\b(General|Limited|Restricted)\b", r"\bEnglish\b",
    r" and ", r" to ", r"\bfrom ", r"\bon ", r"[“”‘’]", "–",
]

# Strings that are names in the code, never printed: heading levels, the kinds of
# cross-reference a user types ([[paras:a,b]]) and the families of their targets.
IDENTIFIERS = {"paragraph", "paragraphs", "recommendation", "recommendations", "chapter",
               "chapters", "section", "sections", "subsection", "document", "documents",
               "para", "paras", "para.", "paras."}

# Messages to the user that the structural test below cannot see as messages (they
# are not written inside a raise or an error call), each with why it may stay.
ALLOWED = {
    ("build.py", " and --strict; nothing was written"): "WarningsAsErrors' message",
    ("config.py", "'build' must be a table: write [build] on its own line"):
        "a message about reportgen.toml",
    ("config.py", "expected a list chosen from "): "a message about reportgen.toml",
    ("config.py", " leads outside the project, to "): "a message about reportgen.toml",
    ("pipeline/fullyaml.py", " (first at line "): "a message about a duplicate YAML key",
    ("pipeline/model.py", "paragraphs-and-pages"): "a value of 'document.contents', as typed",
    ("writers/text.py", "paragraphs-and-pages"): "the same value, read by the writer",
    ("writers/script_fonts.py", ", and it is not installed (looked for "):
        "the warning of a script font that is missing (pdf.write gives it)",
    ("writers/scaled_font.py", "Liberation Serif scaled horizontally to "):
        "the derived font's description in its name table",
    ("writers/docx.py", "paragraphs-and-pages"): "the same value, read by the writer",
    ("writers/docx_parts.py", "paragraphs-and-pages"): "the same value, read by the writer",
    ("writers/html.py", "paragraphs-and-pages"): "the same value, read by the writer",
    ("tools/watch.py", " nothing to rebuild ("): "a line reportgen watch prints",
    ("pipeline/tree.py", "first"): "a key of the JSON typst reads",
    ("pipeline/language.py", "’"): "sort_key sorts ’ as ', it prints nothing",
    ("pipeline/language_files.py", "add the language file to templates/languages"):
        "the hint of a language file that cannot be read",
    ("pipeline/references.py", " and "): "_describe, for the message of an ambiguous reference",
    ("pipeline/references.py", "cites places in different annexes, or in an annex and the "
                               "report"): "the message of a reference to two annexes",
    ("pipeline/states.py", " (write the English short name, as in UNTERM)"):
        "a message about a State name",
    ("pipeline/states.py", "' was not yet the official name on "): "a message about a State name",
    ("pipeline/states.py", "' was no longer the official name on "): "a message about a State name",
    ("pipeline/states.py", "’"): "State names are matched as the UN's English list spells them",
    ("pipeline/validate.py", "an agenda item"): "_NOUNS: what a message says is missing a key",
    ("pipeline/validate.py", "a consideration of an agenda item"): "_NOUNS, as above",
    ("pipeline/validate.py", "a group of recommendations"): "_NOUNS, as above",
    ("pipeline/validate.py", "a paragraph"): "_NOUNS, as above",
    ("pipeline/validate.py", "a recommendation"): "_NOUNS, as above",
    ("pipeline/validate.py", "'recommendations'"): "_NOUNS, as above",
    ("pipeline/validate.py", "a section"): "_NOUNS, as above",
    ("pipeline/validate.py", "a chapter"): "_NOUNS, as above",
    ("pipeline/validate.py", "a section of 'organization'"): "_NOUNS, as above",
    ("writers/pdf.py", " and "): "the message of a font substitution warning",
    ("pipeline/checks.py", "may hold only the letters A–Z and a–z, digits, '-', '_' and '.', not "):
        "_ID_RULE: the message of an id that breaks the grammar",
    ("pipeline/compose.py", "' not found: a template may include, import or extend only a "
                            "file of a template folder, named from that folder "
                            "('sentences/title.j2'), without '..' or a leading '/'"):
        "the message of a template not found",
    ("pipeline/compose.py", ": a template may read only the session's data and call the "
                            "functions reportgen gives it"): "the message of an unsafe template",
    ("pipeline/compose.py", "template error: a macro or an include calls itself without end; "
                            "give it a condition that stops it"):
        "the message of a template without end",
    ("errors.py", "no space left on device"): "_OUTPUT_FAULTS: why an output cannot be written",
    ("writers/reference_docx.py", " and "): "the message of an incomplete reference-docx",
    ("writers/reference_docx.py", " folder replaces the built-in one whole: copy the missing "
                                  "parts from "): "the message of an incomplete reference-docx",
    ("writers/reference_docx.py", ", or delete this folder to use the built-in style"):
        "the message of an incomplete reference-docx",
    ("writers/pdf.py", "failed to download package"): "typst's own message, recognised",
    ("writers/pdf.py", "hint: a template cannot import typst packages (reportgen reads nothing "
                       "from the network or outside the template's folder): copy what the "
                       "template needs into its folder"): "the hint under typst's message",
    ("tools/new.py", "The organ the report goes to (Conference of the Parties to …)"):
        "a question 'reportgen new' asks on the terminal",
    ("tools/new.py", "The body that meets (Working Group on …)"): "a question of 'new'",
    ("tools/new.py", "Its number (4 for its fourth meeting; nothing if it has none)"):
        "a question of 'new'",
    ("tools/new.py", "Its first day (YYYY-MM-DD)"): "a question of 'new'",
    ("tools/new.py", "The report's symbol (ABC/WG.1/2024/5), or its series ending in '/' "
                     "(ABC/WG.1/2024/) to take the number after the documents"):
        "a question of 'new'",
    ("pipeline/language.py", "{first}–{last}"):
        "the default of an optional entry, [contents] span, for the files that lack it "
        "(en.toml writes the same)",
    ("errors.py", "… and "): "the count of messages left out on one line",
    ("errors.py", " more on this line"): "the count of messages left out on one line",
    ("pipeline/templates.py", "symbolic link to '"):
        "the message of a link out of a template folder",
    ("pipeline/templates.py", ": a template reads only files inside its folder; copy the file "
                              "into the folder instead of linking to it"):
        "the message of a link out of a template folder",
    ("pipeline/templates.py", ", not a file or a folder: a template folder may hold only files "
                              "and folders; remove it"):
        "the message of a FIFO or device in a template folder",
    ("pipeline/validate.py", " and "):
        "_invisible_names, in the message of a text with nothing visible",
    ("writers/pdf.py", "; typst fell back to "): "the message of a font substitution warning",
    ("writers/pdf.py", "' is not in the font folders given to typst ("):
        "the message of a missing font",
    ("config.py", 'expected "all" or a list chosen from '): "a message about reportgen.toml",
    ("pipeline/corrigendum.py", "(?<=[.?!])\\s+(?=[A-Z0-9“‘\\\"'(])"):
        "_SENTENCE_END: where a sentence ends, quotes included",
    ("pipeline/corrigendum.py", "a paragraph with a list"):
        "_kind: the message of a change a corrigendum cannot say",
    ("pipeline/corrigendum.py", "an unnumbered paragraph"):
        "_kind: the message of a change a corrigendum cannot say",
    ("pipeline/translations.py", "' is not translated: it is data, written once in the "
                                 "session, or the session has none here (delete it from "):
        "the message of data in a translation file",
}
# Whole modules that print to the terminal, never into a report.
ALLOWED_MODULES = {
    "util/files.py": "reads the project's files: its only words are messages about them",
    "cli.py": "the command's help",
    "commands": "each command's help and summaries",
    "tools/numbers.py": "`reportgen numbers`: the renumbering report for translators",
    "tools/stylediff": "`reportgen style-diff`: its report on two DOCX files",
    "tools/pages.py": "`reportgen pages`: its table of where the pages of two files begin",
}

# A string inside one of these is a message: raise, assert, an error or warning call,
# click's echo, an exception's construction, a help text.
_MESSAGE_CALL = re.compile(r"(error|warning|echo|secho|Error|Exception|BadParameter|"
                           r"Diagnostic)$")
_XML = re.compile(r"^\s*<")  # OOXML written by the DOCX writer: attribute values


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _messages(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        holder = None
        if isinstance(node, (ast.Raise, ast.Assert)):
            holder = node
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            holder = node if _MESSAGE_CALL.search(name) else None
        elif isinstance(node, ast.keyword) and node.arg == "help":
            holder = node
        if holder is not None:
            found.update(id(sub) for sub in ast.walk(holder))
    return found


def report_words_in_source(src: Path = SRC) -> list[str]:
    """Every string constant of ``src`` that holds a report word, as "file:line: text"."""
    found = []
    for path in sorted(src.rglob("*.py")):
        name = path.relative_to(src).as_posix()
        if name in ALLOWED_MODULES or any(name.startswith(f"{m}/") for m in ALLOWED_MODULES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _docstrings(tree) | _messages(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            text = node.value
            if (id(node) in skipped or text in IDENTIFIERS or _XML.match(text)
                    or (name, text) in ALLOWED):
                continue
            if any(re.search(word, text) for word in REPORT_WORDS):
                found.append(f"{name}:{node.lineno}: {text!r}")
    return found


def test_no_report_word_is_written_in_python() -> None:
    assert report_words_in_source() == []


def test_the_scan_finds_a_report_word(tmp_path: Path) -> None:
    """The test above can fail: a label written into Python is found."""
    fake = tmp_path / "reportgen"
    fake.mkdir()
    (fake / "numbering.py").write_text('LABEL = f"Recommendation {3}"\n'
                                       'raise ValueError("no paragraph 3")\n',
                                       encoding="utf-8")
    assert report_words_in_source(fake) == ["numbering.py:1: 'Recommendation '"]


def test_every_allowed_string_is_still_in_its_file() -> None:
    """An allow-list entry whose string left its file is dead: remove it."""
    for (name, text), _reason in ALLOWED.items():
        constants = {node.value for node in ast.walk(ast.parse(
            (SRC / name).read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert text in constants, name


# ------------------------------------------------------------------ overrides


def _build_txt(root: Path, out: Path) -> tuple[int, str, list[str]]:
    result = CliRunner().invoke(main, ["build", str(root), "--to", "txt", "--out", str(out)])
    files = sorted(out.glob("*.txt")) if out.is_dir() else []
    text = files[0].read_text(encoding="utf-8").splitlines() if files else []
    return result.exit_code, result.stderr, text


@pytest.fixture(scope="module")
def minimal_txt(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    top = tmp_path_factory.mktemp("plain")
    session = rootcases.materialise("minimal", top)
    code, err, text = _build_txt(session.parent, top / "out")
    assert (code, "Traceback" in err) == (0, False)
    return text


@pytest.mark.parametrize(("override", "before", "after"), [
    ('[masthead]\norganization = "Nations Unies"\n',
     "United Nations    CTOC/COP/WG.9/2026/2", "Nations Unies    CTOC/COP/WG.9/2026/2"),
    ('# a project\'s own heading\n[headings]\nattendance = "Participation"\n',
     "C. Attendance", "C. Participation"),
])
def test_a_project_override_changes_that_word_and_nothing_else(
        override: str, before: str, after: str, minimal_txt: list[str],
        tmp_path: Path) -> None:
    session = rootcases.materialise("minimal", tmp_path)
    languages = session.parent / "templates" / "languages"
    languages.mkdir(parents=True)
    (languages / "en.toml").write_text(override, encoding="utf-8")
    code, err, text = _build_txt(session.parent, tmp_path / "out")
    assert (code, "Traceback" in err) == (0, False)
    changed = [(old, new) for old, new in zip(minimal_txt, text, strict=True) if old != new]
    assert changed == [(before, after)]


def test_a_project_language_of_its_own_is_used(tmp_path: Path) -> None:
    """A whole language file in a project (here English words under the code "en-GB"
    with one change) makes its code a language the session can name."""
    session = rootcases.materialise("minimal", tmp_path)
    languages = session.parent / "templates" / "languages"
    languages.mkdir(parents=True)
    words = (builtin_dir() / "languages" / "en.toml").read_text(encoding="utf-8")
    (languages / "en-GB.toml").write_text(words.replace('last = " and "', 'last = " & "'),
                                          encoding="utf-8")
    session.write_text(session.read_text(encoding="utf-8").replace(
        "  date: 2026-06-20\n", "  date: 2026-06-20\n  language: en-GB\n"), encoding="utf-8")
    code, err, text = _build_txt(session.parent, tmp_path / "out")
    assert (code, "Traceback" in err) == (0, False)
    assert ("The following States parties to the Firearms Protocol were represented in the "
            "Working Group: Austria, Brazil, Costa Rica & Côte d’Ivoire.") in " ".join(text)


def test_a_changed_override_is_read_again(tmp_path: Path) -> None:
    """One Language per template set, made again when its file changes (a watcher)."""
    (tmp_path / "languages").mkdir()
    override = tmp_path / "languages" / "en.toml"
    templates = TemplateSet((tmp_path, builtin_dir()))
    override.write_text('[draft]\ntitle = "Projet"\n', encoding="utf-8")
    first = language_files.load(templates, "en")
    assert language_files.load(templates, "en") is first
    time.sleep(0.01)
    override.write_text('[draft]\ntitle = "Draft"\n', encoding="utf-8")
    assert (first.draft.title, language_files.load(templates, "en").draft.title) == \
        ("Projet", "Draft")


def test_every_builtin_language_file_is_complete_and_valid() -> None:
    templates = TemplateSet((builtin_dir(),))
    for code in language_files.available(templates):
        assert language_files.load(templates, code).code == code


def test_a_bad_pattern_in_the_builtin_file_would_be_found(tmp_path: Path) -> None:
    """The built-in file is checked like a project's: a copy with a mistake fails."""
    broken = tmp_path / "languages"
    broken.mkdir()
    words = (builtin_dir() / "languages" / "en.toml").read_text(encoding="utf-8")
    # The first one is [numbering]'s ([amendments] has another).
    (broken / "xx.toml").write_text(words.replace('"Recommendation {number}"',
                                                  '"Recommendation {count}"', 1),
                                    encoding="utf-8")
    line = words.splitlines().index('recommendation = "Recommendation {number}"') + 1
    with pytest.raises(InputError) as caught:
        language_files.load(TemplateSet((tmp_path, builtin_dir())), "xx")
    assert str(caught.value) == (
        f"{broken / 'xx.toml'}:{line}:1: error: 'numbering.recommendation' uses {{count}}, which "
        "it cannot (its names: {capital}, {chinese}, {letter}, {number}, {ordinal}, {roman}, "
        "{small_roman}; write {{ and }} for a brace)")


def test_a_language_code_is_never_a_path(tmp_path: Path) -> None:
    (tmp_path / "languages").mkdir()
    shutil.copy(builtin_dir() / "languages" / "en.toml", tmp_path / "secret.toml")
    with pytest.raises(InputError) as caught:
        language_files.load(TemplateSet((tmp_path, builtin_dir())), "../secret")
    known = ", ".join(language_files.available(TemplateSet((builtin_dir(),))))
    assert str(caught.value) == ("<input>: error: '../secret' is not a language code "
                                 f"(write one of: {known})")
    assert ExitCode(caught.value.exit_code) == ExitCode.INVALID_INPUT


def test_a_language_file_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "languages").mkdir()
    (tmp_path / "languages" / "en.toml").write_bytes(b'[draft]\ntitle = "Entw\xfcrfe"\n')
    with pytest.raises(InputError) as caught:
        language_files.load(TemplateSet((tmp_path, builtin_dir())), "en")
    assert str(caught.value) == (f"{tmp_path / 'languages' / 'en.toml'}:2:14: error: byte 0xfc "
                                 "at offset 21 is not UTF-8 (save the file as UTF-8)")
