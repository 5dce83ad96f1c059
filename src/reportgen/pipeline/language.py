"""The words and conventions of the report's language: dates, numbers, series, labels.

A ``Language`` holds what ``templates/languages/<code>.toml`` says (read by
``language_files``): every fixed word the report prints, and the patterns that
place numbers and dates among them. Its methods are the Jinja filters of the
boilerplate templates and what numbering, references, draft parts and the
masthead print. Month names come from Babel (CLDR) for the file's locale and
number words from num2words; the editorial rules that no library knows (no
serial comma, a range in running text "from … to …", two consecutive days with
"and") are written here once, for every language, with the words from the file.
What the two libraries answer is kept in the user cache for the next run
(``save_answers``, ``util.answers``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportgen.util.answers import Answers


@dataclass(frozen=True)
class Basics:
    """[language]: the locale, num2words' language, the job-number letter, its name, and
    the tag Word's spelling and hyphenation go by ("fr-FR")."""

    locale: str
    numbers: str
    job_letter: str
    name: str
    tag: str


@dataclass(frozen=True)
class MastheadWords:
    """[masthead]: the first page's fixed words.

    ``version`` names the language of a translated version ("Français"), printed
    under the date; ``date_locale`` and ``date_pattern`` give the masthead's date,
    which some language versions keep in English.
    """

    organization: str
    distribution: str
    original: str
    recycle: str
    version: str
    date_locale: str
    date_pattern: str


@dataclass(frozen=True)
class Distribution:
    """[distribution]: the categories a session's ``document.distribution`` names."""

    general: str
    limited: str
    restricted: str


@dataclass(frozen=True)
class DraftWords:
    """[draft]: the title block of a draft report's parts."""

    title: str
    addendum: str
    session: str


@dataclass(frozen=True)
class Headings:
    """[headings]: the built-in chapters and sections, as the chapter templates name them."""

    introduction: str
    recommendations: str
    conclusions: str
    action: str
    action_attention: str
    draft_resolutions: str
    draft_decisions: str
    draft_resolution: str
    draft_decision: str
    attention: str
    deliberations: str
    action_taken: str
    organization: str
    opening: str
    officers: str
    statements: str
    agenda: str
    attendance: str
    documentation: str
    other_matters: str
    provisional_agenda: str
    adoption: str
    documents_annex: str
    participants_annex: str
    agenda_annex: str


@dataclass(frozen=True)
class ContentsWords:
    """[contents]: the table of contents' words, an annex's original line, the columns
    of the list of documents."""

    title: str
    paragraphs: str
    page: str
    annex_original: str
    document_symbol: str
    document_item: str
    document_title: str
    # An entry of the documentation list: "Annotated provisional agenda (CTOC/…/1)". A
    # language file may leave it out (English's, then).
    document_entry: str = "{title} ({symbol})"
    # The paragraphs of a contents line: "1–4". A language file may leave it out.
    span: str = "{first}–{last}"


@dataclass(frozen=True)
class Units:
    """[units]: what the report calls the gathering it is of."""

    meeting: str
    session: str


@dataclass(frozen=True)
class Subparagraphs:
    """[numbering.subparagraphs]: the label of each style of subparagraph."""

    letter: str
    roman: str
    letter_dot: str
    roman_dot: str


@dataclass(frozen=True)
class Numbering:
    """[numbering]: heading and subparagraph labels, and how references cite headings."""

    chapter: str
    chapter_cited: str
    section: str
    section_cited: str
    subsection: str
    subsection_cited: str
    recommendation: str
    draft_resolution: str
    draft_decision: str
    resolution: str
    decision: str
    resolution_cited: str
    annex: str
    annex_single: str
    table: str
    alphabet: str
    capitals: tuple[str, ...]
    chapter_numbers: tuple[str, ...]
    subparagraph_levels: tuple[str, ...]
    subparagraphs: Subparagraphs
    # How a reference cites an annex or a draft by its number: "annex II", "决议草案一".
    # A language file may leave it out (English's, then).
    figure_cited: str = "{roman}"
    # The printed number of a body paragraph, an operative paragraph and an agenda
    # entry: "1." ("1-" in Arabic). A language file may leave them out.
    paragraph: str = "{number}."
    agenda_item: str = "{number}."
    # The {ordinal} of a pattern: the number as an ordinal word ("الثاني" in "الفصل
    # الثاني"), where a language cites chapters and annexes so; {roman} beyond the list.
    ordinals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Nouns:
    """What a reference of one kind prints: one target or several, and capitalised."""

    one: str
    several: str
    one_capital: str
    several_capital: str


