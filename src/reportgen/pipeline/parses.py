"""The parses of a session's prose, kept in the user cache from one build of it to the next.

A build after an edit parses again every paragraph of the session, though all but one
or two are as the last build parsed them: markdown-it-py reads some 20 MB of prose a
second, a large report's most costly step after its engine. ``Parses`` keeps what one
build of a session parsed, one file per session in the user cache (``usercache``),
named after the session's path and the versions of the parser's libraries and of
Python (reportgen's own code names the cache's folder); the next build of it takes each
text's nodes from there, and parses only the texts it does not hold. A build whose
texts are all held does not import markdown-it-py.

A text is found by the sha256 of what ``prose`` was given (the text, whether it is
Markdown, the language's quotes). What is kept is the nodes' data in JSON, never code;
the file carries the digest of its bytes (``usercache.store``), and one that is damaged
or holds what no parse gives is reported (``cache.damaged``) and its texts parsed again.
Each build keeps only the texts it asked for, so the file stays the size of the session.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from reportgen.pipeline.tree import Emph, Inline, Note, Ref, Strong, Text
from reportgen.util import digests, usercache
from reportgen.util.versions import versions_of

FOLDER = "parses"
LIBRARIES = ("markdown-it-py", "mdit-py-plugins")

_CONTAINERS: dict[type, str] = {Emph: "emph", Strong: "strong", Note: "note"}
_CONTAINER_TYPES = {tag: kind for kind, tag in _CONTAINERS.items()}


class Damaged(ValueError):
    """Data that no parse gives."""


class Parses:
    """The kept parses of the session at ``session``: read at the first question, saved
    (``save``) with what this build parsed."""

    def __init__(self, session: Path):
        self.session = session
        self._known: dict[str, Any] | None = None  # by key: the nodes' data
        self._asked: dict[str, Any] = {}  # what this build asked for, by key
        self._new = False  # something was parsed that the file did not hold

    @staticmethod
    def key(text: str, markdown: bool, quotes: tuple[str, ...]) -> str:
        question = json.dumps([text, markdown, list(quotes)], ensure_ascii=False)
        return hashlib.sha256(question.encode("utf-8", "surrogatepass")).hexdigest()

    def find(self, key: str) -> list[Inline] | None:
        """New nodes of the text kept under ``key`` (callers change them), or None."""
        known = self._read() if self._known is None else self._known
        data = known.get(key)
        if data is None:
            return None
        try:
            nodes = from_data(data)
        except Damaged:
            self._damaged()
            return None
        self._asked[key] = data
        return nodes

    def keep(self, key: str, nodes: list[Inline]) -> None:
        """Keep the nodes just parsed under ``key`` (as they are now: before callers
        change them)."""
        self._asked[key] = to_data(nodes)
        self._new = True

    def save(self, whole: bool) -> None:
        """Write what this build asked for, when it differs from the file: something new
        was parsed, or (``whole``: the session was prepared to the end, so it asked for
        every text it has) texts of the file are no longer in the session. A file that
        cannot be written (a full disk) only means parsing again next time."""
        known = self._known
        if known is None or not self._asked:
            return  # (no text was asked for: a process that keeps its own, watch)
        kept = self._asked if whole else {**known, **self._asked}
        if not self._new and kept.keys() == known.keys():
            return
        path = self._path
        if path is None:
            return
        data = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        new_file = not path.exists()
        try:
            usercache.store(path, data.encode("utf-8", "surrogatepass"))
        except OSError:
            return
        if new_file:
            _forget_least_recent(path.parent)

    def _read(self) -> dict[str, Any]:
        path = self._path
        self._known = {}
        data = usercache.load(path, _WHAT, _REMEDY) if path is not None else None
        if path is None or data is None:
            return self._known
        try:
            kept = json.loads(data.decode("utf-8", "surrogatepass"))
        except ValueError:  # (UnicodeDecodeError too)
            kept = None
        if not isinstance(kept, dict):
            self._damaged()
            return self._known
        self._known = kept
        try:
            os.utime(path)  # used: the last to be forgotten (``_forget_least_recent``)
        except OSError:
            pass
        return self._known

    def _damaged(self) -> None:
        path = self._path
        if path is not None:
            digests.damaged(path, _WHAT, _REMEDY)
        self._known = {}

    @functools.cached_property
    def _path(self) -> Path | None:
        """The file of this session and these versions; None without a user cache."""
        folder = usercache.folder(FOLDER)
        if folder is None:
            return None
        names = "\0".join([str(self.session.resolve()), *versions_of(LIBRARIES)])
        return folder / f"{digests.sha256(names.encode('utf-8', 'surrogatepass'))[:40]}.json"


# Sessions whose parses are kept at most: the least recently built go first (a test
# suite or a script may prepare thousands of sessions, each in a folder of its own).
LIMIT = 200


def _forget_least_recent(folder: Path) -> None:
    """Remove the files of the folder past the ``LIMIT`` most recently used."""
    found = []
    for path in folder.glob("*.json"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue  # (removed by another process meanwhile)
    for _, path in sorted(found, reverse=True)[LIMIT:]:
        try:
            path.unlink()
        except OSError:
            pass


_WHAT = "the parses of a session's prose kept between builds"
_REMEDY = "its prose was parsed again"


def to_data(nodes: list[Inline]) -> list[Any]:
    """The nodes as JSON values: a text run as its string, a container as its tag and
    its children's data, a cross-reference as its fields (it is located later)."""
    out: list[Any] = []
    for node in nodes:
        kind = type(node)
        if kind is Text:
            out.append(node.value)  # type: ignore[union-attr]
        elif kind is Ref:
            assert isinstance(node, Ref)
            out.append(["ref", node.kind, list(node.targets), node.source, node.capital])
        else:
            out.append([_CONTAINERS[kind], to_data(node.children)])  # type: ignore[union-attr]
    return out


def from_data(data: Any) -> list[Inline]:
    """The nodes ``to_data`` gave ``data`` for; raises Damaged for what it never gives."""
    if not isinstance(data, list):
        raise Damaged("not a list of nodes")
    out: list[Inline] = []
    for item in data:
        if isinstance(item, str):
            out.append(Text(item))
        elif isinstance(item, list) and len(item) == 2 and item[0] in _CONTAINER_TYPES:
            out.append(_CONTAINER_TYPES[item[0]](from_data(item[1])))
        elif _is_ref(item):
            _, kind, targets, source, capital = item
            out.append(Ref(kind=kind, targets=list(targets), source=source, capital=capital))
        else:
            raise Damaged("not a node")
    return out


def _is_ref(item: Any) -> bool:
    return (isinstance(item, list) and len(item) == 5 and item[0] == "ref"
            and isinstance(item[1], str) and isinstance(item[2], list)
            and all(isinstance(target, str) for target in item[2])
            and isinstance(item[3], str) and isinstance(item[4], bool))
