"""UN editorial conventions for dates, numbers, series and sorting, in English
(the built-in templates/languages/en.toml)."""

from __future__ import annotations

import datetime as dt

import pytest

from reportgen.pipeline import language, language_files
from reportgen.pipeline.templates import TemplateSet, builtin_dir

D = dt.date
EN = language_files.load(TemplateSet((builtin_dir(),)), "en")


@pytest.mark.parametrize(("start", "end", "expected"), [
    (D(2017, 9, 11), D(2017, 9, 13), "from 11 to 13 September 2017"),
    (D(2016, 6, 6), D(2016, 6, 7), "on 6 and 7 June 2016"),
    (D(2012, 5, 30), D(2012, 6, 1), "from 30 May to 1 June 2012"),
    (D(2017, 12, 30), D(2018, 1, 3), "from 30 December 2017 to 3 January 2018"),
    (D(2018, 7, 5), D(2018, 7, 5), "on 5 July 2018"),
])
def test_date_span(start: dt.date, end: dt.date, expected: str) -> None:
    assert EN.date_span(start, end) == expected


def test_date_span_without_year() -> None:
    assert EN.date_span(D(2017, 9, 11), D(2017, 9, 13), year=False) == \
        "from 11 to 13 September"


@pytest.mark.parametrize(("days", "expected"), [
    ([D(2017, 9, 12), D(2017, 9, 11)], "11 and 12 September 2017"),
    ([D(2017, 5, 30), D(2017, 6, 2)], "30 May and 2 June 2017"),
    ([D(2017, 9, 12)], "12 September 2017"),
    ([D(2017, 9, 11), D(2017, 9, 12), D(2017, 9, 14)], "11, 12 and 14 September 2017"),
])
def test_date_list(days: list[dt.date], expected: str) -> None:
    assert EN.date_list(days) == expected


def test_series_has_no_serial_comma() -> None:
    assert EN.join_series(["Algeria", "Australia", "Bahamas"]) == \
        "Algeria, Australia and Bahamas"
    assert EN.join_series(["Colombia"]) == "Colombia"
    assert EN.join_series([]) == ""


@pytest.mark.parametrize(("numbers", "expected"), [
    ([1, 2, 3, 4], "1 to 4"), ([3, 4], "3 and 4"), ([2, 3, 5], "2, 3 and 5"), ([5], "5"),
])
def test_number_span(numbers: list[int], expected: str) -> None:
    assert EN.number_span(numbers) == expected


def test_numbers_in_words_and_figures() -> None:
    assert EN.ordinal_words(4) == "fourth"
    assert EN.ordinal_words(21) == "twenty-first"
    assert EN.ordinal_figures(2) == "2nd"
    assert EN.number_words(5) == "five"
    assert EN.number_words(12) == "12"
    assert EN.number_words(1500) == "1,500"


def test_sorting_ignores_accents() -> None:
    names = ["Croatia", "Côte d’Ivoire", "Costa Rica", "Türkiye", "Turkmenistan", "Tunisia"]
    assert sorted(names, key=language.sort_key) == [
        "Costa Rica", "Côte d’Ivoire", "Croatia", "Tunisia", "Türkiye", "Turkmenistan"]


def test_roman_and_letters() -> None:
    assert [language.roman(n) for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert [language.letters(n, EN.numbering.alphabet) for n in (1, 26, 27)] == ["a", "z", "aa"]