@dataclass(frozen=True)
class References:
    """[references]: the printed form of each kind of cross-reference."""

    range: str
    elsewhere: str
    in_annex: str
    in_report: str
    paragraph: Nouns
    para: Nouns
    recommendation: Nouns
    chapter: Nouns
    section: Nouns
    item: Nouns
    document: Nouns
    resolution: Nouns
    decision: Nouns
    draft_resolution: Nouns
    draft_decision: Nouns
    annex: Nouns
    table: Nouns
    officer: Nouns


@dataclass(frozen=True)
class Dates:
    """[dates]: Babel patterns of a date, and the phrasings of one day and of spans."""

    full: str
    day_month: str
    day: str
    on: str
    range: str
    two_days: str
    brief_range: str
    brief_two_days: str
    # The twelve month names, when the UN's differ from CLDR's (Arabic writes two
    # names: "أيلول/سبتمبر"); empty for CLDR's own.
    month_names: tuple[str, ...] = ()
    # How the first day of a month is written, where not as a figure (French "1er",
    # which no CLDR pattern gives); empty for the figure.
    first_day: str = ""


@dataclass(frozen=True)
class Series:
    """[series]: "A, B and C", and a range of numbers in a sentence."""

    separator: str
    last: str
    numbers_range: str
    # The marks that end the entries of a list (subparagraphs, an agenda): an entry
    # followed by another, the last one, one that introduces entries below it. A
    # language file may leave it out (English's, then).
    list_marks: tuple[str, ...] = (";", ".", ":")


@dataclass(frozen=True)
class Numbers:
    """[numbers]: where words give way to figures, and the separator of thousands."""

    words_below: int
    thousands: str


@dataclass(frozen=True)
class ProseWords:
    """[prose]: the quotation marks straight quotes become, and the elided words after
    which the next part of a paragraph follows without a space (French "l’")."""

    quotes: tuple[str, ...]
    elided: tuple[str, ...] = ()


@dataclass(frozen=True)
class StateWords:
    """[states]: how the UN list's names of States are printed in this language.

    ``articles`` are those UNTERM writes in brackets after a short name
    ("Afghanistan (l')"): a list of States prints the name without them.
    ``sort_ignored`` are the prefixes a name's place in a sorted list ignores (the
    Arabic article "ال").
    """

    articles: tuple[str, ...]
    sort_ignored: tuple[str, ...]


@dataclass(frozen=True)
class LanguageNames:
    """[languages]: the six official languages' names in this language, for the
    masthead's "Original: …" of a translated version."""

    ar: str
    zh: str
    en: str
    fr: str
    ru: str
    es: str


@dataclass(frozen=True)
class AmendmentWords:
    """[amendments]: the words of a comparison's tracked changes and of a corrigendum.

    The corrigendum's entries are patterns: ``*…*`` is set in italics, ``{old}`` and
    ``{new}`` are the words corrected, ``{number}`` a paragraph's or a recommendation's
    number as the issued document prints it.
    """

    renumbering_author: str
    corrigendum: str
    paragraph: str
    recommendation: str
    chapter_title: str
    section_title: str
    in_sentence: str
    after_paragraph: str
    after_recommendation: str
    before_paragraph: str
    for_read: str
    delete_sentence: str
    delete_paragraph: str
    delete_recommendation: str
    paragraph_should_read: str
    recommendation_should_read: str
    title_should_read: str
    insert_paragraph: str
    insert_recommendation: str
    ordinals: tuple[str, ...]
    last: str


# The forms [names] may give a name: its grammatical gender ("m", "f", "n"), the
# Russian cases other than the nominative (as ru/_grammar.j2 names them).
NAME_FORMS = ("gender", "gen", "dat", "acc", "ins", "prep")

# [names] as the frozen Language keeps it: (name, ((form, text), …)), …
NameTable = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


