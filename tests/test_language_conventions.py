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
from reportgen.errors import ExitCode, InputError
from reportgen.pipeline import language_files
from reportgen.pipeline.language import Language
from reportgen.pipeline.templates import TemplateSet, builtin_dir

SESSIONS = {"ccpcj-2019": "E_CN.15_2019_12", "cac-cosp-irg-2015": "CAC_COSP_IRG_2015_5",
            "expert-group-corruption-2001": "A_AC.260_2"}


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


# -- Headings that name the organ, the body or the unit -----------------------------


def headings(text: str) -> set[str]:
    """The chapter and section headings of a TXT version (its contents lines aside)."""
    return {line for line in text.splitlines()
            if re.match(r"^(\S+\.|\S+-) \D", line) and not re.search(r"\.{3} \S+$", line)}


def test_untranslated_names_take_their_article_in_french_and_spanish(built: Path) -> None:
    fr = headings(version(built, "ccpcj-2019", "fr"))
    assert {"I. Questions appelant une décision de l’Economic and Social Council ou portées à "
            "son attention", "B. Mesures prises par la Commission",
            "A. Projets de résolution soumis à l’Economic and Social Council pour adoption",
            "IX. Ordre du jour provisoire de la vingt-neuvième session"} <= fr
    assert "II. Questions appelant une décision de la General Assembly" in headings(
        version(built, "expert-group-corruption-2001", "fr"))  # [names]: feminine
    es = headings(version(built, "ccpcj-2019", "es"))
    assert {"XII. Organización del período de sesiones",
            "IX. Programa provisional del 29º período de sesiones",
            "B. Medidas adoptadas por la Commission",
            "C. Asuntos que se señalan a la atención del Economic and Social Council"} <= es
    assert "A. Apertura de la reunión" in headings(
        version(built, "expert-group-corruption-2001", "es"))
    annex = version(built, "cac-cosp-irg-2015", "es")
    assert "A. Apertura del período de sesiones" in headings(annex)
    assert "Programa provisional del séptimo período de sesiones del Implementation Review " \
           "Group" in annex


def test_arabic_headings_agree_with_the_organ_and_the_unit(built: Path) -> None:
    ccpcj = headings(version(built, "ccpcj-2019", "ar"))
    assert "تاسعا- جدول الأعمال المؤقَّت للدورة التاسعة والعشرين" in ccpcj
    assert "باء- الإجراءات التي اتخذتها Commission" in ccpcj  # [names]: feminine
    # "ل" cannot join a Latin letter: "لـ".
    assert "عُقدت الدورة الثامنة والعشرون لـCommission on Crime Prevention and Criminal " \
           "Justice في Vienna" in version(built, "ccpcj-2019", "ar")
    expert = headings(version(built, "expert-group-corruption-2001", "ar"))
    assert "ثانيا- المسائل التي تستدعي أن تتخذ General Assembly إجراءً بشأنها" in expert
    assert "جدول الأعمال المؤقَّت للدورة السابعة لـImplementation Review Group" in version(
        built, "cac-cosp-irg-2015", "ar")


def test_russian_headings_give_the_next_session_its_number(built: Path) -> None:
    assert "IX. Предварительная повестка дня двадцать девятой сессии" in headings(
        version(built, "ccpcj-2019", "ru"))


