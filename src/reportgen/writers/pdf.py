"""PDF writer: lays out the numbered document tree with typst.

The tree reaches typst as JSON in ``sys.inputs`` and the template
(``templates/report.typ``) reads it as data, so text a user typed is placed as
text and never parsed as typst markup. Only the fonts passed in are used (no
system fonts), so that every machine produces the same PDF.

Besides the tree, the JSON carries what the template cannot compute itself
(under the key ``"pdf"``): the Code 39 modules of the job number and the QR
code's rows (see ``codes``), and the UN emblem and "Please recycle" images.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import struct
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportgen.errors import Diagnostics, Location, ToolError
from reportgen.pipeline import barcodes
from reportgen.pipeline.templates import TemplateSet, builtin_dir, files_below
from reportgen.pipeline.tree import (
    Block,
    Document,
    block_key,
    block_to_json,
    contents_to_json,
    masthead_to_json,
    to_json,
)
from reportgen.util import epoch, filememo, jsontext, meanwhile
from reportgen.util.kept import Kept
from reportgen.writers import Written, script_fonts

# The images of the cover page, in the template set's ``assets/`` folder.
ASSETS = {"emblem": "un-emblem.jpg", "recycle": "please-recycle.png"}


def _typst() -> Any:
    """The typst compiler (the typst package on PyPI), or a clear error without it."""
    try:
        import typst
    except ImportError as exc:
        raise ToolError("typst", "the typst compiler is not installed; install it with "
                                 "'pip install typst' (or build without PDF: --to txt,docx)",
                        stderr=str(exc)) from exc
    return typst


def bundled_font_dir() -> Path:
    """The package's own fonts folder: Liberation Serif (metrics of Times New Roman) and
    the PDF's text font made from it at 103 % width (``scaled_font``)."""
    return Path(__file__).parent.parent / "fonts"


TEMPLATE = "report.typ"


def write(document: Document, templates: TemplateSet) -> Written:
    """The PDF by typst; its warnings (a font substituted) located at the template, and a
    script font that is not installed at the language file."""
    template = templates.find(TEMPLATE)
    fonts = script_fonts.for_language(document.masthead.language)
    data, warnings = render_pdf(document, template, [bundled_font_dir(), *fonts.folders],
                                fallback_fonts=fonts.families)
    diagnostics = Diagnostics()
    for missing in fonts.missing:
        diagnostics.warning(Location(_language_file(templates, document.masthead.language)),
                            missing, "pdf.font")
    for warning in warnings:
        diagnostics.warning(Location(template), f"typst: {warning}", "pdf.typst")
    return Written(data, diagnostics.warnings)


def _language_file(templates: TemplateSet, code: str) -> Path | None:
    """The language file of ``code`` that the set uses (a project's before the built-in)."""
    try:
        return templates.find(f"languages/{code}.toml")
    except FileNotFoundError:
        return None


def tool_versions() -> dict[str, str]:
    """What outside the package shapes the PDF's bytes: the script fonts (by size and
    time of change, see ``script_fonts.stamps``)."""
    return script_fonts.stamps()


def inputs(templates: TemplateSet) -> list[Path]:
    """The typst files beside the template, the images it draws, and the fonts."""
    template = templates.find(TEMPLATE)
    files = sorted(template.parent.glob("*.typ"))
    files += [p for p in (find_asset(template, name) for name in ASSETS.values())
              if p is not None]
    return files + font_files(bundled_font_dir())


# TrueType and OpenType fonts, and collections of them (the CJK faces come as .ttc).
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def font_files(folder: Path) -> list[Path]:
    """The TrueType and OpenType files (and collections) of ``folder``, sorted."""
    if not Path(folder).is_dir():
        return []
    return sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in FONT_SUFFIXES)


