"""Incremental builds: what each output depends on, and what the last build wrote.

An output is rebuilt unless its *key* is the one recorded when it was last
written and the file on disk still has the recorded sha256. The key hashes
everything the writer reads:

- the document itself, as composed and numbered (so a session edit rebuilds
  the documents whose text it changes, and a template that changes the text
  rebuilds every document that uses it), or only what of it the writer reads
  where the writer says (its ``document_digest``: the PDF's JSON for typst);
- the files the writer reads (each writer's ``inputs``, see ``writers``),
  whichever folder they come from (the project's ``templates/`` or the
  built-ins): the reference-docx parts for DOCX; report.typ, the images and
  the fonts for PDF;
- reportgen's version and the hash of its code, the versions of the tools the
  writer names (pandoc, typst, LibreOffice), and what else changes bytes (format,
  engine, the writer's environment variables, ``SOURCE_DATE_EPOCH``).

The record is ``.reportgen-cache.json`` in the output folder. It also keeps
each output's page count and warnings, so an unchanged document still shows
(and, with ``--strict``, fails on) the warnings it was built with. A missing
or unreadable record just means everything is built.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen import PACKAGE_DIR, __version__, writers
from reportgen.errors import Diagnostic, Location
from reportgen.outputs.manifest import MANIFEST_FILE
from reportgen.outputs.plan import Output
from reportgen.pipeline.templates import TemplateSet, files_below
from reportgen.util import epoch, filememo, files
from reportgen.util.atomic import OutputSet, write_bytes
from reportgen.util.digests import (  # the record is sealed like every cache
    damaged,
    seal,
    sha256,
    unseal,
)
from reportgen.util.usercache import code_digest
from reportgen.util.versions import package_version  # (its keys name the versions)

CACHE_FILE = ".reportgen-cache.json"
CACHE_VERSION = 2  # 2: sealed with a digest (see seal)
# Larger than any build record or remembered session a build writes: a wrong file.
CACHE_FILE_LIMIT = 64 * 1024 * 1024
class InputHasher:
    """Hashes what each output is made from (its key), each file hashed once per build."""

    def __init__(self) -> None:
        self._digests: dict[Path, str] = {}
        self._sets: dict[TemplateSet, SetFiles] = {}
        self._writers: dict[tuple[TemplateSet, str, str], list[Path]] = {}
        self._documents: dict[tuple[int, str], str] = {}  # (by document, digest's writer)
        self._files: dict[tuple[TemplateSet, str, str], dict[str, str]] = {}

    def digest(self, path: Path) -> str:
        if path not in self._digests:
            self._digests[path] = filememo.digest(path)
        return self._digests[path]

    def key(self, output: Output) -> str:
        """The hash of everything ``output``'s bytes depend on."""
        parts: dict[str, Any] = {
            "cache": CACHE_VERSION,
            "reportgen": __version__,
            "code": code_digest(),
            "format": output.fmt,
            "engine": output.engine,
            "document": self._document_digest(output),
            "files": self._writer_digests(output),
            "tools": {name: package_version(name)
                      for w in _writers_of(output) for name in w.tools},
            # What the environment changes in the bytes: the dates, the tools run.
            "epoch": epoch.source_date_epoch(),
            "environment": {name: os.environ.get(name, "")
                            for w in _writers_of(output) for name in w.environment},
        }
        for w in _writers_of(output):
            versions = getattr(w.load(), "tool_versions", None)  # programs outside Python
            if versions is not None:
                parts["tools"].update(versions())
        return sha256(json.dumps(parts, sort_keys=True).encode("utf-8"))

    def _document_digest(self, output: Output) -> str:
        """The hash of the document as the output's writer reads it: its own digest of
        the document where it has one (``document_digest``: the PDF's, of the JSON typst
        reads), else of the whole tree (the dataclass repr shows every field of every
        node, in order). Once per document and build."""
        own = _writers_of(output)
        digest = getattr(own[0].load(), "document_digest", None) if len(own) == 1 else None
        found = (id(output.document), own[0].module if digest is not None else "")
        if found not in self._documents:
            self._documents[found] = (digest(output.document) if digest is not None
                                      else sha256(repr(output.document).encode("utf-8")))
        return self._documents[found]

    def _writer_digests(self, output: Output) -> dict[str, str]:
        found = (output.templates, output.fmt, output.engine)
        if found not in self._files:
            self._files[found] = {self.label(p, output.templates): self.digest(p)
                                  for p in self.writer_files(output)}
        return self._files[found]

    def sources(self, output: Output) -> list[Path]:
        """The files ``output`` came from: the session, what composing read (the Jinja
        templates, the language files), the writer's."""
        return [output.session, *self.composing_files(output.templates),
                *self.writer_files(output)]

    def writer_files(self, output: Output) -> list[Path]:
        found = (output.templates, output.fmt, output.engine)
        if found not in self._writers:
            self._writers[found] = writer_files(output)
        return self._writers[found]

    def template_files(self, templates: TemplateSet) -> dict[str, str]:
        """Every file of the set's folders (each from the first folder that has it), by
        its label, with its hash: what composing may read (a template can include a
        file of any name). Once per template set and build: sessions share them."""
        return self._set(templates).digests

    def composing_files(self, templates: TemplateSet) -> list[Path]:
        """Every Jinja template and language file of the set, each from the first folder
        that has it."""
        return self._set(templates).composing

    def _set(self, templates: TemplateSet) -> SetFiles:
        """The set's files and their hashes, once per build (see ``set_files``)."""
        if templates not in self._sets:
            self._sets[templates] = set_files(templates, self.digest)
        return self._sets[templates]

    @staticmethod
    def label(path: Path, templates: TemplateSet) -> str:
        """A name for a file that does not depend on where the project lies on disk."""
        return _label(str(path), templates)


