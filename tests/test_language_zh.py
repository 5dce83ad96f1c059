"""The Chinese version of the example (``--lang zh``): its TXT word for word.

The masthead keeps its distribution block in English, dates are written year first
("2017年9月11日至13日"), chapters are numbered 一, 二 …, and lists of States are in the
order of the English original (docs/languages.md, "Chinese").
"""

from __future__ import annotations

import csv
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE, GOLDEN, ROOT, STEM
from reportgen.cli import main
from reportgen.errors import ExitCode, InputError
from reportgen.pipeline import language_files
from reportgen.pipeline.language import chinese
from reportgen.pipeline.templates import TemplateSet, builtin_dir

ZH = f"{STEM}.zh.txt"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _build(session: Path, out: Path) -> str:
    code, _, err = _run("build", str(session), "--lang", "zh", "--to", "txt", "--out", str(out))
    assert code == ExitCode.OK, err
    return (out / ZH).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _build(EXAMPLE, tmp_path_factory.mktemp("zh"))


def _paragraph(text: str, number: int) -> str:
    found = re.search(rf"^{number}\. (.*)$", text, re.MULTILINE)
    assert found, f"no paragraph {number}"
    return found.group(1)


def test_text_matches_its_golden_file(text: str, update_golden: bool) -> None:
    golden = GOLDEN / ZH
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_masthead_keeps_the_distribution_block_in_english(text: str) -> None:
    assert text.splitlines()[:9] == [
        "联 合 国    CTOC/COP/WG.7/2017/5",
        "",
        "联合国打击跨国有组织犯罪公约缔约方会议",
        "",
        "Distr.: General",
        "27 September 2017",
        "",
        "Chinese",
        "Original: English",
    ]


def test_title_names_dates_place_and_body_in_chinese_order(text: str) -> None:
    assert text.splitlines()[10] == "2017年9月11日至13日在维也纳举行的偷运移民问题工作组会议的报告"


def test_chapters_are_numbered_in_chinese_numerals(text: str) -> None:
    chapters = re.findall(r"^([一二三四五六七八九十]+\. .*)$", text, re.MULTILINE)
    assert chapters == ["一. 导言", "二. 建议", "三. 讨论情况概要", "四. 会议安排", "五. 通过报告"]
    sections = re.findall(r"^([A-E]\. .*)$", text, re.MULTILINE)
    assert sections == ["A. 关于具体专题的建议", "B. 一般性建议", "A. 会议开幕", "B. 发言",
                        "C. 通过议程和工作安排", "D. 出席情况", "E. 文件"]


def _paragraphs(text: str, expected: dict[int, str]) -> dict[int, str]:
    """The paragraphs numbered as ``expected``'s keys (for one comparison of them all)."""
    return {number: _paragraph(text, number) for number in expected}


def test_meeting_sentences(text: str) -> None:
    expected = {
        6: "偷运移民问题工作组在9月11日至13日于维也纳举行的会议上通过了下文所载建议。",
        13: "工作组在2017年9月12日举行的第4次会议上审议了题为“其他事项”的议程项目5。",
        15: ("偷运移民问题工作组第四次会议于2017年9月11日至13日在维也纳举行。"
             "其间共举行了5次会议。"),
        23: "工作组在2017年9月11日举行的第1次会议上以协商一致方式通过了下列议程：",
    }
    assert _paragraphs(text, expected) == expected
    assert _paragraph(text, 7).startswith(
        "工作组在2017年9月11日和12日举行的第2次和第3次会议上审议了题为"
        "“编写审议《偷运移民议定书》执行情况的调查表”的议程项目2。")