def render_pdf(document: Document, template: Path, font_dirs: list[Path],
               fallback_fonts: tuple[str, ...] = ()) -> tuple[bytes, list[str]]:
    """Lay out ``document`` with the typst ``template`` and return the PDF.

    ``fallback_fonts`` are font families (in ``font_dirs``) that the template
    sets after its own text font, for the glyphs that font has not (the
    Chinese and Arabic scripts: see ``script_fonts``).

    Returns ``(pdf_bytes, warnings)``. ``warnings`` holds typst's own warnings
    as text, one per item (empty when all went well), and a warning for each
    font substitution, which names the font: text that the given fonts
    cannot show (typst then takes the glyphs from a font it embeds, such as
    DejaVu Sans Mono), and a font family the template asks for but no font
    folder holds ("unknown font family: liberation serif"). Either way the PDF
    no longer has Times New Roman metrics everywhere; the caller should
    report it (and fail under ``--strict``).

    The PDF's dates are the document's date of issue (or ``SOURCE_DATE_EPOCH``
    when set), never the clock, so the bytes are the same on every run.

    Raises ``ToolError`` when typst cannot compile the template.
    """
    template = template.resolve()
    typst = _typst()
    layout = layout_data(document, template)
    if fallback_fonts:
        layout["fallback_fonts"] = list(fallback_fonts)
    reads = _warm.reads(template) if _warm is not None else frozenset()
    warm = WarmCompiler.DOCUMENT_FILE in reads
    images = None
    if warm and WarmCompiler.IMAGES_FILE in reads:  # (given apart, the same at each save)
        images = _encoded(layout.pop("images", {}))
    # The text typst reads is ``document_json(typst_data(...))``, each block's kept.
    tree = tree_json(document)
    options = _options(document, template, font_dirs, tree.text(pdf=_encoded(layout)))
    # Older typst-py releases lack compile_with_warnings; they give no warnings.
    compile_with_warnings = getattr(typst, "compile_with_warnings", None)
    try:
        # (A warm compiler has an empty package folder of its own.)
        with _no_packages(folder=not warm) as packages:
            options.update(package_path=packages, package_cache_path=packages)
            if _warm is not None and warm:
                pdf, raw_warnings = _interruptible(functools.partial(_warm.compile,
                                                                     images=images),
                                                   template, options)
            elif compile_with_warnings is not None:
                pdf, raw_warnings = _interruptible(compile_with_warnings, template, options)
            else:
                pdf, raw_warnings = _interruptible(typst.compile, template, options), []
    except typst.TypstError as exc:
        # .diagnostic has the file:line:col excerpt; str(exc) only the message.
        detail = getattr(exc, "diagnostic", "") or str(exc)
        raise ToolError("typst", "could not lay out the PDF",
                        stderr=_our_hints(detail, template)) from exc
    except (RuntimeError, OSError) as exc:
        # The binding raises these when it cannot read the template or its
        # folder ("Failed to canonicalize path"); they do not name the file.
        raise ToolError("typst", "could not lay out the PDF",
                        stderr=f"{template}: {exc}") from exc
    pdf = bytes(pdf)
    faces = font_faces(font_dirs)
    warnings = [_warning_text(w, font_dirs) for w in raw_warnings]
    warnings += substitution_warnings(tree, faces, pdf)
    return pdf, warnings


# How often the waiting thread wakes, so that an interruption is acted on at once.
_WAKE_SECONDS = 0.2