@functools.lru_cache(maxsize=4096)
def _label(path: str, templates: TemplateSet) -> str:
    # The paths are those the folders were walked into (never normalised otherwise).
    last = len(templates.folders) - 1
    bases = [(str(f), "builtin:" if n == last else "project:")
             for n, f in enumerate(templates.folders)]
    return files.name_below(path, [*bases, (str(PACKAGE_DIR), "package:")]) or path


@dataclass
class SetFiles:
    """A template set's files as its folders held them when they were hashed."""

    listings: list[list[Path]]  # each folder's (files_below)
    files: list[Path]  # each name from the first folder that has it
    statuses: list[filememo.Status | None]  # of ``files``, those their digests came with
    digests: dict[str, str]  # by label
    composing: list[Path]  # the Jinja templates and language files among ``files``

    def holds(self, listings: list[list[Path]]) -> bool:
        """Whether the folders list the same files, each with the status it had."""
        try:
            return listings == self.listings and list(map(filememo.status,
                                                          self.files)) == self.statuses
        except OSError:
            return False


# A process that builds again and again (reportgen watch) hashes the same template
# files at every build: what they gave is kept while every file and folder has the status
# it had (a few hundred stats), never for a file changed in the last seconds (filememo).
_kept_sets: dict[TemplateSet, SetFiles] = {}
_KEPT_SETS = 64


def set_files(templates: TemplateSet, digest: Callable[[Path], str]) -> SetFiles:
    """The files of ``templates`` and their hashes (by ``digest``, which reads through
    filememo), as kept from an earlier build while nothing changed."""
    listings = [files_below(folder) for folder in templates.folders]
    kept = _kept_sets.get(templates)
    if kept is not None and kept.holds(listings):
        return kept
    files = _first_of_each(templates, listings)
    digests = {InputHasher.label(path, templates): digest(path) for path in files}
    # Each file's status as filememo found it when it gave the digest (not stat'ed again):
    # none for a file changed in the last seconds, and then the set is not kept.
    statuses = list(map(filememo.kept_status, files))
    found = SetFiles(listings, files, statuses, digests,
                     [path for path in files
                      if path.name.endswith(".j2") or path.parent.name == "languages"])
    if None not in statuses:
        if len(_kept_sets) >= _KEPT_SETS:
            _kept_sets.clear()
        _kept_sets[templates] = found
    else:
        _kept_sets.pop(templates, None)
    return found


def _first_of_each(templates: TemplateSet, listings: list[list[Path]]) -> list[Path]:
    """The files of the set's folders (``listings``), each name from the first folder that
    has it, as the template loader finds them; sorted by name."""
    chosen: dict[str, Path] = {}
    for folder, listing in zip(templates.folders, listings, strict=True):
        start = len(str(folder)) + 1  # (names cut from the strings: this runs every build)
        for path in listing:
            chosen.setdefault(str(path)[start:].replace(os.sep, "/"), path)
    return [chosen[name] for name in sorted(chosen)]


def _writers_of(output: Output) -> list[writers.Writer]:
    """The writer of ``output``, after the one whose output it converts (if any)."""
    own = output.writer
    return [writers.writer(own.needs), own] if own.needs else [own]


def writer_files(output: Output) -> list[Path]:
    """The template and package files the writers of ``output`` read, beyond the document."""
    return [path for w in _writers_of(output) for path in w.load().inputs(output.templates)]


# ----------------------------------------------------------------- the record


@dataclass
class Entry:
    """What the last build wrote at one path."""

    key: str
    sha256: str
    size: int
    pages: int | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    session: str = ""  # the session file it came from (absolute): see stale()

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "sha256": self.sha256, "size": self.size, "pages": self.pages,
                "warnings": [diagnostic_to_json(w) for w in self.warnings],
                "session": self.session}

    def intact(self, path: Path) -> bool:
        """Whether ``path`` still holds what the build wrote there (no hand edit)."""
        try:
            return path.stat().st_size == self.size and filememo.digest(path) == self.sha256
        except OSError:
            return False

    @classmethod
    def from_json(cls, data: Any) -> Entry:
        """The entry ``to_json`` wrote; ValueError for anything of another shape."""
        pages = data.get("pages") if isinstance(data, dict) else None
        warnings = data.get("warnings", []) if isinstance(data, dict) else None
        if not (_shaped(data, {"key": str, "sha256": str, "size": int, "session": str})
                and (pages is None or _is_int(pages)) and isinstance(warnings, list)):
            raise ValueError("not an entry of the record")
        return cls(key=data["key"], sha256=data["sha256"], size=data["size"], pages=pages,
                   warnings=[diagnostic_from_json(w) for w in warnings],
                   session=data["session"])


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _shaped(data: Any, fields: dict[str, type]) -> bool:
    """Whether ``data`` is a mapping with each of ``fields`` of its type (an int no bool)."""
    return isinstance(data, dict) and all(
        _is_int(data.get(name)) if kind is int else isinstance(data.get(name), kind)
        for name, kind in fields.items())


