"""The second PDF engine: LibreOffice converting reportgen's own DOCX.

For PDFs that must be renderings of the Word file itself (``--pdf-engine
libreoffice``). LibreOffice takes about a second to start, so every document
of a build is converted in one ``soffice`` call per worker: the documents are
dealt out to at most ``workers`` batches, converted side by side, each
``soffice`` with its own user profile (two instances sharing a profile wait on
its lock or fail).

The PDFs are made reproducible as they come out: LibreOffice stamps the clock
into ``/CreationDate`` and derives ``/ID`` and ``/DocChecksum`` from it; they are
replaced, in place and at the same length, by the document's date of issue and
a hash of the DOCX, so the same DOCX always gives the same bytes. LibreOffice
runs in UTC and is pointed at reportgen's bundled fonts first (through a
fontconfig file), so the fonts it embeds come from a fixed source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportgen.errors import ToolError
from reportgen.pipeline.templates import TemplateSet
from reportgen.pipeline.tree import Document
from reportgen.util.digests import sha256
from reportgen.writers import Written, docx_scripts
from reportgen.writers.pdf import bundled_font_dir, font_files

INSTALL_HINT = ("install it (Debian: apt-get install libreoffice-writer-nogui) "
                "or use --pdf-engine typst")
# Generous: a cold start plus a few seconds per document of hundreds of pages.
TIMEOUT_BASE, TIMEOUT_PER_DOCUMENT = 120, 60


@dataclass
class Job:
    """One DOCX to convert: a file name (unique in the batch), its bytes, its date of issue."""

    name: str
    docx: bytes
    issued: str = ""


@dataclass
class Batch:
    """One ``soffice`` process: its command line, its profile and its documents."""

    command: list[str]
    profile: Path
    names: list[str] = field(default_factory=list)


@dataclass
class Converted:
    pdfs: list[bytes]
    batches: list[Batch]


def write_all(items: list[tuple[str, bytes, Document]], workers: int = 1) -> list[Written]:
    """Each (name, DOCX, document) as a PDF, in order: the converter of the registry."""
    jobs = [Job(name, docx, document.masthead.issued) for name, docx, document in items]
    return [Written(pdf) for pdf in convert(jobs, workers).pdfs]


def inputs(templates: TemplateSet) -> list[Path]:
    """Beyond the DOCX it converts: reportgen's fonts, which LibreOffice is given."""
    return font_files(bundled_font_dir())


@cache
def tool_versions() -> dict[str, str]:
    """The build id of the installed LibreOffice (its versionrc), else its path."""
    found = find_soffice()
    if not found:
        return {"libreoffice": "absent"}
    program = Path(found).resolve().parent
    for name in ("versionrc", "version.ini"):
        if (program / name).is_file():
            return {"libreoffice": sha256((program / name).read_bytes())}
    return {"libreoffice": str(Path(found).resolve())}


