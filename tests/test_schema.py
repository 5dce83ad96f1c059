"""The JSON Schema of the session format (tools/schema.py): generated from the model,
shipped as it is generated, accepting every session ``check`` accepts and refusing
what ``check`` refuses for types, required keys and enumerations."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import rootcases
from conftest import EXAMPLE, ROOT
from reportgen import build
from reportgen.cli import main
from reportgen.errors import ExitCode
from reportgen.tools import schema

sys.path.insert(0, str(ROOT / "benchmarks"))
import gensession  # noqa: E402

VALIDATOR = jsonschema.Draft7Validator(json.loads(schema.shipped()))


def as_json(value: Any) -> Any:
    """A YAML tree as the YAML language server sees it: dates are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_errors(tree: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(as_json(tree))]


def check_errors(path: Path) -> list[str]:
    """What ``reportgen check`` says is wrong with a session file (errors only)."""
    _, diagnostics = build.check([path])
    return [d.message for d in diagnostics.errors]


# --------------------------------------------------------------- the file


def test_the_shipped_schema_is_what_the_model_gives_now() -> None:
    assert schema.shipped() == schema.text(), (
        "src/reportgen/data/session.schema.json is out of date with the model or the key "
        "tables of docs/session-format.md: "
        "run .venv/bin/python -m reportgen.tools.schema")


