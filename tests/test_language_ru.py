"""The Russian version of the example: its TXT equals the golden file, and what
reportgen writes from data is checked word for word (the masthead in English under the
Russian name of the Organization, Russian dates, the title, the headings, the State
names in Russian alphabetical order, the adoption paragraph); the grammar of the
Russian sentences (cases, gender, plural forms after a number) on a variant of the
session.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import icu
import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, GOLDEN, STEM
from reportgen.cli import main
from reportgen.pipeline import compose, language_files
from reportgen.pipeline.templates import TemplateSet, builtin_dir

GOLDEN_RU = GOLDEN / f"{STEM}.ru.txt"

# The attendance list of the example as the UN's Russian list writes it, in Russian
# alphabetical order: Австралия before Афганистан (docs/languages.md, "Russian").
STATES_PARTIES = (
    "Австралия, Австрия, Азербайджан, Алжир, Ангола, Аргентина, Армения, Афганистан, "
    "Багамские Острова, Беларусь, Бельгия, Бразилия, Буркина-Фасо, Бурунди, Венгрия, "
    "Венесуэла (Боливарианская Республика), Гватемала, Германия, Греция, Доминиканская "
    "Республика, Индия, Индонезия, Ирак, Испания, Италия, Канада, Кипр, Кот-д’Ивуар, Куба, "
    "Кувейт, Ливан, Люксембург, Мальта, Мексика, Мьянма, Намибия, Нигерия, Новая Зеландия, "
    "Норвегия, Оман, Панама, Парагвай, Перу, Польша, Португалия, Республика Корея, "
    "Российская Федерация, Румыния, Сальвадор, Сербия, Словакия, Соединенное Королевство "
    "Великобритании и Северной Ирландии, Соединенные Штаты Америки, Тунис, Турция, Украина, "
    "Уругвай, Филиппины, Франция, Хорватия, Чехия, Чили, Эквадор, Эстония, Южная Африка и "
    "Япония")


def _build(session_folder: Path, out: Path) -> str:
    result = CliRunner().invoke(main, ["build", str(session_folder), "--lang", "ru",
                                       "--to", "txt", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return (out / f"{STEM}.ru.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def russian(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example's Russian TXT, built once for this module."""
    return _build(EXAMPLE.parent, tmp_path_factory.mktemp("ru"))


@pytest.fixture(scope="module")
def lines(russian: str) -> list[str]:
    return [line for line in russian.splitlines() if line.strip()]


def _paragraph(lines: list[str], number: int) -> str:
    return next(line for line in lines if line.startswith(f"{number}. "))[len(f"{number}. "):]


def test_the_russian_text_matches_its_golden_file(russian: str, update_golden: bool) -> None:
    if update_golden:
        GOLDEN_RU.write_text(russian, encoding="utf-8")
    assert russian == GOLDEN_RU.read_text(encoding="utf-8")


def test_the_masthead_keeps_the_distribution_block_in_english(lines: list[str]) -> None:
    assert lines[:7] == [
        "Организация Объединенных Наций    CTOC/COP/WG.7/2017/5",
        "Конференция участников Конвенции Организации Объединенных Наций против "
        "транснациональной организованной преступности",
        "Distr.: General",
        "27 September 2017",
        "Russian",
        "Original: English",
        "Доклад о работе совещания Рабочей группы по незаконному ввозу мигрантов, "
        "проходившего в Вене 11–13 сентября 2017 года",
    ]


def test_the_chapter_headings_are_russian(lines: list[str]) -> None:
    chapters = [line for line in lines if re.match(r"[IVX]+\. ", line)]
    assert chapters == ["I. Введение", "II. Рекомендации", "III. Резюме обсуждений",
                        "IV. Организация работы совещания", "V. Утверждение доклада"]
    sections = [line for line in lines if re.match(r"[A-E]\. ", line)]
    assert sections == ["A. Рекомендации по конкретным темам", "B. Общие рекомендации",
                        "A. Открытие совещания", "B. Заявления",
                        "C. Утверждение повестки дня и организация работы",
                        "D. Участники", "E. Документация"]


def test_dates_are_russian_in_the_text(lines: list[str]) -> None:
    # The agenda paragraph: the meeting in figures with its ending, the date in the
    # genitive with "года"; two days with "и"; a span of two months with a spaced dash.
    assert _paragraph(lines, 23) == (
        "На своем 1-м заседании, состоявшемся 11 сентября 2017 года, Рабочая группа "
        "утвердила на основе консенсуса следующую повестку дня:")
    assert _paragraph(lines, 7).startswith(
        "На своих 2-м и 3-м заседаниях, состоявшихся 11 и 12 сентября 2017 года, Рабочая "
        "группа рассмотрела пункт 2 повестки дня, озаглавленный «Подготовка вопросника")
    assert "состоялось 30 мая – 1 июня 2012 года" in _paragraph(lines, 1)