def _interruptible(compile_call: Any, template: Path, options: dict[str, Any]) -> Any:
    """``compile_call(template, **options)`` in a thread of its own, waited for here.

    typst does not return to Python until it is done, and Python acts on a signal
    only in the main thread between two steps of Python: called directly, a template
    that loops would make Ctrl-C and SIGTERM (and a worker's ``Stopped``) wait for it
    forever. Waiting in short joins, the interruption is raised here, the temporary
    folders are removed on the way out and the process ends; typst's thread, a
    daemon, ends with the process.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = compile_call(template, **options)
        except BaseException as exc:  # raised again in the waiting thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="typst", daemon=True)
    thread.start()
    with meanwhile.waiting():  # (typst lets go of the interpreter while it works)
        while thread.is_alive():
            thread.join(_WAKE_SECONDS)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


# typst fetches an imported package ("@preview/…") over the network and reads local ones
# from the user's data folder: both are outside the template's folder. It is given an
# empty package folder and, for its downloads, a proxy on a loopback port nothing
# listens on (typst honours the proxy variables), so an import fails at once.
_NO_ROUTE = "http://127.0.0.1:9"
_PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy",
                    "ALL_PROXY")


@contextmanager
def _no_packages(folder: bool = True) -> Iterator[str | None]:
    """The proxy that refuses typst's downloads, and (``folder``) an empty package
    folder, for the block."""
    saved = {name: os.environ.get(name) for name in (*_PROXY_VARIABLES, "no_proxy", "NO_PROXY")}
    os.environ.update(dict.fromkeys(_PROXY_VARIABLES, _NO_ROUTE))
    os.environ.pop("no_proxy", None)
    os.environ.pop("NO_PROXY", None)
    try:
        if not folder:
            yield None
            return
        with tempfile.TemporaryDirectory(prefix="reportgen-typst-") as empty:
            yield empty
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_PACKAGE_FAILURES = ("failed to download package", "package not found")
PACKAGE_HINT = ("hint: a template cannot import typst packages (reportgen reads nothing from "
                "the network or outside the template's folder): copy what the template needs "
                "into its folder")


# typst's advice for a path outside its root names its own command line; reportgen
# sets the root to the template's folder, which the user changes by copying files.
_ROOT_HINT = "hint: you can adjust the project root with the `--root` argument"


def _our_hints(detail: str, template: Path) -> str:
    """typst's message, with advice the user of reportgen can follow."""
    if any(failure in detail for failure in _PACKAGE_FAILURES):
        detail = f"{detail.rstrip()}\n{PACKAGE_HINT}"
    return detail.replace(_ROOT_HINT, "hint: a template reads only files inside its own "
                                      f"folder ({template.parent}): copy the file there")


def document_digest(document: Document) -> str:
    """The hash of what of ``document`` the PDF's bytes depend on (its output key's, see
    ``outputs.cache``): the JSON of the tree that typst reads. ``write`` reads the
    document only through that JSON (the fonts and the timestamp come from its
    masthead)."""
    return tree_json(document).digest()


def tree_json(document: Document) -> TreeJSON:
    """``to_json(document)`` as JSON text, in its parts, each block's kept."""
    return TreeJSON(jsontext.dumps(masthead_to_json(document.masthead)),
                    [_kept_block(block) for block in document.blocks],
                    jsontext.dumps(contents_to_json(document)))


@dataclass
class KeptBlock:
    """A block's JSON text (as ``json.dumps`` without ASCII escapes gives it), the sha256
    of its UTF-8, and (read when first asked for: a build that only checks its outputs
    never does) the characters read off it that a font may lack (``_read_off``)."""

    text: str
    digest: bytes

    @classmethod
    def of(cls, block: Block) -> KeptBlock:
        text = jsontext.dumps(block_to_json(block))
        return cls(text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())

    @functools.cached_property
    def characters(self) -> frozenset[str]:
        return frozenset(_read_off(self.text))


@dataclass
class TreeJSON:
    """The JSON text of a document's tree (``to_json``), in parts: the masthead's, each
    block's, the contents'. Joined once, with the ``"pdf"`` part, for typst."""

    masthead: str
    blocks: list[KeptBlock]
    contents: str

    def text(self, pdf: str | None = None) -> str:
        """``json.dumps(to_json(document) | {"pdf": …}, ensure_ascii=False)``, given the
        ``"pdf"`` part's JSON (or none)."""
        after = "" if pdf is None else f', "pdf": {pdf}'
        # One join of the blocks' texts, the rest folded into the first and the last:
        # the text is megabytes, each copy of it costs.
        pieces = [block.text for block in self.blocks] or [""]
        pieces[0] = f'{{"masthead": {self.masthead}, "blocks": [{pieces[0]}'
        pieces[-1] = f'{pieces[-1]}], "contents": {self.contents}{after}}}'
        return ", ".join(pieces)

    def digest(self) -> str:
        """The sha256 of the parts: no JSON text holds a NUL, and a block's hash has a
        fixed length, so that the parts cannot run into one another."""
        digest = hashlib.sha256()
        for part in (self.masthead, self.contents):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(b"".join([block.digest for block in self.blocks]))
        return digest.hexdigest()

    def characters(self, have: frozenset[int]) -> set[str]:
        """``_characters`` of the whole text, with each block's read once."""
        if not have.issuperset(_VISIBLE_ASCII):
            return _characters(self.text(), have)
        return _read_off(self.masthead) | _read_off(self.contents) | set().union(
            *[block.characters for block in self.blocks])


