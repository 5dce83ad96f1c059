"""``reportgen new`` (tools/new.py), run in-process: a session from flags or prompts,
or from the previous session; the file it writes passes check and builds at once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

from conftest import EXAMPLE, ROOT
from reportgen import build
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.tools import new, schema

# The answers of a new working group, as options.
FLAGS = ["--organ", "Conference of the Parties to the Example Convention",
         "--body", "Working Group on Examples", "--short-name", "Working Group",
         "--number", "3", "--instrument", "Example Protocol", "--venue", "Geneva",
         "--start", "2025-03-03", "--end", "2025-03-05", "--symbol", "ABC/WG.1/2025/",
         "--chair", "Ana Example", "--chair-country", "Chile"]
IRG = ROOT / "meetings" / "cac-cosp-irg-2015"
SECTIONS = {"opening", "attendance", "officers", "agenda", "documentation", "statements"}


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def created(folder: Path, *args: str, stdin: str | None = None) -> str:
    """``reportgen new FOLDER ARGS`` succeeded; the text of the file it wrote."""
    result = run("new", str(folder), *args, stdin=stdin)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.splitlines()[-1].startswith(f"wrote {folder / 'session.yaml'}")
    return (folder / "session.yaml").read_text(encoding="utf-8")


def checked(folder: Path) -> str:
    """``reportgen check FOLDER`` passed; what it said."""
    result = run("check", str(folder))
    assert result.exit_code == ExitCode.OK, result.output
    return result.stdout


def chapter_lines(text: str) -> list[str]:
    """The entries of the chapters list, as written (a waiting one keeps its '# ')."""
    block = text.split("\nchapters:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.splitlines() if re.match(r"\s*(# )?- ", line)]


def test_new_from_flags_checks_and_builds_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "wg-2025"
    text = created(folder, "--shape", "working-group", *FLAGS)
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={schema.SHIPPED}"
    assert checked(folder).startswith("checked 1 session: 4 numbered paragraphs, 0 errors")
    out = tmp_path / "out"
    result = run("build", str(folder), "--out", str(out))
    assert result.exit_code == ExitCode.OK, result.output
    report = (out / "ABC_WG.1_2025_1.txt").read_text(encoding="utf-8")
    assert "Report on the meeting of the Working Group on Examples held in Geneva from 3 to " \
        "5 March 2025" in report
    assert "1. The third meeting of the Working Group on Examples was held in Geneva" in report
    assert "The meeting was opened by Ana Example (Chile), Chair of the Working Group." in report
    assert "    3. …." in report  # the skeleton's substantive item, for its title
    outputs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert sorted((o["symbol"], o["format"]) for o in outputs) == [
        ("ABC/WG.1/2025/1", "docx"), ("ABC/WG.1/2025/1", "pdf"), ("ABC/WG.1/2025/1", "txt")]


def test_new_asks_on_a_terminal_what_the_options_do_not_give(tmp_path: Path) -> None:
    folder = tmp_path / "commission"
    answers = ["Economic and Social Council", "Commission on Examples", "Commission", "12",
               "Vienna", "2026-04-13", "2026-04-17", "", "E/CN.99/2026/", "Ana Example", ""]
    text = created(folder, "--shape", "commission", "--prompt", stdin="\n".join(answers) + "\n")
    assert "  number: 12\n" in text
    assert "  series: E/CN.99/2026  #" in text
    assert "  date: 2026-04-17\n" in text  # the last day, the answer left empty
    assert "    - {office: chair, name: Ana Example}\n" in text
    assert chapter_lines(text) == [
        "# - action", "# - {kind: deliberations, per_item: true}", "# - provisional-agenda",
        "- adoption", "- kind: organization", "- opening", "# - attendance", "- officers",
        "- agenda", "# - documentation"]
    assert checked(folder).startswith("checked 1 session: 5 numbered paragraphs")


def test_a_wrong_answer_to_a_prompt_is_asked_again(tmp_path: Path) -> None:
    answers = ["Economic and Social Council", "Commission on Examples", "Commission",
               "twelve", "12", "Vienna", "13 April 2026", "2026-04-13", "2026-04-17", "",
               "E/CN.99/2026/", "Ana Example", ""]
    result = run("new", str(tmp_path / "c"), "--shape", "commission", "--prompt",
                 stdin="\n".join(answers) + "\n")
    assert result.exit_code == ExitCode.OK, result.output
    assert "'twelve' is not a whole number from 1 to 999" in result.output
    assert "'13 April 2026' is not a date written as YYYY-MM-DD" in result.output


@pytest.mark.parametrize("shape", new.shapes())
def test_every_shape_gives_a_session_that_checks(shape: str, tmp_path: Path) -> None:
    folder = tmp_path / shape
    text = created(folder, "--shape", shape, *FLAGS)
    checked(folder)
    skeleton = yaml.safe_load((ROOT / "templates" / "new" / "shapes" / f"{shape}.yaml")
                              .read_text(encoding="utf-8"))
    # The skeleton's chapters in its order, each listed or waiting for its prose.
    if "chapters" in skeleton:
        kinds = [c if isinstance(c, str) else c["kind"] for c in skeleton["chapters"]]
        listed = [re.sub(r"^(# )?- (\{?kind: )?", "", line).split(",")[0].rstrip("}")
                  for line in chapter_lines(text)]
        assert [kind for kind in listed if kind not in SECTIONS] == kinds
    tree = yaml.safe_load(text)
    assert [i["key"] for i in tree["agenda"]["items"]] == [
        i["key"] for i in skeleton["agenda"]["items"]]


def test_the_new_file_validates_against_its_schema(tmp_path: Path) -> None:
    text = created(tmp_path / "s", "--shape", "review-group", *FLAGS)
    named = Path(text.splitlines()[0].split("$schema=", 1)[1])
    validator = jsonschema.Draft7Validator(json.loads(named.read_text(encoding="utf-8")))
    tree = json.loads(json.dumps(yaml.safe_load(text), default=str))  # dates as strings
    assert [e.message for e in validator.iter_errors(tree)] == []


# ------------------------------------------------------------------ --from


@pytest.fixture(scope="module")
def next_wg7(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seed's next meeting, from only its dates."""
    folder = tmp_path_factory.mktemp("next") / "wg7-2018"
    return folder, created(folder, "--from", str(EXAMPLE.parent), "--start", "2018-06-04",
                           "--end", "2018-06-06")


