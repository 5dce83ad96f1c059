"""Where things stand in a TOML file: tomllib parses but does not locate."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from reportgen.errors import Diagnostic, Location

_HEADER = re.compile(r"\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"(\s*)([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*=")


def places(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where each table and key stands: tomllib parses but does not locate.

    Enough for the flat files this configuration needs: ``[table]`` headers
    and ``key = value`` lines (a dotted or nested key is not located).
    """
    places: dict[tuple[str, ...], tuple[int, int]] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            table = (header.group(1).strip("\"'"),)
            places.setdefault(table, (number, line.index("[") + 1))
            continue
        key = _KEY.match(line)
        if key:
            name = key.group(2).strip("\"'")
            places.setdefault((*table, name), (number, len(key.group(1)) + 1))
    return places


def syntax_error(file: Path, exc: tomllib.TOMLDecodeError, text: str) -> Diagnostic:
    message = str(exc)
    found = re.search(r"\(at (?:line (\d+), column (\d+)|(end of document))\)", message)
    if not found:
        return Diagnostic(Location(file), f"invalid TOML: {message}")
    if found[3]:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    else:
        line, column = int(found[1]), int(found[2])
    message = message[: found.start()].rstrip()
    return Diagnostic(Location(file, line, column), f"invalid TOML: {message}")
