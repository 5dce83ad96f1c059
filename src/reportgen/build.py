"""The orchestrator: load and check every session, then render, then write.

Nothing is written until every session has loaded, validated and rendered:
a mistake anywhere leaves every previous output untouched. Then the outputs
are written as one set (``atomic.OutputSet``), the cache record and the
manifest last: the folder holds the whole old set or the whole new one, and
``manifest.json`` always describes the files beside it.

Helpers live in their own modules: ``plan`` (which files), ``cache`` (which of
them are up to date), ``render`` (in parallel workers), ``manifest``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportgen import PACKAGE_DIR
from reportgen.config import (  # noqa: F401 (build.FORMATS: all of them)
    DEFAULT_FORMATS,
    FORMATS,
    LANGUAGES,
)
from reportgen.errors import (
    Diagnostic,
    Diagnostics,
    ExitCode,
    InputError,
    Location,
    OutputError,
    ReportError,
    plural,
)
from reportgen.outputs import cache, manifest, plan, sessioncache
from reportgen.outputs.progress import Progress
from reportgen.outputs.render import Rendered, render_documents
from reportgen.pipeline import symbols
from reportgen.pipeline.prepare import Prepared, prepare, template_set
from reportgen.pipeline.templates import builtin_dir
from reportgen.util import digests, files, meanwhile, usercache
from reportgen.util.atomic import OutputSet, deferred_interruptions

SESSION_FILE = "session.yaml"


@dataclass
class Options:
    """How to build, beyond which formats and where (see config.Settings)."""

    jobs: int = 1  # worker processes; 1 renders in this process
    force: bool = False  # rebuild even what is up to date
    pdf_engine: str = "typst"  # or "libreoffice": the PDF is a rendering of the DOCX
    strict: bool = False  # fail on warnings, writing nothing
    languages: tuple[str, ...] = ()  # language versions besides each session's own
    root: Path | None = None  # the project folder the manifest names sources from


@dataclass
class BuildResult:
    """What a build did. ``documents`` and ``rebuilt`` hold document symbols."""

    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # outputs of documents now gone
    warnings: list[Diagnostic] = field(default_factory=list)
    sessions: int = 0
    documents: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def unchanged(self) -> int:
        return len(self.documents) - len(self.rebuilt)


class WarningsAsErrors(ReportError):
    """``--strict`` and the build had warnings: every one is listed, nothing written."""

    exit_code = ExitCode.WARNINGS_AS_ERRORS

    def __init__(self, warnings: list[Diagnostic]):
        self.warnings = warnings
        count = len(warnings)
        super().__init__(f"{plural(count, 'warning')} and --strict; "
                         "nothing was written")


def find_sessions(paths: Iterable[Path]) -> list[Path]:
    """Session files named by the user: files as given, folders searched for session.yaml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            direct = path / SESSION_FILE
            below = [direct] if os.path.lexists(direct) else _sessions_below(path)
            if not below:
                raise InputError([Diagnostic(Location(path), f"no {SESSION_FILE} in this "
                                             "folder or below it")])
            found += below
        else:
            found.append(path)
    # A named pipe would block the build, a link loop crash it: each is refused, by name.
    refused = [problem for problem in map(files.problem, found) if problem]
    if refused:
        raise InputError(refused)
    # A session named twice (a folder and a file in it) is built once.
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _sessions_below(folder: Path) -> list[Path]:
    """Every entry named session.yaml below ``folder``, whatever it is (links, pipes:
    ``files.problem`` judges them); links to folders are not followed."""
    return sorted(Path(top, name) for top, _folders, names in os.walk(folder)
                  for name in names if name == SESSION_FILE)


def check(paths: Sequence[Path], languages: Sequence[str] = ()) -> tuple[list[Prepared],
                                                                       Diagnostics]:
    """Everything a build does short of rendering and writing."""
    diagnostics = Diagnostics()
    prepared = [p for p in (prepare(path, diagnostics, languages=languages)
                            for path in find_sessions(paths)) if p]
    return prepared, diagnostics


