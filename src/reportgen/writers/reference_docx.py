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

from reportgen.atomic import write_bytes

CONTENT_TYPES = "[Content_Types].xml"
# The earliest date a zip entry can carry; fixed so that builds are byte-identical.
FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)


def build_reference_docx(source_dir: Path, target: Path) -> None:
    """Zip the unzipped reference-docx folder ``source_dir`` into the .docx ``target``.

    Every file under ``source_dir`` becomes one part, named by its path relative to
    ``source_dir`` with forward slashes. The write is atomic (see ``reportgen.atomic``):
    a failure never leaves a truncated .docx behind.
    """
    source_dir = Path(source_dir)
    names = sorted(
        path.relative_to(source_dir).as_posix() for path in source_dir.rglob("*") if path.is_file()
    )
    if CONTENT_TYPES not in names:
        raise FileNotFoundError(f"{source_dir / CONTENT_TYPES}: missing; not a docx source folder")
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
