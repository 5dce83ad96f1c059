"""Build the reference .docx that pandoc uses as ``--reference-doc``.

The house style is kept in the repository as an *unzipped* folder of OOXML parts
(``templates/reference-docx/``: ``[Content_Types].xml``, ``_rels/``, ``docProps/``,
``word/styles.xml``, ``word/document.xml``, ...), not as a binary .docx. A .docx is a zip
archive, so a change to one style would show up in review as "binary file changed";
kept unzipped, ``word/styles.xml`` is pretty-printed XML whose diffs can be read and
reviewed line by line. This module zips the folder into a real .docx at build time.

The zip is reproducible: ``[Content_Types].xml`` comes first (the Open Packaging
Conventions expect it, and some readers sniff it), the other parts follow in sorted
order, and every entry carries the same fixed timestamp, so the same source always
gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reportgen.errors import Diagnostic, InputError, Location
from reportgen.pipeline.templates import builtin_dir
from reportgen.util.atomic import write_bytes

CONTENT_TYPES = "[Content_Types].xml"
FOLDER = "reference-docx"
MISSING_SHOWN = 3  # the missing parts a message names
# The earliest date a zip entry can carry; fixed so that builds are byte-identical.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)


def build_reference_docx(source_dir: Path, target: Path) -> None:
    """Zip the unzipped reference-docx folder ``source_dir`` into the .docx ``target``.

    Every file under ``source_dir`` becomes one part, named by its path relative to
    ``source_dir`` with forward slashes; a folder that lacks a part of the built-in one
    is an InputError located at it. The write is atomic (see ``reportgen.atomic``):
    a failure never leaves a truncated .docx behind.
    """
    source_dir = Path(source_dir)
    names = part_names(source_dir)
    missing = sorted(set(part_names(builtin_dir() / FOLDER)) - set(names))
    if missing:
        raise InputError([Diagnostic(Location(source_dir), _incomplete(missing))])
    names.remove(CONTENT_TYPES)
    names.insert(0, CONTENT_TYPES)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # same permissions whatever the checkout has
            archive.writestr(info, (source_dir / name).read_bytes())
    write_bytes(Path(target), buffer.getvalue())


def part_names(source_dir: Path) -> list[str]:
    """The parts of an unzipped reference document, as zip entry names, sorted."""
    return sorted(path.relative_to(source_dir).as_posix()
                  for path in source_dir.rglob("*") if path.is_file())


def _incomplete(missing: list[str]) -> str:
    """What to do about a project's reference-docx folder that lacks some parts: it
    replaces the built-in one whole (pandoc and the headers need every part)."""
    shown = ", ".join(missing[:MISSING_SHOWN])
    more = f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
    parts = "a part" if len(missing) == 1 else f"{len(missing)} parts"
    return (f"this reference document lacks {parts} of the built-in one ({shown}{more}); "
            f"a {FOLDER} folder replaces the built-in one whole: copy the missing parts "
            f"from {builtin_dir() / FOLDER}, or delete this folder to use the built-in style")