def _prepare_or_recall(paths: Sequence[Path], sessions: sessioncache.SessionCache,
                       force: bool, languages: Sequence[str] = ()
                       ) -> tuple[list[Prepared], Diagnostics,
                                             list[tuple[str, Prepared, list[Diagnostic]]]]:
    """``check`` for a build: a session whose inputs a previous build prepared is
    recalled, not prepared again (``force`` prepares all). Also returns the newly
    prepared sessions with their cache keys and warnings, to be remembered."""
    diagnostics = Diagnostics()
    prepared: list[Prepared] = []
    new: list[tuple[str, Prepared, list[Diagnostic]]] = []
    for path in find_sessions(paths):
        templates = template_set(path, diagnostics)
        if templates is None:
            continue
        try:
            key = sessions.key(path, templates, languages)
        except OSError:
            key = ""  # unreadable: preparing it reports why
        remembered = sessions.recall(key, path) if key and not force else None
        if remembered is not None:
            diagnostics.items.extend(remembered.warnings)
            prepared.append(Prepared(path, remembered.documents, templates))
            continue
        before = len(diagnostics.items)
        item = prepare(path, diagnostics, templates=templates, languages=languages)
        if item is not None:
            prepared.append(item)
            if key:
                new.append((key, item, diagnostics.items[before:]))
    return prepared, diagnostics, new


