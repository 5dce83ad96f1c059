"""The project configuration, ``reportgen.toml``: defaults for every build of a project.

The file is found by walking up from the sessions being built (the nearest one
wins), so a whole project shares one, wherever the command is run from:

    [build]
    formats = ["txt", "docx", "pdf"]
    out = "build"            # relative to the folder of reportgen.toml
    pdf_engine = "typst"     # or "libreoffice": the PDF is a rendering of the DOCX
    strict = false           # fail on warnings
    jobs = 0                 # parallel workers; 0 = one per CPU
    languages = ["fr", "es"] # language versions besides each session's own ("all": six)

Command-line flags override it. A mistake in the file is a located error like
one in a session file: ``reportgen.toml:3:1: error: unknown key 'fromats' in
[build] (did you mean 'formats'?)``.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen import writers
from reportgen.errors import Diagnostic, InputError, Location
from reportgen.util import epoch, files, tomlfile

CONFIG_FILE = "reportgen.toml"
FORMATS = writers.FORMATS
DEFAULT_FORMATS = writers.DEFAULT_FORMATS
PDF_ENGINES = writers.engines("pdf")
# The six official languages, by the codes of their language files.
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
@dataclass
class Settings:
    """What a build does, from reportgen.toml and the command line.

    ``root`` is the project folder (the folder of reportgen.toml, else the
    current folder): the manifest names source files relative to it.
    """

    formats: list[str] = field(default_factory=lambda: list(DEFAULT_FORMATS))
    out: Path = Path("build")
    pdf_engine: str = "typst"
    strict: bool = False
    jobs: int = 0
    languages: list[str] = field(default_factory=list)
    root: Path = field(default_factory=Path.cwd)
    file: Path | None = None


def cpu_count() -> int:
    """The CPUs this process may use (a container's limit, not the machine's)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def find(paths: Sequence[Path]) -> Path | None:
    """The nearest reportgen.toml in the folders holding ``paths``, or above them."""
    folders = [(p if p.is_dir() else p.parent).resolve() for p in paths] or [Path.cwd()]
    try:
        common = Path(os.path.commonpath([str(f) for f in folders]))
    except ValueError:  # on different drives (Windows): the first one decides
        common = folders[0]
    for folder in (common, *common.parents):
        candidate = folder / CONFIG_FILE
        # Anything by that name, not only a file: a named pipe or a dangling link
        # there is a mistake to report, not a reason to build without the settings.
        if os.path.lexists(candidate) and not candidate.is_dir():
            return candidate
    return None


def load(paths: Sequence[Path], file: Path | None = None, **overrides: Any) -> Settings:
    """The settings for building ``paths``: reportgen.toml (``file`` or the nearest one),
    then every override that is not None (the command-line flags).

    Raises InputError listing every mistake in the file.
    """
    settings = Settings()
    file = file if file is not None else find(paths)
    if file is not None:
        settings = _read(file)
    for name, value in overrides.items():
        if value is not None:
            setattr(settings, name, value)
    if settings.jobs <= 0:
        settings.jobs = cpu_count()
    if overrides.get("out") is None and settings.out == Path("build"):
        _check_default_out(settings.out)
    epoch.source_date_epoch()  # a wrong value stops the command before it reads a session
    return settings


def _check_default_out(out: Path) -> None:
    """The default ``build`` folder, when a project ships it as a link out of the current
    folder: the outputs would land on another folder's files."""
    if not out.is_symlink():
        return
    target = out.resolve()
    if not target.is_relative_to(Path.cwd().resolve()):
        raise InputError([Diagnostic(Location(out), (
            f"this output folder is a link to {target}, outside the current folder: remove "
            "the link, or name the output folder yourself with --out"))])


def _read(file: Path) -> Settings:
    text = files.decode(file, files.read_bytes(file, files.CONFIG))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError([tomlfile.syntax_error(file, exc, text)]) from None
    places = tomlfile.places(text)
    root = file.resolve().parent
    settings = Settings(root=root, file=file)
    problems: list[Diagnostic] = []

    def problem(where: tuple[str, ...], message: str) -> None:
        line, column = places.get(where, (0, 0))
        problems.append(Diagnostic(Location(file, line, column), message))

    for table, value in data.items():
        if table != "build":
            if isinstance(value, dict):
                hint = " (did you mean [build]?)" if _did_you_mean(table, ["build"]) else ""
                problem((table,), f"unknown table [{table}]{hint}")
            else:
                problem((table,), f"unknown key '{table}' at the top level (settings go in a "
                                  "[build] table)")
    build = data.get("build", {})
    if not isinstance(build, dict):
        problem(("build",), "'build' must be a table: write [build] on its own line")
        build = {}
    for key, value in build.items():
        where = ("build", key)
        if key not in _CHECKS:
            problem(where, f"unknown key '{key}' in [build]{_did_you_mean(key, list(_CHECKS))}")
            continue
        converted = _CHECKS[key](value, root)
        if isinstance(converted, _Wrong):
            problem(where, f"{key}: {converted.message}")
        else:
            setattr(settings, key, converted)
    if problems:
        raise InputError(problems)
    return settings


class _Wrong:
    def __init__(self, message: str):
        self.message = message


def _formats(value: Any, _root: Path) -> list[str] | _Wrong:
    if not isinstance(value, list) or not value or \
            not all(isinstance(v, str) and v in FORMATS for v in value):
        return _Wrong(f"expected a list chosen from {', '.join(FORMATS)}, "
                      f"for example [\"docx\", \"pdf\"]; found {_toml(value)}")
    return list(dict.fromkeys(value))


def _out(value: Any, root: Path) -> Path | _Wrong:
    if not isinstance(value, str) or not value.strip():
        return _Wrong(f"expected a folder name in quotes, such as \"build\"; found {_toml(value)}")
    # Inside the project, links resolved: a project from someone else may not send its
    # files over another folder's (the user's own --out may name any folder).
    if not (root / value).resolve().is_relative_to(root.resolve()):
        return _Wrong(f"{_toml(value)} leads outside the project, to {(root / value).resolve()}; "
                      "a project's output folder is inside it (name another folder yourself "
                      "with --out)")
    return root / value


def _engine(value: Any, _root: Path) -> str | _Wrong:
    if value not in PDF_ENGINES:
        return _Wrong(f"expected one of {', '.join(repr(e) for e in PDF_ENGINES)}; "
                      f"found {_toml(value)}{_did_you_mean(str(value), list(PDF_ENGINES))}")
    return str(value)


def _strict(value: Any, _root: Path) -> bool | _Wrong:
    if not isinstance(value, bool):
        return _Wrong(f"expected true or false; found {_toml(value)}")
    return value


def _jobs(value: Any, _root: Path) -> int | _Wrong:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return _Wrong(f"expected a whole number, 0 for one per CPU; found {_toml(value)}")
    return value


def languages(value: Any, _root: Path = Path()) -> list[str] | _Wrong:
    """``languages``: codes of the official languages, or "all" (as ``--lang`` takes them)."""
    if value == "all" or value == ["all"]:
        return list(LANGUAGES)
    if not isinstance(value, list) or not all(isinstance(v, str) and v in LANGUAGES
                                              for v in value):
        return _Wrong(f"expected \"all\" or a list chosen from {', '.join(LANGUAGES)}, for "
                      f"example [\"fr\", \"es\"]; found {_toml(value)}")
    return list(dict.fromkeys(value))


_CHECKS = {"formats": _formats, "out": _out, "pdf_engine": _engine, "strict": _strict,
           "jobs": _jobs, "languages": languages}


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