def test_the_attendance_lists_are_in_russian_alphabetical_order(lines: list[str]) -> None:
    assert _paragraph(lines, 24) == (
        "В Рабочей группе были представлены следующие государства – участники Протокола о "
        f"мигрантах: {STATES_PARTIES}.")
    names = STATES_PARTIES.replace(" и Япония", ", Япония").split(", ")
    # Russian order, by ICU's collation of the locale (not the code points: Кот-д’Ивуар
    # and the hyphen of Буркина-Фасо).
    collator = icu.Collator.createInstance(icu.Locale("ru"))
    assert names == sorted(names, key=collator.getSortKey)
    assert _paragraph(lines, 26) == (
        "Наблюдателями были представлены следующие государства, подписавшие Протокол о "
        "мигрантах: Боливия (Многонациональное Государство), Таиланд и Шри-Ланка.")
    assert _paragraph(lines, 27) == (
        "Наблюдателями были представлены следующие государства, которые не являются "
        "участниками Протокола о мигрантах и не подписали его: Вьетнам, Государство "
        "Палестина, Израиль, Иордания, Иран (Исламская Республика), Йемен, Катар, Китай, "
        "Колумбия, Марокко, Непал, Объединенные Арабские Эмираты, Пакистан, Сингапур и "
        "Судан.")


def test_names_of_bodies_are_declined_and_verbs_agree(lines: list[str]) -> None:
    assert _paragraph(lines, 15) == (
        "Четвертое совещание Рабочей группы по незаконному ввозу мигрантов состоялось в "
        "Вене 11–13 сентября 2017 года. В ходе совещания было проведено пять заседаний.")
    assert _paragraph(lines, 20) == (
        "С заявлением выступил также представитель Европейского союза, региональной "
        "организации экономической интеграции, являющейся участником Протокола о мигрантах.")
    assert _paragraph(lines, 25) == (
        "Европейский союз, региональная организация экономической интеграции, являющаяся "
        "участником Протокола о мигрантах, был представлен на совещании.")
    assert _paragraph(lines, 28) == (
        "Департамент по политическим вопросам Секретариата был представлен наблюдателем.")
    assert _paragraph(lines, 31) == "Рабочей группе были представлены следующие документы:"


def test_the_adoption_paragraph(lines: list[str]) -> None:
    assert lines[-2:] == [
        "V. Утверждение доклада",
        "32. 13 сентября 2017 года Рабочая группа утвердила настоящий доклад о работе "
        "своего совещания."]


def _texts(xml: str) -> list[str]:
    """The text of each paragraph of a Word part."""
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)]


