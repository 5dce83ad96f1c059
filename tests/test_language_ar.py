"""The Arabic version of the example (--lang ar): its TXT equals the golden file, and
what reportgen writes from data is the UN's Arabic, word for word.

The conventions and their sources are in docs/languages.md, "Arabic".
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, GOLDEN, STEM
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.pipeline import language_files
from reportgen.pipeline.templates import TemplateSet, builtin_dir

GOLDEN_AR = GOLDEN / f"{STEM}.ar.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's Arabic version built to TXT and DOCX, once for this module."""
    out = tmp_path_factory.mktemp("arabic")
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--lang", "ar", "--to",
                                       "txt,docx", "--out", str(out), "--strict"])
    assert result.exit_code == ExitCode.OK, result.stderr
    return out


@pytest.fixture(scope="module")
def text(built: Path) -> str:
    return (built / f"{STEM}.ar.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def paragraphs(text: str) -> dict[str, str]:
    """Each numbered paragraph's text by its number."""
    return {m[1]: m[2] for m in re.finditer(r"^(\d+)- (.*)$", text, re.MULTILINE)}


def test_text_matches_the_golden_file(text: str, update_golden: bool) -> None:
    if update_golden:
        GOLDEN_AR.write_text(text, encoding="utf-8")
    assert text == GOLDEN_AR.read_text(encoding="utf-8")


def test_masthead_keeps_the_distribution_block_in_english(text: str) -> None:
    assert [line for line in text.splitlines()[:12] if line] == [
        "الأمم المتحدة    CTOC/COP/WG.7/2017/5",
        "مؤتمر الأطراف في اتفاقية الأمم المتحدة لمكافحة الجريمة المنظَّمة عبر الوطنية",
        "Distr.: General",
        "27 September 2017",
        "Arabic",
        "Original: English",
        "تقرير عن اجتماع الفريق العامل المعني بتهريب المهاجرين المعقود في فيينا في الفترة من"
        " 11 إلى 13 أيلول/سبتمبر 2017",
    ]


def test_chapter_and_section_headings(text: str) -> None:
    # Chapters numbered with ordinal adverbs, sections with the letters' names.
    chapters = re.findall(r"^\S+ا- .*$", text, re.MULTILINE)
    assert chapters == ["أولا- مقدمة", "ثانيا- التوصيات", "ثالثا- موجز المداولات",
                        "رابعا- تنظيم الاجتماع", "خامسا- اعتماد التقرير"]
    sections = [line for line in re.findall(r"^[\u0621-\u064a]+- .*$", text, re.MULTILINE)
                if line not in chapters]
    assert sections == ["ألف- توصيات بشأن مواضيع محدَّدة", "باء- توصيات عامة",
                        "ألف- افتتاح الاجتماع", "باء- الكلمات",
                        "جيم- إقرار جدول الأعمال وتنظيم الأعمال", "دال- الحضور",
                        "هاء- الوثائق"]


def test_attendance_of_states_parties_in_the_uns_arabic_order(paragraphs: dict[str, str]) -> None:
    # Commas only, as the UN's Arabic lists after a colon. The leading article "ال" is
    # ignored ("البرازيل" under ب, "الجزائر" under ج), the
    # forms of alif are one letter.
    assert paragraphs["24"] == (
        "كانت الدول التالية الأطراف في بروتوكول تهريب المهاجرين ممثَّلة في الفريق العامل: "
        "الاتحاد الروسي، أذربيجان، الأرجنتين، أرمينيا، إسبانيا، أستراليا، إستونيا، "
        "أفغانستان، إكوادور، ألمانيا، إندونيسيا، أنغولا، أوروغواي، أوكرانيا، إيطاليا، "
        "باراغواي، البرازيل، البرتغال، بلجيكا، بنما، بوركينا فاسو، بوروندي، بولندا، بيرو، "
        "بيلاروس، تركيا، تشيكيا، تونس، الجزائر، جزر البهاما، الجمهورية الدومينيكية، "
        "جمهورية كوريا، جنوب أفريقيا، رومانيا، السلفادور، سلوفاكيا، شيلي، صربيا، العراق، "
        "عمان، غواتيمالا، فرنسا، الفلبين، فنزويلا (جمهورية - البوليفارية)، قبرص، كرواتيا، "
        "كندا، كوبا، كوت ديفوار، الكويت، لبنان، لكسمبرغ، مالطة، المكسيك، المملكة المتحدة "
        "لبريطانيا العظمى وأيرلندا الشمالية، ميانمار، ناميبيا، النرويج، النمسا، نيجيريا، "
        "نيوزيلندا، الهند، هنغاريا، الولايات المتحدة الأمريكية، اليابان، اليونان.")
    assert paragraphs["26"] == ("كانت الدول التالية الموقِّعة على بروتوكول تهريب المهاجرين "
                                "ممثَّلة بمراقبين: بوليفيا (دولة - المتعددة القوميات)، "
                                "تايلند، سري لانكا.")
    assert paragraphs["27"] == (
        "كانت الدول التالية غير الأطراف في بروتوكول تهريب المهاجرين وغير الموقِّعة عليه "
        "ممثَّلة بمراقبين: الأردن، إسرائيل، الإمارات العربية المتحدة، إيران (جمهورية - "
        "الإسلامية)، باكستان، دولة فلسطين، سنغافورة، السودان، الصين، فييت نام، قطر، "
        "كولومبيا، المغرب، نيبال، اليمن.")


def test_a_real_un_arabic_list_sorts_back_into_its_order() -> None:
    # The sponsors of A/C.3/74/L.35/Rev.1 as the Arabic version lists them.
    issued = ["إكوادور", "ألمانيا", "إندونيسيا", "أيرلندا", "البرتغال", "بنن", "زمبابوي",
              "فنزويلا (جمهورية - البوليفارية)", "كولومبيا", "لبنان", "المكسيك", "هايتي"]
    words = language_files.load(TemplateSet((builtin_dir(),)), "ar")
    assert sorted(reversed(issued), key=words.sort_key) == issued


def test_paired_month_names_with_western_digits() -> None:
    import datetime as dt
    words = language_files.load(TemplateSet((builtin_dir(),)), "ar")
    assert [words.long_date(dt.date(2017, month, 27)) for month in range(1, 13)] == [
        "27 كانون الثاني/يناير 2017", "27 شباط/فبراير 2017", "27 آذار/مارس 2017",
        "27 نيسان/أبريل 2017", "27 أيار/مايو 2017", "27 حزيران/يونيه 2017",
        "27 تموز/يوليه 2017", "27 آب/أغسطس 2017", "27 أيلول/سبتمبر 2017",
        "27 تشرين الأول/أكتوبر 2017", "27 تشرين الثاني/نوفمبر 2017",
        "27 كانون الأول/ديسمبر 2017"]


def test_sentences_from_data(paragraphs: dict[str, str]) -> None:
    assert paragraphs["7"].startswith(
        "في جلستيه الثانية والثالثة، المعقودتين يومي 11 و12 أيلول/سبتمبر 2017، نظر الفريق "
        "العامل في البند 2 من جدول الأعمال، المعنون \"إعداد الاستبيان الخاص باستعراض تنفيذ "
        "بروتوكول تهريب المهاجرين\". ")
    assert paragraphs["15"] == ("عُقد الاجتماع الرابع للفريق العامل المعني بتهريب المهاجرين "
                                "في فيينا في الفترة من 11 إلى 13 أيلول/سبتمبر 2017. وعُقدت "
                                "خمس جلسات خلال الاجتماع.")
    assert paragraphs["18"].startswith("في إطار البندين 3 و4 من جدول الأعمال، وتحت رئاسة "
                                       "الرئيس، أدار المناقشةَ المحاورون التالية أسماؤهم: ")
    assert paragraphs["23"] == ("في جلسته الأولى، المعقودة في 11 أيلول/سبتمبر 2017، أقرَّ "
                                "الفريق العامل بتوافق الآراء جدول الأعمال التالي:")


def test_adoption_of_the_report(paragraphs: dict[str, str]) -> None:
    assert paragraphs["32"] == ("في 13 أيلول/سبتمبر 2017، اعتمد الفريق العامل هذا التقرير "
                                "عن أعمال اجتماعه.")


def test_no_english_sentence_is_left(text: str) -> None:
    """Latin letters only where the data has them: symbols, the English distribution
    block and people's names (a missing Arabic template would print English)."""
    latin = set(re.findall(r"[A-Za-z][A-Za-z.]*", text)) - {"CTOC", "COP", "WG.", "INF", "Rev."}
    assert latin == {"Distr.", "General", "September", "Arabic", "Original", "English",
                     "Francesco", "Testa", "Wanchai",
                     "Roujanavong", "Alejandro", "Mart", "nez", "Peralta", "Gerald",
                     "Tatzgern", "Anne", "Gallagher"}


def test_every_english_sentence_template_has_an_arabic_one() -> None:
    sentences = builtin_dir() / "sentences"
    english = {p.name for p in sentences.glob("*.j2")}
    assert english == {p.name for p in (sentences / "ar").glob("*.j2")
                       if not p.name.startswith("_") and p.name != "headings.j2"}


def test_docx_footer_carries_the_job_letter_a(built: Path) -> None:
    with zipfile.ZipFile(built / f"{STEM}.ar.docx") as docx:
        footers = " ".join(docx.read(name).decode("utf-8") for name in docx.namelist()
                           if name.startswith("word/footer"))
    assert "V.17-06793 (A)" in re.sub(r"<[^>]+>", "", footers)


def test_list_entries_end_with_the_arabic_semicolon(text: str) -> None:
    agenda = text[text.index("جدول الأعمال التالي:"):text.index("دال- الحضور")]
    assert re.findall(r"^ +(\S+ .*)$", agenda, re.MULTILINE)[:3] == [
        "1- المسائل التنظيمية:", "(أ) افتتاح الاجتماع؛", "(ب) إقرار جدول الأعمال وتنظيم الأعمال."]


def test_organizations_sorted_without_their_article(paragraphs: dict[str, str]) -> None:
    assert paragraphs["29"] == (
        "كانت المنظمات الحكومية الدولية التالية ممثَّلة بمراقبين: المركز الدولي لتطوير "
        "سياسات الهجرة، منظمة الأمن والتعاون في أوروبا، المنظمة الدولية للهجرة، وكالة "
        "الاتحاد الأوروبي للحقوق الأساسية.")


def test_grammar_of_the_arabic_sentences() -> None:
    """Ordinals agree with their noun, counts take the form of the counted noun's
    gender, "ل" joins a name (templates/sentences/ar/_grammar.j2)."""
    from reportgen.pipeline.compose import environment
    templates = TemplateSet((builtin_dir(),))
    grammar = environment(templates, language_files.load(templates, "ar")).get_template(
        "sentences/ar/_grammar.j2").module
    assert [str(grammar.ordinal(n, "m", "nom")) for n in (1, 2, 10, 11, 12, 20, 21, 34)] == [
        "الأول", "الثاني", "العاشر", "الحادي عشر", "الثاني عشر", "العشرون",
        "الحادي والعشرون", "الرابع والثلاثون"]
    assert [str(grammar.ordinal(n, "f", "nom")) for n in (1, 11, 13, 21)] == [
        "الأولى", "الحادية عشرة", "الثالثة عشرة", "الحادية والعشرون"]
    # The genitive, after a noun or a preposition: "عن أعمال دورته الثامنة والعشرين".
    assert [str(grammar.ordinal(n, "f")) for n in (5, 12, 28, 30)] == [
        "الخامسة", "الثانية عشرة", "الثامنة والعشرين", "الثلاثين"]
    assert [str(grammar.count(n, g)) for n, g in ((5, "f"), (5, "m"), (12, "f"))] == [
        "خمس", "خمسة", "12"]
    assert [str(grammar.gender(name)) for name in ("الفريق العامل", "اللجنة", "لجنة المخدرات")] \
        == ["m", "f", "f"]
    assert [str(grammar.li(name)) for name in ("الفريق العامل", "مؤتمر الأطراف")] == [
        "للفريق العامل", "لمؤتمر الأطراف"]
