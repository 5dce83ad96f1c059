"""Helpers of the tests of one language version (test_language_fr.py, _es.py …): the
example built in that language, its parts by line, and the language's sentence
templates and grammar macros rendered on their own."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, STEM
from reportgen.cli import main
from reportgen.pipeline import compose, language_files
from reportgen.pipeline.templates import TemplateSet, builtin_dir
from shapes import assert_golden

DATA = Path(__file__).resolve().parent.parent / "src" / "reportgen" / "data"


def build_version(out: Path, code: str) -> str:
    """The example's TXT in the language ``code``, built with --strict (no warning)."""
    result = CliRunner().invoke(main, ["build", str(EXAMPLE.parent), "--lang", code,
                                       "--to", "txt", "--out", str(out), "--strict"])
    assert result.exit_code == 0, result.stderr
    return (out / f"{STEM}.{code}.txt").read_text(encoding="utf-8")


def check_golden(text: str, code: str, update: bool) -> None:
    """The whole TXT against tests/golden/<stem>.<code>.txt (rewritten by --update-golden)."""
    assert_golden(text, f"{STEM}.{code}", update)


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def paragraph(text: str, number: int) -> str:
    """The numbered paragraph ``number``, without its number."""
    found = [line for line in text.splitlines() if line.startswith(f"{number}. ")]
    assert len(found) == 1, (number, found)
    return found[0][len(f"{number}. "):]


def chapters(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"[IVX]+\. ", line)]


def sections(text: str) -> list[str]:
    """The lettered section headings (A. …, B. …), in order."""
    return [line for line in text.splitlines()
            if re.match(r"[A-Z]\. ", line) and line not in chapters(text)]


def states_of(sentence: str) -> list[str]:
    """The names listed after the colon of an attendance sentence, in their order."""
    names = re.split(r" : |: ", sentence, maxsplit=1)[1].rstrip(".")
    *first, last = names.split(", ")
    return [*first, *re.split(r" (?:et|y|e) (?=[A-ZÁÉÍÓÚÀ-Ý])", last)]


def render(code: str, source: str, **values: Any) -> str:
    """A piece of template text in the environment of the language ``code``."""
    templates = TemplateSet((builtin_dir(),))
    words = language_files.load(templates, code)
    return compose.environment(templates, words).from_string(source).render(**values)


def sentence(code: str, name: str, **values: Any) -> str:
    """The language's sentence template ``name`` with ``values`` (plain data for
    ``session``), spaces collapsed as the report prints it."""
    path = builtin_dir() / "sentences" / code / f"{name}.j2"
    rendered = render(code, path.read_text(encoding="utf-8"), **values)
    return re.sub(r"[^\S\u00a0]+", " ", rendered).strip()  # as compose keeps no-break spaces


def unterm_articles(code: str, articles: tuple[str, ...]) -> dict[str, str]:
    """Every State name of the UN list in ``code`` (without its article), with the
    article UNTERM writes after it in brackets ("" when none)."""
    found = {}
    for table, column in (("un-member-states.csv", f"unterm_{code}_short"),
                          ("state-names-languages.csv", code)):
        with open(DATA / table, encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                name, article = row[column].replace("'", "\u2019"), ""
                for candidate in articles:
                    suffix = f" ({candidate})"
                    if name.endswith(suffix):
                        name, article = name[:-len(suffix)], candidate
                found[name] = article
    return found


def assert_in_order(names: list[str], pairs: tuple[tuple[str, str], ...]) -> None:
    """Each pair's first name stands before its second in ``names``."""
    for earlier, later in pairs:
        assert names.index(earlier) < names.index(later), (earlier, later)


def grammar(code: str, macro: str, names: list[str]) -> list[str]:
    """The macro ``macro`` of sentences/<code>/_grammar.j2 applied to each name."""
    source = f'{{% import "sentences/{code}/_grammar.j2" as g %}}{{{{ g.{macro}(name) }}}}'
    return [render(code, source, name=name) for name in names]


def wrong_articles(code: str, articles: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """The UN list's names whose article the grammar file gets wrong: UNTERM's, the
    macro's. Asserts the list was read whole."""
    expected = unterm_articles(code, articles)
    assert len(expected) > 190
    given = grammar(code, "state_article", list(expected))
    pairs = zip(expected.items(), given, strict=True)
    return {name: (article, got) for (name, article), got in pairs if article != got}


class LanguageVersion:
    """The tests every language version of the example passes; a language's test file
    subclasses this (class TestFrench(LanguageVersion)) with its expected texts."""

    code = ""
    # UNTERM's bracketed articles in this language ("l’", "le" …).
    articles: tuple[str, ...] = ()
    # The first lines: masthead and title.
    masthead: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()
    # The last sections (those of the organizational chapter).
    sections: tuple[str, ...] = ()
    # Generated paragraphs by number, word for word.
    paragraphs: dict[int, str] = {}
    # The paragraph of the attending States parties, how many it names, and pairs of
    # names in the order the language's collation gives.
    attendance = 24
    attending = 66
    order: tuple[tuple[str, str], ...] = ()
    # (sentence template, session data, expected text).
    sentences: tuple[tuple[str, dict[str, Any], str], ...] = ()

    @pytest.fixture(scope="class")
    @classmethod
    def text(cls, tmp_path_factory: pytest.TempPathFactory) -> str:
        """The example in this language, built with --strict: the translation file has
        every text."""
        return build_version(tmp_path_factory.mktemp(cls.code), cls.code)

    def test_the_text_matches_its_golden_file(self, text: str, update_golden: bool) -> None:
        check_golden(text, self.code, update_golden)

    def test_the_masthead_and_the_title(self, text: str) -> None:
        assert tuple(lines(text)[:len(self.masthead)]) == self.masthead

    def test_the_headings(self, text: str) -> None:
        assert (tuple(chapters(text)), tuple(sections(text)[-len(self.sections):])) == \
            (self.chapters, self.sections)

    def test_the_generated_paragraphs_word_for_word(self, text: str) -> None:
        assert {number: paragraph(text, number) for number in self.paragraphs} == \
            self.paragraphs

    def test_the_attending_states_are_in_the_languages_order(self, text: str) -> None:
        states = states_of(paragraph(text, self.attendance))
        assert len(states) == self.attending
        assert_in_order(states, self.order)

    def test_every_state_takes_the_article_unterm_gives_it(self) -> None:
        """The grammar file's rule and exceptions against every name of the UN list."""
        assert wrong_articles(self.code, self.articles) == {}

    def test_numbers_and_ordinals_agree_with_their_nouns(self) -> None:
        assert [sentence(self.code, name, session=data) for name, data, _ in self.sentences] \
            == [expected for _, _, expected in self.sentences]
