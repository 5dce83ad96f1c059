"""What the first ``prepare`` of a new process does differently, for a quicker start,
gives what it gave before: the same answers, the same words, the same report.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, GOLDEN, STEM
from reportgen.pipeline import compose
from reportgen.util import answers as answers_module
from reportgen.util import digests, usercache, versions
from reportgen.util.answers import FOLDER, Answers

# The pattern compose told Chinese characters by, before it compared code points.
_CJK_PATTERN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def test_chinese_characters_are_told_as_the_pattern_told_them() -> None:
    # Every character of the Basic Multilingual Plane and beyond, up to where the
    # supplementary ideographs begin, the ends of each range among them.
    for code in range(0x2_0000):
        character = chr(code)
        assert compose._cjk(character + "x") == bool(_CJK_PATTERN.match(character)), \
            hex(code)
    assert compose._cjk("") is False
    assert compose._cjk("\U00020000") is False  # (outside the ranges, as before)
    assert compose._cjk("。") and compose._cjk("决议") and not compose._cjk("a决")


# ------------------------------------------------- answers kept between runs

def _asked(log: list[str], text: str) -> Callable[[], str]:
    """An answer that notes it was asked for."""
    def answer() -> str:
        log.append(text)
        return text

    return answer


def test_kept_answers_are_read_back_in_the_next_run(cache_dir: Path) -> None:
    asked: list[str] = []
    first = Answers("dates", ("babel",))
    assert first.get(("2017-09-11", "d MMMM y", "en"), _asked(asked, "11 September 2017")) \
        == "11 September 2017"
    assert first.get(("2017-09-11", "d MMMM y", "en"), _asked(asked, "wrong")) \
        == "11 September 2017"
    first.save()
    again = Answers("dates", ("babel",))  # as the next process makes it
    assert again.get(("2017-09-11", "d MMMM y", "en"), _asked(asked, "wrong")) \
        == "11 September 2017"
    assert asked == ["11 September 2017"]
    assert digests.take_damage() == []


def test_answers_are_kept_under_all_they_were_asked_with(cache_dir: Path) -> None:
    """A question is kept whole: what one text of it holds never runs into the next."""
    answers = Answers("dates", ("babel",))
    assert answers.get(("2017-09-11", "en x", "y"), lambda: "one") == "one"
    assert answers.get(("2017-09-11", "en", "x y"), lambda: "other") == "other"
    assert answers.get((7, "ordinal", "en"), lambda: "seventh") == "seventh"
    assert answers.get(("7", "ordinal", "en"), lambda: "7th") == "7th"
    answers.save()
    again = Answers("dates", ("babel",))
    assert [again.get(question, lambda: "asked") for question in (
        ("2017-09-11", "en x", "y"), ("2017-09-11", "en", "x y"), (7, "ordinal", "en"),
        ("7", "ordinal", "en"))] == ["one", "other", "seventh", "7th"]


def test_another_version_of_the_library_asks_it_again(cache_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    kept = Answers("words", ("num2words",))
    kept.get((4, "ordinal", "en"), lambda: "fourth")
    kept.save()
    monkeypatch.setattr(versions, "package_version", lambda name: "99.0")
    asked: list[str] = []
    upgraded = Answers("words", ("num2words",))
    assert upgraded.get((4, "ordinal", "en"), _asked(asked, "4th (as 99.0 says)")) \
        == "4th (as 99.0 says)"
    assert asked == ["4th (as 99.0 says)"]


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],
    lambda data: data[:-3] + b"x" + data[-2:],
    lambda data: hashlib.sha256(b'{"[1]": 2}').digest() + b'{"[1]": 2}',  # not a text
    lambda data: hashlib.sha256(b"[1, 2]").digest() + b"[1, 2]",  # not a table
    lambda data: hashlib.sha256(b"\xff").digest() + b"\xff",  # not UTF-8
], ids=["truncated", "changed", "an answer not text", "a list", "not UTF-8"])
def test_damaged_answers_are_asked_again_with_a_warning(
        cache_dir: Path, damage: Callable[[bytes], bytes]) -> None:
    kept = Answers("words", ("num2words",))
    kept.get((4, "ordinal", "en"), lambda: "fourth")
    kept.save()
    [path] = (cache_dir).glob(f"{FOLDER}-*/words-*.json")
    path.write_bytes(damage(path.read_bytes()))
    asked: list[str] = []
    again = Answers("words", ("num2words",))
    assert again.get((4, "ordinal", "en"), _asked(asked, "fourth")) == "fourth"
    assert asked == ["fourth"]
    assert [(d.location.path, d.message, d.code) for d in digests.take_damage()] == [
        (path, "this cache file, answers of num2words kept between runs, is damaged "
               "(truncated or changed); they were asked again", "cache.damaged")]
    again.save()  # written whole again
    assert json.loads(path.read_bytes()[32:]) == {'[4, "ordinal", "en"]': "fourth"}


def test_answers_in_a_folder_others_can_write_are_not_used(cache_dir: Path) -> None:
    kept = Answers("words", ("num2words",))
    kept.get((4, "ordinal", "en"), lambda: "fourth")
    kept.save()
    [folder] = cache_dir.glob(f"{FOLDER}-*")
    folder.chmod(0o777)  # anyone could have written the answers
    usercache.folder.cache_clear()
    asked: list[str] = []
    again = Answers("words", ("num2words",))
    assert again.get((4, "ordinal", "en"), _asked(asked, "fourth")) == "fourth"
    assert asked == ["fourth"]


def test_an_answer_that_fails_is_not_kept(cache_dir: Path) -> None:
    answers = Answers("words", ("num2words",))

    def refuse() -> str:
        raise OverflowError("abs(number) must be less than 10**66")

    for _ in range(2):  # asked again: nothing was kept
        with pytest.raises(OverflowError, match="less than"):
            answers.get((10**70, "cardinal", "en"), refuse)
    answers.save()
    assert not list(cache_dir.glob(f"{FOLDER}-*/*"))


def test_two_runs_keep_each_others_answers(cache_dir: Path) -> None:
    one, other = Answers("words", ("num2words",)), Answers("words", ("num2words",))
    one.get((1, "ordinal", "en"), lambda: "first")
    other.get((2, "ordinal", "en"), lambda: "second")
    one.save()
    other.save()  # (after the first, which it did not read)
    later = Answers("words", ("num2words",))
    assert [later.get((n, "ordinal", "en"), lambda: "asked") for n in (1, 2)] == \
        ["first", "second"]


def test_a_full_file_starts_again(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers_module, "LIMIT", 3)
    answers = Answers("words", ("num2words",))
    for number in range(1, 4):
        answers.get((number, "cardinal", "en"), lambda: "kept")
    answers.save()
    more = Answers("words", ("num2words",))
    more.get((4, "cardinal", "en"), lambda: "four")
    more.save()
    [path] = cache_dir.glob(f"{FOLDER}-*/words-*.json")
    assert json.loads(path.read_bytes()[32:]) == {'[4, "cardinal", "en"]': "four"}


# Every language's dates and number words, as a new process writes them.
_WORDS_SCRIPT = """
import datetime as dt, json, sys
from reportgen.pipeline import language, language_files
from reportgen.pipeline.templates import TemplateSet, builtin_dir
templates = TemplateSet((builtin_dir(),))
days = [dt.date(2017, 9, 11), dt.date(2018, 11, 1), dt.date(2019, 5, 30), dt.date(2019, 6, 2)]
said = {}
for code in language_files.available(templates):
    words = language_files.load(templates, code)
    numbers = [words.ordinal_words, words.spelled_out]
    if code != "zh":  # (num2words has no Chinese ordinal figures; no template asks for them)
        numbers.append(words.ordinal_figures)
    said[code] = [words.long_date(d) for d in days] + [words.masthead_date(days[1]),
        words.date_span(days[2], days[3]), words.dates_in_brief(days[0], days[0]),
        words.date_list(days)] + [say(n) for n in (1, 2, 3, 11, 21, 101) for say in numbers]
