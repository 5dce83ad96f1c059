"""Editorial conventions of the UN in English: dates, numbers, series.

Used by the boilerplate templates as Jinja filters. Dates come from Babel and
number words from num2words; what is UN-specific (no serial comma, "from 11
to 13 September 2017", "2nd and 3rd meetings") is written here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from babel.dates import format_date


def long_date(day: dt.date, locale: str = "en") -> str:
    """"27 September 2017": day, month in full, year; no comma, no leading zero."""
    return format_date(day, "d MMMM y", locale=locale)


def _day_month(day: dt.date, locale: str = "en") -> str:
    return format_date(day, "d MMMM", locale=locale)


def date_span(start: dt.date, end: dt.date, *, year: bool = True) -> str:
    """"from 11 to 13 September 2017", "on 6 and 7 June 2016", "on 5 July 2018".

    The UN writes a range in running text with "from … to …", and two
    consecutive days with "and". ``year=False`` drops the year, as some
    reports do in a sentence that has already named it.
    """
    if end < start:
        start, end = end, start
    if start == end:
        return "on " + (long_date(start) if year else _day_month(start))
    first, last = _range_ends(start, end, year)
    joiner = " and " if (end - start).days == 1 else " to "
    prefix = "on " if (end - start).days == 1 else "from "
    return prefix + first + joiner + last


def _range_ends(start: dt.date, end: dt.date, year: bool) -> tuple[str, str]:
    last = long_date(end) if year else _day_month(end)
    if start.year != end.year:
        return (long_date(start) if year else _day_month(start)), last
    if start.month != end.month:
        return _day_month(start), last
    return str(start.day), last


def dates_in_brief(start: dt.date, end: dt.date) -> str:
    """"11–13 September 2017", "30 May–1 June 2012", "6 and 7 June 2018": session lines.

    Under a masthead the UN writes a range with an en dash, and two days
    with "and".
    """
    if start == end:
        return long_date(start)
    if (end - start).days == 1 and start.month == end.month:
        return f"{start.day} and {long_date(end)}"
    first, last = _range_ends(start, end, year=True)
    return f"{first}–{last}"


def date_list(days: Sequence[dt.date]) -> str:
    """"11 and 12 September 2017", "30 May and 2 June 2017": a series of dates."""
    days = sorted(days)
    if not days:
        return ""
    parts = []
    for i, day in enumerate(days):
        later = days[i + 1:]
        if later and all(d.year == day.year and d.month == day.month for d in later):
            parts.append(str(day.day))
        elif later and all(d.year == day.year for d in later):
            parts.append(_day_month(day))
        else:
            parts.append(long_date(day))
    return join_series(parts)


def join_series(items: Iterable[object], conjunction: str = "and") -> str:
    """"A, B and C": commas, then "and" before the last, no serial comma."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


def number_span(numbers: Sequence[int]) -> str:
    """"1 to 4", "3 and 4", "2, 3 and 5": agenda item numbers in a sentence."""
    numbers = sorted(numbers)
    if len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]} to {numbers[-1]}"
    return join_series(numbers)


def ordinal_words(number: int) -> str:
    """"fourth": ordinals of sessions and meetings are spelled out."""
    return _num2words()(number, to="ordinal", lang="en")


def ordinal_figures(number: int) -> str:
    """"2nd": meeting numbers within a session are written in figures."""
    return _num2words()(number, to="ordinal_num", lang="en")


def number_words(number: int) -> str:
    """Words for numbers under 10, figures from 10 up (Editorial Manual)."""
    if 0 <= number < 10:
        return _num2words()(number, lang="en")
    return f"{number:,}"


def spelled_out(number: int) -> str:
    """"twelve": always words, as at the start of a sentence."""
    return _num2words()(number, lang="en")


def sort_key(name: str) -> str:
    """English alphabetical order of names, ignoring accents: Côte d’Ivoire after Costa Rica."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("’", "'").casefold()


def roman(number: int) -> str:
    """Chapter numbers: I, II, III …"""
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, letters in values:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def letters(number: int) -> str:
    """a, b, … z, aa, bb …: the Editorial Manual's subparagraph letters."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return alphabet[(number - 1) % 26] * ((number - 1) // 26 + 1)


def _num2words() -> Any:
    """num2words, imported when a number is first spelled out: loading its fifty
    languages is a noticeable part of reportgen's start-up."""
    from num2words import num2words

    return num2words