def test_attendance_of_states_parties_word_for_word(text: str) -> None:
    assert _paragraph(text, 24) == (
        "下列《偷运移民议定书》缔约国派代表出席了工作组会议：阿富汗、阿尔及利亚、安哥拉、阿根廷、亚美尼亚、"
        "澳大利亚、奥地利、阿塞拜疆、巴哈马、白俄罗斯、比利时、巴西、布基纳法索、布隆迪、加拿大、智利、"
        "科特迪瓦、克罗地亚、古巴、塞浦路斯、捷克、多米尼加、厄瓜多尔、萨尔瓦多、爱沙尼亚、法国、德国、"
        "希腊、危地马拉、匈牙利、印度、印度尼西亚、伊拉克、意大利、日本、科威特、黎巴嫩、卢森堡、马耳他、"
        "墨西哥、缅甸、纳米比亚、新西兰、尼日利亚、挪威、阿曼、巴拿马、巴拉圭、秘鲁、菲律宾、波兰、葡萄牙、"
        "大韩民国、罗马尼亚、俄罗斯联邦、塞尔维亚、斯洛伐克、南非、西班牙、突尼斯、土耳其、乌克兰、"
        "大不列颠及北爱尔兰联合王国、美利坚合众国、乌拉圭和委内瑞拉玻利瓦尔共和国。")
    assert _paragraph(text, 27) == (
        "下列既非《偷运移民议定书》缔约国也非其签署国的国家派观察员出席了会议：中国、哥伦比亚、"
        "伊朗伊斯兰共和国、以色列、约旦、摩洛哥、尼泊尔、巴基斯坦、卡塔尔、新加坡、巴勒斯坦国、苏丹、"
        "阿拉伯联合酋长国、越南和也门。")


def test_states_are_listed_in_the_order_of_their_english_names(text: str) -> None:
    """The UN's list in Chinese, in the order of the English names, not in pinyin order."""
    with (ROOT / "src" / "reportgen" / "data" / "un-member-states.csv").open(
            encoding="utf-8") as table:
        chinese_names = {row["unterm_zh_short"]: row["list_name_en"]
                         for row in csv.DictReader(table)}
    *first, last = _paragraph(text, 24).split("：", 1)[1].rstrip("。").split("、")
    listed = first + last.split("和", 1)  # "乌拉圭和委内瑞拉玻利瓦尔共和国"
    english = [chinese_names[name] for name in listed]
    # The issued report shortens two names in this list; they sort as it prints them.
    english = [{"United Kingdom of Great Britain and Northern Ireland": "United Kingdom",
                "United States of America": "United States"}.get(n, n) for n in english]
    assert len(listed) == 66
    assert english == sorted(english, key=lambda n: n.replace("Côte", "Cote"))
    assert listed[:6] == ["阿富汗", "阿尔及利亚", "安哥拉", "阿根廷", "亚美尼亚", "澳大利亚"]


def test_statements_and_organizations(text: str) -> None:
    expected = {
        18: ("在议程项目3和4下，在主席主持下，由下列小组成员主导讨论："
             "Wanchai Roujanavong（泰国）、Alejandro Martínez Peralta（墨西哥）、"
             "Gerald Tatzgern（奥地利）和Anne Gallagher（澳大利亚）。"),
        20: "作为《偷运移民议定书》缔约方的区域经济一体化组织欧洲联盟的代表也作了发言。",
        29: ("下列政府间组织派观察员出席了会议：欧洲联盟基本权利署、国际移民政策发展中心、"
             "国际移民组织和欧洲安全与合作组织。"),
        30: "与会者名单载于CTOC/COP/WG.7/2017/INF/1/Rev.1号文件。",
    }
    assert _paragraphs(text, expected) == expected


def test_lists_end_their_entries_with_full_width_marks(text: str) -> None:
    agenda = text.split("\n23. ", 1)[1].split("\n\n", 1)[0].splitlines()[1:4]
    assert [line.strip() for line in agenda] == ["1. 组织事项：", "(a) 会议开幕；",
                                                 "(b) 通过议程和工作安排。"]
    documents = text.split("\n31. ", 1)[1].split("\n\n", 1)[0].splitlines()
    assert documents[1].strip() == "(a) 临时议程说明（CTOC/COP/WG.7/2017/1）；"
    assert documents[-1].strip().endswith("背景文件（CTOC/COP/WG.7/2017/4）。")


def test_no_space_follows_a_full_width_full_stop(text: str) -> None:
    assert _paragraph(text, 16) == ("会议由工作组主席Francesco Testa（意大利）宣布开幕。"
                                    "他在会上讲话，概述了工作组的任务授权、目标及其审议的主题。")
    assert "。 " not in text


def test_adoption_of_the_report(text: str) -> None:
    assert _paragraph(text, 32) == "2017年9月13日，工作组通过了本会议报告。"


def test_a_cross_reference_prints_in_chinese(text: str) -> None:
    assert "\n考虑到建议11，缔约国还应考虑" in text


