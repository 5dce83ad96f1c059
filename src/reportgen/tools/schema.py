"""The JSON Schema of the session format, generated from the model.

The model (``pipeline/model.py``) is the one description of a session file:
``validate.py`` converts YAML by its type hints, and this module turns the same
hints into a JSON Schema (draft-07, the version the YAML language server reads),
so that an editor completes keys, shows each key's documentation on hover and
underlines a mistake as the file is typed.

The documentation shown for a key is the rapporteur's: its row in the tables of
docs/session-format.md (its meaning, and whether it is required or its default),
found by the table that lists the keys of its class, which
``tests/test_session_format_doc.py`` keeps complete; a key no such table
describes has the comment written beside or above its field in the model, and a
class's docstring documents its mapping. The model's source and the doc are read
once, here, when the schema is generated.

What the schema says follows what ``validate.py`` accepts: a field without a
default is required, and a required list may not be empty; no key but the model's
is allowed; text is never blank; whole numbers and dates are in the model's
ranges; a kind may be written alone ("- introduction") when its class needs
nothing else; a paragraph, recommendation or name may be written as its text,
and a table cell as text or a number. What a schema cannot say (a State's name
on the UN list, a reference to a paragraph that exists) only ``reportgen check``
finds.

The schema ships in the package as ``data/session.schema.json``;
``tests/test_schema.py`` checks that it is what ``generate()`` gives now, and
``python -m reportgen.tools.schema`` writes it again after a change to the model.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import inspect
import io
import json
import re
import tokenize
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from reportgen import PACKAGE_DIR
from reportgen.pipeline import model

SHIPPED = PACKAGE_DIR / "data" / "session.schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"

# Model fields that are not YAML keys (as in validate.py).
_INTERNAL = {"loc", "field_locs", "references"}
# Model classes that may be written as a bare string, as validate.py's short forms.
_SHORT_FORMS = (model.Paragraph, model.Subparagraph, model.Recommendation, model.Name)

# Text is never blank: validate.py refuses text with nothing to see.
_TEXT = {"type": "string", "pattern": r"\S"}
_WHOLE = {"type": "integer", "minimum": model.WHOLE_NUMBERS.start,
          "maximum": model.WHOLE_NUMBERS.stop - 1}
# YAML's dates are plain strings to the YAML language server; the years are those of
# model.FIRST_DAY to model.LAST_DAY.
_DATE = {"type": "string", "format": "date",
         "pattern": r"^(194[5-9]|19[5-9][0-9]|20[0-9][0-9])-(0[1-9]|1[0-2])-"
                    r"(0[1-9]|[12][0-9]|3[01])$"}
_SCALARS: dict[Any, dict[str, Any]] = {str: _TEXT, int: _WHOLE,
                                       bool: {"type": "boolean"}, dt.date: _DATE}
# What a scalar is, said on hover when its field has no comment in the model.
_TYPE_WORDS = {str: "Text.", int: "A whole number.", bool: "true or false.",
               dt.date: "A date, written as YYYY-MM-DD."}


def generate() -> dict[str, Any]:
    """The schema of a session file, from the model as it is now."""
    definitions: dict[str, Any] = {}
    root = _class_schema(model.Session, definitions)
    return {"$schema": DRAFT, "title": "reportgen session file", **root,
            "definitions": dict(sorted(definitions.items()))}


def text(schema: dict[str, Any] | None = None) -> str:
    """The schema as the shipped file holds it: indented JSON, one trailing newline."""
    return json.dumps(generate() if schema is None else schema, indent=2,
                      ensure_ascii=False) + "\n"


def shipped() -> str:
    """The schema file that ships in the package."""
    return SHIPPED.read_text(encoding="utf-8")


# ---------------------------------------------------------------- types


def _schema_of(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """The schema of a value of type ``hint`` (as validate.convert reads it)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        choices = (_kind_union(options, definitions) if len(options) > 1
                   and all(_kinds(o) for o in options)
                   else [_schema_of(o, definitions) for o in options])
        if len(options) < len(get_args(hint)):
            choices.append({"type": "null"})
        return choices[0] if len(choices) == 1 else {"anyOf": choices}
    if origin is list:
        return {"type": "array", "items": _schema_of(get_args(hint)[0], definitions)}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if hint is model.Prose:
        return dict(_TEXT)
    if hint is model.Cell:  # text, "" for an empty cell, or a number printed as typed
        return {"type": ["string", "number"]}
    if isinstance(hint, type) and issubclass(hint, model.Node):
        return _reference(hint, definitions)
    return dict(_SCALARS[hint])


def _reference(cls: type[model.Node], definitions: dict[str, Any]) -> dict[str, Any]:
    """A ``$ref`` to the class's definition (made on first use), with its short form."""
    if cls.__name__ not in definitions:
        definitions[cls.__name__] = {}  # a placeholder first: the model is recursive
        definitions[cls.__name__] = _class_schema(cls, definitions)
    reference = {"$ref": f"#/definitions/{cls.__name__}"}
    if cls in _SHORT_FORMS:
        return {"anyOf": [dict(_TEXT), reference]}
    alone = _alone([cls])
    return {"anyOf": [alone, reference]} if alone else reference


def _alone(classes: list[Any]) -> dict[str, Any]:
    """The kinds of ``classes`` that may be written alone ("- introduction"): those of
    a class that needs no other key; {} if none may."""
    kinds = [kind for cls in classes if not _required(cls, but="kind") for kind in _kinds(cls)]
    return {"enum": kinds, "description": "A kind written alone: '- introduction'."} \
        if kinds else {}


