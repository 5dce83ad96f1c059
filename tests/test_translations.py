"""Language versions of a session: translation files, --lang, State names, file names.

The language here is a project's own (templates/languages/xx.toml in a copy of the
example), so that these tests do not depend on the words of the built-in versions.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import tracked
from conftest import EXAMPLE, ROOT, STEM
from reportgen.cli import main

# A French language file of the project's own: the English one, its masthead and
# collation French.
FRENCH = {
    'organization = "United Nations"': 'organization = "Nations Unies"',
    'version = "English"': 'version = "Français"',
    'locale = "en"': 'locale = "fr"',
    'date_locale = "en"': 'date_locale = "fr"',
    'original = "Original: {language}"': 'original = "Original\u00a0: {language}"',
    'en = "English"': 'en = "anglais"',
    'articles = ["the"]': 'articles = ["l\'", "le", "la", "les"]',
}
TRANSLATION = """\
organ: >-
  Conférence des Parties à la Convention des Nations Unies contre la criminalité
  transnationale organisée
meeting:
  body: Groupe de travail sur le trafic illicite de migrants
  short_name: Groupe de travail
  venue: Vienne
introduction:
  - Premier paragraphe.
  - Deuxième paragraphe.
  - Troisième paragraphe, qui renvoie à la [[recommendation:commercial-carriers]].
  - Quatrième paragraphe.
  - Cinquième paragraphe.