# A process that stays loaded (reportgen watch) writes the JSON of the same blocks at
# every rebuild, where an edit changes one or two: each block's is kept by the block's key
# (``tree.block_key``: what its JSON is made of), the least recently used given up first.
# (The typical block's text is under a kilobyte.)
_KEPT_BLOCKS: Kept[KeptBlock] = Kept(limit=16_384)


def _kept_block(block: Block) -> KeptBlock:
    """The block's ``KeptBlock``, kept by its key."""
    key = block_key(block)
    kept = _KEPT_BLOCKS.find(key)
    return kept if kept is not None else _KEPT_BLOCKS.keep(key, KeptBlock.of(block))


def typst_data(document: Document, template: Path) -> dict[str, Any]:
    """What the template reads (``sys.inputs.document``): the tree, its codes and images."""
    data = to_json(document)
    data["pdf"] = layout_data(document, template)
    return data


def typst_options(document: Document, template: Path, font_dirs: list[Path],
                  data: dict[str, Any]) -> dict[str, Any]:
    """What typst is called with besides ``template`` (resolved): ``data`` as JSON, the
    fonts, the template's folder as root, and the timestamp. The benchmark runs typst
    alone with the same options."""
    return _options(document, template, font_dirs, document_json(data))


def _options(document: Document, template: Path, font_dirs: list[Path],
             text: str) -> dict[str, Any]:
    """``typst_options`` with the document already in JSON (``text``)."""
    options: dict[str, Any] = {
        # The template may only read files beside it (root = its folder).
        "root": template.parent,
        "font_paths": list(font_dirs),
        # System fonts differ between machines; the bundled ones do not.
        "ignore_system_fonts": True,
        "format": "pdf",
        "sys_inputs": {"document": text},
    }
    # typst stamps the PDF with the current time and, unlike the typst CLI,
    # the Python binding ignores SOURCE_DATE_EPOCH: pass it on so that CI
    # builds are byte-identical.
    options["timestamp"] = epoch.issue_timestamp(document.masthead.issued)
    return options


def layout_data(document: Document, template: Path) -> dict[str, Any]:
    """What the template draws but cannot compute: codes and images."""
    m = document.masthead
    images = {}
    for name, filename in ASSETS.items():
        path = find_asset(template, filename)
        if path is not None:
            images[name] = {"format": path.suffix.lstrip(".").lower().replace("jpeg", "jpg"),
                            "data": _numbers(path.read_bytes())}
    return {
        "barcode": barcodes.code39_modules(m.barcode_digits) if m.barcode_digits else "",
        "qr": barcodes.qr_matrix(m.qr_url) if m.qr_url else [],
        "images": images,
    }


class Numbers(list[int]):
    """An image's bytes as the list of numbers the template reads (``bytes(asset.data)``),
    with its JSON text, made once: tens of thousands of numbers, the same at every
    rebuild, that would otherwise be written out again for every PDF."""

    def __init__(self, content: bytes):
        super().__init__(content)
        self.json = json.dumps(self)


@lru_cache(maxsize=16)
def _numbers(content: bytes) -> Numbers:
    """The numbers of an image, by its content (the same file read again, or another file
    with the same bytes, gives the same ones; a changed file other ones)."""
    return Numbers(content)


def document_json(data: dict[str, Any]) -> str:
    """``data`` as typst reads it: the text ``json.dumps(data, ensure_ascii=False)``
    gives, with the images' numbers taken from their ``Numbers``."""
    return _encoded(data, depth=3)


def _encoded(value: Any, depth: int = 2) -> str:
    """``json.dumps(value, ensure_ascii=False)``; the mappings that hold ``Numbers`` (the
    document, its ``"pdf"`` part and their images: a few keys) are written member by
    member."""
    if isinstance(value, Numbers):
        return value.json
    if isinstance(value, dict) and _holds_numbers(value, depth):
        return _object([(key, _encoded(item, depth - 1)) for key, item in value.items()])
    return jsontext.dumps(value)