def test_from_advances_the_number_the_year_and_the_dates(next_wg7: tuple[Path, str]) -> None:
    _, text = next_wg7
    tree = yaml.safe_load(text)
    assert tree["document"] == {"symbol": "CTOC/COP/WG.7/2018/5",
                                "date": yaml.safe_load("2018-06-06")}
    assert tree["meeting"]["number"] == 5  # the seed's is 4
    assert (str(tree["meeting"]["start"]), str(tree["meeting"]["end"])) == (
        "2018-06-04", "2018-06-06")
    assert tree["agenda"]["adopted"] == {"meeting": 1, "date": tree["meeting"]["start"]}
    assert tree["adoption"] == {"date": tree["meeting"]["end"]}


def test_from_carries_the_structure_and_leaves_the_prose(next_wg7: tuple[Path, str]) -> None:
    _, text = next_wg7
    tree = yaml.safe_load(text)
    seed = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for key in ("organ", "instrument"):
        assert tree[key] == {"short_name": seed[key]["short_name"]} if key == "instrument" \
            else tree[key] == seed[key]
    assert tree["meeting"]["chair"] == seed["meeting"]["chair"]
    assert tree["agenda"]["items"] == seed["agenda"]["items"]
    # The attendance categories, each waiting for its names or its count.
    attendance = text.split("\n# attendance:", 1)[1].split("\n\n", 1)[0]
    assert [line.split(":")[0] for line in attendance.splitlines()[1:]] == [
        "#   states_parties", "#   regional_organizations", "#   signatories",
        "#   non_parties", "#   united_nations_entities",
        "#   intergovernmental_organizations", "#   list_of_participants"]
    # No sentence of the previous report's prose, and no key of it but as a comment.
    assert "Pursuant to resolution 5/3" not in text
    assert not {"introduction", "recommendations", "deliberations", "attendance",
                "documentation", "draft"} & set(tree)
    assert "# introduction:" in text and "# deliberations:" in text


def test_from_builds_at_once(next_wg7: tuple[Path, str], tmp_path: Path) -> None:
    folder, _ = next_wg7
    assert checked(folder).startswith("checked 1 session: 4 numbered paragraphs, 0 errors, "
                                      "0 warnings")
    build.build([folder], ["txt", "pdf"], tmp_path)
    report = (tmp_path / "CTOC_COP_WG.7_2018_5.txt").read_text(encoding="utf-8")
    assert "1. The fifth meeting of the Working Group on the Smuggling of Migrants was " \
        "held in Vienna from 4 to 6 June 2018." in report
    assert (tmp_path / "CTOC_COP_WG.7_2018_5.pdf").read_bytes().startswith(b"%PDF")


