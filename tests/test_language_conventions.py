"""What reportgen writes from data in the other example sessions, in each language.

The other sessions of meetings/ have no translations: their prose stays English,
but their numbers, references, dates, headings and generated sentences follow the
language's conventions (docs/languages.md): Arabic paragraph numbers "1-" and
ordinal chapter references, French "1er" and no-break spaces, headings whose
organ, body and unit agree in gender, case and definiteness.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.pipeline import language_files
from reportgen.pipeline.language import Language
from reportgen.pipeline.templates import TemplateSet, builtin_dir

SESSIONS = {"ccpcj-2019": "E_CN.15_2019_12", "cac-cosp-irg-2015": "CAC_COSP_IRG_2015_5"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two example sessions built to TXT in every language, once for this module."""
    out = tmp_path_factory.mktemp("conventions")
    for folder in SESSIONS:
        result = CliRunner().invoke(main, ["build", str(ROOT / "meetings" / folder), "--lang",
                                           "all", "--to", "txt", "--out", str(out / folder)])
        assert result.exit_code == ExitCode.OK, result.stderr
    return out


def version(built: Path, folder: str, code: str) -> str:
    return (built / folder / f"{SESSIONS[folder]}.{code}.txt").read_text(encoding="utf-8")


# -- Arabic: paragraph numbers and references ---------------------------------------


def test_arabic_paragraphs_and_operative_paragraphs_are_numbered_with_a_hyphen(
        built: Path) -> None:
    text = version(built, "ccpcj-2019", "ar")
    numbers = re.findall(r"^(\d+)([-.]) ", text, re.MULTILINE)
    assert numbers[:4] == [("1", "-"), ("1", "-"), ("2", "-"), ("3", "-")]  # para 1, then I.A
    assert all(mark == "-" for _, mark in numbers)
    assert re.search(r"^31- ", text, re.MULTILINE)


def test_arabic_agenda_entries_are_numbered_with_a_hyphen(built: Path) -> None:
    text = version(built, "ccpcj-2019", "ar")
    entries = re.findall(r"^    (\d+)([-.]) Election of officers", text, re.MULTILINE)
    assert entries == [("1", "-"), ("1", "-")]  # the adopted and the provisional agenda


def test_arabic_references_cite_chapters_and_drafts_by_ordinal(built: Path) -> None:
    text = version(built, "ccpcj-2019", "ar")
    assert "(see الفصل التاسع)" in text
    assert "see القرار 28/1 in الفرع جيم من الفصل الأول." in text
    assert "(see مشروع القرار الثاني)" in text
    headings = [line for line in text.splitlines() if line.startswith("مشروع ")]
    assert headings[:4] == ["مشروع القرار الأول", "مشروع القرار الثاني", "مشروع المقرَّر الأول",
                            "مشروع المقرَّر الثاني"]


def test_arabic_annexes_are_numbered_by_ordinal(built: Path) -> None:
    text = version(built, "cac-cosp-irg-2015", "ar")
    annexes = re.findall(r"^المرفق (\S+)", text, re.MULTILINE)
    assert annexes == ["الأول", "الثاني"] * 2  # the contents' lines, then the headings


def test_the_contents_span_reads_the_figures_of_an_arabic_number() -> None:
    from reportgen.pipeline.numbering import bare

    assert [bare("14-"), bare("14."), bare("7")] == ["14", "14", "7"]


# -- French: the first of a month and no-break spaces -------------------------------

NBSP = "\u00a0"


def words(code: str) -> Language:
    return language_files.load(TemplateSet((builtin_dir(),)), code)


def test_french_writes_the_first_of_a_month_1er(built: Path) -> None:
    text = version(built, "cac-cosp-irg-2015", "fr")
    # CAC/COSP/IRG/2015/1 in French, the same session's agenda: "Vienne, 1er-5 juin 2015".
    assert "Vienna, 1er-5 juin 2015" in text.splitlines()[:20]
    assert "s’est tenue à Vienna du 1er au 5 juin 2015." in text
    assert "À sa 1re séance, le 1er juin 2015, l’Implementation Review Group" in text
    assert "les 1er et 2 juin 2015" in text


def test_only_french_gives_the_first_day_a_word() -> None:
    first, second = dt.date(2018, 11, 1), dt.date(2018, 11, 2)
    fr = words("fr")
    assert [fr.long_date(first), fr.long_date(second)] == ["1er novembre 2018",
                                                          "2 novembre 2018"]
    assert fr.masthead_date(first) == "1er novembre 2018"  # CTOC/COP/2018/13's masthead
    assert fr.date_span(dt.date(2017, 10, 1), dt.date(2017, 10, 3)) == "du 1er au 3 octobre 2017"
    assert words("es").long_date(first) == "1 de noviembre de 2018"
    assert words("en").long_date(first) == "1 November 2018"
    # The Russian version's masthead stays in English: no "1er" leaks into another locale.
    assert words("ru").masthead_date(first) == "1 November 2018"


def test_french_list_entries_and_offices_take_a_no_break_space(built: Path) -> None:
    text = version(built, "ccpcj-2019", "fr")
    assert f"    a) the discussion guide is made available in good time{NBSP};" in text
    assert f"    a) Annotated provisional agenda (E/CN.15/2019/1){NBSP};" in text
    assert f"    Vice-Présidents{NBSP}: Amina Diallo Sow (Sénégal, African States)" in text
    assert f"    Rapporteur{NBSP}: Farid Rahmani (Pakistan, Asia-Pacific States)" in text
    # No ordinary space, nor none, before a French colon or semicolon that reportgen wrote.
    generated = [line for line in text.splitlines() if line.startswith("    ")]
    assert not [line for line in generated if re.search(r"(?<!\u00a0)[;:]$", line)]