"""


def _project(tmp_path: Path, translation: str | None = TRANSLATION) -> Path:
    folder = tmp_path / "wg7"
    shutil.copytree(EXAMPLE.parent, folder)
    (folder / "session.fr.yaml").unlink(missing_ok=True)  # the example's own translation
    english = (ROOT / "templates" / "languages" / "en.toml").read_text(encoding="utf-8")
    for old, new in FRENCH.items():
        assert old in english, old
        english = english.replace(old, new, 1)
    languages = folder / "templates" / "languages"
    languages.mkdir(parents=True)
    (languages / "fr.toml").write_text(english, encoding="utf-8")
    if translation is not None:
        (folder / "session.fr.yaml").write_text(translation, encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _only_some_texts(warnings: str) -> list[str]:
    return [line for line in warnings.splitlines() if "[translation.untranslated]" in line]


def test_a_version_takes_the_texts_of_its_translation_and_the_rest_from_the_data(
        tmp_path: Path) -> None:
    project = _project(tmp_path)
    code, _, err = _run("build", str(project), "--lang", "fr", "--to", "txt,docx",
                        "--out", str(tmp_path / "out"))
    assert code == 0, err
    text = (tmp_path / "out" / f"{STEM}.fr.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line]
    assert lines[:6] == [
        "Nations Unies    CTOC/COP/WG.7/2017/5",
        "Conférence des Parties à la Convention des Nations Unies contre la criminalité "
        "transnationale organisée",
        "Distr.: General", "27 septembre 2017", "Français", "Original\u00a0: anglais"]
    assert "1. Premier paragraphe." in lines
    assert "3. Troisième paragraphe, qui renvoie à la recommendation 11." in lines
    # The States in French, in French order (accents ignored first: Égypte among the Es).
    attendance = next(line for line in lines if line.startswith("24. "))
    assert attendance.split(": ", 1)[1].startswith(
        "Afghanistan, Afrique du Sud, Algérie, Allemagne, Angola, Argentine, Arménie, "
        "Australie, Autriche, Azerbaïdjan, Bahamas, Bélarus, Belgique, Brésil, Burkina Faso")
    assert "Équateur, Espagne, Estonie, États-Unis d’Amérique" in attendance
    # The English report is as it was; the draft parts are not translated.
    assert (tmp_path / "out" / f"{STEM}.txt").read_text(encoding="utf-8").startswith(
        "United Nations    CTOC/COP/WG.7/2017/5")
    assert not list((tmp_path / "out").glob("*L.1*.fr.*"))
    header = [t for _, t in tracked.paragraphs(tracked.part(
        (tmp_path / "out" / f"{STEM}.fr.docx").read_bytes(), "word/header3.xml"))]
    assert header[header.index("27 septembre 2017"):][:4] == [
        "27 septembre 2017", "", "Français", "Original\u00a0: anglais"]


def test_the_manifest_has_an_entry_for_each_language_version(tmp_path: Path) -> None:
    project = _project(tmp_path)
    code, _, err = _run("build", str(project), "--lang", "fr", "--to", "txt",
                        "--out", str(tmp_path / "out"))
    assert code == 0, err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    entries = {(e["path"], e["language"]) for e in manifest["outputs"]
               if e["symbol"] == "CTOC/COP/WG.7/2017/5"}
    assert entries == {(f"{STEM}.txt", "en"), (f"{STEM}.fr.txt", "fr")}


def test_an_unchanged_language_version_is_not_built_again_nor_removed(tmp_path: Path) -> None:
    project, out = _project(tmp_path), tmp_path / "out"
    runs = [_run("build", str(project), *languages, "--to", "txt", "--out", str(out))
            for languages in (["--lang", "fr"], ["--lang", "fr"], [])]
    assert [printed.splitlines()[-1].split(" in ")[0] for _, printed, _ in runs] == [
        "built 5 documents (0 unchanged)", "built 5 documents (5 unchanged)",
        "built 4 documents (4 unchanged)"]
    # A build that does not ask for the version keeps it, as it keeps other formats.
    assert (out / f"{STEM}.fr.txt").is_file()


def test_a_missing_and_an_extra_paragraph_are_located_errors(tmp_path: Path) -> None:
    translation = TRANSLATION.replace("  - Cinquième paragraphe.\n", "") + (
        "deliberations:\n  - paragraphs: [Un, Deux, Trois, Quatre, Cinq, Six, Sept]\n"
        "    dates: [2017-09-11]\n")
    project = _project(tmp_path, translation)
    code, _, err = _run("check", str(project), "--lang", "fr")
    assert code == 2
    path = project / "session.fr.yaml"
    assert f"{path}:8:1: error: 'introduction' has 4 entries and the session 5 (line 35 " \
           "of session.yaml): translate each, in order; write ~ for one not yet translated" \
           in err
    assert f"{path}:14:5: error: 'paragraphs' has 7 entries and the session 5 (line 188 " \
           "of session.yaml)" in err
    assert f"{path}:15:5: error: 'dates' is not translated: it is data, written once in the " \
           "session, or the session has none here (delete it from session.fr.yaml)" in err
    assert "Traceback" not in err


def test_an_untranslated_paragraph_is_a_warning_and_strict_fails(tmp_path: Path) -> None:
    project = _project(tmp_path, TRANSLATION.replace("  - Deuxième paragraphe.", "  - ~"))
    code, _, err = _run("check", str(project), "--lang", "fr")
    assert code == 0, err
    warnings = _only_some_texts(err)
    second = f"{project / 'session.yaml'}:"
    assert any(w.startswith(second) and "not translated into Français: 'introduction'" in w
               for w in warnings)
    code, _, err = _run("check", str(project), "--lang", "fr", "--strict")
    assert code == 5


def test_no_translation_file_is_one_warning(tmp_path: Path) -> None:
    project = _project(tmp_path, translation=None)
    code, _, err = _run("check", str(project), "--lang", "fr")
    assert code == 0, err
    assert _only_some_texts(err) == [
        f"{project / 'session.yaml'}: warning: no translation into Français (session.fr.yaml): "
        "its texts are printed as in this file [translation.untranslated]"]


@pytest.mark.parametrize(("option", "message"), [
    ("xx", "Invalid value for '--lang': choose from ar, zh, en, fr, ru, es, or all"),
])
def test_an_unknown_language_is_a_usage_error(option: str, message: str) -> None:
    code, _, err = _run("check", str(EXAMPLE), "--lang", option)
    assert code == 2
    assert message in " ".join(err.split())


def test_a_versions_docx_is_spelled_in_its_language(tmp_path: Path) -> None:
    code, _, err = _run("build", str(EXAMPLE), "--lang", "ru", "--to", "docx", "--out",
                        str(tmp_path))
    assert code == 0, err
    for name, tag in ((f"{STEM}.ru.docx", "ru-RU"), (f"{STEM}.docx", "en-US")):
        styles = tracked.part((tmp_path / name).read_bytes(), "word/styles.xml")
        defaults = styles.find(f"{tracked.q('docDefaults')}/{tracked.q('rPrDefault')}/"
                               f"{tracked.q('rPr')}/{tracked.q('lang')}")
        assert defaults is not None and defaults.get(tracked.q("val")) == tag