def test_the_docx_first_page_is_russian_with_the_english_block(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(EXAMPLE.parent), "--lang", "ru",
                                       "--to", "docx", "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / f"{STEM}.ru.docx") as docx:
        parts = {name: docx.read(name).decode("utf-8") for name in docx.namelist()
                 if re.fullmatch(r"word/(header|footer)\d+\.xml", name)}
    header = next(_texts(xml) for xml in parts.values() if "Distr.: General" in xml)
    block = [text for text in header if text]
    assert block[0] == "Организация Объединенных Наций"
    assert block[-4:] == ["Distr.: General", "27 September 2017", "Russian", "Original: English"]
    footers = [text for xml in parts.values() for text in _texts(xml)]
    assert any(text.startswith("V.17-06793 (R)") for text in footers)


# ---------------------------------------------------------------- a variant

# The body of a variant: a Committee (masculine), in Geneva, at its third session.
VARIANT = """\
organ: >-
  Конференция участников Конвенции Организации Объединенных Наций против
  транснациональной организованной преступности
meeting:
  body: Специальный комитет по незаконному ввозу мигрантов
  short_name: Специальный комитет
  venue: Женева
instrument:
  short_name: Конвенция об организованной преступности
"""


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The example as a Committee's third session of two months, with counted
    attendance, built in Russian."""
    folder = tmp_path_factory.mktemp("variant") / "wg7"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    attendance = text.index("attendance:\n")
    counted = ("attendance:\n  states_parties: 21\n  signatories: 3\n  non_parties: 5\n"
               "  intergovernmental_organizations: 1\n  non_governmental_organizations: 12\n")
    text = (text[:attendance] + counted + text[text.index("  list_of_participants:"):])
    for old, new in {"  number: 4\n": "  number: 3\n  unit: session\n",
                     "  start: 2017-09-11": "  start: 2017-08-30"}.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "session.yaml").write_text(text, encoding="utf-8")
    (folder / "session.ru.yaml").write_text(VARIANT, encoding="utf-8")
    return [line for line in _build(folder, folder / "out").splitlines() if line.strip()]


def test_a_masculine_body_at_a_session_of_two_months(variant: list[str]) -> None:
    title = next(line for line in variant if line.startswith("Доклад"))
    assert title == ("Доклад Специального комитета по незаконному ввозу мигрантов о работе "
                     "его третьей сессии, проходившей в Женеве 30 августа – 13 сентября "
                     "2017 года")
    assert _paragraph(variant, 15) == (
        "Третья сессия Специального комитета по незаконному ввозу мигрантов состоялась в "
        "Женеве 30 августа – 13 сентября 2017 года. В ходе сессии было проведено пять "
        "заседаний.")
    assert variant[-1].endswith("Специальный комитет утвердил доклад о работе своей третьей "
                                "сессии.")


def test_counted_attendance_takes_the_russian_plural_forms(variant: list[str]) -> None:
    counted = [line.split(". ", 1)[1] for line in variant
               if re.match(r"\d+\. (На сессии|Три|Пять|Одна|Двенадцать)", line)]
    assert counted == [
        "На сессии было представлено 21 государство – участник Конвенции об организованной "
        "преступности.",
        "Три государства, подписавшие Конвенцию об организованной преступности, были "
        "представлены наблюдателями.",
        "Пять государств, которые не являются участниками Конвенции об организованной "
        "преступности и не подписали ее, были представлены наблюдателями.",
        "Одна межправительственная организация была представлена наблюдателем.",
        "Двенадцать неправительственных организаций были представлены наблюдателями.",
    ]


# ---------------------------------------------------------------- the grammar


def _grammar(expression: str) -> str:
    """``expression`` on the macros of sentences/ru/_grammar.j2, in the Russian language."""
    templates = TemplateSet((builtin_dir(),))
    env = compose.environment(templates, language_files.load(templates, "ru"))
    source = '{%- import "sentences/ru/_grammar.j2" as g -%}{{ ' + expression + " }}"
    return str(env.from_string(source).render())


@pytest.mark.parametrize(("name", "case", "declined"), [
    ("Рабочая группа по незаконному ввозу мигрантов", "gen",
     "Рабочей группы по незаконному ввозу мигрантов"),
    ("Вена", "prep", "Вене"),
    ("Нью-Йорк", "prep", "Нью-Йорке"),
    ("Европейский союз", "gen", "Европейского союза"),
    ("Агентство Европейского союза по основным правам", "gen",
     "Агентства Европейского союза по основным правам"),
    ("Генеральная Ассамблея", "ins", "Генеральной Ассамблеей"),
    ("Экономический и Социальный Совет", "dat", "Экономическому и Социальному Совету"),
    ("Комиссия по наркотическим средствам", "ins", "Комиссией по наркотическим средствам"),
    ("Совещание государств-участников", "prep", "Совещании государств-участников"),
    ("Протокол о мигрантах", "acc", "Протокол о мигрантах"),
    ("Конвенция об организованной преступности", "acc",
     "Конвенцию об организованной преступности"),
    # Not declined: a foreign noun in -о, an acronym.
    ("Бюро", "gen", "Бюро"),
    ("ЮНОДК", "gen", "ЮНОДК"),
])
def test_names_are_put_in_their_case(name: str, case: str, declined: str) -> None:
    assert _grammar(f'g.case("{name}", "{case}")') == declined


def test_verbs_agree_and_ordinals_take_gender_and_case() -> None:
    assert _grammar('g.past("Рабочая группа", "утвердил")') == "утвердила"
    assert _grammar('g.past("Экономический и Социальный Совет", "утвердил")') == "утвердил"
    assert _grammar('g.past("Совещание экспертов", "утвердил")') == "утвердило"
    assert _grammar('g.ordinal(4, "n")') == "четвертое"
    assert _grammar('g.ordinal(3, "f", "gen")') == "третьей"
    assert _grammar('g.ordinal(28, "f", "gen")') == "двадцать восьмой"
    assert [_grammar(f'g.plural({n}, "one", "few", "many")') for n in (1, 3, 5, 11, 21, 22, 112)] \
        == ["one", "few", "many", "many", "one", "few", "many"]
