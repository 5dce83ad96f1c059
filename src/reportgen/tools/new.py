"""``reportgen new``: a session file to start from, from the questions a rapporteur
can answer.

A new session is made from another one: the skeleton of one of the shapes of
report (``templates/new/shapes/<shape>.yaml``, the shapes of
docs/writing-your-report.md) or the previous session of the same body
(``--from``). Its structure is kept (chapters and their order, the sections of
the organization chapter, the lines under the masthead, the agenda, the
categories of attendance, the officers); the names, the number, the symbol and
the dates are the answers, taken from options or asked on a terminal, and by
default the previous session's, advanced (number + 1, the year in the symbol
that of the new dates). Prose is never carried: each part that needs it is left
as a YAML comment saying what goes there, and the chapters or sections that
would print nothing until it is written are listed as comments too, so that the
file passes ``reportgen check`` and builds at once.

The file is written by the template ``templates/new/session.yaml.j2``, which
holds every word it adds, and starts with the line that gives an editor the
JSON Schema (``tools/schema.py``). It is checked before it is written, and an
existing session file is never overwritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from reportgen import build, config
from reportgen.errors import (
    Diagnostic,
    Diagnostics,
    ExitCode,
    InputError,
    Location,
    OutputError,
    ReportError,
)
from reportgen.pipeline import load, model, validate
from reportgen.pipeline.templates import builtin_dir
from reportgen.tools import schema

SESSION_FILE = build.SESSION_FILE


def shapes() -> list[str]:
    """The shapes of report a new session can take (the skeletons' names)."""
    return sorted(p.stem for p in (builtin_dir() / "new" / "shapes").glob("*.yaml"))


class MissingAnswers(ReportError):
    """Options a new session needs were not given, and there is no terminal to ask."""

    exit_code = ExitCode.INVALID_INPUT


# ------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    """One answer a new session needs: the option that gives it, what to ask, and
    the kind of value ("text", "date", "number": a whole number or nothing)."""

    name: str
    ask: str
    kind: str = "text"
    optional: bool = False


QUESTIONS = [
    Question("organ", "The organ the report goes to (Conference of the Parties to …)"),
    Question("body", "The body that meets (Working Group on …)"),
    Question("short_name", "What the report calls it for short (Working Group)"),
    Question("number", "Its number (4 for its fourth meeting; nothing if it has none)",
             "number", optional=True),
    Question("instrument", "The treaty's short name (Convention, … Protocol)"),
    Question("venue", "Where it meets (Vienna)"),
    Question("start", "Its first day (YYYY-MM-DD)", "date"),
    Question("end", "Its last day (YYYY-MM-DD)", "date"),
    Question("date", "The date of the report (YYYY-MM-DD)", "date"),
    Question("symbol", "The report's symbol (ABC/WG.1/2024/5), or its series ending in "
                       "'/' (ABC/WG.1/2024/) to take the number after the documents"),
    Question("chair", "The Chair's name"),
    Question("chair_country", "The Chair's country (nothing for none)", optional=True),
]

Asker = Callable[[Question, Any], Any]


def answer_all(base: model.Session, given: dict[str, Any], carried: bool,
               ask: Asker | None) -> dict[str, Any]:
    """Every answer: as given, else asked (with the carried value as the default), else
    the carried value; raises MissingAnswers for those nobody gave."""
    answers: dict[str, Any] = {}
    missing: list[str] = []
    for question in QUESTIONS:
        if question.name == "instrument" and base.instrument is None:
            continue
        default = (answers["end"] if question.name == "date"
                   else defaults(base, answers, question.name) if carried else None)
        value = given.get(question.name)
        if value is None and ask is not None:
            value = ask(question, default)
        if value is None:
            value = default
        if value in (None, "") and not question.optional and question.name != "date":
            missing.append("--" + question.name.replace("_", "-"))
        answers[question.name] = value or None
    if missing:
        raise MissingAnswers(
            f"a new session needs {', '.join(missing)}: give them as options, or run "
            "'reportgen new' on a terminal to be asked (reportgen new --help lists them)")
    answers["date"] = answers["date"] or answers["end"]
    return answers


def defaults(base: model.Session, answers: dict[str, Any], name: str) -> Any:
    """What a question's answer is by default for the next session after ``base``:
    the same, or advanced (the number, the symbol's year); dates have none."""
    meeting, chair = base.meeting, base.chair()
    carried = {
        "organ": base.organ, "body": meeting.body, "short_name": meeting.short_name,
        "number": meeting.number + 1 if meeting.number else None,
        "instrument": base.instrument.short_name if base.instrument else None,
        "venue": meeting.venue, "chair": chair.name if chair else None,
        "chair_country": chair.country if chair else None,
    }
    if name == "symbol":  # none unless the year in it changes: the old one is taken
        start = answers.get("start")
        symbol = base.document.symbol or base.document.series.rstrip("/") + "/"
        advanced = advance_year(symbol, meeting.start.year, start.year) if start else symbol
        return advanced if advanced != symbol else None
    return carried.get(name)


def advance_year(symbol: str, old: int, new: int) -> str:
    """``symbol`` with the part that is the year ``old`` made ``new``:
    CTOC/COP/WG.7/2017/5 → CTOC/COP/WG.7/2018/5."""
    return "/".join(str(new) if part == str(old) else part for part in symbol.split("/"))


# ------------------------------------------------------------ the session


def load_base(shape: str | None, previous: Path | None) -> tuple[model.Session, Path]:
    """The session a new one is made from: the previous session, or a shape's skeleton."""
    if previous is not None and shape is not None:
        raise InputError([Diagnostic(Location(previous), (
            "a new session is made --from a previous one or of a --shape: give one of "
            "them (the previous session has a shape already)"))])
    if previous is not None:
        found = build.find_sessions([previous])
        if len(found) > 1:
            raise InputError([Diagnostic(Location(previous), (
                f"{len(found)} sessions are below this folder: name the one to start "
                f"from (--from {found[0]})"))])
        path = found[0]
    else:
        chosen = shape or "working-group"
        if chosen not in shapes():
            raise InputError([Diagnostic(Location(None), (
                f"there is no shape '{chosen}': choose one of {', '.join(shapes())} "
                "(docs/writing-your-report.md describes them)"))])
        path = builtin_dir() / "new" / "shapes" / f"{chosen}.yaml"
    diagnostics = Diagnostics()
    try:
        session = validate.to_model(load.load(path), diagnostics)
    except InputError as exc:
        diagnostics.items.extend(exc.diagnostics)
        session = None
    diagnostics.raise_if_errors()
    assert session is not None
    return session, path


def context(base: model.Session, answers: dict[str, Any], schema_ref: str,
            previous: str, shape: str) -> dict[str, Any]:
    """What the template writes: the answers, and the structure of ``base``: the
    ``previous`` session, or else the skeleton of ``shape``."""
    carried = bool(previous)
    officers = _officers(base, answers)
    filled = {"organization", "adoption", "opening", "agenda"} | (
        {"officers"} if officers else set())
    chapters = [_chapter(c, filled) for c in base.chapters]
    document = base.document
    return {
        "schema": schema_ref, "previous": previous, "shape": shape,
        "symbol": answers["symbol"], "date": answers["date"],
        "document": {"cover": document.cover, "contents": document.contents,
                     "title_form": document.title_form, "language": document.language,
                     "duty_station": document.duty_station,
                     "distribution": document.distribution},
        "organ": answers["organ"], "meeting": answers, "unit": base.meeting.unit,
        "chair": None if officers else {"name": answers["chair"],
                                        "country": answers["chair_country"]},
        "instrument": answers.get("instrument"),
        "chapters": chapters, "waiting": _waiting(base),
        "officers": officers,
        "agenda": _agenda(base, carried),
        "attendance": [f.name for f in dataclasses.fields(model.Attendance)
                       if f.name not in ("loc", "field_locs", "list_of_participants")
                       and base.attendance and getattr(base.attendance, f.name)],
        "list_of_participants": bool(base.attendance and base.attendance.list_of_participants),
        "style": base.recommendations.style if base.recommendations else "labelled",
        "action": base.action,
        "annexes": [flow(_keys(a)) for a in base.annexes],
        "considered": _first_considered(base, carried),
        "other_matters": base.other_matters.item if base.other_matters else "other-matters",
        "draft": bool(base.draft),
        "series": series_of(answers["symbol"]),
    }


def series_of(symbol: str) -> str:
    """The series of a symbol (ABC/WG.1/2024/5 → ABC/WG.1/2024), or the series as
    answered (ABC/WG.1/2024/)."""
    return symbol.rstrip("/") if symbol.endswith("/") else symbol.rsplit("/", 1)[0]


def _officers(base: model.Session, answers: dict[str, Any]) -> list[dict[str, str]]:
    """The officers carried over, the Chair being the one answered."""
    if base.officers is None:
        return []
    people = []
    for officer in base.officers.people:
        entry = {"office": officer.office, "name": officer.name, "country": officer.country,
                 "group": officer.group}
        if officer.office == "chair":
            entry.update(name=answers["chair"], country=answers["chair_country"] or "")
        if entry["name"] != "…":  # a skeleton's office nobody holds yet
            people.append(entry)
    return people if any(p["office"] == "chair" for p in people) else []


def _first_considered(base: model.Session, carried: bool) -> str:
    """The key of an item the deliberations consider, for the example entry."""
    keys = [entry["key"] for entry in _agenda(base, carried)]
    considered = [c.item for c in base.deliberations if c.item in keys]
    return considered[0] if considered else keys[min(1, len(keys) - 1)]


def _agenda(base: model.Session, carried: bool) -> list[dict[str, Any]]:
    """The new session's agenda: the provisional agenda the previous session approved
    for it, else the previous (or the skeleton's) agenda; keys as they were, without
    the 'next-' of a provisional one."""
    def item(entry: model.AgendaItem) -> dict[str, Any]:
        return {"key": entry.key.removeprefix("next-"), "title": entry.title,
                "items": [item(sub) for sub in entry.items]}
    source = base.provisional_agenda.items if base.provisional_agenda and carried \
        else base.agenda.items
    return [item(entry) for entry in source]


def _chapter(chapter: model.Chapter, filled: set[str]) -> dict[str, Any]:
    """A chapter as the template lists it: the keys it sets, whether it must wait for
    the content it prints (then it is a comment), and an organization's sections."""
    out = {"keys": _keys(chapter, "sections"), "waiting": chapter.kind not in filled,
           "sections": []}
    if isinstance(chapter, model.OrganizationChapter):
        out["sections"] = [{"keys": _keys(s), "waiting": s.kind not in filled}
                           for s in chapter.sections]
    return out


def _waiting(base: model.Session) -> set[str]:
    """The parts of the report the new session leaves for the rapporteur to write."""
    kinds: set[str] = {c.kind for c in base.chapter_list()}
    kinds |= {s.kind for c in base.chapter_list() if isinstance(c, model.OrganizationChapter)
              for s in c.sections}
    kinds |= {"other-matters"} if base.other_matters else set()
    return kinds - {"organization", "adoption", "opening", "agenda"}


def _keys(node: model.Node, *leave_out: str) -> dict[str, Any]:
    """The keys a chapter, section or annex sets (its kind, and those not left as
    their defaults), lists aside."""
    return {f.name: getattr(node, f.name) for f in dataclasses.fields(node)
            if f.name not in ("loc", "field_locs", *leave_out)
            and not isinstance(getattr(node, f.name), list)
            and getattr(node, f.name) != _default(f)}


def flow(keys: dict[str, Any]) -> str:
    """Keys as one line of YAML: a kind alone, or a flow mapping
    ({kind: deliberations, per_item: true})."""
    if list(keys) == ["kind"]:
        return str(keys["kind"])
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in keys.items()) + "}"


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory() if f.default_factory is not dataclasses.MISSING else None


# Text YAML would read as something else, or that would end a flow mapping.
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#,\[\]{}]*$")


def scalar(value: Any) -> str:
    """A value as YAML: text plain where YAML reads it back as the same text, else in
    double quotes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and ": " not in text and not text.endswith((":", " ")) \
            and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def render(values: dict[str, Any]) -> str:
    """The session file, written by templates/new/session.yaml.j2."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(builtin_dir() / "new"), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    environment.filters["y"] = scalar
    environment.filters["flow"] = flow
    return environment.get_template("session.yaml.j2").render(values)


# --------------------------------------------------------------- writing


def schema_reference(folder: Path) -> str:
    """What the session's first line names as its schema: the installed schema file, by
    a path relative to the session when both are in one project (reportgen installed
    in the project's own .venv, or a checkout), else by its absolute path."""
    found = config.find([folder])
    root = found.parent if found else None
    if root is not None and schema.SHIPPED.is_relative_to(root):
        return os.path.relpath(schema.SHIPPED, folder.resolve())
    return str(schema.SHIPPED)


def create(folder: Path, previous: Path | None, shape: str | None, given: dict[str, Any],
           ask: Asker | None, schema_ref: str | None) -> Path:
    """Write FOLDER/session.yaml; returns its path. Raises InputError when a session file
    is there already or the new one would not pass ``check``, MissingAnswers when an
    answer is missing; nothing is written then."""
    target = folder / SESSION_FILE
    _refuse_existing(target)
    base, base_path = load_base(shape, previous)
    answers = answer_all(base, given, previous is not None, ask)
    folder_resolved = folder.resolve()
    ref = schema_ref or schema_reference(folder_resolved)
    text = render(context(base, answers, ref, str(previous) if previous else "",
                          base_path.stem))
    _check(target, text)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_new(target, text)
    except OSError as exc:
        raise OutputError.from_os_error(exc, f"write {target}", "choose another folder") \
            from None
    return target


def _refuse_existing(target: Path) -> None:
    if os.path.lexists(target):
        raise InputError([Diagnostic(Location(target), (
            "a session file is here already, and 'reportgen new' never overwrites one: "
            "choose a new folder (the next session: reportgen new NEW-FOLDER --from "
            f"{target.parent}), or delete this file first"))])


def _check(target: Path, text: str) -> None:
    """Refuse, with located errors, a new session that ``check`` would refuse (a symbol
    or a date answered wrong)."""
    from reportgen.pipeline.prepare import prepare

    diagnostics = Diagnostics()
    prepare(target, diagnostics, text=text)
    diagnostics.raise_if_errors()


def _write_new(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` whole, unless a file appeared there meanwhile."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.new")
    temporary.write_text(text, encoding="utf-8")
    try:
        os.link(temporary, target)  # fails if the target exists: nothing is overwritten
    except FileExistsError:
        _refuse_existing(target)
    finally:
        temporary.unlink(missing_ok=True)


def ask(question: Question, default: Any) -> Any:
    """Ask ``question`` on the terminal, offering ``default``, until the answer is of
    its kind; nothing for an optional question left empty."""
    import click

    shown = default.isoformat() if isinstance(default, dt.date) else default
    empty_ok = question.optional or question.name == "date"
    return click.prompt(question.ask, default=shown if shown is not None else
                        ("" if empty_ok else None), show_default=shown is not None,
                        value_proc=lambda answer: _answer(answer, question))


def _answer(answer: str, question: Question) -> Any:
    """A typed answer as a value of its question's kind; click asks again on UsageError."""
    import click

    answer = answer.strip()
    if not answer:
        return None
    if question.kind == "date":
        try:
            return dt.date.fromisoformat(answer)
        except ValueError:
            raise click.UsageError(f"'{answer}' is not a date written as YYYY-MM-DD") from None
    if question.kind == "number":
        if not answer.isdigit() or not 0 < int(answer) < 1000:
            raise click.UsageError(f"'{answer}' is not a whole number from 1 to 999 "
                                   "(leave it empty if there is none)")
        return int(answer)
    return answer