TRANSLATED = {
    "ru": ("Экономический и Социальный Совет", "Совет",
           "Комиссия по предупреждению преступности и уголовному правосудию", "Комиссия"),
    "fr": ("Conseil économique et social", "Conseil",
           "Commission pour la prévention du crime et la justice pénale", "Commission"),
    "es": ("Consejo Económico y Social", "Consejo",
           "Comisión de Prevención del Delito y Justicia Penal", "Comisión"),
    "ar": ("المجلس الاقتصادي والاجتماعي", "المجلس", "لجنة منع الجريمة والعدالة الجنائية",
           "اللجنة"),
}


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """The headings of ccpcj-2019 with its organ and body translated (only those): in
    Russian, French, Spanish and Arabic."""
    folder = tmp_path_factory.mktemp("translated")
    (folder / "session.yaml").write_text(
        (ROOT / "meetings" / "ccpcj-2019" / "session.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    for code, (organ, short, body, body_short) in TRANSLATED.items():
        (folder / f"session.{code}.yaml").write_text(
            f"organ: {organ}\nmeeting:\n  body: {body}\n  short_name: {body_short}\n"
            f"action:\n  organ: {organ}\n  short_name: {short}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "--lang", ",".join(TRANSLATED),
                                       "--to", "txt", "--out", str(folder / "out")])
    assert result.exit_code == ExitCode.OK, result.stderr
    return {code: headings((folder / "out" / f"E_CN.15_2019_12.{code}.txt")
                           .read_text(encoding="utf-8")) for code in TRANSLATED}


def test_russian_headings_decline_the_organ(translated: dict[str, set[str]]) -> None:
    assert {"I. Вопросы, требующие принятия решений Экономическим и Социальным Советом или "
            "доводимые до его сведения",
            "A. Проекты резолюций, рекомендуемые Экономическому и Социальному Совету для "
            "принятия",
            "C. Вопросы, доводимые до сведения Экономического и Социального Совета"} \
        <= translated["ru"]


def test_french_and_spanish_headings_agree_with_the_translated_organ(
        translated: dict[str, set[str]]) -> None:
    assert {"I. Questions appelant une décision du Conseil économique et social ou portées à "
            "son attention",
            "A. Projets de résolution soumis au Conseil économique et social pour adoption",
            "B. Mesures prises par la Commission"} <= translated["fr"]
    assert {"I. Asuntos que requieren la adopción de medidas por el Consejo Económico y "
            "Social o que se señalan a su atención",
            "C. Asuntos que se señalan a la atención del Consejo Económico y Social",
            "B. Medidas adoptadas por la Comisión"} <= translated["es"]


def test_arabic_headings_agree_with_the_translated_organ(
        translated: dict[str, set[str]]) -> None:
    assert {"أولا- المسائل التي تستدعي أن يتخذ المجلس الاقتصادي والاجتماعي إجراءً بشأنها أو "
            "التي يُوجَّه انتباهه إليها",
            "باء- الإجراءات التي اتخذتها اللجنة"} <= translated["ar"]


# -- [names]: a name's forms as data -------------------------------------------------


def project_words(tmp_path: Path, code: str, text: str) -> Language:
    (tmp_path / "languages").mkdir(exist_ok=True)
    (tmp_path / "languages" / f"{code}.toml").write_text(text, encoding="utf-8")
    return language_files.load(TemplateSet((tmp_path, builtin_dir())), code)


def test_a_project_adds_a_name_to_the_builtin_ones(tmp_path: Path) -> None:
    fr = project_words(tmp_path, "fr", '[names]\n"Groupe des Vingt" = { gender = "m" }\n'
                                        '"Implementation Review Group" = { gender = "f" }\n')
    assert fr.forms("Groupe des Vingt") == {"gender": "m"}
    assert fr.forms("Implementation Review Group") == {"gender": "f"}
    assert fr.forms("General Assembly") == {"gender": "f"}  # the built-in file's, kept
    assert fr.forms("Nowhere") == {}


def test_a_bad_name_table_is_a_located_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        project_words(tmp_path, "ru", '[names]\n"Совет" = { genitive = "Совета" }\n'
                                      '"Группа" = "f"\n')
    path = tmp_path / "languages" / "ru.toml"
    assert str(caught.value).splitlines() == [
        f"{path}:2:1: error: the name 'Совет' of [names] has the form 'genitive' (write one "
        "of: gender, gen, dat, acc, ins, prep)",
        f"{path}:3:1: error: the name 'Группа' of [names] should be a table of its forms, "
        "like { gender = \"m\" }, not 'f'"]


# -- The sentence that cites the annex holding the provisional agenda ---------------


def test_the_annex_holding_the_agenda_is_cited_in_each_language(built: Path) -> None:
    def cited(code: str) -> str:
        text = version(built, "cac-cosp-irg-2015", code)
        return next(line for line in text.splitlines() if line.startswith(("29.", "29-")))

    # "l’" and the reference join; Chinese parts join without a space and end with "。";
    # Russian "включена в" governs the accusative, which is the form the reference has.
    assert cited("fr").endswith("de sa septième session, qui figure à l’annexe I.")
    assert cited("zh").endswith("核准了其第七届会议临时议程，载于附件一。")
    assert cited("ru").endswith("своей седьмой сессии, которая включена в приложение I.")
    assert cited("es").endswith("que figura en el anexo I.")
    assert cited("ar").endswith("الوارد في المرفق الأول.")


def test_russian_verbs_agree_with_the_gender_of_an_english_name(built: Path) -> None:
    text = version(built, "ccpcj-2019", "ru")
    assert "Commission рассмотрела пункт 4 повестки дня" in text  # [names]: feminine
    assert "Доклад Commission on Crime Prevention and Criminal Justice о работе ее двадцать " \
           "восьмой сессии" in text