language.save_answers()
libraries = sorted({m.split(".")[0] for m in sys.modules} & {"babel", "num2words"})
print(json.dumps([said, libraries], ensure_ascii=False))
"""


def test_a_new_process_writes_every_language_as_its_libraries_did(tmp_path: Path) -> None:
    environment = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> tuple[dict[str, list[str]], list[str]]:
        result = subprocess.run([sys.executable, "-c", _WORDS_SCRIPT], capture_output=True,
                                text=True, check=True, env=environment)
        written, libraries = json.loads(result.stdout)
        return written, libraries

    asked, libraries = run()
    assert libraries == ["babel", "num2words"]
    assert sorted(asked) == ["ar", "en", "es", "fr", "ru", "zh"]
    assert asked["en"][:8] == ["11 September 2017", "1 November 2018", "30 May 2019",
                               "2 June 2019", "1 November 2018",
                               "from 30 May to 2 June 2019", "11 September 2017",
                               "11 September 2017, 1 November 2018, 30 May and 2 June 2019"]
    assert asked["en"][8:11] == ["first", "one", "1st"]
    assert asked["fr"][1] == "1er novembre 2018"
    assert asked["ar"][5] == "في الفترة من 30 أيار/مايو إلى 2 حزيران/يونيه 2019"
    kept, libraries = run()
    assert libraries == []  # every answer was kept
    assert kept == asked


_BUILD_SCRIPT = """
import sys
from pathlib import Path
from reportgen import build
build.build([Path({session!r})], ["txt"], Path({out!r}))
print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"babel", "num2words"}}))
"""


def test_the_next_build_writes_the_same_report_without_babel_or_num2words(
        tmp_path: Path) -> None:
    """prepare() keeps what the libraries answered: the next build of the session, in a
    new process, has every date and number word it needs."""
    environment = {**os.environ, "REPORTGEN_CACHE_DIR": str(tmp_path / "cache")}
    libraries, texts = [], []
    for out in (tmp_path / "first", tmp_path / "next"):
        script = _BUILD_SCRIPT.format(session=str(EXAMPLE), out=str(out))
        result = subprocess.run([sys.executable, "-c", script], capture_output=True,
                                text=True, check=True, env=environment)
        libraries.append(result.stdout.strip())
        texts.append((out / f"{STEM}.txt").read_text(encoding="utf-8"))
    assert libraries == ["['babel', 'num2words']", "[]"]
    assert texts[0] == texts[1] == (GOLDEN / f"{STEM}.txt").read_text(encoding="utf-8")
    assert "on 11 and 12 September 2017" in texts[1]  # (a date Babel wrote the first time)