def build(paths: Sequence[Path], formats: Sequence[str] = DEFAULT_FORMATS,
          out_dir: Path = Path("build"), options: Options | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build every document of every session named by ``paths`` into ``out_dir``.

    Outputs whose inputs have not changed since they were written are kept
    (``options.force`` rebuilds them). Raises InputError with every problem
    found if any session is invalid, WarningsAsErrors under ``options.strict``;
    then, and if any writer fails, nothing is written. OutputError when the
    folder cannot take the new set (the old one is then left whole), and
    Interrupted on Ctrl-C or SIGTERM, saying which set the folder holds.
    """
    options = options or Options()
    progress = progress or Progress()
    staged = OutputSet()
    try:
        with staged:
            return _build(paths, formats, out_dir, options, progress, staged)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (see cli): say what it changed
        if isinstance(exc, Interrupted):
            raise
        raise Interrupted(AFTER_COMMIT if staged.committed else BEFORE_COMMIT) from None


BEFORE_COMMIT = "interrupted; no output was changed"
AFTER_COMMIT = "interrupted after the new outputs were all written (manifest.json lists them)"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a build; the message says whether outputs changed."""


def _build(paths: Sequence[Path], formats: Sequence[str], out_dir: Path, options: Options,
           progress: Progress, staged: OutputSet) -> BuildResult:
    """``build``, writing through ``staged``."""
    digests.take_damage()  # what an earlier build in this process reported is not ours
    meanwhile.forget()  # nor what one queued and did not need in the end (it failed)
    usercache.recall_files(_own_folders())
    # 1. Load, validate, compose and number every session (or recall it, unchanged):
    # every error at once.
    hasher, record = cache.InputHasher(), cache.Record.load(out_dir)
    sessions = sessioncache.SessionCache(out_dir, hasher)
    prepared, diagnostics, new = _prepare_or_recall(paths, sessions, options.force,
                                                    options.languages)
    diagnostics.raise_if_errors()
    _check_folder(out_dir)  # before rendering: a folder that cannot be made wastes none
    plans = plan.plan(prepared, formats, out_dir, options.pdf_engine)
    for key, item, session_warnings in new:  # (while the writers wait for their programs)
        sessions.encode_meanwhile(key, item.path, item.documents, session_warnings)

    # 2. Which outputs are out of date, and render those (in parallel, in memory).
    keys = {output: hasher.key(output) for p in plans for output in p.outputs}
    kept: dict[plan.Output, cache.Entry] = {}
    if not options.force:
        kept = {o: entry for o, key in keys.items() if (entry := record.fresh(o, key))}
    todo = [output for output in keys if output not in kept]
    rendered = render_documents(plans, todo, options.jobs, progress)

    # 3. Every warning, those of unchanged outputs included; --strict stops here.
    # (A damaged cache is only reported: it is being rebuilt.)
    warnings = diagnostics.warnings + [
        w for o in keys for w in (rendered[o].warnings if o in rendered else kept[o].warnings)]
    if options.strict and warnings:
        raise WarningsAsErrors(warnings)
    damage = digests.take_damage(w for o in todo for w in rendered[o].damage)

    # 4. Write the set as one (atomic.OutputSet): every output prepared beside its
    # target, then all renamed into place, the cache record and the manifest last.
    for output in todo:
        staged.add(output.path, rendered[output].data)
        record.entries[output.name] = _entry(keys[output], output, rendered[output])
    record.stage(staged)
    items = [_item(p, o, record.entries, hasher) for p in plans for o in p.outputs]
    written_manifest = manifest.stage(staged, out_dir, items, options.root or Path.cwd())
    with deferred_interruptions():  # Ctrl-C waits until the set is in (or put back)
        staged.commit()
    for output in todo:
        progress.wrote(str(output.path))

    # 5. Only once the new set is in: outputs of documents that no longer exist go (only
    # files a build wrote are ever removed), and the prepared sessions are remembered.
    removed = _remove_stale(record, paths, plans, prepared, progress)
    record.save()
    for key, item, session_warnings in new:
        sessions.remember(key, item.path, item.documents, session_warnings)
    sessions.forget_old_versions()
    usercache.keep_files(_own_folders())
    return BuildResult(written=[o.path for o in todo], removed=removed,
                       warnings=warnings + damage, sessions=len(prepared),
                       documents=[p.symbol for p in plans],
                       rebuilt=[p.symbol for p in plans
                                if any(o in rendered for o in p.outputs)],
                       manifest=written_manifest)


def _own_folders() -> list[Path]:
    """reportgen's own files, which every build hashes (the built-in templates, the
    fonts): what one process learnt of them is handed to the next (``usercache``)."""
    return [builtin_dir(), PACKAGE_DIR]


def _check_folder(folder: Path) -> None:
    """An OutputError when a file stands where the output folder or one of its parents
    should be; checked before rendering, and without creating anything (a build that
    fails later leaves no empty folder)."""
    existing = next((p for p in (folder, *folder.parents) if os.path.lexists(p)), None)
    if existing is None or existing.is_dir():
        return
    action = f"cannot create the output folder {Location(folder)}"
    if existing == folder:
        raise OutputError(f"{action}: a file of that name is in the way (delete or rename "
                          "that file, or choose another folder with --out)")
    raise OutputError(f"{action}: {Location(existing)} is a file, not a folder "
                      "(choose another folder with --out)")


def _entry(key: str, output: plan.Output, rendered: Rendered) -> cache.Entry:
    return cache.Entry(key=key, sha256=digests.sha256(rendered.data), size=len(rendered.data),
                       pages=rendered.pages, warnings=rendered.warnings,
                       session=str(output.session.resolve()))


def _remove_stale(record: cache.Record, paths: Sequence[Path],
                  plans: list[plan.DocumentPlan], prepared: list[Prepared],
                  progress: Progress) -> list[Path]:
    """Delete the outputs of documents that no longer exist (see cache.Record.stale).

    A file that cannot be deleted (open in Word on Windows) stays in the record, to
    be tried again by the next build; one edited since it was written stays on disk.
    """
    # A language version (<stem>.fr.txt) goes with its original: one this build did
    # not ask for stays, as the formats it did not ask for do.
    stems = {symbols.filename(p.symbol) for p in plans}
    stems |= {f"{stem}.{code}" for stem in stems for code in LANGUAGES}
    sessions = {str(item.path.resolve()) for item in prepared}
    folders = [p.resolve() for p in paths if p.is_dir()]
    removed = []
    written = [o.path for p in plans for o in p.outputs]
    for name in record.stale(stems, sessions, folders):
        path, entry = record.folder / name, record.entries[name]
        try:
            # Only the file as the build wrote it: one edited since is someone's work;
            # and never an output of this build under another name (a symbol changed
            # only in case is the same file on macOS and Windows).
            deleted = entry.intact(path) \
                and not any(_same_file(path, other) for other in written
                            if other.name.casefold() == name.casefold())
            if deleted:
                path.unlink()
        except OSError:
            continue
        del record.entries[name]
        if deleted:  # (a file deleted or edited by hand only leaves the record)
            progress.removed(str(path))
            removed.append(path)
    return removed


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except OSError:
        return False


def _item(document: plan.DocumentPlan, output: plan.Output, entries: dict[str, cache.Entry],
          hasher: cache.InputHasher) -> manifest.Item:
    entry = entries[output.name]
    pages = entry.pages
    if not output.writer.paged:  # it has pages when a converter laid it out (LibreOffice)
        twin = next((o for o in document.outputs if o.writer.needs == output.fmt), None)
        pages = entries[twin.name].pages if twin is not None else None
    return manifest.Item(symbol=document.symbol, language=document.document.masthead.language,
                         fmt=output.fmt, name=output.name, sha256=entry.sha256, size=entry.size,
                         pages=pages, session=output.session, sources=hasher.sources(output))