def _kind_union(options: list[Any], definitions: dict[str, Any]) -> list[dict[str, Any]]:
    """One of several classes told apart by 'kind' (a chapter, an annex): the kinds that
    may be written alone, and each class's mapping."""
    for cls in options:
        _reference(cls, definitions)
    alone = _alone(options)
    return ([alone] if alone else []) + [{"$ref": f"#/definitions/{cls.__name__}"}
                                         for cls in options]


def _class_schema(cls: type[model.Node], definitions: dict[str, Any]) -> dict[str, Any]:
    """The mapping of one model class: its keys, which are required, nothing else."""
    hints = typing.get_type_hints(cls)
    docs = field_docs(cls)
    properties: dict[str, Any] = {}
    for f in _fields(cls):
        schema = _schema_of(hints[f.name], definitions)
        if f.name in _required(cls) and schema.get("type") == "array":
            schema["minItems"] = 1
        description = (_documented(cls).get(f.name) or docs.get(f.name)
                       or _TYPE_WORDS.get(hints[f.name], ""))
        properties[f.name] = {"description": description, **schema} if description else schema
    out: dict[str, Any] = {"type": "object"}
    if class_doc(cls):
        out["description"] = class_doc(cls)
    out["properties"] = properties
    required = _required(cls)
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if f.name not in _INTERNAL]


def _required(cls: type, but: str = "") -> list[str]:
    """The keys of a class that must be written (those without a default)."""
    return [f.name for f in _fields(cls) if f.name != but
            and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def _kinds(cls: Any) -> tuple[str, ...]:
    """The kinds a class with a 'kind' field stands for (none for other classes)."""
    if not (isinstance(cls, type) and issubclass(cls, model.Node)):
        return ()
    hint = typing.get_type_hints(cls).get("kind")
    return get_args(hint) if get_origin(hint) is Literal else ()


# ---------------------------------------------------------- documentation


def class_doc(cls: type) -> str:
    """The class's docstring, as written in the model (not dataclass's signature)."""
    return _model_docs()[0].get(cls.__name__, "")


def field_docs(cls: type) -> dict[str, str]:
    """Each field's comment in the model: the comment lines just above it and the
    comment at the end of its line, joined."""
    return _model_docs()[1].get(cls.__name__, {})


@cache
def _model_docs() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The docstrings of the model's classes and the comments of their fields, read
    from its source once."""
    source = Path(inspect.getfile(model)).read_text(encoding="utf-8")
    comments = _comments_by_line(source)
    classes: dict[str, str] = {}
    fields: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        classes[node.name] = " ".join((ast.get_docstring(node) or "").split())
        fields[node.name] = {}
        after = node.body[0].end_lineno or node.lineno
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                above = _comment_block(comments, after, statement.lineno)
                beside = [comments[n][1] for n in
                          range(statement.lineno, (statement.end_lineno or 0) + 1)
                          if n in comments and not comments[n][0]]
                fields[node.name][statement.target.id] = " ".join(above + beside)
            after = statement.end_lineno or statement.lineno
    return classes, fields


def _comments_by_line(source: str) -> dict[int, tuple[bool, str]]:
    """Line → (whether the comment stands alone on its line, its text without '#')."""
    found: dict[int, tuple[bool, str]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            alone = not token.line[:token.start[1]].strip()
            found[token.start[0]] = (alone, token.string.lstrip("#").strip())
    return found


def _comment_block(comments: dict[int, tuple[bool, str]], after: int, line: int) -> list[str]:
    """The comment lines that stand alone right above ``line`` (below line ``after``)."""
    block: list[str] = []
    number = line - 1
    while number > after and number in comments and comments[number][0]:
        block.insert(0, comments[number][1])
        number -= 1
    return block


# docs/session-format.md, in a checkout (the schema is generated there, and shipped).
USER_DOC = PACKAGE_DIR.parent.parent / "docs" / "session-format.md"
# A table documents a class when it lists this share of the keys of both together.
_SAME_KEYS = 0.8


def _documented(cls: type) -> dict[str, str]:
    """Each key of ``cls`` as the user doc describes it, from the table that lists the
    class's keys (none if no table does)."""
    keys = {f.name for f in _fields(cls)}
    best: dict[str, str] = {}
    best_share = _SAME_KEYS
    for rows in _doc_tables():
        share = len(keys & set(rows)) / len(keys | set(rows))
        if share >= best_share:
            best, best_share = rows, share + 1e-9  # the first of equal tables
    return {key: text for key, text in best.items() if key in keys}


@cache
def _doc_tables() -> list[dict[str, str]]:
    """The tables of the user doc with a 'Key' column: each key's meaning, then whether
    it is required (or its default), in plain text."""
    tables: list[dict[str, str]] = []
    rows: dict[str, str] | None = None
    for line in USER_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| Key |"):
            rows = {}
            tables.append(rows)
            continue
        if rows is None or not line.startswith("|"):
            rows = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        key = re.fullmatch(r"`([a-z_]+)`", cells[0])
        if key and len(cells) >= 4:
            rows[key.group(1)] = f"{_plain(cells[3])} ({_plain(cells[2])})"
    return tables


def _plain(markdown: str) -> str:
    """A table cell as hover text: links as their words, code without its backticks."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown).replace("`", "")


if __name__ == "__main__":  # python -m reportgen.tools.schema: write the shipped file again
    SHIPPED.write_text(text(), encoding="utf-8")
    print(f"wrote {SHIPPED}")