def test_the_schema_is_draft_07() -> None:
    produced = json.loads(schema.shipped())
    assert produced["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(produced)


def test_reportgen_schema_prints_the_shipped_file() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == ExitCode.OK
    assert result.stdout == schema.shipped()
    result = CliRunner().invoke(main, ["schema", "--path"])
    assert result.exit_code == ExitCode.OK
    assert Path(result.stdout.strip()) == schema.SHIPPED


def test_hover_documentation_is_the_rapporteurs() -> None:
    definitions = json.loads(schema.shipped())["definitions"]
    document, meeting = (definitions[name]["properties"] for name in ("DocumentInfo",
                                                                      "Meeting"))
    # A key's row in docs/session-format.md: its meaning, then whether it is required.
    assert document["series"]["description"] == (
        "Instead of symbol: the series the session's documents are numbered in, e.g. "
        "CTOC/COP/WG.7/2017. The report then takes the next number after the documents "
        "listed in documentation (/1 to /4 there → CTOC/COP/WG.7/2017/5). (no; default "
        "empty)")
    assert meeting["start"]["description"] == "First day of the meeting. (required)"
    # A key no table of the doc lists: the comment beside its field in the model.
    assert definitions["OpenedBy"]["properties"]["title"]["description"] == (
        'their function: "Director, Division for Treaty Affairs"')
    # A class's docstring describes its mapping.
    assert definitions["Meeting"]["description"] == "The meeting or session the report is of."
    assert definitions["Meeting"]["required"] == ["body", "short_name", "venue", "start",
                                                  "end"]


# ------------------------------------------------ sessions check accepts


def _doc_skeletons() -> list[tuple[str, str]]:
    """The YAML blocks of the user docs that are whole sessions."""
    found = []
    for doc in ("writing-your-report.md", "session-format.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        for number, block in enumerate(re.findall(r"```yaml\n(.*?)```", text, re.S)):
            if block.startswith("document:") and "\nadoption:" in block:
                found.append((f"{doc}#{number}", block))
    return found


def _sessions(tmp: Path) -> list[Path]:
    """Every session file the project has: meetings/, tests/roots, the docs' skeletons
    and a generated one of the benchmarks."""
    paths = sorted((ROOT / "meetings").glob("*/session.yaml"))
    # The roots named bad-… are refused by check (tests/test_roots.py): not these.
    paths += [rootcases.materialise(name, tmp / "roots") for name in rootcases.names()
              if not name.startswith("bad-")]
    for name, block in _doc_skeletons():
        path = tmp / "docs" / name.replace("#", "-") / "session.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(block, encoding="utf-8")
        paths.append(path)
    generated = tmp / "generated" / "session.yaml"
    generated.parent.mkdir()
    generated.write_text(gensession.generate(35), encoding="utf-8")
    return paths + [generated]


def test_every_session_check_accepts_validates(tmp_path: Path) -> None:
    accepted = [path for path in _sessions(tmp_path) if not check_errors(path)]
    assert len(accepted) >= 15  # the five meetings, the good roots, the docs' skeletons
    refused = {str(path): schema_errors(yaml.safe_load(path.read_text(encoding="utf-8")))
               for path in accepted}
    assert {path: errors for path, errors in refused.items() if errors} == {}


# ------------------------------------------- mistakes both refuse alike


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mistake: the value at a dotted path ("meeting.number", "chapters.0") replaced."""
    def apply(tree: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        holder: Any = tree
        for part in parents:
            holder = holder[int(part)] if isinstance(holder, list) else holder[part]
        holder[int(last) if isinstance(holder, list) else last] = value
    return apply


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def apply(tree: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        holder: Any = tree
        for part in parents:
            holder = holder[part]
        del holder[last]
    return apply


def _add(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(tree: dict[str, Any]) -> None:
        tree[key] = value
    return apply


# (what is wrong, how to make the mistake in the seed session, what check says)
MISTAKES = [
    ("a date that is text", _set("document.date", "27 September 2017"),
     "'date' should be a date written as YYYY-MM-DD"),
    ("a date before the United Nations", _set("document.date", dt.date(1901, 1, 1)),
     "'date' should be a date from 1945-10-24"),
    ("a number that is text", _set("meeting.number", "four"),
     "'number' should be a whole number"),
    ("a number of zero", _set("meeting.number", 0), "'number' should be a whole number from 1"),
    ("true or false that is text", _set("meeting.resumed", "maybe"),
     "'resumed' should be true or false"),
    ("text that is a number", _set("meeting.venue", 42), "'venue' should be text"),
    ("blank text", _set("meeting.venue", "   "), "'venue' is empty"),
    ("a list that is text", _set("attendance.states_parties", "Austria"),
     "'states_parties' should be a list"),
    ("a paragraph that is a number", _set("introduction.0", 42), "should be text, or a mapping"),
    ("a mapping that is text", _set("meeting.chair", "Francesco Testa"),
     "'chair' should be a mapping"),
    ("a distribution not among the choices", _set("document.distribution", "public"),
     "'distribution' should be one of 'general', 'limited', 'restricted'"),
    ("a unit not among the choices", _set("meeting.unit", "sessions"),
     "'unit' should be one of 'meeting', 'session'"),
    ("a cover line not among the choices", _set("document.cover", ["masthead"]),
     "should be one of 'body', 'session'"),
    ("an unknown kind of chapter", _add("chapters", ["introduction", "appendix"]),
     "has the unknown kind 'appendix'"),
    ("a kind alone that needs a title", _add("chapters", ["introduction", "chapter"]),
     "of kind 'chapter' needs its 'title'"),
    ("a required key left out", _delete("meeting.venue"), "missing required key 'venue'"),
    ("a required mapping left out", _delete("agenda.adopted"),
     "missing required key 'adopted'"),
    ("a required list left empty", _set("agenda.items", []), "'items' is an empty list"),
    ("an unknown key", _add("atendance", {"states_parties": ["Austria"]}),
     "unknown key 'atendance'"),
]


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def test_the_seed_session_passes_both(seed: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(seed, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    assert check_errors(path) == []
    assert schema_errors(seed) == []


@pytest.mark.parametrize(("mistake", "make", "said"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_check_and_the_schema_refuse_the_same_mistakes(
        mistake: str, make: Callable[[dict[str, Any]], None], said: str,
        seed: dict[str, Any], tmp_path: Path) -> None:
    tree = copy.deepcopy(seed)
    make(tree)
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    found = check_errors(path)
    assert any(said in message for message in found), found
    assert schema_errors(tree), f"the schema accepts {mistake}"
