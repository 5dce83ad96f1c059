"""Answers of a library's pure functions, kept in the user cache from one run to the next.

Some answers cost a new process far more the first time than keeping them does: the
first date Babel writes loads its locale data, the first number num2words spells out
imports its fifty languages, and a report asks for the same few (the session's dates,
its number) at every build. ``Answers`` keeps them in the user cache (``usercache``),
one file per kind of answer, named after the versions of the libraries that gave them
and of Python: another version asks its libraries again, and never reads what an older
one kept. Each answer is kept under everything the function was given.

What is kept is text, in JSON, never code. The file carries the digest of its bytes
(``usercache.store``): a damaged one is reported (``cache.damaged``) and its answers
are asked for again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from reportgen.util import digests, usercache
from reportgen.util.versions import versions_of

# Answers of one kind a file keeps at most; past them it starts again. A report asks for
# tens, and every run reads the whole file: bounded, it stays far quicker to read than
# the libraries are to load.
LIMIT = 2_000

FOLDER = "answers"


class Answers:
    """The answers of one kind (``kind``) that ``libraries`` (their names on PyPI) give."""

    def __init__(self, kind: str, libraries: Sequence[str]):
        self.kind = kind
        self.libraries = tuple(libraries)
        self._known: dict[str, str] | None = None  # read at the first question
        self._new: dict[str, str] = {}  # answered here, not yet in the file

    def get(self, question: Sequence[object], answer: Callable[[], str]) -> str:
        """The answer to ``question`` (everything the function is given, as JSON values),
        kept, or ``answer()``, kept from now on. What ``answer`` raises is raised, and
        nothing is kept."""
        key = json.dumps(list(question))
        known = self._read() if self._known is None else self._known
        if key not in known:
            found = answer()
            if len(known) >= LIMIT:
                known.clear()
                self._new.clear()
            known[key] = self._new[key] = found
        return known[key]

    def save(self) -> None:
        """Put the answers found since the last save into the file, beside those another
        process put there meanwhile; nothing is written when nothing is new, and a file
        that cannot be written (a full disk) only means asking again next time."""
        new, self._new = self._new, {}
        path = self._path() if new else None
        if path is None:
            return
        kept = self._kept(path)
        if len(kept) + len(new) > LIMIT:
            kept = {}
        kept.update(new)
        try:
            usercache.store(path, json.dumps(kept, sort_keys=True).encode("ascii"))
        except OSError:
            pass

    def _read(self) -> dict[str, str]:
        path = self._path()
        self._known = self._kept(path) if path is not None else {}
        return self._known

    def _path(self) -> Path | None:
        """The file of this kind and of these versions; None without a user cache."""
        folder = usercache.folder(FOLDER)
        if folder is None:
            return None
        versions = " ".join(versions_of(self.libraries))
        return folder / f"{self.kind}-{digests.sha256(versions.encode())[:40]}.json"

    def _kept(self, path: Path) -> dict[str, str]:
        """The answers in the file at ``path``: none when it does not exist, or is
        damaged (reported)."""
        what = f"answers of {', '.join(self.libraries)} kept between runs"
        remedy = "they were asked again"
        data = usercache.load(path, what, remedy)
        if data is None:
            return {}
        try:
            kept = json.loads(data.decode("utf-8"))
        except ValueError:  # (UnicodeDecodeError too)
            kept = None
        if not (isinstance(kept, dict)
                and all(isinstance(value, str) for value in kept.values())):
            digests.damaged(path, what, remedy)
            return {}
        return kept
