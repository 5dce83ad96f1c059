"""The PDF's fonts for the scripts that Reportgen Serif has no glyphs for.

Reportgen Serif (Liberation Serif at 103 % width) covers the Latin and Cyrillic
letters of the English, French, Spanish and Russian versions. The Chinese and
Arabic versions need a font of their script as well: it is not shipped with the
package (the CJK faces alone are larger than the rest of it), but found where a
Debian package installs it, so that nothing is downloaded at run time. typst
takes the script's glyphs from it and the Latin ones (the masthead's English
distribution block, symbols, numbers) from Reportgen Serif, as the first font of
the list that has each glyph.

Only the languages listed in ``SCRIPT_FONTS`` look for anything: an English build
neither looks up nor reads a font outside the package.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class ScriptFont:
    """A font family of one script, as a Debian package installs it."""

    family: str  # the name typst's font list gives
    package: str  # the Debian package that installs it
    files: tuple[Path, ...]  # where the package puts its faces (regular, bold, ...)
    why: str  # what it is for, in the warning when it is missing


_NOTO = Path("/usr/share/fonts/opentype/noto")
_AMIRI = Path("/usr/share/fonts/opentype/fonts-hosny-amiri")

# The language codes (as the language files name them) whose text needs a font of
# its script; the reasons for the choices are in docs/languages.md, "Fonts and PDF".
SCRIPT_FONTS: dict[str, ScriptFont] = {
    # A Song (Ming) face, as SimSun of the UN's Chinese documents; Simplified Chinese.
    "zh": ScriptFont("Noto Serif CJK SC", "fonts-noto-cjk",
                     (_NOTO / "NotoSerifCJK-Regular.ttc", _NOTO / "NotoSerifCJK-Bold.ttc"),
                     "the Chinese characters"),
    # A Naskh face, as Simplified Arabic of the UN's Arabic documents.
    "ar": ScriptFont("Amiri", "fonts-hosny-amiri",
                     (_AMIRI / "Amiri-Regular.ttf", _AMIRI / "Amiri-Bold.ttf",
                      _AMIRI / "Amiri-Slanted.ttf", _AMIRI / "Amiri-BoldSlanted.ttf"),
                     "the Arabic letters"),
}


@dataclass(frozen=True)
class Found:
    """What a language's PDF is given: font folders, family names, and what is missing."""

    folders: tuple[Path, ...] = ()
    families: tuple[str, ...] = ()
    missing: tuple[str, ...] = field(default=())  # one message per missing font


NOTHING = Found()


def for_language(code: str) -> Found:
    """The script fonts of the language ``code`` that are installed, and a message for
    each that is not (naming the package to install); nothing for a Latin language."""
    font = SCRIPT_FONTS.get(code)
    if font is None:
        return NOTHING
    present = tuple(path for path in font.files if path.is_file())
    if not present:
        files = ", ".join(str(path) for path in font.files)
        return Found(missing=(
            f"the PDF needs the font '{font.family}' for {font.why}, and it is not "
            f"installed (looked for {files}): install the Debian package {font.package} "
            f"(apt-get install {font.package}); until then typst prints a font it embeds "
            f"or an empty box for each of them",))
    return Found(folders=(_folder_of(present),), families=(font.family,))


def stamps() -> dict[str, str]:
    """Every known script font file with its size and time of change ("missing" when
    absent), for the build cache's key: a font installed or updated makes the PDFs
    of its language again. The files are not read (the CJK faces are tens of MB)."""
    found = {}
    for font in SCRIPT_FONTS.values():
        for path in font.files:
            try:
                info = path.stat()
                found[f"font:{path}"] = f"{info.st_size}:{info.st_mtime_ns}"
            except OSError:
                found[f"font:{path}"] = "missing"
    return found


@lru_cache(maxsize=8)
def _folder_of(files: tuple[Path, ...]) -> Path:
    """A folder that holds exactly ``files``: typst takes font folders, not files, and
    would otherwise read every face of the package's folder (Noto's holds the Sans
    faces too) on every compile. A private folder of links, made once per process;
    where links cannot be made, the files' own folder."""
    try:
        folder = Path(tempfile.mkdtemp(prefix="reportgen-fonts-"))
        atexit.register(shutil.rmtree, folder, True)
        for path in files:
            os.symlink(path, folder / path.name)
    except OSError:
        return files[0].parent
    return folder