def find_soffice() -> str | None:
    """The LibreOffice command on the PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_path() -> str:
    found = find_soffice()
    if not found:
        raise ToolError("libreoffice", f"LibreOffice (soffice) was not found; {INSTALL_HINT}")
    return found


def convert(jobs: list[Job], workers: int = 1) -> Converted:
    """Every DOCX of ``jobs`` as PDF, in order, with at most ``workers`` soffice processes."""
    if not jobs:
        return Converted([], [])
    soffice = soffice_path()
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as tmp:
        work = Path(tmp)
        fonts = _fontconfig(work)
        groups = _deal(jobs, max(1, min(workers, len(jobs))))
        batches = []
        for number, group in enumerate(groups):
            folder = work / f"batch-{number}"
            (folder / "in").mkdir(parents=True)
            for job in group:
                (folder / "in" / f"{job.name}.docx").write_bytes(job.docx)
            profile = folder / "profile"
            command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                       "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                       "--convert-to", "pdf:writer_pdf_Export", "--outdir",
                       str(folder / "out"), *(str(folder / "in" / f"{j.name}.docx")
                                               for j in group)]
            batches.append(Batch(command, profile, [j.name for j in group]))
        running: list[subprocess.Popen[bytes]] = []
        with ThreadPoolExecutor(len(batches)) as pool:
            try:
                list(pool.map(lambda b: _run(b, fonts, running), batches))
            except BaseException:
                # One batch failed, or Ctrl-C / SIGTERM: end the others now, rather than
                # wait for them before the temporary folder can go.
                for process in running:
                    process.kill()
                raise
        by_name = {}
        for number, group in enumerate(groups):
            for job in group:
                produced = work / f"batch-{number}" / "out" / f"{job.name}.pdf"
                if not produced.is_file():
                    raise ToolError("libreoffice", f"LibreOffice did not convert {job.name}.docx",
                                    batches[number].command)
                by_name[job.name] = reproducible(produced.read_bytes(), job)
    return Converted([by_name[job.name] for job in jobs], batches)


def _deal(jobs: list[Job], count: int) -> list[list[Job]]:
    """Share the documents out, largest first, each to the lightest batch so far."""
    groups: list[list[Job]] = [[] for _ in range(count)]
    loads = [0] * count
    for job in sorted(jobs, key=lambda j: -len(j.docx)):
        lightest = loads.index(min(loads))
        groups[lightest].append(job)
        loads[lightest] += len(job.docx)
    return [g for g in groups if g]


def _run(batch: Batch, fontconfig: Path, running: list[subprocess.Popen[bytes]]) -> None:
    """Run one batch's soffice (in a thread); ``running`` lists it while it runs."""
    env = dict(os.environ, TZ="UTC", FONTCONFIG_FILE=str(fontconfig))
    timeout = TIMEOUT_BASE + TIMEOUT_PER_DOCUMENT * len(batch.names)
    try:
        process = subprocess.Popen(batch.command, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, stdin=subprocess.DEVNULL)
    except OSError as exc:
        raise ToolError("libreoffice", f"could not run LibreOffice: {exc.strerror}; "
                        f"{INSTALL_HINT}", batch.command) from exc
    running.append(process)
    with process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            raise ToolError("libreoffice", f"LibreOffice did not finish in {timeout} s",
                            batch.command) from exc
    if process.returncode != 0:
        raise ToolError("libreoffice", f"LibreOffice failed with exit code "
                        f"{process.returncode}", batch.command,
                        stderr.decode("utf-8", "replace"))


def _fontconfig(work: Path) -> Path:
    """A fontconfig file that puts reportgen's fonts before the system's, and open fonts
    in place of the UN's Arabic and Chinese ones."""
    conf = work / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>\n  <dir>{bundled_font_dir().resolve()}</dir>\n"
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"{_stand_ins()}</fontconfig>\n",
        encoding="utf-8")
    return conf


def _stand_ins() -> str:
    """fontconfig aliases: the open fonts set for the UN's Arabic and Chinese fonts (which
    the DOCX names), where they are installed; fontconfig's own choice otherwise."""
    return "".join(f'  <alias binding="same"><family>{font}</family><prefer><family>'
                   f"{stand_in}</family></prefer></alias>\n"
                   for font, stand_in in docx_scripts.stand_ins().items())


_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def reproducible(pdf: bytes, job: Job) -> bytes:
    """The PDF with its clock-dependent values replaced, byte for byte at the same length.

    Same length keeps every offset of the cross-reference table valid.
    """
    day = dt.date.fromisoformat(job.issued) if job.issued else dt.date(2000, 1, 1)
    stamp = day.strftime("%Y%m%d000000").encode()
    seed = hashlib.sha256(job.docx).hexdigest().upper().encode()

    def date(match: re.Match[bytes]) -> bytes:
        return match.group(0)[: match.start(2) - match.start(0)] + stamp

    def same_length(value: bytes) -> bytes:
        return (seed * (len(value) // len(seed) + 1))[: len(value)]

    def ident(match: re.Match[bytes]) -> bytes:
        text = match.group(0)
        for group in (2, 1):  # right to left, so the first offsets stay right
            start, end = match.start(group) - match.start(0), match.end(group) - match.start(0)
            text = text[:start] + same_length(match.group(group)) + text[end:]
        return text

    def checksum(match: re.Match[bytes]) -> bytes:
        return match.group(0)[: match.start(1) - match.start(0)] + same_length(match.group(1))

    pdf = _DATE.sub(date, pdf)
    pdf = _ID.sub(ident, pdf)
    return _CHECKSUM.sub(checksum, pdf)