def test_from_takes_the_agenda_the_previous_session_approved(tmp_path: Path) -> None:
    folder = tmp_path / "irg-2016"
    text = created(folder, "--from", str(IRG), "--start", "2016-05-23", "--end",
                   "2016-05-27")
    tree = yaml.safe_load(text)
    previous = yaml.safe_load((IRG / "session.yaml").read_text(encoding="utf-8"))
    assert tree["meeting"]["number"] == 7
    assert tree["document"]["symbol"] == "CAC/COSP/IRG/2016/5"
    assert tree["document"]["cover"] == previous["document"]["cover"]
    assert [(i["key"], i["title"]) for i in tree["agenda"]["items"]] == [
        (i["key"].removeprefix("next-"), i["title"])
        for i in previous["provisional_agenda"]["items"]]
    assert chapter_lines(text) == [
        "# - introduction", "- kind: organization", "- opening", "- agenda",
        "# - attendance", "# - {kind: deliberations, per_item: true}", "# - other-matters",
        "# - provisional-agenda", "- adoption"]
    checked(folder)


def test_from_a_session_with_mistakes_names_them(tmp_path: Path) -> None:
    broken = tmp_path / "old" / "session.yaml"
    broken.parent.mkdir()
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("  venue: Vienna\n", ""),
                      encoding="utf-8")
    result = run("new", str(tmp_path / "next"), "--from", str(broken), "--start",
                 "2018-06-04", "--end", "2018-06-06")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert f"{broken}:19:3: error: missing required key 'venue' in 'meeting'" in result.stderr
    assert not (tmp_path / "next").exists()


# ------------------------------------------------------------------ refusals


def test_an_existing_session_file_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "s" / "session.yaml"
    target.parent.mkdir()
    target.write_text("document: {}\n", encoding="utf-8")
    result = run("new", str(target.parent), "--shape", "working-group", *FLAGS)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.startswith(f"{target}: error: a session file is here already, and "
                                    "'reportgen new' never overwrites one")
    assert target.read_text(encoding="utf-8") == "document: {}\n"


def test_missing_answers_without_a_terminal_are_named(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "s"), "--from", str(EXAMPLE), "--no-prompt")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr == ("error: a new session needs --start, --end, --symbol: give them "
                             "as options, or run 'reportgen new' on a terminal to be asked "
                             "(reportgen new --help lists them)\n")
    assert not (tmp_path / "s").exists()


def test_an_answer_check_refuses_writes_nothing(tmp_path: Path) -> None:
    flags = [f if f != "ABC/WG.1/2025/" else "ABC WG 1" for f in FLAGS]
    result = run("new", str(tmp_path / "s"), "--shape", "working-group", *flags)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert f"{tmp_path / 's' / 'session.yaml'}:10:11: error:" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "s").exists()


def test_an_unknown_shape_lists_the_shapes(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "s"), "--shape", "workshop", *FLAGS)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "there is no shape 'workshop': choose one of commission, expert-group, " \
        "review-group, working-group, working-group-paragraphs" in result.stderr


def test_the_schema_is_named_relative_to_a_session_in_the_same_project() -> None:
    # This checkout: reportgen installed from src/ (make's editable install), the
    # session under meetings/.
    if not schema.SHIPPED.is_relative_to(ROOT):
        pytest.skip("reportgen is not installed from this checkout")
    folder = ROOT / "meetings" / "not-made"
    reference = new.schema_reference(folder)
    assert not Path(reference).is_absolute()
    assert (folder / reference).resolve() == schema.SHIPPED


def test_a_symbol_without_the_year_of_the_dates_must_be_given(tmp_path: Path) -> None:
    # The seed's symbol holds 2017: a next meeting in 2017 would take the same one.
    result = run("new", str(tmp_path / "s"), "--from", str(EXAMPLE), "--start",
                 "2017-11-06", "--end", "2017-11-08", "--no-prompt")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stderr.startswith("error: a new session needs --symbol:")
    assert "  symbol: CTOC/COP/WG.7/2017/9\n" in created(
        tmp_path / "s", "--from", str(EXAMPLE), "--start", "2017-11-06", "--end",
        "2017-11-08", "--symbol", "CTOC/COP/WG.7/2017/9")


def test_a_folder_that_cannot_be_made_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = run("new", str(tmp_path / "file" / "s"), "--shape", "working-group", *FLAGS)
    assert result.exit_code == ExitCode.OUTPUT_FAILED
    assert result.stderr.startswith(f"error: cannot write {tmp_path / 'file' / 's'}"
                                    "/session.yaml: a file stands where one of the folders "
                                    "of its path should be")


def test_from_and_shape_together_are_refused(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "s"), "--from", str(EXAMPLE), "--shape", "commission",
                 "--start", "2018-06-04", "--end", "2018-06-06")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "a new session is made --from a previous one or of a --shape" in result.stderr
