"""The machine-readable codes of a UN cover page: the job-number barcode and the QR code.

The UN prints the job number as a Code 39 barcode ("*1706793*") and a QR code
that links to the document on undocs.org (un-house-style.md §1.4). Both are
made by well-kept libraries (python-barcode, segno) and handed to the writers
either as module patterns (typst draws them as rectangles) or as PNG images
(embedded in the DOCX footer).

The codes depend only on the job number and the symbol (and on the libraries'
versions), and drawing them imports those libraries and Pillow, a good part of a
small build's start-up: what is drawn is kept in the user cache (``cached``), so
that the next build of the same document imports none of them.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from urllib.parse import quote

from reportgen.util import usercache
from reportgen.util.digests import sha256
from reportgen.util.versions import package_version

# The libraries whose versions can change what is drawn.
LIBRARIES = ("python-barcode", "segno", "pillow")

# "V.17-06793" (Vienna), "GE.15-06980" (Geneva), "25-06262" (New York).
JOB_NUMBER = re.compile(r"^(?:(?P<station>[A-Z]{1,3})\.)?(?P<year>\d{2})-(?P<serial>\d{5})$")


def barcode_digits(job_number: str) -> str:
    """The digits the barcode encodes: "V.17-06793" → "1706793"."""
    match = JOB_NUMBER.match(job_number.strip())
    if not match:
        raise ValueError(f"not a job number: {job_number!r} (write it like V.17-06793)")
    return match["year"] + match["serial"]


def cached(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    """``make()``, kept in the user cache under ``kind`` and ``key`` (made again when the
    cache cannot be used, or what it holds is damaged)."""
    folder = usercache.folder("codes")
    if folder is None:
        return make()
    versions = ",".join(package_version(name) for name in LIBRARIES)
    path = folder / f"{kind}-{sha256(f'{versions}|{key}'.encode())[:40]}"
    data = usercache.load(path, "a cached barcode or QR code", "it was drawn again")
    if data is None:
        data = make()
        try:
            usercache.store(path, data)
        except OSError:
            pass  # a full disk: drawn again next time
    return data


def code39_modules(digits: str) -> str:
    """The bars and spaces of "*digits*" as a string of 1 (bar) and 0 (space) modules."""
    def make() -> bytes:
        from barcode import Code39  # only on a miss (see cached)

        return "".join(Code39(digits, add_checksum=False).build()).encode("ascii")

    return cached("code39", digits, make).decode("ascii")


def code39_png(digits: str, dpi: int = 300) -> bytes:
    """The barcode as a PNG image, without the human-readable text under it."""
    from barcode import Code39
    from barcode.writer import ImageWriter

    buffer = io.BytesIO()
    Code39(digits, writer=ImageWriter(), add_checksum=False).write(
        buffer, {"module_width": 0.25, "module_height": 8.0, "quiet_zone": 2.0,
                 "write_text": False, "dpi": dpi})
    return buffer.getvalue()


def undocs_url(symbol: str) -> str:
    """The permanent link to a document: https://undocs.org/CTOC/COP/WG.7/2017/5."""
    return "https://undocs.org/" + quote(symbol.strip(), safe="/.*()-")


def qr_matrix(url: str) -> list[str]:
    """The QR code's modules, one string of 1 and 0 per row (error correction M)."""
    def make() -> bytes:
        import segno  # only on a miss (see cached)

        code = segno.make(url, error="m", micro=False, boost_error=False)
        rows = ["".join("1" if cell else "0" for cell in row) for row in code.matrix]
        return json.dumps(rows).encode("ascii")

    rows: list[str] = json.loads(cached("qr", url, make))
    return rows


def qr_png(url: str, scale: int = 8) -> bytes:
    """The QR code as a PNG image with the standard four-module quiet zone."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False, boost_error=False).save(
        buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
