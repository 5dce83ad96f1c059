"""Incremental builds, first half: an unchanged session is not prepared again.

Loading, validating, composing and numbering a session depend only on its
file, the Jinja templates of its template set, and reportgen's own code and
data. A build remembers what they gave (the documents, numbered, and the
warnings) under the hash of those inputs, one file per session in
``<out>/.reportgen-sessions/``; the next build with the same hash reads the
documents back instead of preparing the session again. Which outputs then need
rendering is the second half (``cache``). A no-op build of twenty sessions
thus reads twenty small files instead of loading twenty sessions.

Each file carries the digest of what it holds (``digests.seal``). A missing or
unreadable file only means the session is prepared; a damaged one (truncated,
edited, of another shape) too, with a warning naming it, and it is replaced.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.errors import Diagnostic, Location, remember_source, split_lines
from reportgen.outputs import cache
from reportgen.pipeline import tree
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document
from reportgen.util import digests, files, meanwhile, usercache
from reportgen.util.atomic import write_bytes
from reportgen.util.files import translation_file

FOLDER = ".reportgen-sessions"
VERSION = 2  # 2: sealed with a digest
# The libraries whose output lands in a prepared document (dates, number words, the
# prose parser, the templates, the YAML readers): a new version prepares again.
LIBRARIES = ("babel", "num2words", "markdown-it-py", "mdit-py-plugins", "jinja2", "pyyaml",
             "ruamel.yaml")


@dataclass
class Remembered:
    """A session as a previous build prepared it."""

    documents: list[Document]
    warnings: list[Diagnostic]


# A process that stays loaded (reportgen watch) keeps the sessions it prepared in memory
# (``keep_sessions``): recalling one is then a look-up, and remembering one costs
# nothing at a rebuild; they are written to the folders when it stops keeping them.
@dataclass
class _Kept:
    session: Path
    folder: Path
    remembered: Remembered


_kept: dict[str, _Kept] | None = None


def keep_sessions(on: bool = True) -> None:
    """From now on (``on``) the prepared sessions of this process stay in memory;
    ``on=False`` writes them to their output folders and forgets them."""
    global _kept
    if _kept is not None:
        for key, kept in _kept.items():
            if kept.folder.parent.is_dir():  # (an output folder deleted meanwhile stays so)
                _write(kept.folder / key, kept.session, kept.remembered)
    _kept = {} if on else None


class SessionCache:
    """The remembered sessions of one output folder."""

    def __init__(self, out_dir: Path, hasher: cache.InputHasher):
        self.folder = out_dir / FOLDER
        self.hasher = hasher
        self.used: dict[str, str] = {}  # the file name of each session used, by its prefix
        # The sessions to be written by ``remember``, encoded during the build's waits.
        self._encoding: dict[str, meanwhile.Job[bytes]] = {}

    def key(self, session: Path, templates: TemplateSet, languages: Sequence[str] = ()) -> str:
        """The name under which ``session`` is remembered: it holds the hash of
        everything preparing the session reads (its language versions' translation
        files too)."""
        files = {code: translation_file(session, code) for code in languages}
        translations = {code: self.hasher.digest(path) if path.is_file() else None
                        for code, path in files.items()}
        parts = {
            "version": VERSION,
            "reportgen": __version__,
            "code": usercache.code_digest(),
            "libraries": {name: cache.package_version(name) for name in LIBRARIES},
            "python": list(sys.version_info[:2]),
            "session": self.hasher.digest(session),
            "templates": self.hasher.template_files(templates),
            "languages": translations,
        }
        key = digests.sha256(json.dumps(parts, sort_keys=True).encode("utf-8"))
        # One file per session and version of it: <which session>-<key>.json.
        prefix = digests.sha256(os.fsencode(session.resolve()))[:16]
        self.used[prefix] = f"{prefix}-{key}.json"
        return self.used[prefix]

    def recall(self, key: str, session: Path) -> Remembered | None:
        """The session as prepared under ``key``, or None."""
        remembered = self._recalled(key, session)
        if remembered is None:
            return None
        try:
            # Warnings quote their line: give them the file's lines, as loading does.
            remember_source(session, split_lines(session.read_text(encoding="utf-8-sig")))
        except (OSError, ValueError):
            return None  # preparing the session says what is wrong with the file
        return remembered

    def _recalled(self, key: str, session: Path) -> Remembered | None:
        """From memory, in a process that keeps the sessions (read from the folder the
        first time); else from the folder."""
        if _kept is None:
            return self._read(key, session)
        kept = _kept.get(key)
        if kept is None:
            remembered = self._read(key, session)
            if remembered is not None:
                _kept[key] = _Kept(session, self.folder, remembered)
            return remembered
        for warning in kept.remembered.warnings:  # this build's spelling, as _read gives
            if warning.location.path == kept.session:
                warning.location = Location(session, warning.location.line,
                                            warning.location.column)
        kept.session = session
        return kept.remembered

    def _read(self, key: str, session: Path) -> Remembered | None:
        path = self.folder / key
        try:
            raw = files.read_cache(path, cache.CACHE_FILE_LIMIT)
            if raw is None:
                return None  # not remembered (or not readable): prepared
            payload = digests.unseal(raw.decode("utf-8"))
            if payload is None:
                raise ValueError("not sealed")
            data = json.loads(payload)
            documents = [tree.from_data(d) for d in data["documents"]]
            warnings = [_warning_from_json(w, session) for w in data["warnings"]]
        except (ValueError, KeyError, TypeError, AttributeError):
            digests.damaged(path, "a remembered session", "the session is prepared again")
            _forget(path)  # so that the session prepared now is remembered in its place
            return None
        return Remembered(documents, warnings)

    def encode_meanwhile(self, key: str, session: Path, documents: list[Document],
                         warnings: list[Diagnostic]) -> None:
        """Have the prepared session encoded for ``remember`` while the build waits for
        its writers' programs (``util.meanwhile``): it depends on nothing they make,
        and takes a tenth of a second for a long report."""
        if _kept is None and not (self.folder / key).is_file():
            remembered = Remembered(documents, warnings)
            self._encoding[key] = meanwhile.later(lambda: _encoded(session, remembered))

    def remember(self, key: str, session: Path, documents: list[Document],
                 warnings: list[Diagnostic]) -> None:
        """Keep the prepared session under ``key``, unless the file changed while it
        was prepared (the documents would then not be those of the hashed text).

        The cache only saves time: a file it cannot write never fails the build.
        """
        encoding = self._encoding.pop(key, None)
        try:
            unchanged = digests.sha256(session.read_bytes()) == self.hasher.digest(session)
        except OSError:
            unchanged = False
        remembered = Remembered(documents, warnings)
        if not unchanged:
            if encoding is not None:
                encoding.cancel()  # (not left queued, holding the documents)
        elif _kept is not None:
            _kept[key] = _Kept(session, self.folder, remembered)
        else:
            _write(self.folder / key, session, remembered, encoding)

    def forget_old_versions(self) -> None:
        """Delete the files of earlier versions of the sessions this build used
        (those of other sessions stay: a build of one session keeps the others')."""
        for prefix, name in self.used.items():
            for path in self.folder.glob(f"{prefix}-*.json"):
                if path.name != name:
                    _forget(path)
            if _kept is not None:
                for key in [k for k in _kept if k.startswith(prefix) and k != name]:
                    del _kept[key]


def _write(target: Path, session: Path, remembered: Remembered,
           encoding: meanwhile.Job[bytes] | None = None) -> None:
    """Write a prepared session under ``target``, as ``encoding`` encoded it if given
    (a file it cannot write is skipped: the cache only saves time)."""
    try:
        if target.is_file():
            if encoding is not None:
                encoding.cancel()
            return
        write_bytes(target, encoding.result() if encoding is not None
                    else _encoded(session, remembered))
    except OSError:
        pass


def _encoded(session: Path, remembered: Remembered) -> bytes:
    """The file of a prepared session: its documents and warnings, sealed."""
    data = {"documents": [tree.to_data(d) for d in remembered.documents],
            "warnings": [_warning_to_json(w, session) for w in remembered.warnings]}
    # ASCII: a path whose name is not UTF-8 is kept as its escapes (which read back).
    return digests.seal(json.dumps(data, sort_keys=True)).encode("utf-8")


def _forget(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # gone already, or not ours to delete: harmless either way


def _warning_to_json(warning: Diagnostic, session: Path) -> dict[str, Any]:
    data = cache.diagnostic_to_json(warning)
    # The session may be named otherwise next time (a build from another folder).
    data["in_session"] = warning.location.path == session
    return data


def _warning_from_json(data: Any, session: Path) -> Diagnostic:
    warning = cache.diagnostic_from_json(data)
    if data.get("in_session") is True:
        warning.location = Location(session, warning.location.line, warning.location.column)
    return warning