@dataclass(frozen=True)
class Language:
    """The fixed words and conventions of one language, as its language file says.

    Frozen and made of strings and numbers only: templates may see it, and one
    object serves every session of a template set.
    """

    code: str
    language: Basics
    masthead: MastheadWords
    distribution: Distribution
    draft: DraftWords
    headings: Headings
    units: Units
    contents: ContentsWords
    numbering: Numbering
    references: References
    dates: Dates
    series: Series
    numbers: Numbers
    prose: ProseWords
    amendments: AmendmentWords
    states: StateWords
    languages: LanguageNames
    # [names]: the forms of the names a session may give (an organ, a body) that the
    # grammar of the sentences and headings cannot make from the name itself: "Conseil
    # économique et social" is masculine, "Экономический и Социальный Совет" is
    # "Экономическим и Социальным Советом" in the instrumental. A language file may
    # leave it out; a project's file adds its own names.
    names: NameTable = ()

    def forms(self, name: object) -> dict[str, str]:
        """The forms [names] gives ``name`` ({"gender": "m", "ins": …}); {} for a name it
        does not list. Templates call it as ``forms(name)``."""
        return dict(_name_table(self.names).get(str(name), ()))

    def distribution_line(self, category: str) -> str:
        """"Distr.: General": the masthead's line for a category of [distribution]."""
        return self.masthead.distribution.format(category=category)

    # -- dates -------------------------------------------------------------

    def long_date(self, day: dt.date) -> str:
        """"27 September 2017": the full date."""
        return self._date(day, self.dates.full)

    def masthead_date(self, day: dt.date) -> str:
        """The masthead's date, in the language and form [masthead] gives (in the
        version's own language, its first of a month too: "1er novembre 2018")."""
        if self.masthead.date_locale == self.language.locale:
            return self._date(day, self.masthead.date_pattern)
        return _format_date(day, self.masthead.date_pattern, self.masthead.date_locale)

    def _day_month(self, day: dt.date) -> str:
        return self._date(day, self.dates.day_month)

    def _day(self, day: dt.date) -> str:
        return self._date(day, self.dates.day)

    def _date(self, day: dt.date, pattern: str) -> str:
        if self.dates.month_names and "MMMM" in pattern:
            # The month as the UN names it, quoted into the pattern as literal text.
            name = self.dates.month_names[day.month - 1].replace("'", "''")
            pattern = pattern.replace("MMMM", f"'{name}'")
        if day.day == 1 and self.dates.first_day:
            pattern = _literal_day(pattern, self.dates.first_day)
        return _format_date(day, pattern, self.language.locale)

    def sort_key(self, name: str) -> Any:
        """The order of names in this language's lists (ICU's collation of its locale;
        English keeps its own, accents ignored)."""
        if self.language.locale == "en":
            return sort_key(name)
        prefix = next((p for p in self.states.sort_ignored if name.startswith(p)), "")
        return _collator(self.language.locale)(name[len(prefix):])

    def date_span(self, start: dt.date, end: dt.date, *, year: bool = True) -> str:
        """"from 11 to 13 September 2017", "on 6 and 7 June 2016", "on 5 July 2018".

        A range in running text, two consecutive days, one day. ``year=False``
        drops the year, as some reports do in a sentence that has already named it.
        """
        if end < start:
            start, end = end, start
        if start == end:
            return self.dates.on.format(date=self.long_date(start) if year
                                        else self._day_month(start))
        first, last = self._range_ends(start, end, year)
        pattern = self.dates.two_days if (end - start).days == 1 else self.dates.range
        return pattern.format(start=first, end=last)

    def _range_ends(self, start: dt.date, end: dt.date, year: bool) -> tuple[str, str]:
        """The two ends of a span, the first without what it shares with the last."""
        last = self.long_date(end) if year else self._day_month(end)
        if start.year != end.year:
            return (self.long_date(start) if year else self._day_month(start)), last
        if start.month != end.month:
            return self._day_month(start), last
        return self._day(start), last

    def dates_in_brief(self, start: dt.date, end: dt.date) -> str:
        """"11–13 September 2017", "30 May–1 June 2012", "6 and 7 June 2018": session lines."""
        if start == end:
            return self.long_date(start)
        if (end - start).days == 1 and start.month == end.month:
            return self.dates.brief_two_days.format(start=self._day(start),
                                                    end=self.long_date(end))
        first, last = self._range_ends(start, end, year=True)
        return self.dates.brief_range.format(start=first, end=last)

    def date_list(self, days: Sequence[dt.date]) -> str:
        """"11 and 12 September 2017", "30 May and 2 June 2017": a series of dates."""
        days = sorted(days)
        parts = []
        for i, day in enumerate(days):
            later = days[i + 1:]
            if later and all(d.year == day.year and d.month == day.month for d in later):
                parts.append(self._day(day))
            elif later and all(d.year == day.year for d in later):
                parts.append(self._day_month(day))
            else:
                parts.append(self.long_date(day))
        return self.join_series(parts)

    # -- series and numbers ------------------------------------------------

    def join_series(self, items: Iterable[object], conjunction: str | None = None) -> str:
        """"A, B and C": separators, then the last one's word, no serial comma.

        ``conjunction`` is a word of a template's own ("or"), put between spaces.
        """
        words = [str(item) for item in items]
        if len(words) <= 1:
            return "".join(words)
        last = self.series.last if conjunction is None else f" {conjunction} "
        return self.series.separator.join(words[:-1]) + last + words[-1]

    def number_span(self, numbers: Sequence[int]) -> str:
        """"1 to 4", "3 and 4", "2, 3 and 5": agenda item numbers in a sentence."""
        numbers = sorted(numbers)
        if len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return self.series.numbers_range.format(first=numbers[0], last=numbers[-1])
        return self.join_series(numbers)

    def ordinal_words(self, number: int) -> str:
        """"fourth": ordinals of sessions and meetings are spelled out."""
        if self.language.numbers == CHINESE:
            return chinese(number)  # "四": the templates write "第四届会议" around it
        return _in_words(number, "ordinal", self.language.numbers)

    def ordinal_figures(self, number: int) -> str:
        """"2nd": meeting numbers within a session are written in figures."""
        return _in_words(number, "ordinal_num", self.language.numbers)

    def number_words(self, number: int) -> str:
        """Words for small numbers, figures from [numbers] words_below up (Editorial Manual)."""
        if 0 <= number < self.numbers.words_below:
            return self.spelled_out(number)
        return f"{number:,}".replace(",", self.numbers.thousands)

    def spelled_out(self, number: int) -> str:
        """"twelve": always words, as at the start of a sentence."""
        if self.language.numbers == CHINESE:
            return chinese(number)
        return _in_words(number, "cardinal", self.language.numbers)

    # -- labels and references ---------------------------------------------

    def figures(self, number: int) -> dict[str, str]:
        """Every way a pattern may write ``number``: {number}, {roman}, {letter} …"""
        return _figures(number, self.numbering.alphabet, self.numbering.capitals,
                        self.numbering.ordinals)

    def chapter_figures(self, number: int) -> dict[str, str]:
        """``figures`` for a chapter's heading, whose {roman} is the language's own word
        for the number where [numbering] chapter_numbers gives one ("أولا")."""
        words = self.numbering.chapter_numbers
        if not 1 <= number <= len(words):
            return self.figures(number)
        return {**self.figures(number), "roman": words[number - 1]}

    def cited_figure(self, number: int) -> str:
        """"II": an annex's or a draft's number as a reference cites it."""
        return self.numbering.figure_cited.format(**self.figures(number))

    def subparagraph_style(self, depth: int) -> Any:
        """The label style of subparagraphs at ``depth`` (1 is the outermost); the
        innermost style serves every deeper level."""
        levels = self.numbering.subparagraph_levels
        return levels[min(depth, len(levels)) - 1]

    def subparagraph_label(self, style: str, number: int) -> str:
        """"(a)", "(ii)", "c.": the label of the ``number``-th subparagraph of a style."""
        pattern: str = getattr(self.numbering.subparagraphs, style.replace("-", "_"))
        return pattern.format(**self.figures(number))

    def cite(self, kind: str, targets: str, *, several: bool, capital: bool = False) -> str:
        """"paragraphs 14–16", "Agenda item 3": a reference of ``kind`` to ``targets``."""
        nouns: Nouns = getattr(self.references, kind.replace("-", "_"))
        if capital:
            pattern = nouns.several_capital if several else nouns.one_capital
        else:
            pattern = nouns.several if several else nouns.one
        return pattern.format(targets=targets)