def test_spans_across_months_and_sessions(tmp_path: Path) -> None:
    """A span over two months, and a numbered session."""
    folder = tmp_path / "wg"
    shutil.copytree(EXAMPLE.parent, folder)
    session = folder / "session.yaml"
    words = session.read_text(encoding="utf-8")
    words = words.replace("start: 2017-09-11\n  end: 2017-09-13",
                          "start: 2017-08-30\n  end: 2017-09-13")
    words = words.replace("  number: 4\n", "  number: 12\n  unit: session\n")
    session.write_text(words, encoding="utf-8")
    text = _build(session, tmp_path / "out")
    assert text.splitlines()[10] == ("偷运移民问题工作组2017年8月30日至9月13日在维也纳举行的"
                                     "第十二届会议的报告")
    assert _paragraph(text, 6) == ("偷运移民问题工作组在8月30日至9月13日于维也纳举行的届会上"
                                   "通过了下文所载建议。")
    assert _paragraph(text, 15) == ("偷运移民问题工作组第十二届会议于2017年8月30日至9月13日"
                                    "在维也纳举行。其间共举行了5次会议。")
    assert _paragraph(text, 32) == "2017年9月13日，工作组通过了关于其第十二届会议的报告。"


def test_check_finds_the_translation_complete() -> None:
    code, out, err = _run("check", str(EXAMPLE), "--lang", "zh")
    assert (code, err) == (ExitCode.OK, "")
    assert out == "checked 1 session: 32 numbered paragraphs, 0 errors, 0 warnings\n"


@pytest.mark.parametrize(("number", "numeral"), [
    (1, "一"), (4, "四"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (100, "100")])
def test_chinese_numerals(number: int, numeral: str) -> None:
    assert chinese(number) == numeral


def _project_language(tmp_path: Path, edit: dict[str, str]) -> TemplateSet:
    """A project's language xx: reportgen's English file with ``edit``'s lines replaced."""
    folder = tmp_path / "languages"
    folder.mkdir()
    words = (builtin_dir() / "languages" / "en.toml").read_text(encoding="utf-8")
    for old, new in edit.items():
        assert old in words
        words = words.replace(old, new)
    (folder / "xx.toml").write_text(words, encoding="utf-8")
    return TemplateSet((tmp_path, builtin_dir()))


def test_a_language_file_may_leave_out_the_list_marks(tmp_path: Path) -> None:
    """Entries added after the other languages were written: English's when left out."""
    templates = _project_language(tmp_path, {'list_marks = [";", ".", ":"]\n': "",
                                             'document_entry = "{title} ({symbol})"\n': ""})
    words = language_files.load(templates, "xx")
    assert (words.series.list_marks, words.contents.document_entry) == (
        (";", ".", ":"), "{title} ({symbol})")


def test_list_marks_are_three(tmp_path: Path) -> None:
    templates = _project_language(tmp_path, {'list_marks = [";", ".", ":"]':
                                             'list_marks = [";", "."]'})
    with pytest.raises(InputError) as caught:
        language_files.load(templates, "xx")
    assert str(caught.value).endswith(
        "error: 'series.list_marks' should list 3 marks (after an entry followed by another, "
        "after the last, before entries below it), not 2")


def test_references_cite_drafts_in_chinese_numerals(tmp_path: Path) -> None:
    """The expert group's report in Chinese: it cites its draft resolution "决议草案一", as
    over it, names its officers "主席：…", and its contents' paragraph ranges ("1-4") end
    in one column, a Chinese character taking two (a long English title goes beyond)."""
    session = ROOT / "meetings" / "expert-group-corruption-2001" / "session.yaml"
    code, _, err = _run("build", str(session), "--lang", "zh", "--to", "txt",
                        "--out", str(tmp_path))
    assert code == ExitCode.OK, err
    text = (tmp_path / "A_AC.260_2.zh.txt").read_text(encoding="utf-8")
    assert _paragraph(text, 24).endswith("is reflected in 决议草案一.")
    assert "\n决议草案一\n" in text
    officers = text.split("\n13. ", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.strip() for line in officers[1:3]] == ["主席：Andrés Molina Rivas（哥伦比亚）",
                                                        "副主席：Henryk Zalewski（波兰）"]
    contents = text.split("\n目录\n", 1)[1].strip("\n").split("\n\n", 1)[0].splitlines()
    assert contents[1] == "一. 导言 " + "." * 65 + " 1-4"
    assert {sum(1 + (unicodedata.east_asian_width(c) in "WF") for c in line)
            for line in contents if re.search(r" \.+ [\d-]+$", line) and len(line) < 78} == {78}
