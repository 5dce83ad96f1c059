"""The zip archive of a .docx, the same bytes for the same parts, cheap to write again.

A watching process writes the same document again at every save with one paragraph
changed. So each part is deflated in stretches (document.xml: so many paragraphs a
stretch), each stretch on its own and ended with a sync flush, which leaves it
byte-aligned and without reference to the bytes before it: the deflate stream of the
part is then the stretches' compressed bytes one after the other, closed by an empty
final block, and those of a stretch the save did not change are kept
(``util.kept.Kept``, keyed on the stretch's bytes) instead of compressed again.

Zip entries as zipfile writes them (deflated, version 2.0, Unix permissions 0644, the
fixed date of the reference document), without zip64: a .docx stays far below 4 GiB.
"""

from __future__ import annotations

import re
import struct
import zlib
from itertools import pairwise

from reportgen.util.kept import Kept
from reportgen.writers.reference_docx import CONTENT_TYPES, FIXED_DATE_TIME

# zlib's fastest level: the file somewhat larger than at its default level, and written
# several times faster when nothing is kept (a first build).
LEVEL = 1
# A stretch of document.xml: this many paragraph ends (some tens of kilobytes, beyond
# deflate's 32 KiB window, so that cutting costs little in compression).
PARAGRAPHS_A_STRETCH = 64
_PARAGRAPH_END = re.compile(b"</w:p>")
# Stretches: a 3,500-paragraph report has about sixty, its other parts a few dozen.
_KEPT: Kept[bytes] = Kept(limit=256)

_DEFLATED = 8
_VERSION = 20  # 2.0: deflate
_UNIX = 3
_PERMISSIONS = 0o644 << 16
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")


def archive(parts: dict[str, bytes]) -> bytes:
    """The parts as a .docx: [Content_Types].xml first, the rest sorted by name."""
    names = sorted(parts, key=lambda name: (name != CONTENT_TYPES, name))
    time, date = _dos_time(*FIXED_DATE_TIME)
    out = bytearray()
    directory = bytearray()
    for name in names:
        data, encoded = parts[name], name.encode("ascii")
        compressed, crc = deflated(data), zlib.crc32(data)
        sizes = (crc, len(compressed), len(data), len(encoded))
        directory += _CENTRAL.pack(b"PK\x01\x02", _UNIX << 8 | _VERSION, _VERSION, 0,
                                   _DEFLATED, time, date, *sizes, 0, 0, 0, 0, _PERMISSIONS,
                                   len(out)) + encoded
        out += _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, _DEFLATED, time, date, *sizes, 0)
        out += encoded
        out += compressed
    end = _END.pack(b"PK\x05\x06", 0, 0, len(names), len(names), len(directory), len(out), 0)
    return bytes(out + directory + end)


def deflated(data: bytes) -> bytes:
    """``data`` as a raw deflate stream, from the kept compressed stretches."""
    pieces = []
    for stretch in _stretches(data):
        kept = _KEPT.find(stretch)
        pieces.append(kept if kept is not None else _KEPT.keep(stretch, _deflate(stretch)))
    pieces.append(_FINAL)
    return b"".join(pieces)


def _deflate(stretch: bytes) -> bytes:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(stretch) + compressor.flush(zlib.Z_SYNC_FLUSH)


# The empty final block that closes a stream (what zlib writes for no input).
_FINAL = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS).flush()


def _stretches(data: bytes) -> list[bytes]:
    """``data`` cut after every PARAGRAPHS_A_STRETCH-th paragraph end: an edit of the
    words of a paragraph changes one stretch, wherever it is."""
    ends = [found.end() for found in _PARAGRAPH_END.finditer(data)]
    bounds = [0, *ends[PARAGRAPHS_A_STRETCH - 1::PARAGRAPHS_A_STRETCH], len(data)]
    return [data[start:end] for start, end in pairwise(bounds) if end > start]


def _dos_time(year: int, month: int, day: int, hour: int, minute: int,
              second: int) -> tuple[int, int]:
    """The time and date fields of a zip entry (MS-DOS format: two-second steps)."""
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