def _holds_numbers(value: dict[str, Any], depth: int) -> bool:
    return any(isinstance(item, Numbers) or (depth and isinstance(item, dict)
                                             and _holds_numbers(item, depth - 1))
               for item in value.values())


def _object(members: list[tuple[str, str]]) -> str:
    """A JSON object from its keys and its values' JSON, spaced as ``json.dumps`` does."""
    return "{" + ", ".join(f"{jsontext.dumps(key)}: {text}"
                           for key, text in members) + "}"


def find_asset(template: Path, filename: str) -> Path | None:
    """An image beside the template (``assets/``), else the built-in one.

    typst may only read files under the template's folder, so the images
    travel inside the JSON: a project that overrides only ``report.typ``
    still gets the built-in emblem.
    """
    for folder in (template.parent / "assets", builtin_dir() / "assets"):
        if (folder / filename).is_file():
            return folder / filename
    return None


# ------------------------------------------------------------------ fonts


@dataclass(frozen=True)
class FontFace:
    """One font file: its family, PostScript name and the characters it has."""

    family: str
    postscript: str
    characters: frozenset[int]


def font_faces(font_dirs: list[Path]) -> list[FontFace]:
    """The TrueType/OpenType faces in ``font_dirs``, every face of a collection
    (unreadable files skipped)."""
    faces: list[FontFace] = []
    for folder in font_dirs:
        for path in font_files(folder):
            faces.extend(_faces(path, path.stat().st_mtime_ns))
    return faces


@lru_cache(maxsize=64)
def _faces(path: Path, changed: int) -> tuple[FontFace, ...]:
    """The faces of one font file, read once per process (a worker renders many
    documents); ``changed`` (its mtime) is part of the cache key, so an edited file is
    read again."""
    try:
        font = path.read_bytes()
        # The faces of a collection share their character map: read it once.
        cmaps: dict[int, frozenset[int]] = {}
        return tuple(_read_face(font, start, cmaps) for start in _face_offsets(font))
    except (struct.error, ValueError, IndexError, KeyError):
        return ()


def _face_offsets(font: bytes) -> list[int]:
    """Where each face's table directory starts: one at 0, or a collection's ("ttcf")."""
    if font[:4] != b"ttcf":
        return [0]
    count = struct.unpack_from(">L", font, 8)[0]
    return list(struct.unpack_from(f">{count}L", font, 12))


def substitution_warnings(tree: TreeJSON, faces: list[FontFace], pdf: bytes) -> list[str]:
    """Warnings for text the given fonts cannot show (in the JSON of the document's
    ``tree``) and fonts typst used instead."""
    if not faces:
        return []  # typst has already said "unknown font family"
    have = _covered(tuple(faces))
    missing = sorted(ch for ch in tree.characters(have)
                     if not ch.isspace() and ord(ch) not in have)
    families = " / ".join(sorted({face.family for face in faces}))
    ours = {face.postscript for face in faces}
    embedded = {raw.decode("latin-1")
                for raw in re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([\w.-]+)", pdf)}
    # typst names a CID font "X-Identity-H" beside "X"; one mention is enough.
    used = sorted(name for name in embedded if not name.endswith("-Identity-H")
                  and not any(name.startswith(p) for p in ours))
    if not missing and not used:
        return []
    shown_missing = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:12])
    if len(missing) > 12:
        shown_missing += f" and {len(missing) - 12} more"
    instead = ", ".join(used) if used else "a font it embeds"
    if missing:
        return [f"font substituted: {families} has no glyph for {shown_missing}; typst fell "
                f"back to {instead} (a character that no font has prints as an empty box)"]
    return [f"font substituted: typst used {instead} beside {families}"]


@lru_cache(maxsize=16)
def _covered(faces: tuple[FontFace, ...]) -> frozenset[int]:
    """The code points that at least one of ``faces`` has."""
    return frozenset().union(*(face.characters for face in faces))