class Record:
    """The cache file of an output folder: output name → Entry."""

    def __init__(self, folder: Path, entries: dict[str, Entry] | None = None):
        self.folder = folder
        self.entries = entries or {}
        self._saved = self._text()

    @property
    def path(self) -> Path:
        return self.folder / CACHE_FILE

    @classmethod
    def load(cls, folder: Path) -> Record:
        """The record of ``folder``; an empty one (build everything) when there is none,
        when an older reportgen wrote it, or when it is damaged (with a warning)."""
        path = folder / CACHE_FILE
        try:
            data = files.read_cache(path, CACHE_FILE_LIMIT)
            text = data.decode("utf-8") if data is not None else None
        except ValueError:  # (UnicodeDecodeError is one)
            damaged(path, "the build record", "every output is built again")
            return cls(folder)
        if text is None:
            return cls(folder)  # none, or not readable: built again, and written anew
        payload = unseal(text)
        try:
            data = json.loads(payload) if payload is not None else None
            if isinstance(data, dict) and data.get("version") != CACHE_VERSION:
                return cls(folder)  # another version's: not damaged, just not ours
            if not (isinstance(data, dict) and isinstance(data.get("outputs"), dict)):
                raise ValueError("not a record")
            entries = {str(name): Entry.from_json(e) for name, e in data["outputs"].items()}
        except ValueError:  # (json.JSONDecodeError is one)
            damaged(path, "the build record", "every output is built again")
            return cls(folder)
        return cls(folder, entries)
    def fresh(self, output: Output, key: str) -> Entry | None:
        """The entry of ``output`` if it was built from ``key`` and is intact on disk."""
        entry = self.entries.get(output.name)
        if entry is None or entry.key != key or not entry.intact(output.path):
            return None
        return entry

    def stale(self, documents: set[str], sessions: set[str], folders: list[Path]) -> list[str]:
        """Outputs an earlier build wrote for documents that no longer exist.

        ``documents`` are the file stems of this build's documents, ``sessions`` its
        session files and ``folders`` the folders it searched for sessions (all
        resolved). An output of another document is stale when its session was built
        now and no longer has it (a draft part removed, a symbol changed), or when its
        session file is gone from a folder this build searched. Outputs of sessions
        outside this build (a project moved, a build of one session) are not stale,
        and only plain file names of this folder are ever named.
        """
        def gone(session: str) -> bool:
            path = Path(session)
            if not any(path.is_relative_to(f) for f in folders):
                return False
            try:
                path.stat()
            except (FileNotFoundError, NotADirectoryError):
                return True
            except OSError:
                pass  # unreadable is not gone
            return False

        return [name for name, entry in self.entries.items()
                if name and Path(name).name == name and not name.startswith(".")
                and name != MANIFEST_FILE and entry.session
                and Path(name).stem not in documents
                and (entry.session in sessions or gone(entry.session))]

    def stage(self, files: OutputSet) -> None:
        """Add the record to a build's set of files, if it changed (a no-op build
        touches no file)."""
        text = self._text()
        if text != self._saved:
            files.add(self.path, seal(text).encode("utf-8"))
            self._saved = text

    def save(self) -> None:
        """Write the record alone, if it changed; a record that cannot be written only
        means a slower next build (what it lists is on disk either way)."""
        text = self._text()
        if text != self._saved:
            try:
                write_bytes(self.path, seal(text).encode("utf-8"))
            except OSError:
                return
            self._saved = text

    def _text(self) -> str:
        outputs = {name: self.entries[name].to_json() for name in sorted(self.entries)}
        # ASCII: a path whose name is not UTF-8 is kept as its escapes (which read back).
        return json.dumps({"version": CACHE_VERSION, "outputs": outputs}, indent=1) + "\n"


def diagnostic_to_json(d: Diagnostic) -> dict[str, Any]:
    path = str(d.location.path) if d.location.path is not None else None
    return {"path": path, "line": d.location.line, "column": d.location.column,
            "message": d.message, "severity": d.severity, "code": d.code}


def diagnostic_from_json(data: Any) -> Diagnostic:
    """The warning ``diagnostic_to_json`` wrote; ValueError for anything of another shape."""
    if not _shaped(data, {"line": int, "column": int, "message": str, "severity": str,
                          "code": str}) or not isinstance(data.get("path"), (str, type(None))):
        raise ValueError("not a warning")
    path = Path(data["path"]) if data["path"] else None
    return Diagnostic(Location(path, data["line"], data["column"]), data["message"],
                      data["severity"], data["code"])
