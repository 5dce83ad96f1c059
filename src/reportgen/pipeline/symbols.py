"""UN document symbols: parse and check them, derive related symbols and file names.

The grammar (un-house-style.md §2, after the Dag Hammarskjöld Library's guide):

    symbol     = series ( "/" component )* [ "*" ]
    series     = A | S | E | ST | CTOC | CAC | UNEP … (capitals, digits, dotted parts)
    component  = body (WG.7, C.3, CN.7, Sub.2, AC.2, OzL.Pro.27) | session or year (80, 2017,
                 S-13, ES-10) | special (L.1, CRP.2, INF, PV.6201, RES, PRST …)
                 | serial number | final (Add.1, Corr.1, Rev.1, Amend.1, Summary)
                 each optionally followed by a parenthesised part: "(2015)", "(Sect. 3)"

Checking walks the components one by one so that an error can name the
component that is wrong ("component 3 'Add' needs a number: Add.1").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)),
             *(f"LPT{n}" for n in range(1, 10))}

SERIES = re.compile(r"^[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*$")
COMPONENT = re.compile(r"^(?:[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*|[0-9]{1,4}|(?:S|ES)-[0-9]+)$")
PARENTHESIS = re.compile(r"^(?P<core>[^()]*?)(?P<paren>\s?\([^()/]{1,30}\))?$")
# Components that are only meaningful with a number: "L.1", never "L" or "L.".
NEEDS_NUMBER = ("Add", "Corr", "Rev", "Amend", "L", "CRP", "PV", "SR", "WP")
FINALS = ("Add", "Corr", "Rev", "Amend")


class SymbolError(ValueError):
    """A malformed symbol; the message names the component at fault and the fix."""


@dataclass(frozen=True)
class Symbol:
    """A parsed symbol: its components, and what they say about the document."""

    text: str
    components: tuple[str, ...]
    reissue: int = 0  # number of trailing asterisks
    finals: tuple[str, ...] = field(default=())  # ("L.1", "Add.1") chains, in order
    years: tuple[int, ...] = field(default=())

    @property
    def series(self) -> str:
        return self.components[0]

    @property
    def limited(self) -> bool:
        return any(re.fullmatch(r"L\.\d+", c) for c in self.components)

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Symbol:
    """Parse and check a symbol; raise SymbolError naming the faulty component."""
    if text != text.strip():
        raise SymbolError(f"symbol {text!r} has spaces at its ends; remove them")
    if not text:
        raise SymbolError("the symbol is empty (write it like CTOC/COP/WG.7/2017/5)")
    stripped = text.rstrip("*")
    reissue = len(text) - len(stripped)
    if reissue > 3:
        raise SymbolError(f"symbol {text!r} ends with {reissue} asterisks; a reissue takes "
                          "one to three")
    if stripped.endswith("/"):
        raise SymbolError(f"symbol {text!r} ends with '/'; remove it or add the last "
                          "component")
    parts = stripped.split("/")
    if not SERIES.match(parts[0]):
        raise SymbolError(_series_message(text, parts[0]))
    for index, part in enumerate(parts[1:], start=2):
        _check_component(text, index, part)
    cores = [PARENTHESIS.match(p)["core"] for p in parts]  # type: ignore[index]
    finals = tuple(c for c in cores if c.split(".")[0] in (*FINALS, "L"))
    years = tuple(int(c) for c in cores if re.fullmatch(r"(19|20)\d\d", c))
    return Symbol(text=text, components=tuple(parts), reissue=reissue, finals=finals,
                  years=years)


def _series_message(text: str, series: str) -> str:
    if not series:
        return f"symbol {text!r} starts with '/'; it must start with its series (A, E, CTOC …)"
    if series[0].islower():
        return (f"series {series!r} of {text!r} is in lower case; write it in capitals: "
                f"{series.upper()}")
    return f"series {series!r} of {text!r} is not a series (capitals, like A, E or CTOC)"


def _check_component(text: str, index: int, part: str) -> None:
    where = f"component {index} of {text!r}"
    if part == "":
        raise SymbolError(f"{where} is empty ('//'); remove one '/'")
    if part != part.strip():
        raise SymbolError(f"{where} {part!r} has a space; symbols have none beside '/'")
    match = PARENTHESIS.match(part)
    core = match["core"] if match else part
    if " " in core:
        raise SymbolError(f"{where} {part!r} has a space; symbols have none except "
                          "before a part in brackets: A/80/6 (Sect. 3)")
    head, _, number = core.partition(".")
    if head != head.capitalize() and head.capitalize() in NEEDS_NUMBER:
        raise SymbolError(f"{where} {part!r} is written {head.capitalize()}: "
                          f"{core.replace(head, head.capitalize(), 1)}")
    if head in NEEDS_NUMBER and not number.isdigit():
        raise SymbolError(f"{where} {part!r} needs a number: {head}.1")
    if not match or not COMPONENT.match(core):
        raise SymbolError(f"{where} {part!r} is not a symbol component (like WG.7, 2017, "
                          "L.1, Add.1 or 5)")


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except SymbolError:
        return False
    return True


def addendum(base: str, number: int) -> str:
    """"CTOC/COP/WG.7/2017/L.1" → "CTOC/COP/WG.7/2017/L.1/Add.2"."""
    return f"{base}/Add.{number}"


def next_in_series(existing: list[str], prefix: str) -> str:
    """The next serial number under ``prefix``: documents /1 … /4 exist → prefix/5."""
    used = [int(s[len(prefix) + 1:]) for s in existing
            if s.startswith(prefix + "/") and s[len(prefix) + 1:].isdigit()]
    return f"{prefix}/{max(used, default=0) + 1}"


def filename(symbol: str) -> str:
    """"CTOC/COP/WG.7/2017/5" → "CTOC_COP_WG.7_2017_5", as the UN names its files.

    Only letters, digits, dots and hyphens survive, each run of anything else
    becomes one "_", pieces made of dots alone are dropped, and the names
    Windows reserves get a "_", so the name is the same on Windows, macOS and
    Linux and never a path ("..", "/").
    """
    pieces = [p for p in _UNSAFE.split(symbol) if p.strip(".")]
    name = "_".join(pieces).lstrip(".") or "document"
    # Windows reserves these names whatever the extension.
    if name.split(".")[0].upper() in _RESERVED:
        name += "_"
    return name