# What Babel and num2words answered, kept for the next run (``save_answers``): a build
# whose dates and numbers were all written before imports neither.
_DATES = Answers("babel-dates", ("babel",))
_NUMBER_WORDS = Answers("num2words", ("num2words",))


def save_answers() -> None:
    """Keep in the user cache the dates and number words this process asked for first."""
    _DATES.save()
    _NUMBER_WORDS.save()


@lru_cache(maxsize=1024)
def _format_date(day: dt.date, pattern: str, locale: str) -> str:
    """Babel's date, once per date and pattern: a report prints the same few dates often.
    Babel is imported only for a date no run has written before (``_DATES``)."""
    def ask_babel() -> str:
        from babel.dates import format_date

        return str(format_date(day, pattern, locale=locale))

    return _DATES.get((day.isoformat(), pattern, locale), ask_babel)


def _literal_day(pattern: str, day: str) -> str:
    """A Babel pattern with its day field ``d`` replaced by the text ``day``: "d MMMM y"
    becomes "'1er' MMMM y". Quoted text ('de') is left as it is."""
    quoted = day.replace("'", "''")
    parts = pattern.split("'")
    # The even parts of the split are outside quotes.
    parts[::2] = [re.sub(r"(?<![A-Za-z])d(?![A-Za-z])", f"'{quoted}'", part)
                  for part in parts[::2]]
    return "'".join(parts)