# Printable ASCII: what every text face has, and what the JSON's keys and punctuation are
# made of. A JSON string's other characters are in the text as they are (ensure_ascii is
# off), except the control characters, which come as escapes.
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
_VISIBLE_ASCII = range(0x21, 0x7F)  # (a space is never missing)
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)")


def _characters(text: str, have: frozenset[int]) -> set[str]:
    """The characters of the strings of the JSON ``text`` (the tree's: what the PDF may
    show) that ``have`` may lack.

    When the fonts have every printable ASCII character, those cannot be missing, and
    the others are read off the JSON at once: the bytes of its UTF-8 that are not
    printable ASCII, and the characters its escapes stand for. That is exact because
    the rest of the JSON, its keys and punctuation, is printable ASCII. Only fonts
    without ASCII make every string be read.
    """
    if not have.issuperset(_VISIBLE_ASCII):
        return set().union(*map(set, _strings(json.loads(text))))
    return _read_off(text)


def _read_off(text: str) -> set[str]:
    """The characters of a JSON text other than printable ASCII, escapes read."""
    found = set(text.encode("utf-8", "surrogatepass").translate(None, _PRINTABLE_ASCII)
                .decode("utf-8", "surrogatepass"))
    if "\\" in text:
        found.update(json.loads(f'"{escape[0]}"') for escape in _ESCAPE.finditer(text))
    return found


