"""State names: which names are official, on which date, and what to write instead.

The authority is UNTERM's English short name, as listed in the Member States
table shipped with reportgen (``data/un-member-states.csv``, from
``../shared/data``). ``data/state-names.csv`` adds what that table lacks: the
observer States, shortened forms some UN lists print, former names with the
date they stopped being used, and common informal names with what the UN
writes instead.

A name is one of:
- official on the document's date: nothing to say;
- a known variant (shortened, former, or not yet official on that date): a
  warning with a stable code, which a ``# reportgen: ignore[code]`` comment on
  the line suppresses;
- anything else: an error that suggests the official name.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportgen import PACKAGE_DIR
from reportgen.pipeline.language import sort_key

# The official languages whose names of States the tables hold, besides English.
LANGUAGES = ("fr", "es", "ru", "zh", "ar")


@dataclass(frozen=True)
class Finding:
    """What is wrong with a name: a warning (with its code) or an error."""

    severity: str  # "warning" or "error"
    message: str
    code: str = ""


@dataclass(frozen=True)
class _Row:
    name: str
    iso3: str
    kind: str  # member, observer, short, historical, renamed, informal
    until: dt.date | None = None
    since: dt.date | None = None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _read(name: str) -> list[dict[str, str]]:
    # (from the package's folder, as its templates and fonts are read)
    text = (PACKAGE_DIR / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


class StateNames:
    """The table of State names, loaded once."""

    def __init__(self) -> None:
        self.rows: dict[str, _Row] = {}
        members = _read("un-member-states.csv")
        for row in members:
            self.rows[row["list_name_en"]] = _Row(row["list_name_en"], row["iso3"], "member")
        for row in _read("state-names.csv"):
            existing = self.rows.get(row["name"])
            if existing and row["kind"] == "renamed":
                self.rows[row["name"]] = _Row(existing.name, existing.iso3, "member",
                                              since=_date(row["since"]))
            else:
                self.rows[row["name"]] = _Row(row["name"], row["iso3"], row["kind"],
                                              until=_date(row["until"]))
        self.list_names = {r.iso3: r.name for r in self.rows.values()
                           if r.kind in ("member", "observer")}
        # The UN's names in the other official languages: of each member State, and of
        # the names the member table lacks (observers, former names).
        self.translated: dict[str, dict[str, str]] = {
            row["iso3"]: {code: row[f"unterm_{code}_short"] for code in LANGUAGES}
            for row in members}
        self.translated_names = {row["name"]: {code: row[code] for code in LANGUAGES}
                                 for row in _read("state-names-languages.csv")}

    def in_language(self, typed: str, code: str, articles: tuple[str, ...]) -> str | None:
        """The name the UN gives the State in language ``code``, without the article
        UNTERM writes after it in brackets; None for a name or a language not in the
        table."""
        row = self.rows.get(normalise(typed))
        if row is None or code not in LANGUAGES:
            return None
        own = self.translated_names.get(row.name)
        if own is None and row.kind == "historical":
            return None
        name = (own or self.translated.get(row.iso3, {})).get(code, "")
        if not name:
            return None
        name = _apostrophes(name)
        for article in articles:
            suffix = f"({_apostrophes(article)})"
            if name.endswith(suffix):
                return name[:-len(suffix)].rstrip()
        return name

    def iso3(self, typed: str) -> str | None:
        """The State a name stands for, if the table knows the name."""
        row = self.rows.get(normalise(typed))
        return row.iso3 if row else None

    def official_on(self, iso3: str, day: dt.date) -> str:
        """The list name of a State on a date (a former name before its change)."""
        for row in self.rows.values():
            if row.iso3 == iso3 and row.kind == "historical" and row.until and day < row.until:
                return row.name
        return self.list_names[iso3]

    def check(self, typed: str, day: dt.date) -> Finding | None:
        name = normalise(typed)
        row = self.rows.get(name)
        if row is None:
            return Finding("error", f"'{typed}' is not the name of a State in the UN list"
                                    f"{self.suggestion(name)}")
        official = self.official_on(row.iso3, day)
        when = f"{day.day} {day:%B %Y}"
        if row.kind in ("member", "observer"):
            if row.since and day < row.since:
                return Finding("warning", f"'{name}' was not yet the official name on {when}; "
                                          f"the UN then wrote '{official}'",
                               "state.not-yet-official")
            return None
        if row.kind == "historical":
            if row.until and day >= row.until:
                return Finding("warning", f"'{name}' was no longer the official name on {when}; "
                                          f"write '{official}'", "state.former-name")
            return None
        if row.kind == "short":
            return Finding("warning", f"'{name}' is a shortened name; the list name is "
                                      f"'{official}'", "state.variant")
        return Finding("error", f"'{typed}' is not the name the UN uses; write '{official}'")

    def suggestion(self, name: str) -> str:
        official = sorted(self.list_names.values())
        key = sort_key(name)
        starting = [n for n in official if sort_key(n).startswith(key) and len(key) >= 3]
        close = starting or difflib.get_close_matches(name, official, n=2, cutoff=0.75)
        if not close:
            lowered = {n.casefold(): n for n in official}
            close = [lowered[name.casefold()]] if name.casefold() in lowered else []
        if not close:
            return " (write the English short name, as in UNTERM)"
        return " (did you mean " + " or ".join(f"'{n}'" for n in close[:2]) + "?)"


def normalise(name: str) -> str:
    """The name as the table spells it: composed accents (NFC: "Co\u0302te" is
    "Côte"), typographic apostrophe, single spaces."""
    return " ".join(_apostrophes(unicodedata.normalize("NFC", name)).split())


def _apostrophes(text: str) -> str:
    """Straight apostrophes as the typographic one the UN prints: "d'" → "d’"."""
    return text.replace("'", "\u2019")


@lru_cache(maxsize=1)
def table() -> StateNames:
    return StateNames()