# The names of Language.figures: the ways a label's pattern may write its number.
FIGURES = frozenset({"number", "roman", "small_roman", "letter", "capital", "chinese",
                     "ordinal"})


# Numbering asks for every paragraph's number in order: a cache smaller than the largest
# report would lose each number just before it is asked again.
@lru_cache(maxsize=8192)
def _figures(number: int, alphabet: str, capitals: tuple[str, ...],
             ordinals: tuple[str, ...] = ()) -> dict[str, str]:
    """``Language.figures``, once per number (callers only read it)."""
    letter = letters(number, alphabet)
    capital = letters(number, capitals) if capitals else letter.upper()
    numeral = roman(number)
    return {"number": str(number), "roman": numeral,
            "small_roman": numeral.lower(), "letter": letter, "capital": capital,
            "chinese": chinese(number),
            "ordinal": ordinals[number - 1] if 1 <= number <= len(ordinals) else numeral}


@lru_cache(maxsize=16)
def _name_table(names: NameTable) -> dict[str, tuple[tuple[str, str], ...]]:
    return dict(names)


@lru_cache(maxsize=8)
def _collator(locale: str) -> Any:
    """ICU's sort key function for ``locale`` (PyICU, imported for a first non-English list)."""
    import icu

    return icu.Collator.createInstance(icu.Locale(locale)).getSortKey


def sort_key(name: str) -> str:
    """Alphabetical order of names, ignoring accents: Côte d’Ivoire after Costa Rica."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("\u2019", "'").casefold()


# The largest number roman numerals write without a bar over a letter: MMMCMXCIX.
MAX_ROMAN = 3999


def roman(number: int) -> str:
    """Chapter numbers: I, II, III …; a ValueError above ``MAX_ROMAN``."""
    if number > MAX_ROMAN:
        raise ValueError(f"roman({number}): roman numerals go up to {MAX_ROMAN}")
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, numeral in values:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


# num2words has no Chinese: a language file whose numbers are "zh" gets Chinese numerals.
CHINESE = "zh"


def chinese(number: int) -> str:
    """Chinese chapter numbers: 一, 二 … 十, 十一 … 二十一 … 九十九; figures from 100 (the
    Chinese versions of UN reports number their chapters "一.", "二." …)."""
    digits = "〇一二三四五六七八九"
    tens, units = divmod(number, 10)
    if not 0 < number < 100:
        return str(number)
    return ((digits[tens] if tens > 1 else "") + ("十" if tens else "")
            + (digits[units] if units or not tens else ""))


def letters(number: int, alphabet: str | tuple[str, ...]) -> str:
    """a, b, … z, aa, bb …: the Editorial Manual's subparagraph letters."""
    return alphabet[(number - 1) % len(alphabet)] * ((number - 1) // len(alphabet) + 1)


def _in_words(number: Any, to: str, lang: str) -> str:
    """num2words's ``number`` (``to``: "cardinal", "ordinal", "ordinal_num"), once per
    whole number, and kept for the next run (``_NUMBER_WORDS``): each call costs up to
    a millisecond, and every build asks for the same few (the session's, the
    meetings')."""
    if type(number) is int:
        return _int_in_words(number, to, lang)
    return str(_num2words()(number, to=to, lang=lang))  # (its own message if it refuses)


@lru_cache(maxsize=4096)
def _int_in_words(number: int, to: str, lang: str) -> str:
    return _NUMBER_WORDS.get((number, to, lang),
                             lambda: str(_num2words()(number, to=to, lang=lang)))


def _num2words() -> Any:
    """num2words, imported when a number no run has spelled out before is: loading its
    fifty languages is a noticeable part of reportgen's start-up."""
    from num2words import num2words

    return num2words