def _strings(value: Any) -> list[str]:
    """Every string in JSON data."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _read_face(font: bytes, start: int = 0,
               cmaps: dict[int, frozenset[int]] | None = None) -> FontFace:
    """Family, PostScript name and character map of a TrueType/OpenType font, or of the
    face of a collection whose table directory is at ``start`` (a collection's tables
    lie at offsets from the start of the file, as a single font's do)."""
    tables = {}
    count = struct.unpack_from(">H", font, start + 4)[0]
    for i in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sLLL", font, start + 12 + 16 * i)
        tables[tag.decode("latin-1")] = offset
    names = _names(font, tables["name"])
    cmaps = {} if cmaps is None else cmaps
    if tables["cmap"] not in cmaps:
        cmaps[tables["cmap"]] = frozenset(_cmap(font, tables["cmap"]))
    return FontFace(family=names.get(16) or names.get(1, ""), postscript=names.get(6, ""),
                    characters=cmaps[tables["cmap"]])


def _names(font: bytes, base: int) -> dict[int, str]:
    _, count, strings = struct.unpack_from(">HHH", font, base)
    names: dict[int, str] = {}
    for i in range(count):
        platform, _, language, name_id, length, offset = struct.unpack_from(
            ">HHHHHH", font, base + 6 + 12 * i)
        raw = font[base + strings + offset: base + strings + offset + length]
        if platform == 3 and language == 0x409:
            names[name_id] = raw.decode("utf-16-be", "replace")
        elif platform == 1 and name_id not in names:
            names[name_id] = raw.decode("mac-roman", "replace")
    return names


def _cmap(font: bytes, base: int) -> set[int]:
    """The code points of the best Unicode subtable (format 12, else 4)."""
    count = struct.unpack_from(">H", font, base + 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", font, base + 4 + 8 * i)
        fmt = struct.unpack_from(">H", font, base + offset)[0]
        if platform in (0, 3) and fmt in (4, 12):
            subtables[fmt] = base + offset
    chars: set[int] = set()
    if 12 in subtables:
        start = subtables[12]
        groups = struct.unpack_from(">L", font, start + 12)[0]
        for g in range(groups):
            first, last, _ = struct.unpack_from(">LLL", font, start + 16 + 12 * g)
            chars.update(range(first, last + 1))
    elif 4 in subtables:
        start = subtables[4]
        segments = struct.unpack_from(">H", font, start + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", font, start + 14)
        starts = struct.unpack_from(f">{segments}H", font, start + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}h", font, start + 16 + 4 * segments)
        offsets_at = start + 16 + 6 * segments
        offsets = struct.unpack_from(f">{segments}H", font, offsets_at)
        for s in range(segments):
            for code in range(starts[s], ends[s] + 1):
                if code == 0xFFFF:
                    continue
                if offsets[s] == 0:
                    glyph = (code + deltas[s]) & 0xFFFF
                else:
                    at = offsets_at + 2 * s + offsets[s] + 2 * (code - starts[s])
                    glyph = struct.unpack_from(">H", font, at)[0]
                    glyph = (glyph + deltas[s]) & 0xFFFF if glyph else 0
                if glyph:
                    chars.add(code)
    return chars


def _warning_text(warning: object, font_dirs: list[Path]) -> str:
    """One typst warning as a line of text, with its hints."""
    message = str(getattr(warning, "message", "") or warning)
    hints = list(getattr(warning, "hints", None) or [])
    family = re.match(r"unknown font family: (.+)", message)
    if family:
        folders = ", ".join(str(d) for d in font_dirs) or "none"
        message = (f"font substituted: the font '{family[1]}' is not in the font folders "
                   f"given to typst ({folders}); typst set the text in a font it embeds")
    return "; ".join([message, *(f"hint: {h}" for h in hints)])


# ------------------------------------------------ a compiler kept warm (watch)


# The files copied into a warm root, by source path: the status each had when copied, or
# None for one copied while it was changing (copied again at the next compile).
Copies = dict[Path, "filememo.Status | None"]


class WarmCompiler:
    """typst compilers kept between compiles, for a process that stays loaded.

    ``reportgen watch`` rebuilds the same documents again and again. A new compiler
    for each would lay out everything anew, and the document in ``sys.inputs`` (a
    new string every time) defeats typst's own reuse and grows its memory with each
    compile. Here each template folder (and set of font folders) gets one
    ``typst.Compiler``; the document goes to it as a file, ``document.json``, always
    under the same name: typst compares the file with what it read last and lays out
    again only what changed.

    typst reads only inside its root, and the document cannot be written into a
    template folder (the built-in one may be read-only): the root is a private
    folder that shows the template folder's files (links to its folders, copies of
    the files beside the template: see ``_mirror``), brought up to date before every
    compile, and the document beside them. A template that does not read
    ``sys.inputs.document-file`` is compiled as a one-off build would.
    """

    DOCUMENT = "document.json"
    IMAGES = "images.json"
    # What the template reads to be given the document, and the images apart, as files.
    DOCUMENT_FILE, IMAGES_FILE = "document-file", "images-file"

    def __init__(self) -> None:
        import atexit

        self.folder = Path(tempfile.mkdtemp(prefix="reportgen-typst-warm-"))
        # One per template folder and set of font folders (a Chinese or Arabic
        # version's compiler has its script's font as well).
        self.compilers: dict[tuple[Path, tuple[str, ...]], tuple[Path, Any]] = {}
        self.copied: dict[Path, Copies] = {}  # by compiler's root
        self.images: dict[Path, str] = {}  # the images' JSON last written, by root
        atexit.register(self.close)  # however the process ends, short of being killed

    def reads(self, template: Path) -> frozenset[str]:
        """Which of the files it can be given the template reads (it names them): the
        document (without it, the template is compiled as a one-off build would), and
        the images apart from it."""
        text = template.read_text(encoding="utf-8")
        return frozenset(name for name in (self.DOCUMENT_FILE, self.IMAGES_FILE)
                         if name in text)

    def compile(self, template: Path, images: str | None = None,
                **options: Any) -> tuple[bytes, list[Any]]:
        """``template`` with ``options`` (as ``typst_options`` gives them), and the JSON
        of the images when they are given apart (see ``reads``)."""
        root, compiler = self._compiler(template, options)
        _mirror(template.parent, root, self.copied.setdefault(root, {}))
        (root / self.DOCUMENT).write_text(options["sys_inputs"]["document"], encoding="utf-8")
        if images is not None and not (self.images.get(root) == images
                                       and (root / self.IMAGES).is_file()):
            (root / self.IMAGES).write_text(images, encoding="utf-8")
            self.images[root] = images
        pdf, warnings = compiler.compile_with_warnings(
            input=root / template.name, format="pdf", timestamp=options["timestamp"])
        return bytes(pdf), list(warnings)

    def _compiler(self, template: Path, options: dict[str, Any]) -> tuple[Path, Any]:
        key = (template.parent, tuple(str(path) for path in options["font_paths"]))
        if key not in self.compilers:
            root = self.folder / str(len(self.compilers))
            (root / ".packages").mkdir(parents=True)
            compiler = _typst().Compiler(
                root=root, font_paths=options["font_paths"], ignore_system_fonts=True,
                sys_inputs={self.DOCUMENT_FILE: f"/{self.DOCUMENT}",
                            self.IMAGES_FILE: f"/{self.IMAGES}"},
                package_path=root / ".packages", package_cache_path=root / ".packages")
            self.compilers[key] = (root, compiler)
        return self.compilers[key]

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)
        self.compilers.clear()
        self.copied.clear()
        self.images.clear()


# What the warm root holds besides the template folder's entries.
_PRIVATE = (WarmCompiler.DOCUMENT, WarmCompiler.IMAGES, ".packages", "__pycache__")


def _mirror(source: Path, copy: Path, copied: Copies) -> None:
    """Make ``copy`` show typst what is below ``source``.

    Each folder of ``source`` is a symbolic link to it in ``copy``: typst reads through
    it, and compares what it reads with what it read last, so that nothing below has to
    be looked at here. The files at the top are copied (typst refuses a main file that
    lies outside its root, and resolves links), each when its status differs from that
    of the file last copied (``copied``). Where links cannot be made (Windows without
    the right to make them), every file below is copied so. What is no longer in
    ``source`` is removed from ``copy``; a removal never goes through a link into
    ``source``.
    """
    wanted: set[Path] = set()
    linked: set[str] = set()
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.name in _PRIVATE:
                continue
            path = Path(entry.path)
            if entry.is_dir():
                if _linked(path, copy / entry.name, copied):
                    linked.add(entry.name)
                    continue
                below = files_below(path)
            else:
                below = [path]
            for file in below:
                wanted.add(file)
                _copy(file, copy / file.relative_to(source), copied)
    for path in set(copied) - wanted:
        target = copy / path.relative_to(source)
        if not _below_links(target, copy):
            target.unlink(missing_ok=True)
        del copied[path]
    with os.scandir(copy) as entries:
        for entry in entries:
            if entry.is_symlink() and entry.name not in linked:
                os.unlink(entry.path)


def _linked(folder: Path, link: Path, copied: Copies) -> bool:
    """Whether ``link`` is (made now) a symbolic link to ``folder``: not where a copy of
    the folder is (links could not be made before) or none can be made."""
    try:
        if os.readlink(link) == str(folder):
            return True
        os.unlink(link)  # a link elsewhere, or a file copied when the folder was one
        copied.pop(folder, None)
    except FileNotFoundError:
        pass
    except OSError:  # not a link
        if link.is_dir():
            return False
        link.unlink()
        copied.pop(folder, None)
    try:
        os.symlink(folder, link, target_is_directory=True)
    except (OSError, NotImplementedError):
        return False
    return True


def _copy(path: Path, target: Path, copied: Copies) -> None:
    """Copy ``path`` to ``target`` unless the last copy is of the file as it is now."""
    import shutil

    seen = filememo.status(path)
    if copied.get(path) == seen and target.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, target)
    # A file changed just now is copied again next time (its status may not show a
    # change within the same tick), and removed like the others once it is gone.
    copied[path] = seen if filememo.settled(seen) else None


def _below_links(target: Path, copy: Path) -> bool:
    """Whether a folder between ``copy`` and ``target`` is a symbolic link."""
    inside = os.path.normpath(os.path.join(os.path.realpath(copy),
                                           os.path.relpath(target.parent, copy)))
    return os.path.realpath(target.parent) != inside


_warm: WarmCompiler | None = None


def keep_compilers_warm(on: bool = True) -> None:
    """From now on (``on``) the PDFs of this process are laid out by compilers kept
    between compiles (see ``WarmCompiler``); ``on=False`` goes back to one-off ones."""
    global _warm
    if _warm is not None:
        _warm.close()
    _warm = WarmCompiler() if on else None
